import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { CLOCK_SKEW_WARN_MS, SyncEngine } from '../../../electron/core/sync/engine';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators } from '../../../simulators/server';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let stop: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

async function measuredSkew(platformAheadMs: number): Promise<number | null> {
  const t = tempDir();
  stop.push(t.cleanup);
  const store = pagopaStore(t.dir);
  stop.push(() => {
    store.db.close();
  });
  const sims = await startSimulators({ simulators: [createGpdSimulator()], clockSkewMs: platformAheadMs });
  stop.push(() => sims.close());
  const logged: string[] = [];
  const log = {
    ...createLogger(null),
    warn: (e: string) => {
      logged.push(e);
    },
  };
  const engine = new SyncEngine(
    store.db,
    [createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE })],
    gpdOutboxHandlers,
    {
      log,
      systemActor: systemActor(store.workstation.id),
    },
  );
  engine.start();
  stop.push(() => engine.stop());
  for (let i = 0; i < 100 && engine.health()[0].clockSkewMs === null; i++) await new Promise((r) => setTimeout(r, 50));
  const skew = engine.health()[0].clockSkewMs;
  if (skew !== null && Math.abs(skew) > CLOCK_SKEW_WARN_MS) expect(logged).toContain('sync.clock_skew');
  return skew;
}

describe('clock skew from the platform’s Date header', () => {
  it('reads a platform 3 minutes ahead as our clock 3 minutes behind, beyond the 2-minute warning', async () => {
    const skew = (await measuredSkew(180_000))!;
    expect(skew).toBeGreaterThan(-182_000);
    expect(skew).toBeLessThan(-178_000);
    expect(Math.abs(skew)).toBeGreaterThan(CLOCK_SKEW_WARN_MS);
  });

  it('reads matching clocks as within a second or two (Date has 1 s resolution)', async () => {
    expect(Math.abs((await measuredSkew(0))!)).toBeLessThan(2_000);
  });
});
