/** Money and date formatting for pagoPA: Italian amounts, Europe/Rome calendar dates. */

/** 150000 → "1.500,00" (Avvisi 3.x, Italian). */
export function formatEuro(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  const grouped = String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${grouped},${rest}`;
}

/** 1234 → "12.34" for CSV (dot decimal, no grouping, machine-readable). */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2024-12-31" → "31/12/2024". */
export function formatDateIt(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const romeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function romeWallClock(instant: Date): { date: string; ms: number } {
  const p = Object.fromEntries(romeParts.formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, ms: Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) };
}

/** The Europe/Rome calendar date of an instant. */
export function romeDate(instant: Date): string {
  return romeWallClock(instant).date;
}

/** 23:59:59 Europe/Rome on `date`, as a UTC ISO string without milliseconds (GPD dueDate). */
export function romeEndOfDayUtc(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, 23, 59, 59);
  // Rome is UTC+1 or UTC+2; the offset at the candidate instant is the offset of that wall time.
  const offset = romeWallClock(new Date(wall - 3_600_000)).ms - (wall - 3_600_000);
  return new Date(wall - offset).toISOString().replace('.000Z', 'Z');
}

export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(s);
}
