/** Money and date formatting for pagoPA: Italian amounts, Europe/Rome calendar dates. */
import { romeInstant } from '../rome-time';

/** 150000 → "1.500,00" (Avvisi 3.x, Italian): the one amount formatter, core/forms/amounts. */
export { formatAmountIt as formatEuro } from '../forms/amounts';

/** 1234 → "12.34" for CSV (dot decimal, no grouping, machine-readable). */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2024-12-31" → "31/12/2024" (the app's one date formatter). */
export { formatDateIt } from '../forms/dates';

/** 23:59:59 Europe/Rome on `date`, as a UTC ISO string without milliseconds (GPD dueDate). */
export function romeEndOfDayUtc(date: string): string {
  return romeInstant(date, '23:59', 59).replace('.000Z', 'Z');
}

export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(s);
}
