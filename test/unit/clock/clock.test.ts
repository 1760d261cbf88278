// The injectable clock: one offset moves Date.now() and new Date() of the process, and nothing else.
import { describe, expect, it } from 'vitest';
import { clockFromArgs, clockOffsetMs, offsetForStart, shiftClock } from '../../../clock/clock';
import { romeDate, romeTime } from '../../../electron/core/rome-time';

describe('the injectable clock', () => {
  it('reads --clock-start and --clock-offset, and refuses an instant without a zone', () => {
    const system = Date.now();
    const off = clockFromArgs(['--data', 'x', '--clock-start', '2026-03-28T22:50:00Z'])!;
    expect(Math.abs(system + off - Date.parse('2026-03-28T22:50:00Z'))).toBeLessThan(1000);
    expect(clockFromArgs(['--clock-offset=-3600000'])).toBe(-3_600_000);
    expect(clockFromArgs(['--port', '0'])).toBeNull();
    expect(() => clockFromArgs(['--clock-start', '2026-03-28 23:50'])).toThrow(/ISO instant with a zone/);
    expect(() => clockFromArgs(['--clock-offset', '1h'])).toThrow(/whole number/);
  });

  it('shifts now and new Date(), flowing, and leaves dates built from a value alone', async () => {
    const before = Date.now();
    shiftClock(offsetForStart('2026-03-28T22:59:59.500Z')); // 23:59:59.5 in Rome, the night clocks go forward
    expect(clockOffsetMs()).not.toBe(0);
    expect(Math.abs(Date.now() - Date.parse('2026-03-28T22:59:59.500Z'))).toBeLessThan(200);
    expect(romeDate()).toBe('2026-03-28');
    expect(romeTime()).toBe('23:59');
    await new Promise((r) => setTimeout(r, 700));
    expect(romeDate()).toBe('2026-03-29'); // time flows across midnight
    expect(new Date().toISOString() >= '2026-03-28T23:00:00.000Z').toBe(true);
    expect(new Date(before).getTime()).toBe(before);
    expect(new Date('2020-01-02T03:04:05Z').toISOString()).toBe('2020-01-02T03:04:05.000Z');
    expect(Date.UTC(2020, 0, 1)).toBe(1577836800000);
    expect(new Date() instanceof Date).toBe(true);
    class Stamp extends Date {}
    expect(new Stamp().getUTCFullYear()).toBe(2026);
    expect(String(Date())).toContain('2026');
    shiftClock(0);
    expect(Math.abs(Date.now() - before)).toBeLessThan(5_000);
  });
});
