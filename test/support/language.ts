import type { Page } from 'playwright-core';

/**
 * What an English browser would put on an Italian screen: mm/dd/yyyy or ISO dates, 12-hour
 * times, the native file input's "Choose File / No file chosen", English month names, and the
 * native date and time inputs that draw them. Read from the text the clerk sees and the boxes'
 * values; each found is named.
 */
export async function englishOnScreen(page: Page): Promise<string[]> {
  const seen = await page.evaluate(() => {
    const shown = (el: Element) =>
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && !el.closest('.visually-hidden, [aria-hidden="true"]');
    return {
      // biome-ignore lint/performance/useDomNodeTextContent: the text the clerk sees, not that of hidden nodes
      text: document.body.innerText,
      values: [...document.querySelectorAll<HTMLInputElement>('input:not([type="hidden"]), textarea')].filter(shown).map((i) => i.value),
      native: [...document.querySelectorAll<HTMLInputElement>('input[type="date"], input[type="time"], input[type="file"]')]
        .filter(shown)
        .map((i) => i.type),
    };
  });
  const found: string[] = [];
  for (const type of seen.native) found.push(`an <input type="${type}"> drawn in the browser's language`);
  const all = [seen.text, ...seen.values].join('\n');
  for (const d of all.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? []) found.push(`ISO date "${d}"`);
  for (const d of all.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g) ?? []) {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d);
    if (!m || Number(m[2]) > 12 || Number(m[1]) > 31) found.push(`"${d}" is not gg/mm/aaaa`);
  }
  for (const t of all.match(/\b\d{1,2}:\d{2}\s?[AP]\.?M\.?\b/gi) ?? []) found.push(`12-hour time "${t}"`);
  for (const w of all.match(
    /Choose File|No file chosen|\b(January|February|March|April|June|July|August|September|October|November|December)\b/g,
  ) ?? [])
    found.push(`English "${w}"`);
  return found;
}
