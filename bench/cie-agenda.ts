/**
 * CIE agenda benchmark on a real encrypted SQLite file (SQLCipher, WAL, synchronous=FULL):
 *  1. booking at the counter (booking + people + slot holds + outbox item + audit, one transaction)
 *     against a baseline of the bare durable write every queued operation pays (one outbox item
 *     plus one audit entry in a transaction); goal p99 < 50 ms;
 *  2. proposing the next 3 free slots for a conflict when the next 60 days are fully booked at all
 *     stations, against a baseline of one station's day view.
 *   node --import tsx bench/cie-agenda.ts [days=60]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../electron/core/audit/log';
import { auditMigrations } from '../electron/core/audit/schema';
import { bookAppointment } from '../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../electron/core/cie/calendar';
import { romeDate } from '../electron/core/rome-time';
import { dayView } from '../electron/core/cie/day-view';
import { migrations as cieMigrations } from '../electron/core/cie/schema';
import { daySlots, nextFreeSlots } from '../electron/core/cie/slots';
import { createStation, setOpeningHours } from '../electron/core/cie/stations';
import { migrate } from '../electron/core/store/migrate';
import { openEncryptedDb } from '../electron/core/store/open';
import { enqueue } from '../electron/core/sync/outbox';
import { syncMigrations } from '../electron/core/sync/schema';
import { withTx } from '../electron/core/store/tx';

const DAYS = Number(process.argv[2] ?? 60);
const actor = { operatorId: 'bench', workstationId: 'ws-bench' };
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p99: pct(s, 99), max: s[s.length - 1] };
};
const ms = (v: number) => `${v.toFixed(2)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'sportello-bench-cie-'));
try {
  const db = openEncryptedDb(join(dir, 'bench.db'), randomBytes(32).toString('hex'));
  migrate(db, [...auditMigrations, ...syncMigrations, ...cieMigrations]);
  const week = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '08:30', end: '12:30' },
    { weekday, start: '14:00', end: '16:00' },
  ]);
  const stations = [1, 2, 3].map((n) => {
    const s = createStation(db, actor, { name: `Postazione ${n}`, place: 'Piano terra', onlineQuotaPercent: 0 });
    setOpeningHours(db, actor, s.id, week);
    return s.id;
  });
  const now = new Date();
  const start = addDays(romeDate(now), 1);

  // Fill the next DAYS days at every station (one outer transaction keeps the set-up quick).
  let filled = 0;
  db.transaction(() => {
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(start, d);
      for (const stationId of stations) {
        for (const startTime of daySlots(db, stationId, date)) {
          bookAppointment(db, actor, {
            stationId,
            date,
            startTime,
            channel: 'counter',
            contactPhone: '3330000000',
            people: [{ surname: 'Pieno', givenNames: `N${filled}` }],
            now,
          });
          filled++;
        }
      }
    }
  })();
  console.log(`agenda: ${stations.length} stations, ${DAYS} days fully booked = ${filled} bookings`);

  // 1. Booking latency, on days after the full period.
  const N = 300;
  const booking: number[] = [];
  let d = DAYS;
  let slotIdx = 0;
  let slots: string[] = [];
  let date = '';
  for (let i = 0; i < N; i++) {
    while (slotIdx >= slots.length) {
      date = addDays(start, d++);
      slots = weekdayOf(date) <= 5 ? daySlots(db, stations[0], date) : [];
      slotIdx = 0;
    }
    const t0 = performance.now();
    bookAppointment(db, actor, {
      stationId: stations[0],
      date,
      startTime: slots[slotIdx++],
      channel: 'counter',
      contactPhone: '3331112222',
      people: [{ surname: 'Bench', givenNames: `B${i}` }],
      now,
    });
    booking.push(performance.now() - t0);
  }
  const baseline: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    withTx(db, (tx) => {
      enqueue(tx, {
        platform: 'agenda',
        kind: 'bench.noop',
        orderingKey: `bench:${i}`,
        payload: { i },
        payloadVersion: 1,
        idempotencyKey: `bench-${i}`,
      });
      appendAudit(tx, actor, { action: 'bench.noop', entityType: 'bench', entityId: String(i) });
    });
    baseline.push(performance.now() - t0);
  }
  const b = summary(booking);
  const base = summary(baseline);
  console.log(
    `booking at the counter: p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  max ${ms(b.max)}  (goal p99 < 50 ms: ${b.p99 < 50 ? 'met' : 'NOT met'})`,
  );
  console.log(`baseline outbox+audit write: p50 ${ms(base.p50)}  p99 ${ms(base.p99)}`);
  console.log(`ratio booking / baseline (p50): ${(b.p50 / base.p50).toFixed(2)}×`);

  // 2. Conflict proposals over a full calendar vs one day view.
  const R = 30;
  const proposals: number[] = [];
  let found = 0;
  for (let i = 0; i < R; i++) {
    const t0 = performance.now();
    found = nextFreeSlots(db, {
      fromDate: start,
      people: 2,
      count: 3,
      preferStationId: stations[0],
      now,
      ignoreQuota: true,
      days: DAYS + 30,
    }).length;
    proposals.push(performance.now() - t0);
  }
  const views: number[] = [];
  for (let i = 0; i < R; i++) {
    const t0 = performance.now();
    dayView(db, stations[0], addDays(start, i % DAYS));
    views.push(performance.now() - t0);
  }
  const p = summary(proposals);
  const v = summary(views);
  console.log(`next 3 free slots past ${DAYS} full days (${found} found): p50 ${ms(p.p50)}  p99 ${ms(p.p99)}`);
  console.log(`baseline day view of one station: p50 ${ms(v.p50)}  p99 ${ms(v.p99)}`);
  console.log(`ratio proposals / day view (p50): ${(p.p50 / v.p50).toFixed(1)}×`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
