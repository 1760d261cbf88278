/**
 * Times as the clerk types and reads them: hh:mm on a 24-hour clock, whatever the browser's
 * language (an `<input type="time">` shows 08:30 AM in an English Chromium). Pure.
 */

export type TimeParse = { ok: true; hhmm: string } | { ok: false; reason: 'empty' | 'format' | 'clock' };

/** "8:30", "08.30", "0830", "830" or "8" → "08:30"; hours 0–23, minutes 0–59. */
export function parseTimeIt(text: string): TimeParse {
  const s = text.trim();
  if (!s) return { ok: false, reason: 'empty' };
  const m = /^(\d{1,2})(?:[:.,](\d{2}))?$/.exec(s) ?? /^(\d{1,2})(\d{2})$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 23 || min > 59) return { ok: false, reason: 'clock' };
  return { ok: true, hhmm: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` };
}

/** "08:30:00" or "08:30" → "08:30"; anything else is returned unchanged. */
export function formatTimeIt(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(value);
  return m ? `${m[1]}:${m[2]}` : value;
}

/** The Italian message for a time that could not be read. */
export function timeProblem(reason: 'empty' | 'format' | 'clock'): string {
  if (reason === 'empty') return 'Campo obbligatorio: scrivere l’orario come hh:mm.';
  if (reason === 'clock') return 'Questo orario non esiste: le ore vanno da 00 a 23, i minuti da 00 a 59.';
  return 'Orario non leggibile: scriverlo come hh:mm, ad esempio 08:30 o 14:30.';
}
