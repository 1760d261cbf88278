/**
 * Crash test: the browser-mode host is killed with SIGKILL while it drains the queue, at several
 * points, and restarted each time; every item ends applied exactly once (the simulator's count).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { countByState, listItems } from '../../../electron/core/sync/outbox';
import { gpdStats as simGpdStats, recordNoticesOffline, sleep, untilApplied as simUntilApplied } from '../../support/drain';
import { serveSportello } from '../../support/serve';
import { startSimProcess } from '../../support/sim-process';
import { tempDir } from '../../support/tmp';

const NOTICES = 60;
const CANCELLED = 20;
const TOTAL = NOTICES + CANCELLED;
const data = tempDir();
let sim: Awaited<ReturnType<typeof startSimProcess>> | undefined;
afterAll(async () => {
  await sim?.stop();
  data.cleanup();
});

const gpdStats = () => simGpdStats(sim!.url);
const untilApplied = (n: number, timeoutMs: number) => simUntilApplied(sim!.url, n, timeoutMs);
const hostArgs = () => ['--data', data.dir, '--sim-url', sim!.url, '--demo-residents', '5', '--probe-ms', '200'];

describe('crash while draining', () => {
  it('SIGKILL at several points, restart, every item applied exactly once', { timeout: 240_000 }, async () => {
    sim = await startSimProcess(['--faults', 'latency']);
    // First start seeds the demo Comune; then the Comune's day of work is recorded while the host is off.
    const first = await serveSportello(hostArgs());
    await first.stop();
    recordNoticesOffline(data.dir, NOTICES, CANCELLED);

    // Each run is killed once the simulator has applied a given number of items (not after a fixed
    // time: how soon a started host begins to drain depends on the machine, and a slow start once
    // made every kill land before the first item or after the last).
    const killedAt: number[] = [];
    for (const killAfterApplied of [5, 25, 45, 65]) {
      const host = await serveSportello(hostArgs());
      await untilApplied(killAfterApplied, 60_000);
      await host.kill(); // SIGKILL: no shutdown code runs
      killedAt.push((await gpdStats()).applied);
    }
    // Killed mid-drain at least once: some applied, not all.
    expect(
      killedAt.some((a) => a > 0 && a < TOTAL),
      JSON.stringify(killedAt),
    ).toBe(true);

    const last = await serveSportello(hostArgs());
    await untilApplied(TOTAL, 120_000);
    await sleep(500); // let the last answers be recorded
    await last.stop();

    const stats = await gpdStats();
    expect(stats.appliedTwice).toBe(0);
    expect(stats.applied).toBe(TOTAL);
    const db = openStore(data.dir, keyFileProvider).db;
    const counts = countByState(db).gpd;
    expect(counts).toMatchObject({ done: TOTAL, pending: 0, waiting: 0, attention: 0 });
    // Some items were in flight at a kill and went again with the same key.
    expect(listItems(db, { limit: 1000 }).some((i) => i.attempts > 1) || stats.repeats > 0).toBe(true);
    db.close();
  });
});
