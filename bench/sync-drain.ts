/**
 * Drains N items (default 10,000) through the real sync engine to the GPD simulator over HTTP
 * with 100 ms added latency, and compares with the ideal for that concurrency
 * (items × latency / concurrency). Also times the durable creation of one item (notice +
 * outbox item + audit entry in one transaction, encrypted store): p50, p99.
 *
 *   node --import tsx bench/sync-drain.ts [items=10000] [concurrency=32]
 */
import { performance } from 'node:perf_hooks';
import { systemActor } from '../electron/core/settings/workstation';
import { createLogger } from '../electron/core/log';
import { gpdOutboxHandlers } from '../electron/core/pagopa/outbox-handlers';
import { SyncEngine } from '../electron/core/sync/engine';
import { createGpdAdapter } from '../electron/platforms/gpd/adapter';
import { positionsPath } from '../electron/platforms/gpd/client';
import { DEMO_CF_ENTE } from '../electron/demo';
import { FAULT_PROFILES } from '../simulators/faults';
import { startSimProcess } from '../test/support/sim-process';
import { cancelNotice, issueCieFee, pagopaStore } from '../test/support/pagopa-fixture';
import { tempDir } from '../test/support/tmp';

const ITEMS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const LATENCY_MS = FAULT_PROFILES.latency.latencyMs!; // 100 ms

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const t = tempDir('sportello-bench-');
const store = pagopaStore(t.dir);

// Items: notices, and for every third one a cancellation on the same ordering key (FIFO matters).
const createMs: number[] = [];
const notices = [];
let items = 0;
for (let i = 0; items < ITEMS; i++) {
  const t0 = performance.now();
  const n = issueCieFee(store.db, store.actor, i);
  createMs.push(performance.now() - t0);
  notices.push(n);
  items++;
  if (i % 3 === 0 && items < ITEMS) {
    cancelNotice(store.db, store.actor, n.id, 'Emesso per errore');
    items++;
  }
}
console.log(
  `create one item durably (notice + outbox + audit, 1 transaction): p50 ${pct(createMs, 50).toFixed(2)} ms, p99 ${pct(createMs, 99).toFixed(2)} ms over ${createMs.length} (goal p99 < 30 ms)`,
);

// The platform runs in its own process, as a remote one would (its CPU is not ours). GPD's rate
// limit (100 calls / 10 s) is lifted: this measures the engine, not the limit.
const sims = await startSimProcess(['--faults', 'latency', '--gpd-rate', '1000000000/10000']);
const engine = new SyncEngine(
  store.db,
  [
    createGpdAdapter({
      endpoint: `${sims.url}/gpd`,
      subscriptionKey: 'bench',
      cfEnte: DEMO_CF_ENTE,
      concurrency: CONCURRENCY,
      rateLimit: { calls: 1e9, perMs: 1000 },
    }),
  ],
  gpdOutboxHandlers,
  { log: createLogger(null), systemActor: systemActor(store.workstation.id), probeUpMs: 60_000 },
);
const started = performance.now();
engine.start();
engine.kick();
// Poll the open items through their partial index (a full GROUP BY every 100 ms would cost the
// engine's process more than the engine itself at 10,000 rows).
const openItems = store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE platform = 'gpd' AND state IN ('pending','waiting')`);
while ((openItems.get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 100));
const seconds = (performance.now() - started) / 1000;
await engine.stop();

const ideal = (items * LATENCY_MS) / 1000 / CONCURRENCY;
const stats = (
  (await (await fetch(`${sims.url}/_sim/stats`)).json()) as {
    gpd: { applied: number; appliedTwice: number; repeats: number; rejections: number };
  }
).gpd;
console.log(
  `drain ${items} items, concurrency ${CONCURRENCY}, +${LATENCY_MS} ms latency: ${seconds.toFixed(2)} s, ${(items / seconds).toFixed(0)} items/s`,
);
console.log(`ideal (items × latency / concurrency): ${ideal.toFixed(2)} s; ratio ${(seconds / ideal).toFixed(2)} (goal ≤ 1.3)`);
console.log(
  `simulator: applied ${stats.applied}, applied twice ${stats.appliedTwice}, repeats ${stats.repeats}, rejections ${stats.rejections}`,
);

// Ordering kept: every cancelled notice is invalid on GPD, every other valid (sampled).
let wrong = 0;
const sample = notices.filter((_, i) => i % 25 === 0);
for (const n of sample) {
  const res = await fetch(`${sims.url}/gpd${positionsPath(DEMO_CF_ENTE, n.iupd)}`, { headers: { 'Ocp-Apim-Subscription-Key': 'bench' } });
  const pos = (await res.json()) as { status: string };
  const cancelled = notices.indexOf(n) % 3 === 0;
  if (pos.status !== (cancelled ? 'INVALID' : 'VALID')) wrong++;
}
console.log(`ordering: ${sample.length - wrong}/${sample.length} sampled positions in the state their FIFO chain implies`);
await sims.stop();
store.db.close();
t.cleanup();
