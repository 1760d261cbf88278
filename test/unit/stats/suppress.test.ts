import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, monthPeriod, periodInstants, waitFigures, type MonthFigures } from '../../../electron/core/stats/month';
import { openDataRows } from '../../../electron/core/stats/open-data';
import { publishCount, publishGroup } from '../../../electron/core/stats/suppress';

describe('small counts', () => {
  it('publishes 0, 1 and 2 as "<3", 3 and more as they are', () => {
    expect([0, 1, 2, 3, 10].map(publishCount)).toEqual(['<3', '<3', '<3', '3', '10']);
  });

  it('withholds the smallest other part when one hidden part would follow from the total', () => {
    expect(publishGroup(12, [8, 4, 0])).toEqual({ total: '12', parts: ['8', 'n.d.', '<3'], hidden: [false, true, true] });
    expect(publishGroup(12, [9, 1, 2])).toEqual({ total: '12', parts: ['9', '<3', '<3'], hidden: [false, true, true] });
    expect(publishGroup(2, [1, 1])).toEqual({ total: '<3', parts: ['<3', '<3'], hidden: [true, true] });
    expect(publishGroup(9, [9])).toEqual({ total: '9', parts: ['9'], hidden: [false] });
  });

  it('never leaves exactly one hidden part under a published total (so no part below 3 can be subtracted out)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 2, maxLength: 6 }), (parts) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const g = publishGroup(total, parts);
        parts.forEach((v, i) => {
          if (v < 3) expect(g.parts[i]).toBe('<3');
          else expect(g.parts[i]).toBe(g.hidden[i] ? 'n.d.' : String(v));
        });
        if (g.total !== '<3') expect(g.hidden.filter(Boolean).length).not.toBe(1);
      }),
    );
  });
});

describe('the month in Rome time', () => {
  it('runs from the first to the last day, midnight to midnight in Rome (CET and CEST)', () => {
    expect(monthPeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodInstants(monthPeriod('2026-11'))).toEqual({ start: '2026-10-31T23:00:00.000Z', end: '2026-11-30T23:00:00.000Z' });
    expect(periodInstants(monthPeriod('2026-07'))).toEqual({ start: '2026-06-30T22:00:00.000Z', end: '2026-07-31T22:00:00.000Z' });
    expect(() => monthPeriod('2026-13')).toThrow(expect.objectContaining({ code: 'STATS_MONTH_FORMAT' }));
  });

  it('measures waiting days across a change of time and gives mean and median', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(waitFigures([10, 2, 4, 30])).toEqual({ measured: 4, bands: [2, 1, 1, 0, 0], meanDays: 11.5, medianDays: 7 });
    expect(waitFigures([])).toEqual({ measured: 0, bands: [0, 0, 0, 0, 0], meanDays: null, medianDays: null });
  });
});

describe('the open data rows', () => {
  const month = (served: number, noShow: number, cancelled: number, open: number, bands: number[]): MonthFigures => ({
    month: '2026-11',
    from: '2026-11-01',
    to: '2026-11-30',
    pratiche: [],
    cie: {
      booked: served + noShow + cancelled + open,
      served,
      noShow,
      cancelled,
      open,
      wait: { measured: served, bands, meanDays: 9.5, medianDays: 8 },
    },
    notices: [],
  });
  const cell = (rows: string[][], ind: string) => rows.find((r) => r[4] === ind)?.[5];

  it('withholds a waiting band when "serviti" is withheld, so the bands do not add up to it', () => {
    // One small part (1): the smallest other, "serviti" (15), is withheld; the bands would sum to it.
    const rows = openDataRows(month(15, 20, 16, 1, [3, 3, 3, 3, 3]));
    expect(cell(rows, 'serviti')).toBe('n.d.');
    expect(cell(rows, 'senza_esito')).toBe('<3');
    expect(rows.filter((r) => r[2] === 'attesa' && r[4].startsWith('attesa_')).map((r) => r[5])).toEqual(['n.d.', '3', '3', '3', '3']);
    // With "serviti" shown, the bands stand as they are.
    const shown = openDataRows(month(15, 20, 16, 4, [3, 3, 3, 3, 3]));
    expect(cell(shown, 'serviti')).toBe('15');
    expect(shown.filter((r) => r[2] === 'attesa' && r[4].startsWith('attesa_')).map((r) => r[5])).toEqual(['3', '3', '3', '3', '3']);
    expect(cell(shown, 'media_giorni')).toBe('9.5');
  });
});
