/**
 * The sync engine against the GPD simulator over real HTTP, under every fault profile: every
 * item applied exactly once (the simulator's own count), FIFO kept per ordering key (an
 * invalidation never overtakes its creation), and a permanently refused item set aside for a
 * person without holding up the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState, listItems } from '../../../electron/core/sync/outbox';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { positionsPath } from '../../../electron/platforms/gpd/client';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { FAULT_PROFILES } from '../../../simulators/faults';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import { cancelNotice, issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

const N = 24;
const PROFILES = ['none', 'latency', 'drops', 'resets', '5xx', '429', 'timeouts', 'outages', 'duplicates', 'chaos'];

let stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

async function waitFor(cond: () => boolean, ms: number, what: () => string) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function getPosition(sims: RunningSimulators, iupd: string) {
  const res = await fetch(`${sims.url}/gpd${positionsPath(DEMO_CF_ENTE, iupd)}`, {
    headers: { 'Ocp-Apim-Subscription-Key': 'k' },
  });
  return (await res.json()) as { status: string };
}

describe('sync engine under faults (GPD simulator, real HTTP)', () => {
  it('covers every named fault profile', () => {
    expect(PROFILES.filter((p) => p !== 'none' && p !== 'chaos').sort()).toEqual(
      Object.keys(FAULT_PROFILES)
        .filter((p) => !['none', 'chaos', 'rural'].includes(p))
        .sort(),
    );
  });

  for (const profile of PROFILES) {
    it(`${profile}: ${N} notices, a third cancelled, one refused: each applied once, in order`, { timeout: 120_000 }, async () => {
      const t = tempDir();
      stop.push(async () => t.cleanup());
      const store = pagopaStore(t.dir);
      stop.push(async () => {
        store.db.close();
      });
      const gpd = createGpdSimulator({ rateLimit: { calls: 1_000_000, perMs: 10_000 } });
      const sims = await startSimulators({ simulators: [gpd], seed: 7 });
      stop.push(() => sims.close());

      // A position with the same iupd but other content already exists on GPD: ours is refused for good.
      const refused = issueCieFee(store.db, store.actor, 999);
      type Position = { paymentOption: { transfer: { iban: string }[] }[] };
      const clash = structuredClone((listItems(store.db, { businessId: refused.id })[0].payload as { position: Position }).position);
      clash.paymentOption[0].transfer[0].iban = 'IT02L1234512345123456789012'; // money routed elsewhere
      const planted = await fetch(`${sims.url}/gpd${positionsPath(DEMO_CF_ENTE)}?toPublish=true`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': 'k' },
        body: JSON.stringify(clash),
      });
      expect(planted.status, await planted.text()).toBe(201);
      const before = sims.stats().gpd.applied;

      const notices = Array.from({ length: N }, (_, i) => issueCieFee(store.db, store.actor, i));
      const cancelled = notices.filter((_, i) => i % 3 === 0);
      for (const n of cancelled) cancelNotice(store.db, store.actor, n.id, 'Emesso per errore');

      const engine = new SyncEngine(
        store.db,
        [
          createGpdAdapter({
            endpoint: `${sims.url}/gpd`,
            subscriptionKey: 'k',
            cfEnte: DEMO_CF_ENTE,
            concurrency: 4,
            timeoutMs: 800,
            rateLimit: { calls: 1000, perMs: 1000 },
          }),
        ],
        gpdOutboxHandlers,
        {
          log: createLogger(null),
          systemActor: systemActor(store.workstation.id),
          backoff: { baseMs: 20, capMs: 300 },
          probeDownMs: 100,
          probeUpMs: 1_000,
          breakerThreshold: 3,
          breakerOpenMs: 200,
          sendTimeoutMs: 1_500,
        },
      );
      // Applied just before the start: an outage window opens when its profile is applied, so the
      // first sends meet one however fast the machine drains (short and frequent, to meet several).
      sims.setFaults(profile === 'outages' ? { outage: { everyMs: 400, forMs: 150 } } : FAULT_PROFILES[profile]);
      engine.start();
      stop.push(() => engine.stop());

      const open = () => {
        const c = countByState(store.db).gpd;
        return c.pending + c.waiting;
      };
      await waitFor(
        () => open() === 0,
        90_000,
        () => JSON.stringify(countByState(store.db).gpd),
      );

      const counts = countByState(store.db).gpd;
      expect(counts.done, JSON.stringify(listItems(store.db, { states: ['done'] }).map((i) => [i.kind, i.businessId === refused.id]))).toBe(
        N + cancelled.length,
      );
      expect(counts.attention).toBe(1);
      const stuck = listItems(store.db, { states: ['attention'] })[0];
      expect(stuck.businessId).toBe(refused.id);
      expect(stuck.lastErrorCode).toBe('GPD_CONFLICT');

      sims.setFaults('none'); // our own checks below must not be disturbed
      const stats = sims.stats().gpd;
      expect(stats.appliedTwice).toBe(0);
      expect(stats.applied - before).toBe(N + cancelled.length); // every create and every invalidation, once
      // FIFO per key: an invalidation sent before its creation would leave the position valid.
      for (const n of notices) {
        const pos = await getPosition(sims, n.iupd);
        expect(pos.status, n.iupd).toBe(cancelled.includes(n) ? 'INVALID' : 'VALID');
      }
      if (profile !== 'none' && profile !== 'latency') {
        const injected = Object.values(sims.stats().gpd.injected).reduce((a, b) => a + b, 0);
        expect(injected).toBeGreaterThan(0); // the faults really happened
      }
    });
  }
});
