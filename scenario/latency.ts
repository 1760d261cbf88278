/**
 * The clerk-visible latency of a save, measured inside the page: from the input that starts the
 * save (the key press, or the click: a mouse button starts nothing until it is released), taken at
 * the time the browser received it, to the moment the confirmation is in the document (a
 * MutationObserver sees it), and to its first paint (Element Timing, which also counts the wait
 * for the screen's next frame). Playwright's own round trips are not in the figures. Each save is
 * split into phases: before the first back-end call, the calls (the measures renderer/api.ts
 * records for each), and after the last answer (the page drawing the confirmation).
 */
import type { Page } from 'playwright-core';

export interface Confirmation {
  /** CSS selector of the element that confirms, e.g. '[data-testid="pratica-saved"]' or '[role="status"]'. */
  selector: string;
  /** Text it must contain (matched on textContent). */
  text?: string;
}

export interface SaveTiming {
  what: string;
  /** Press to confirmation in the document. */
  ms: number;
  /** Press to the confirmation's first paint (Element Timing); null where it is not marked. */
  paintedMs: number | null;
  /** Of which: the back-end calls in between (the page's round trips over its socket, User Timing). */
  apiMs: number;
  /** Of the calls: the back end's own work (as the host reports it), the rest is transport and waiting. */
  serverMs: number;
  /** Of which: from the press to the first call leaving the page. */
  beforeMs: number;
  /** Of which: from the last answer to the confirmation in the document. */
  afterMs: number;
  calls: string[];
}

/**
 * The in-page part, as source text: a function handed to page.evaluate would be rewritten by the
 * TypeScript loader (helper calls that do not exist in the page).
 */
const ARM = `function arm({ selector, text }) {
  const matches = () => Array.from(document.querySelectorAll(selector)).filter((el) => !text || (el.textContent || '').includes(text));
  // A confirmation already on screen (the previous save's) does not count.
  const before = new Set(matches());
  const watch = { t0: null, t1: null, painted: null, confirmation: null, api: [] };
  window.__sportelloSave = watch;
  performance.clearMeasures();
  // The input's own timestamp (when the browser took the key press or the button's release), as
  // Event Timing counts: a page still busy when the clerk presses makes the clerk wait too.
  const start = (event) => {
    if (watch.t0 === null) watch.t0 = event.timeStamp;
    window.removeEventListener('keydown', start, true);
    window.removeEventListener('click', start, true);
  };
  window.addEventListener('keydown', start, true);
  window.addEventListener('click', start, true);
  // Element Timing: when the block holding the confirmation (marked elementtiming) was first painted.
  const paints = [];
  const paintObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) paints.push(e);
    settlePaint();
  });
  paintObserver.observe({ type: 'element' });
  const settlePaint = () => {
    if (watch.confirmation === null || watch.painted !== null) return;
    const p = paints.find((e) => e.element && (e.element === watch.confirmation || e.element.contains(watch.confirmation)));
    if (p) { watch.painted = p.renderTime || p.startTime; paintObserver.disconnect(); }
  };
  const observer = new MutationObserver(() => {
    if (watch.t0 === null || watch.t1 !== null) return;
    const found = matches().find((el) => !before.has(el));
    if (found) {
      watch.t1 = performance.now();
      watch.confirmation = found;
      observer.disconnect();
      watch.api = performance.getEntriesByType('measure')
        .filter((e) => e.name.startsWith('sportello.call ') && e.startTime >= watch.t0 && e.startTime + e.duration <= watch.t1)
        .map((e) => ({
          name: e.name.slice('sportello.call '.length), ms: e.duration, start: e.startTime, end: e.startTime + e.duration,
          server: (e.detail && e.detail.backEndMs) || 0,
        }));
      settlePaint();
      // A confirmation not marked for Element Timing has no paint time.
      setTimeout(() => { if (watch.painted === null) { watch.painted = -1; paintObserver.disconnect(); } }, 1000);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
}`;

/** Arms the watcher, runs the clerk's press, waits for the confirmation, returns the latency in ms. */
export async function timedSave(
  page: Page,
  what: string,
  confirm: Confirmation,
  press: () => Promise<void>,
  timeoutMs = 45_000,
): Promise<SaveTiming> {
  await page.evaluate(`(${ARM})(${JSON.stringify(confirm)})`);
  await press();
  // A function, not source text: polling a string would need eval, which the page's CSP forbids.
  type Call = { name: string; ms: number; start: number; end: number; server: number };
  type Watched = { t0: number | null; t1: number | null; painted: number | null; api: Call[] };
  const handle = await page.waitForFunction(
    () => {
      const w = (window as unknown as { __sportelloSave?: Watched }).__sportelloSave;
      return w && w.t0 !== null && w.t1 !== null && w.painted !== null ? { t0: w.t0, t1: w.t1, painted: w.painted, api: w.api } : null;
    },
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
  const got = (await handle.jsonValue()) as { t0: number; t1: number; painted: number; api: Call[] };
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const first = got.api.length ? Math.min(...got.api.map((c) => c.start)) : got.t1;
  const last = got.api.length ? Math.max(...got.api.map((c) => c.end)) : got.t0;
  return {
    what,
    ms: r1(got.t1 - got.t0),
    paintedMs: got.painted >= 0 ? r1(got.painted - got.t0) : null,
    apiMs: r1(got.api.reduce((a, c) => a + c.ms, 0)),
    serverMs: r1(got.api.reduce((a, c) => a + c.server, 0)),
    beforeMs: r1(first - got.t0),
    afterMs: r1(got.t1 - last),
    calls: got.api.map((c) => c.name),
  };
}

/** The q-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[rank - 1];
}
