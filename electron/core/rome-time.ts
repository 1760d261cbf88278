/**
 * Europe/Rome wall-clock time, where the Comune's day is counted: calendar dates `YYYY-MM-DD`,
 * times `HH:MM`, instants UTC ISO strings. Pure functions, no I/O (the page uses them too).
 */

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
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

const asDate = (instant: Date | string | number) => (instant instanceof Date ? instant : new Date(instant));

/** The calendar date in Rome at an instant (now by default). */
export function romeDate(instant: Date | string | number = Date.now()): string {
  return romeParts(asDate(instant)).date;
}

/** The wall-clock time (`HH:MM`) in Rome at an instant (now by default). */
export function romeTime(instant: Date | string | number = Date.now()): string {
  return romeParts(asDate(instant)).time;
}

const italianFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as a person reads it, in Rome whatever the PC's time zone: "02/07/2026, 00:30". */
export function romeDateTimeText(instant: Date | string | number): string {
  return italianFormat.format(asDate(instant));
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

/** The calendar date `days` after (or before) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
