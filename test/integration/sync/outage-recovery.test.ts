/**
 * A platform outage then its return: the queue grows while the platform is down, nothing is lost,
 * and it drains by itself when the platform is back, without a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators } from '../../../simulators/server';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let stop: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An encrypted pagoPA store and a GPD simulator that is down; both closed after the test. */
async function gpdDown() {
  const t = tempDir();
  stop.push(t.cleanup);
  const store = pagopaStore(t.dir);
  stop.push(() => {
    store.db.close();
  });
  const sims = await startSimulators({ simulators: [createGpdSimulator()] });
  stop.push(() => sims.close());
  sims.setDown(['gpd'], true);
  return { store, sims };
}

describe('outage and recovery', () => {
  it('holds everything while GPD is down and drains it when GPD returns, with no restart', { timeout: 60_000 }, async () => {
    const { store, sims } = await gpdDown();

    const changes: string[] = [];
    const engine = new SyncEngine(
      store.db,
      [createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE, timeoutMs: 1_000 })],
      gpdOutboxHandlers,
      {
        log: createLogger(null),
        systemActor: systemActor(store.workstation.id),
        // Long backoff on purpose: recovery must not wait for it.
        backoff: { baseMs: 60_000, capMs: 300_000 },
        probeDownMs: 200,
        onChange: () => changes.push(engine.health()[0].health),
      },
    );
    engine.start();
    stop.push(() => engine.stop());

    for (let i = 0; i < 5; i++) issueCieFee(store.db, store.actor, i);
    engine.kick();
    await sleep(1_000);
    for (let i = 5; i < 10; i++) {
      issueCieFee(store.db, store.actor, i);
      engine.kick();
    }
    await sleep(500);

    expect(engine.health()[0].health).toBe('down');
    const during = countByState(store.db).gpd;
    expect(during.done).toBe(0);
    expect(during.pending + during.waiting).toBe(10); // the queue grew, nothing lost
    expect(sims.stats().gpd.requests).toBe(0);

    const back = Date.now();
    sims.setDown(['gpd'], false);
    while (countByState(store.db).gpd.done < 10) {
      if (Date.now() - back > 15_000) throw new Error(`not drained: ${JSON.stringify(countByState(store.db).gpd)}`);
      await sleep(50);
    }
    const drainMs = Date.now() - back;
    expect(drainMs).toBeLessThan(10_000); // far below the 60 s backoff the items were waiting on
    expect(engine.health()[0].health).toBe('reachable');
    expect(sims.stats().gpd).toMatchObject({ applied: 10, appliedTwice: 0 });
    expect(changes).toContain('down');
  });

  it('probes a platform that stays down quietly: no write and no redraw per probe', { timeout: 30_000 }, async () => {
    const { store, sims } = await gpdDown();
    let changes = 0;
    const engine = new SyncEngine(
      store.db,
      [createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE, timeoutMs: 1_000 })],
      gpdOutboxHandlers,
      {
        log: createLogger(null),
        systemActor: systemActor(store.workstation.id),
        probeDownMs: 50,
        onChange: () => changes++,
      },
    );
    engine.start();
    stop.push(() => engine.stop());
    const writes = () => (store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    while (engine.health()[0].health !== 'down') await sleep(20);
    await sleep(200);
    const [writesBefore, changesBefore] = [writes(), changes];
    await sleep(1_000); // about 15 more probes, all refused the same way
    expect(writes() - writesBefore).toBe(0);
    expect(changes - changesBefore).toBe(0);
    expect(
      (store.db.prepare(`SELECT last_error FROM platform_status WHERE platform = 'gpd'`).get() as { last_error: string }).last_error,
    ).toBeTruthy();
  });
});
