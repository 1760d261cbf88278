/**
 * Calendar arithmetic for the agenda. Dates are `YYYY-MM-DD` in Europe/Rome, times `HH:MM` local,
 * instants UTC ISO strings. Pure functions, no I/O.
 */

const TZ = 'Europe/Rome';
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function isTime(s: unknown): s is string {
  return typeof s === 'string' && TIME_RE.test(s);
}

export function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export function fromMinutes(min: number): string {
  return `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  const wd = new Date(`${date}T12:00:00Z`).getUTCDay();
  return wd === 0 ? 7 : wd;
}

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function romeParts(instant: Date): { date: string; time: string; seconds: number } {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, seconds: Number(p.second) };
}

/** The calendar date in Rome at an instant. */
export function romeDate(instant: Date | string): string {
  return romeParts(typeof instant === 'string' ? new Date(instant) : instant).date;
}

/** The wall-clock time (`HH:MM`) in Rome at an instant. */
export function romeTime(instant: Date | string): string {
  return romeParts(typeof instant === 'string' ? new Date(instant) : instant).time;
}

/** The UTC instant of a Rome wall-clock date and time (DST handled; a skipped hour maps forward). */
export function romeInstant(date: string, time: string, seconds = 0): string {
  const wanted = Date.parse(`${date}T${time}:${String(seconds).padStart(2, '0')}Z`);
  let guess = wanted - 60 * 60_000;
  for (let i = 0; i < 3; i++) {
    const p = romeParts(new Date(guess));
    const seen = Date.parse(`${p.date}T${p.time}:${String(p.seconds).padStart(2, '0')}Z`);
    if (seen === wanted) break;
    guess += wanted - seen;
  }
  return new Date(guess).toISOString();
}

/** Whole years between a birth date and a day (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** Italian long form for receipts and messages: "lunedì 7 dicembre 2026". */
export function italianLongDate(date: string): string {
  return new Intl.DateTimeFormat('it-IT', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T12:00:00Z`));
}
