/**
 * Three counters, one Comune hub (a real PostgreSQL, Debian's, in a temp folder): each counter (its
 * own encrypted SQLite, the real sync engine, the hub's adapter and puller) books N bookings
 * (default 200) while the hub is reachable — the round trip of a booking to the hub is the time from
 * its save (the outbox item's creation) to its answer recorded (item done): p50, p99 — then books N
 * more while its link to the hub is cut (a relay on a Unix socket), and the link returns: the drain
 * of the 3 × N items queued meanwhile, and its ratio to the online throughput.
 *
 *   node --import tsx bench/hub-sync.ts [bookingsPerCounter=200] [paceMs=50]
 *
 * The three counters share this process (one event loop, the relays in it too): the figures are
 * an upper bound of what three PCs would see.
 */
import { performance } from 'node:perf_hooks';
import { bookAppointment } from '../electron/core/cie/bookings';
import { addDays } from '../electron/core/cie/calendar';
import { listItems } from '../electron/core/sync/outbox';
import { openCounter, type Counter, DAY } from '../test/integration/hub/counters';
import { startHub } from '../test/support/hub';
import { cuttableLink } from '../test/support/link';

const N = Number(process.argv[2] ?? 200);
/** Each counter saves a booking every PACE_MS while online (a counter's clerk saves far less often). */
const PACE_MS = Number(process.argv[3] ?? 50);
const SLOTS_PER_DAY = 27; // 09:00–18:00, 20 minutes
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const slotOf = (i: number) => {
  const m = 9 * 60 + (i % SLOTS_PER_DAY) * 20;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

const hub = await startHub();
const counters: Counter[] = [];
const links = [];
try {
  for (let k = 0; k < 3; k++) {
    const joined = await hub.join(`Sportello bench ${k + 1}`);
    const link = await cuttableLink(hub.server);
    links.push(link);
    const url = joined.url.replace(encodeURIComponent(hub.server.socketDir), encodeURIComponent(link.dir));
    counters.push(openCounter({ number: joined.number, url }));
  }
  for (const c of counters) c.engine.start();
  const daysPerPhase = Math.ceil(N / SLOTS_PER_DAY);
  const book = (c: Counter, k: number, phase: number, i: number) =>
    bookAppointment(c.t.db, c.clerk, {
      stationId: c.stationId,
      date: addDays(DAY, (phase * 3 + k) * daysPerPhase + Math.floor(i / SLOTS_PER_DAY)),
      startTime: slotOf(i),
      people: [{ surname: 'Rossi', givenNames: 'Anna' }],
      channel: 'counter',
      contactPhone: '3330000001',
    });
  const unsent = () => counters.reduce((n, c) => n + c.unsent(), 0);
  const roundTrips = (c: Counter) =>
    listItems(c.t.db, { platform: 'hub', states: ['done'], limit: 100_000 }).map((i) => Date.parse(i.updatedAt) - Date.parse(i.createdAt));

  // Online: the three counters book in turn, a booking every PACE_MS each.
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    counters.forEach((c, k) => book(c, k, 0, i));
    counters.forEach((c) => c.engine.kick('hub'));
    await sleep(PACE_MS);
  }
  while (unsent() > 0) await sleep(10);
  const onlineMs = performance.now() - t0;
  const rt = counters.flatMap(roundTrips);

  // A LAN outage: each counter books N more, cut from the hub; then the link returns.
  for (const l of links) await l.cut();
  for (let i = 0; i < N; i++) counters.forEach((c, k) => book(c, k, 1, i));
  const queued = unsent();
  for (const l of links) await l.restore();
  const t1 = performance.now();
  counters.forEach((c) => c.engine.retryNow());
  while (unsent() > 0) await sleep(10);
  const drainMs = performance.now() - t1;
  const onHub = await hub.count('SELECT count(*) AS n FROM sportello.agenda_bookings');
  const applied = await hub.count('SELECT count(*) AS n FROM sportello.applied_ops');

  const onlineRate = (3 * N) / (onlineMs / 1000);
  const drainRate = queued / (drainMs / 1000);
  console.log(`counters: 3, bookings per counter: ${N} online + ${N} during the outage`);
  console.log(
    `round trip to the hub (save → answer recorded), online: p50 ${pct(rt, 50)} ms, p99 ${pct(rt, 99)} ms, max ${Math.max(...rt)} ms`,
  );
  console.log(`online: ${3 * N} bookings in ${onlineMs.toFixed(0)} ms (${onlineRate.toFixed(0)}/s, one per ${PACE_MS} ms per counter)`);
  console.log(`after the outage: ${queued} queued items drained in ${drainMs.toFixed(0)} ms (${drainRate.toFixed(0)}/s)`);
  console.log(`drain ratio (drain throughput / online booking rate): ${(drainRate / onlineRate).toFixed(2)}`);
  console.log(`on the hub: ${onHub} bookings, ${applied} applied keys (expected ${6 * N} each)`);
} finally {
  for (const c of counters) await c.close();
  for (const l of links) await l.close();
  await hub.stop();
}
