import { describe, expect, it } from 'vitest';
import { formatTimeIt, parseTimeIt, timeProblem } from '../../../electron/core/forms/times';

describe('times hh:mm, 24 h', () => {
  it('reads the ways a clerk types a time', () => {
    for (const s of ['08:30', '8:30', '8.30', '0830', '830', ' 08:30 ']) expect(parseTimeIt(s)).toEqual({ ok: true, hhmm: '08:30' });
    expect(parseTimeIt('14')).toEqual({ ok: true, hhmm: '14:00' });
    expect(parseTimeIt('23:59')).toEqual({ ok: true, hhmm: '23:59' });
    expect(parseTimeIt('0:00')).toEqual({ ok: true, hhmm: '00:00' });
  });
  it('refuses what is not a time, saying why in Italian', () => {
    expect(parseTimeIt('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseTimeIt('24:00')).toEqual({ ok: false, reason: 'clock' });
    expect(parseTimeIt('08:60')).toEqual({ ok: false, reason: 'clock' });
    // A 12-hour time as an English browser would show it is not read.
    expect(parseTimeIt('02:30 PM')).toEqual({ ok: false, reason: 'format' });
    expect(parseTimeIt('8:3')).toEqual({ ok: false, reason: 'format' });
    expect(timeProblem('format')).toMatch(/hh:mm/);
    expect(timeProblem('clock')).toMatch(/non esiste/);
  });
  it('shows a stored time as hh:mm, round trip', () => {
    expect(formatTimeIt('08:30:00')).toBe('08:30');
    expect(formatTimeIt(null)).toBe('');
    for (const t of ['00:00', '08:30', '14:05', '23:59']) expect(parseTimeIt(formatTimeIt(t))).toEqual({ ok: true, hhmm: t });
  });
});
