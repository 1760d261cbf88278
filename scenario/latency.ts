/**
 * The clerk-visible latency of a save, measured inside the page: from the clerk's press (the first
 * keydown or pointerdown after arming) to the moment the confirmation is in the document (a
 * MutationObserver sees it). Playwright's own round trips are not in the figure.
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
  /** Press to confirmation on screen. */
  ms: number;
  /** Of which: the back-end calls in between (HTTP round trip on loopback, from Resource Timing). */
  apiMs: number;
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
  const watch = { t0: null, t1: null, api: [] };
  window.__sportelloSave = watch;
  performance.setResourceTimingBufferSize(2000);
  performance.clearResourceTimings();
  const start = () => {
    if (watch.t0 === null) watch.t0 = performance.now();
    window.removeEventListener('keydown', start, true);
    window.removeEventListener('pointerdown', start, true);
  };
  window.addEventListener('keydown', start, true);
  window.addEventListener('pointerdown', start, true);
  const observer = new MutationObserver(() => {
    if (watch.t0 === null || watch.t1 !== null) return;
    if (matches().some((el) => !before.has(el))) {
      watch.t1 = performance.now();
      observer.disconnect();
      watch.api = performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/call/') && e.startTime >= watch.t0 && e.responseEnd <= watch.t1)
        .map((e) => ({ name: e.name.split('/api/call/')[1], ms: e.responseEnd - e.startTime }));
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
}`;

/** Arms the watcher, runs the clerk's press, waits for the confirmation, returns the latency in ms. */
export async function timedSave(page: Page, what: string, confirm: Confirmation, press: () => Promise<void>, timeoutMs = 45_000): Promise<SaveTiming> {
  await page.evaluate(`(${ARM})(${JSON.stringify(confirm)})`);
  await press();
  // A function, not source text: polling a string would need eval, which the page's CSP forbids.
  type Watched = { t0: number | null; t1: number | null; api: { name: string; ms: number }[] };
  const handle = await page.waitForFunction(() => {
    const w = (window as unknown as { __sportelloSave?: Watched }).__sportelloSave;
    return w && w.t0 !== null && w.t1 !== null ? { ms: w.t1 - w.t0, api: w.api } : null;
  }, undefined, { timeout: timeoutMs, polling: 50 });
  const got = (await handle.jsonValue()) as { ms: number; api: { name: string; ms: number }[] };
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { what, ms: r1(got.ms), apiMs: r1(got.api.reduce((a, c) => a + c.ms, 0)), calls: got.api.map((c) => c.name) };
}

/** The q-th percentile (0..100) by nearest rank. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[rank - 1];
}
