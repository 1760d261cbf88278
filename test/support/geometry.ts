import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousA11yViolations } from './browser';
import { englishOnScreen } from './language';

export interface GeometryProblem {
  kind: 'overflow' | 'past-edge' | 'overlap' | 'invisible-field' | 'covered-control' | 'indented-text';
  what: string;
}

/**
 * What a clerk would see as broken layout, measured in the page: the document wider than the window,
 * an element whose right edge is past the window (outside any box that scrolls or clips it), and
 * two text boxes (labels, legends, headings, help and error text, inputs, selects, buttons) that
 * intersect without one holding the other, and a field with no edge drawn (invisible while empty).
 * Text is measured by its glyphs (a Range), not by its block. A checkbox or radio whose label shows
 * must itself be what a pointer on its box reaches (bootstrap-italia draws the box with the label
 * and leaves the input under it unless laid over the box).
 */
export async function layoutProblems(page: Page): Promise<GeometryProblem[]> {
  return page.evaluate(() => {
    const problems: {
      kind: 'overflow' | 'past-edge' | 'overlap' | 'invisible-field' | 'covered-control' | 'indented-text';
      what: string;
    }[] = [];
    const root = document.documentElement;
    const width = root.clientWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const label =
        el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? ` "${el.labels?.[0]?.textContent?.trim() ?? el.name}"` : '';
      return `<${el.tagName.toLowerCase()}${id}${cls}>${label}${text ? ` "${text}"` : ''}`;
    };
    // Shown to the eye: rendered, not hidden, not the 1px "visually-hidden" box of screen-reader text.
    const seen = (el: Element, r: DOMRect) =>
      r.width > 1 &&
      r.height > 1 &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      !el.closest('.visually-hidden, .visually-hidden-focusable:not(:focus-within), [aria-hidden="true"]');
    // Past the window inside a box that scrolls sideways (a wide table in .table-responsive) the
    // clerk can still reach it; cut off by a box that hides overflow (body included), they cannot.
    const scrolls = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= width + 0.5) return true;
      }
      return false;
    };
    const past = (el: Element | null) => {
      if (!el || el === document.body) return false;
      const r = el.getBoundingClientRect();
      return r.right > width + 0.5 && seen(el, r) && !scrolls(el);
    };

    if (root.scrollWidth > width) problems.push({ kind: 'overflow', what: `document ${root.scrollWidth}px wide in a ${width}px window` });
    // The outermost box past the edge names the problem; its children would repeat it.
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (past(el) && !past(el.parentElement))
        problems.push({ kind: 'past-edge', what: `${name(el)} ends at ${Math.round(el.getBoundingClientRect().right)}px` });
    }

    // An empty field must show where it is: some edge drawn (a line or a box), not white on white.
    for (const el of Array.from(
      document.body.querySelectorAll('input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea'),
    )) {
      if (!seen(el, el.getBoundingClientRect())) continue;
      const st = getComputedStyle(el);
      const edge = (['Top', 'Right', 'Bottom', 'Left'] as const).some(
        (side) =>
          parseFloat(st.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1 &&
          !/rgba\(.*, 0\)$/.test(st.getPropertyValue(`border-${side.toLowerCase()}-color`)),
      );
      if (!edge) problems.push({ kind: 'invisible-field', what: `${name(el)} has no visible edge` });
    }

    // A checkbox or radio (drawn transparent, its label showing the box) gets the pointer at its centre.
    const restore = { x: window.scrollX, y: window.scrollY };
    for (const el of Array.from(document.body.querySelectorAll<HTMLInputElement>('input[type="checkbox"], input[type="radio"]'))) {
      const label = el.labels?.[0];
      if (!label || !seen(label, label.getBoundingClientRect())) continue;
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      const r = el.getBoundingClientRect();
      const hit = r.width >= 1 && r.height >= 1 ? document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) : null;
      if (hit !== el) problems.push({ kind: 'covered-control', what: `${name(el)} is under ${hit ? name(hit) : 'nothing'}` });
    }
    window.scrollTo({ left: restore.x, top: restore.y, behavior: 'instant' });

    // Help text over several lines starts each line at the same edge (an inline <small> indented its first line).
    for (const el of Array.from(document.body.querySelectorAll('.form-text'))) {
      if (!seen(el, el.getBoundingClientRect())) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = Array.from(range.getClientRects());
      if (lines.length > 1 && Math.abs(lines[0].left - Math.min(...lines.map((l) => l.left))) > 1)
        problems.push({
          kind: 'indented-text',
          what: `${name(el)} starts its first line ${Math.round(lines[0].left - Math.min(...lines.map((l) => l.left)))}px in`,
        });
    }

    const TEXT = 'label, legend, h1, h2, h3, h4, h5, h6, .h1, .h2, .h3, .h4, .h5, .h6, .form-text, .invalid-feedback, dt, dd, caption';
    const CONTROL = 'input:not([type="checkbox"]):not([type="radio"]):not([type="hidden"]), select, textarea, button, .btn, .badge';
    const boxes: { el: Element; r: DOMRect }[] = [];
    for (const el of Array.from(document.body.querySelectorAll(TEXT))) {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      if (seen(el, el.getBoundingClientRect()) && r.width > 1 && r.height > 1) boxes.push({ el, r });
    }
    for (const el of Array.from(document.body.querySelectorAll(CONTROL))) {
      const r = el.getBoundingClientRect();
      if (seen(el, r)) boxes.push({ el, r });
    }
    // A pixel of touching borders is not an overlap.
    const SLACK = 1;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        if (x > SLACK && y > SLACK)
          problems.push({ kind: 'overlap', what: `${name(a.el)} over ${name(b.el)} (${Math.round(x)}×${Math.round(y)}px)` });
      }
    }
    return problems;
  });
}

