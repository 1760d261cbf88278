/**
 * The Comune hub (issue 18): 3 counters × 200 CIE bookings against one real PostgreSQL (the
 * Debian package, a temp cluster on a Unix socket). Each counter is the real thing in this
 * process: its own encrypted SQLite file, the sync engine with the hub's adapter and puller
 * (test/integration/hub/counters.ts, the engine tuned as in the hub's tests: backoff 50–300 ms,
 * a probe every 100 ms while the hub is down).
 *
 * 1. Round trip: the three counters book at once (one booking every PACE_MS each); for each
 *    booking, the time from its local save (the transaction that also queues the hub item) to its
 *    row being there in the hub (agenda_bookings.created_at, the same machine's clock): p50, p99.
 *    Baseline: one INSERT's round trip to the same PostgreSQL over the same socket (pg client).
 * 2. Drain after a LAN outage: every counter cut from the hub (a Unix-socket relay, test/support/
 *    link.ts) while it books its 200, the link comes back: time until every hub item is answered.
 *    Baseline: the same 600 items queued with the engines stopped, then drained with the link up
 *    all along.
 *
 *   node --import tsx bench/hub.ts [perCounter=200] [paceMs=250]
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { bookAppointment } from '../electron/core/cie/bookings';
import { addDays } from '../electron/core/cie/calendar';
import { DAY, openCounter, until, type Counter } from '../test/integration/hub/counters';
import { startHub, type TestHub } from '../test/support/hub';
import { cuttableLink, type CuttableLink } from '../test/support/link';
import { postgresOrSkipReason } from '../test/support/postgres';

const PER_COUNTER = Number(process.argv[2] ?? 200);
const PACE_MS = Number(process.argv[3] ?? 250);
const COUNTERS = 3;
/** 09:00–18:00, 20-minute slots. */
const SLOTS_PER_DAY = 27;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (x: number) => `${x.toFixed(1)} ms`;

const skip = postgresOrSkipReason();
if (skip) {
  console.log(`hub bench: not run — ${skip}`);
  process.exit(0);
}

/** The i-th booking of counter k: a slot of its own (no two counters compete here; hub-sync's tests cover the conflict). */
function book(c: Counter, k: number, i: number): { id: string; savedAt: number } {
  const m = 9 * 60 + (i % SLOTS_PER_DAY) * 20;
  const b = bookAppointment(c.t.db, c.clerk, {
    stationId: c.stationId,
    date: addDays(DAY, k * Math.ceil(PER_COUNTER / SLOTS_PER_DAY) + Math.floor(i / SLOTS_PER_DAY)),
    startTime: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
    people: [{ surname: `Cittadino ${k}-${i}`, givenNames: 'Anna' }],
    channel: 'counter',
    contactPhone: '3330000001',
  });
  return { id: b.id, savedAt: Date.now() };
}

async function fresh(hub: TestHub, name: string, links?: CuttableLink[]): Promise<Counter[]> {
  await hub.admin((c) =>
    c.query(
      'TRUNCATE sportello.agenda_bookings, sportello.walkin_tickets, sportello.walkin_days, sportello.applied_ops, sportello.outbox_state',
    ),
  );
  const out: Counter[] = [];
  for (let k = 0; k < COUNTERS; k++) {
    const joined = await hub.join(`${name} ${k + 1}`);
    if (!links) {
      out.push(openCounter(joined));
      continue;
    }
    const link = await cuttableLink(hub.server);
    links.push(link);
    out.push(openCounter({ ...joined, url: joined.url.replace(encodeURIComponent(hub.server.socketDir), encodeURIComponent(link.dir)) }));
  }
  return out;
}

const drained = (cs: Counter[]) => until('every hub item answered', () => cs.every((c) => c.unsent() === 0), 600_000);

