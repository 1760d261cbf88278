/**
 * Tests set the one injectable clock (clock/) instead of depending on the hour they run at: the
 * test process's clock is shifted, and every host and simulator started through test/support
 * (serveSportello, startSimProcess) gets the same offset (`--clock-offset`), as the page does from
 * its host. SPORTELLO_TEST_CLOCK_START (e.g. `23:50` = the next 23:50 in Rome, or an ISO instant)
 * starts every test file's clock there (test/support/clock-setup.ts); a file may pin its own.
 */
import { clockOffsetMs, offsetForStart, shiftClock } from '../../clock/clock';
import { romeDate, romeInstant } from '../../electron/core/rome-time';

export const TEST_CLOCK_ENV = 'SPORTELLO_TEST_CLOCK_START';

/**
 * `HH:MM`: the next such time in Rome (today's if still ahead of this process's clock, else
 * tomorrow's), so a shifted clock never runs behind the system's: certificates a test bed makes
 * now (openssl, on the system clock) are already valid. Otherwise an ISO instant with a zone.
 */
export function clockStartInstant(start: string, day?: string): string {
  if (!/^\d\d:\d\d$/.test(start)) return start;
  if (day) return romeInstant(day, start);
  const today = romeInstant(romeDate(), start);
  return Date.parse(today) > Date.now() ? today : romeInstant(romeDate(Date.now() + 24 * 3600_000), start);
}

/** Starts this process's clock at `start` (time flows on); hosts and simulators started afterwards follow. */
export function setTestClock(start: string, day?: string): string {
  const instant = clockStartInstant(start, day);
  shiftClock(offsetForStart(instant));
  return instant;
}

/** The clock option for a host or simulator process: this process's offset, unless `args` set one. */
export function clockArgs(args: readonly string[]): string[] {
  if (args.some((a) => a.startsWith('--clock-'))) return [];
  return clockOffsetMs() ? [`--clock-offset=${clockOffsetMs()}`] : []; // `=`: a negative offset is not an option
}