/**
 * Sizes a counter PC shows: its two common screens, and the larger one at 200 % zoom. Chromium's
 * page zoom at 200 % lays the page out in a viewport of half the CSS pixels (683×384 for 1366×768)
 * at twice the pixel ratio; the pixel ratio changes how sharp it is drawn, not where boxes fall,
 * so a 683×384 viewport measures the same layout.
 */
export const COUNTER_SIZES = [
  { name: '1024x768', width: 1024, height: 768 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1366x768-zoom200', width: 683, height: 384 },
] as const;

/** Resizes the window and waits for layout and paint at the new size. */
export async function resize(page: Page, size: (typeof COUNTER_SIZES)[number]): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Measures the screen on show at every counter size (axe at the two window sizes, not repeated at
 * 200 %), writes a full-page PNG of each to `shots`, looks for what an English browser would put
 * on it (language.ts), and names each problem found, prefixed with the screen and size.
 */
export async function screenProblems(page: Page, shots: string, screen: string): Promise<string[]> {
  const found: string[] = [];
  // Sections drawn only when scrolled near (styles/app.css) are drawn now, for the full-page shot.
  await page.evaluate(() => {
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.drawn-when-seen'))) el.style.contentVisibility = 'visible';
  });
  for (const size of COUNTER_SIZES) {
    await resize(page, size);
    for (const p of await layoutProblems(page)) found.push(`${size.name} ${p.kind}: ${p.what}`);
    if (!size.name.includes('zoom'))
      for (const v of await seriousA11yViolations(page)) found.push(`${size.name} axe ${v.id} (${v.impact}): ${JSON.stringify(v.nodes)}`);
    await page.screenshot({ path: join(shots, `${screen}-${size.name}.png`), fullPage: true });
  }
  await resize(page, COUNTER_SIZES[1]);
  for (const e of await englishOnScreen(page)) found.push(`en-US ${e}`);
  return found.map((f) => `${screen} ${f}`);
}

/** Fails listing every problem in full (a diff of arrays would elide most of them). */
export function none(found: string[]): void {
  if (found.length) throw new Error(`${found.length} layout or accessibility problems:\n${found.join('\n')}`);
}
