import { describe, expect, it } from 'vitest';
import { dateProblem, dateRangeProblem, formatDateIt, isIsoDate, parseDateIt } from '../../../electron/core/forms/dates';
import { formatAmountInput, formatAmountIt, parseAmountIt } from '../../../electron/core/forms/amounts';

describe('dates gg/mm/aaaa', () => {
  it('reads the ways a clerk types a date, and the ISO form', () => {
    for (const s of ['20/04/1984', '20-04-1984', '20.04.1984', '20041984', '20/4/1984', ' 20/04/1984 ', '1984-04-20'])
      expect(parseDateIt(s)).toEqual({ ok: true, iso: '1984-04-20' });
  });
  it('refuses what is not a date, saying why in Italian', () => {
    expect(parseDateIt('')).toEqual({ ok: false, reason: 'empty' });
    expect(parseDateIt('31/02/2024')).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDateIt('29/02/2023')).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDateIt('29/02/2024')).toEqual({ ok: true, iso: '2024-02-29' });
    // mm/dd/yyyy as an English browser would show it: month 13 does not exist.
    expect(parseDateIt('04/20/1984')).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDateIt('20/04/84')).toEqual({ ok: false, reason: 'format' });
    expect(dateProblem('format')).toMatch(/gg\/mm\/aaaa/);
    expect(dateProblem('calendar')).toMatch(/non esiste/);
  });
  it('names a date outside its bounds in plain Italian', () => {
    expect(dateRangeProblem('2026-03-09', '2026-03-10')).toBe('La data deve essere dal 10/03/2026 in poi.');
    expect(dateRangeProblem('2026-03-11', undefined, '2026-03-10')).toBe('La data deve essere fino al 10/03/2026.');
    expect(dateRangeProblem('2026-03-10', '2026-03-10', '2026-03-10')).toBeUndefined();
  });

  it('tells a whole ISO date from half-typed text', () => {
    expect(isIsoDate('2099-01-15')).toBe(true);
    for (const s of ['', '1', '15/01', '15/01/209', '2099-02-30', '2099-13-01', '2099-01-15T00:00:00Z'])
      expect(isIsoDate(s), s).toBe(false);
  });

  it('shows an ISO date or instant as gg/mm/aaaa, round trip', () => {
    expect(formatDateIt('1984-04-20')).toBe('20/04/1984');
    expect(formatDateIt('2026-11-23T10:00:00.000Z')).toBe('23/11/2026');
    expect(formatDateIt(null)).toBe('');
    for (const iso of ['2000-01-01', '1999-12-31', '2024-02-29']) expect(parseDateIt(formatDateIt(iso))).toEqual({ ok: true, iso });
  });
});

describe('amounts 1.234,56', () => {
  const cents = (s: string) => {
    const r = parseAmountIt(s);
    return r.ok ? r.cents : r.message;
  };
  it('reads the Italian format', () => {
    expect(cents('16,79')).toBe(1679);
    expect(cents('1.234,56')).toBe(123456);
    expect(cents('1.234,5')).toBe(123450);
    expect(cents('1234')).toBe(123400);
    expect(cents('€ 1.234.567,00')).toBe(123456700);
    expect(cents('1.234.567')).toBe(123456700);
  });
  it('asks what a bare "1.234" or "1,234" meant, and says how to write cents', () => {
    expect(cents('1.234')).toBe(
      'Importo «1.234» non chiaro: scrivere «1.234,00» se sono 1234 euro, oppure «1,23» se sono 1 euro e 23 centesimi (il punto separa le migliaia, la virgola i centesimi).',
    );
    expect(cents('1,234')).toMatch(/^Importo «1,234» non chiaro: .*«1\.234,00» se sono 1234 euro, oppure «1,23»/);
    expect(cents('16.79')).toBe('Per i centesimi usare la virgola: scrivere «16,79».');
    expect(cents('')).toMatch(/^Campo obbligatorio/);
    expect(cents('0')).toMatch(/maggiore di zero/);
    expect(parseAmountIt('0', { allowZero: true })).toEqual({ ok: true, cents: 0 });
    expect(cents('12,3,4')).toMatch(/^Importo «12,3,4» non valido/);
  });
  it('writes what it reads', () => {
    for (const c of [1, 99, 1679, 123456, 100000000]) expect(parseAmountIt(formatAmountIt(c))).toEqual({ ok: true, cents: c });
    expect(formatAmountIt(150000)).toBe('1.500,00');
  });
  it('fills an edit field without thousands dots, and reads it back', () => {
    expect(formatAmountInput(150000)).toBe('1500,00');
    expect(formatAmountInput(1679)).toBe('16,79');
    expect(formatAmountInput(5)).toBe('0,05');
    for (const c of [1, 99, 2221, 123456, 100000000]) expect(parseAmountIt(formatAmountInput(c))).toEqual({ ok: true, cents: c });
  });
});
