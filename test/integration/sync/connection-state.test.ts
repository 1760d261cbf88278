/**
 * The connection state the clerk reads follows the platform within seconds: one failed send makes
 * the engine probe at once, and a failed probe shows the platform down at once (with a change
 * event for the screens), long before the circuit breaker or the idle probe would. "Ultimo contatto
 * riuscito" is the last success, kept across a restart; a failed attempt never moves it.
 * Real HTTP to the GPD simulator, real SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import type { Db } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let stop: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

/** Idle probes a minute apart and a breaker that needs 10 failures: neither can be what notices the outage here. */
function engineOn(db: Db, sims: RunningSimulators, workstationId: string, onChange: () => void = () => undefined): SyncEngine {
  const engine = new SyncEngine(
    db,
    [createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE, timeoutMs: 1_000 })],
    gpdOutboxHandlers,
    {
      log: createLogger(null),
      systemActor: systemActor(workstationId),
      backoff: { baseMs: 60_000, capMs: 60_000 },
      probeUpMs: 60_000,
      probeDownMs: 60_000,
      breakerThreshold: 10,
      onChange,
    },
  );
  stop.push(() => engine.stop());
  return engine;
}

async function setUp() {
  const t = tempDir();
  stop.push(t.cleanup);
  const store = pagopaStore(t.dir);
  stop.push(() => {
    store.db.close();
  });
  const sims = await startSimulators({ simulators: [createGpdSimulator()] });
  stop.push(() => sims.close());
  return { store, sims };
}

describe('connection state within seconds', () => {
  it('one failed send shows the platform down at once, with a change event; "last success" stays the last success', {
    timeout: 30_000,
  }, async () => {
    const { store, sims } = await setUp();
    let changes = 0;
    const engine = engineOn(store.db, sims, store.workstation.id, () => changes++);
    const gpd = () => engine.health()[0];
    engine.start();
    await until('GPD reachable', () => gpd().health === 'reachable');

    issueCieFee(store.db, store.actor, 1);
    engine.kick();
    await until('the first notice sent', () => countByState(store.db).gpd.done === 1);
    const success = gpd().lastSuccessAt;
    expect(success).not.toBeNull();

    sims.setDown(['gpd'], true);
    issueCieFee(store.db, store.actor, 2);
    const before = changes;
    engine.kick();
    const ms = await until('GPD shown down', () => gpd().health === 'down');
    // One send failed, then one probe: far from the 60 s idle probe and the 10-failure breaker.
    expect(ms).toBeLessThan(3_000);
    expect(countByState(store.db).gpd.waiting).toBe(1);
    await until('a change event for the screens', () => changes > before, 1_000);
    expect(gpd().lastSuccessAt, 'a failed attempt is not a success').toBe(success);
  });

  it('"Ultimo contatto riuscito" survives a restart: the last success is read back from the database', { timeout: 30_000 }, async () => {
    const { store, sims } = await setUp();
    const first = engineOn(store.db, sims, store.workstation.id);
    first.start();
    issueCieFee(store.db, store.actor, 1);
    first.kick();
    await until('the notice sent', () => countByState(store.db).gpd.done === 1);
    const success = first.health()[0].lastSuccessAt!;
    await first.stop();

    sims.setDown(['gpd'], true);
    const second = engineOn(store.db, sims, store.workstation.id);
    expect(second.health()[0]).toMatchObject({ health: 'unknown', lastSuccessAt: success });
    second.start();
    await until('GPD down after restart', () => second.health()[0].health === 'down');
    expect(second.health()[0].lastSuccessAt).toBe(success);
    const row = store.db.prepare(`SELECT last_ok_at FROM platform_status WHERE platform = 'gpd'`).get() as { last_ok_at: string };
    expect(row.last_ok_at).toBe(success);
  });
});
