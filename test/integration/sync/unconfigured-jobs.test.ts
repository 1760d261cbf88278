/**
 * Production before the set-up is complete: the background jobs of a platform not configured yet
 * skip quietly (no failure in the log every minute), and start working as soon as the
 * responsabile saves its settings. Real encrypted store, real log file, the jobs' timers driven
 * by vitest's fake timers (the clock of the day is not involved).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { saveAgenda } from '../../../electron/core/settings/production';
import { buildPlatforms } from '../../../electron/platforms/wiring';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanups.length) await cleanups.pop()!();
});

describe('background jobs of a platform not configured yet', () => {
  it('skip quietly every minute, and pull once the booking system is saved', { timeout: 30_000 }, async () => {
    const t = tempDir();
    const store = pagopaStore(join(t.dir, 'data'));
    cleanups.push(() => {
      store.db.close();
      t.cleanup();
    });
    const logFile = join(t.dir, 'logs', 'sportello.log');
    const warnings = (event: string) =>
      (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '').split('\n').filter((l) => l.includes(`"${event}"`)).length;

    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const platforms = buildPlatforms({
      db: store.db,
      endpoints: undefined,
      log: createLogger(t.dir),
      systemActor: systemActor(store.workstation.id),
      demo: false,
      onChange: () => undefined,
    });
    platforms.jobs.start();
    cleanups.push(() => platforms.jobs.stop());

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(await platforms.jobs.pullBookings()).toBeNull();
    await platforms.jobs.pollPayments();
    expect(warnings('agenda.pull_failed')).toBe(0);
    expect(warnings('gpd.poll_failed')).toBe(0);

    // Saved now: the next tick pulls (here from an address where nothing listens, so it fails and says so).
    saveAgenda(store.db, store.actor, { endpoint: 'http://127.0.0.1:9', token: null });
    await vi.advanceTimersByTimeAsync(60_000);
    vi.useRealTimers();
    const end = Date.now() + 15_000;
    while (warnings('agenda.pull_failed') === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(warnings('agenda.pull_failed')).toBe(1);
  });
});
