/**
 * Dates as the clerk types and reads them: gg/mm/aaaa, whatever the browser's language. Stored and
 * sent as ISO (aaaa-mm-gg). Pure: the page and the back end both use it.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})/;

function isReal(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last;
}

/** A whole, real ISO date (aaaa-mm-gg): what a DateField hands on once the text is a date. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isReal(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** "1984-04-20" (or an ISO instant) → "20/04/1984"; anything else is returned unchanged. */
export function formatDateIt(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = ISO.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export type DateParse = { ok: true; iso: string } | { ok: false; reason: 'empty' | 'format' | 'calendar' };

/**
 * "20/04/1984", "20-04-1984", "20.04.1984", "20041984" or "20/4/1984" → "1984-04-20". The year
 * has four digits (a two-digit year is ambiguous for a date of birth); an ISO date is taken as is.
 */
export function parseDateIt(text: string): DateParse {
  const s = text.trim();
  if (!s) return { ok: false, reason: 'empty' };
  let d: number;
  let m: number;
  let y: number;
  const it = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (it) [d, m, y] = [Number(it[1]), Number(it[2]), Number(it[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false, reason: 'format' };
  if (!isReal(y, m, d)) return { ok: false, reason: 'calendar' };
  return { ok: true, iso: `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** A date before the first allowed one (`min`, ISO). */
export function dateBeforeMin(min: string): string {
  return `La data deve essere dal ${formatDateIt(min)} in poi.`;
}

/** A date after the last allowed one (`max`, ISO). */
export function dateAfterMax(max: string): string {
  return `La data deve essere fino al ${formatDateIt(max)}.`;
}

/** A whole ISO date outside [min, max] (either may be absent): its message, else undefined. */
export function dateRangeProblem(iso: string, min?: string, max?: string): string | undefined {
  if (min && iso < min) return dateBeforeMin(min);
  if (max && iso > max) return dateAfterMax(max);
  return undefined;
}

/** The Italian message for a date that could not be read. */
export function dateProblem(reason: 'empty' | 'format' | 'calendar'): string {
  if (reason === 'empty') return 'Campo obbligatorio: scrivere la data come gg/mm/aaaa.';
  if (reason === 'calendar') return 'Questa data non esiste nel calendario: controllare giorno e mese.';
  return 'Data non leggibile: scriverla come gg/mm/aaaa, ad esempio 20/04/1984.';
}
