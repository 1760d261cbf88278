/** Euro amounts as the clerk types them ("16,79", "1.500,00") to integer cents, without floating point. */
export function parseEuro(text: string): number | null {
  const s = text.replace(/[\s€]/g, '');
  let whole: string;
  let dec = '';
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s))) {
    whole = m[1].replace(/\./g, '');
    dec = m[2] ?? '';
  } else if ((m = /^(\d+)\.(\d{1,2})$/.exec(s))) {
    // "16.79": a decimal point typed on the numeric keypad.
    whole = m[1];
    dec = m[2];
  } else {
    return null;
  }
  const cents = Number(whole) * 100 + Number(dec.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) && cents > 0 ? cents : null;
}

/** 1679 → "16,79" (what the clerk types back in an edit form: no thousands dots). */
export function centsToInput(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** Adds days, or months (same day of month, clamped to the month's end), to a YYYY-MM-DD date. */
export function addToDate(date: string, n: number, unit: 'day' | 'month'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (unit === 'day') return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}
