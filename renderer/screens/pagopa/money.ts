import { parseAmountIt } from '../../../electron/core/forms/amounts';

/** Euro amounts as the clerk types them ("16,79", "1.500,00") to integer cents; null when not one (see amountProblem). */
export function parseEuro(text: string): number | null {
  const r = parseAmountIt(text);
  return r.ok ? r.cents : null;
}

/** Why `text` is not an amount, in Italian (what to write instead), or null when it is one. */
export function amountProblem(text: string): string | null {
  const r = parseAmountIt(text);
  return r.ok ? null : r.message;
}

/** Adds days, or months (same day of month, clamped to the month's end), to a YYYY-MM-DD date. */
export function addToDate(date: string, n: number, unit: 'day' | 'month'): string {
  const [y, m, d] = date.split('-').map(Number);
  if (unit === 'day') return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}