const hub = await startHub();
try {
  // — Baseline of the round trip: one INSERT over the same socket.
  const raw = new pg.Client({ connectionString: hub.server.adminUrl });
  await raw.connect();
  await raw.query('CREATE TEMP TABLE bench_rt (id int PRIMARY KEY, at timestamptz DEFAULT clock_timestamp())');
  const insertMs: number[] = [];
  for (let i = 0; i < 600; i++) {
    const t0 = performance.now();
    await raw.query('INSERT INTO bench_rt (id) VALUES ($1)', [i]);
    insertMs.push(performance.now() - t0);
  }
  await raw.end();

  // — 1. Round trip with every counter up.
  let cs = await fresh(hub, 'Giro');
  for (const c of cs) c.engine.start();
  const saved = new Map<string, number>();
  const order: string[] = [];
  await Promise.all(
    cs.map(async (c, k) => {
      for (let i = 0; i < PER_COUNTER; i++) {
        const b = book(c, k, i);
        saved.set(b.id, b.savedAt);
        order.push(b.id);
        c.engine.kick('hub');
        await new Promise((r) => setTimeout(r, PACE_MS));
      }
    }),
  );
  await drained(cs);
  const rows = (
    await hub.admin((c) =>
      c.query<{ booking_id: string; at: string }>(
        `SELECT booking_id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM sportello.agenda_bookings`,
      ),
    )
  ).rows;
  const at = new Map(rows.map((r) => [r.booking_id, Number(r.at) - saved.get(r.booking_id)!]));
  const rtt = [...at.values()];
  // The first and the last quarter of the bookings saved: does a round trip grow with the agenda?
  const quarter = (from: number) => order.slice(from, from + Math.floor(order.length / 4)).map((id) => at.get(id)!);
  for (const c of cs) await c.close();
  const total = COUNTERS * PER_COUNTER;
  console.log(
    `hub bench: ${COUNTERS} counters × ${PER_COUNTER} bookings, one every ${PACE_MS} ms per counter, one PostgreSQL (Unix socket)`,
  );
  console.log(`rows in the hub: ${rows.length} of ${total}`);
  console.log(
    `booking round trip (local save → hub row): p50 ${ms(pct(rtt, 50))}, p99 ${ms(pct(rtt, 99))}, max ${ms(Math.max(...rtt))}; ` +
      `baseline one INSERT round trip p50 ${ms(pct(insertMs, 50))}, p99 ${ms(pct(insertMs, 99))}; ratio p50 ${(pct(rtt, 50) / pct(insertMs, 50)).toFixed(1)}×, p99 ${(pct(rtt, 99) / pct(insertMs, 99)).toFixed(1)}×`,
  );
  console.log(
    `round trip p50, first quarter of the bookings ${ms(pct(quarter(0), 50))}, last quarter ${ms(pct(quarter(order.length - Math.floor(order.length / 4)), 50))}`,
  );

  // — 2a. Baseline drain: the same bookings queued with the engines stopped, drained with the link up.
  cs = await fresh(hub, 'Base');
  cs.forEach((c, k) => {
    for (let i = 0; i < PER_COUNTER; i++) book(c, k, i);
  });
  let t0 = performance.now();
  for (const c of cs) {
    c.engine.start();
    c.engine.kick('hub');
  }
  await drained(cs);
  const baseMs = performance.now() - t0;
  const baseRows = await hub.count('SELECT count(*) AS n FROM sportello.agenda_bookings');
  for (const c of cs) await c.close();

  // — 2b. A LAN outage: the counters book while cut from the hub, then the link returns.
  const links: CuttableLink[] = [];
  cs = await fresh(hub, 'Rete', links);
  for (const c of cs) c.engine.start();
  await until('hub reached', async () => (await Promise.all(cs.map((c) => c.puller.pullNow()))).every((s) => s !== null));
  for (const l of links) await l.cut();
  cs.forEach((c, k) => {
    for (let i = 0; i < PER_COUNTER; i++) book(c, k, i);
    c.engine.kick('hub');
  });
  await new Promise((r) => setTimeout(r, 2_000)); // the engines find the hub gone (items waiting, probes failing)
  const queued = cs.reduce((n, c) => n + c.unsent(), 0);
  t0 = performance.now();
  for (const l of links) await l.restore();
  await drained(cs);
  const outageMs = performance.now() - t0;
  const outageRows = await hub.count('SELECT count(*) AS n FROM sportello.agenda_bookings');
  const twice = await hub.count(
    `SELECT count(*) AS n FROM (SELECT booking_id FROM sportello.agenda_bookings GROUP BY 1 HAVING count(*) > 1) d`,
  );
  for (const c of cs) await c.close();
  for (const l of links) await l.close();

  console.log(
    `drain after a LAN outage: ${queued} queued items, all answered ${ms(outageMs)} after the link returned (${outageRows} rows, ${twice} twice); ` +
      `baseline, link up all along: ${ms(baseMs)} (${baseRows} rows); ratio ${(outageMs / baseMs).toFixed(2)}×`,
  );
} finally {
  await hub.stop();
}
