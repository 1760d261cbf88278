import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment, getBooking } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { romeDate } from '../../../electron/core/rome-time';
import { systemActor } from '../../../electron/core/settings/workstation';
import { listConflicts, proposeSlots, resolveConflict } from '../../../electron/core/cie/conflicts';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { agendaOutboxHandlers } from '../../../electron/core/cie/outbox-handlers';
import { createLogger } from '../../../electron/core/log';
import type { Db } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { listItems } from '../../../electron/core/sync/outbox';
import { createAgendaAdapter } from '../../../electron/platforms/agenda/adapter';
import { pullOnlineBookings } from '../../../electron/platforms/agenda/puller';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { startAgendaServer, type AgendaTestServer } from './agenda-server';

const system = systemActor('ws-agenda');
const person = (surname: string, givenNames: string) => ({ surname, givenNames });
// The simulator and the sync engine run on the real clock: book a Tuesday three weeks ahead.
const now = new Date();
const DAY = ((d) => {
  while (weekdayOf(d) !== 2) d = addDays(d, 1);
  return d;
})(addDays(romeDate(now), 21));

function engineFor(db: Db, url: string): SyncEngine {
  return new SyncEngine(db, [createAgendaAdapter({ baseUrl: url, timeoutMs: 2_000 })], agendaOutboxHandlers(system), {
    log: createLogger(null),
    systemActor: system,
    backoff: { baseMs: 50, capMs: 200 },
    probeDownMs: 50,
    probeUpMs: 60_000,
    breakerThreshold: 100,
  });
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const openItems = (db: Db) => listItems(db, { platform: 'agenda', states: ['pending', 'waiting'] }).length;

describe('agenda adapter against the booking simulator over HTTP', () => {
  let t: ReturnType<typeof openTestDb>;
  let srv: AgendaTestServer;
  let stationId: string;
  let engine: SyncEngine | null;

  beforeEach(async () => {
    t = openTestDb();
    srv = await startAgendaServer();
    stationId = createStation(t.db, clerk, {
      name: 'Postazione CIE 1',
      place: 'Piazza Municipio 1',
      remoteId: 'SEDE-1',
      onlineQuotaPercent: 0,
    }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 2, start: '09:00', end: '11:00' }]);
    engine = null;
  });
  afterEach(async () => {
    await engine?.stop();
    await srv.close();
    t.cleanup();
  });

  it('books offline, then on reconnection pushes once, detects the online conflict and moves the citizen', async () => {
    srv.down = true;
    engine = engineFor(t.db, srv.url);
    engine.start();
    const anna = bookAppointment(t.db, clerk, {
      stationId,
      date: DAY,
      startTime: '09:00',
      people: [person('Rossi', 'Anna')],
      channel: 'counter',
      contactPhone: '3330000001',
      now,
    });
    const bruno = bookAppointment(t.db, clerk, {
      stationId,
      date: DAY,
      startTime: '09:40',
      people: [person('Bianchi', 'Bruno')],
      channel: 'phone',
      contactPhone: '3330000002',
      now,
    });
    engine.kick('agenda');
    await new Promise((r) => setTimeout(r, 300));
    expect(srv.sim.stats().applied).toBe(0);
    expect(openItems(t.db)).toBe(2);

    // Meanwhile a citizen books 09:40 online: the national system never heard of Bruno.
    const res = await fetch(`${srv.url}/citizen/bookings`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        stationId: 'SEDE-1',
        date: DAY,
        times: ['09:40'],
        people: [person('Verdi', 'Carla')],
        contact: { email: 'carla@example.it' },
        confirmed: true,
      }),
    });
    expect(res.status).toBe(201);
    const online = (await res.json()) as { bookingId: string };

    srv.down = false;
    await until('outbox drained', () => openItems(t.db) === 0);
    expect(getBooking(t.db, anna.id)).toMatchObject({ status: 'booked', syncState: 'synced' });
    expect(getBooking(t.db, bruno.id)).toMatchObject({ status: 'conflict', syncState: 'attention' });
    expect(srv.sim.holder('SEDE-1', DAY, '09:00')).toBe(anna.id);
    expect(srv.sim.holder('SEDE-1', DAY, '09:40')).toBe(online.bookingId);
    // The queue is not wedged: the conflict is the agenda's business, not an outbox item needing attention.
    expect(listItems(t.db, { platform: 'agenda', states: ['attention'] })).toEqual([]);
    // Found by the sync, not by a clerk: audited as the workstation's system actor, like the pull's.
    expect(
      t.db
        .prepare(`SELECT operator_id AS operatorId, workstation_id AS workstationId FROM audit_log WHERE action = 'cie.conflict.detected'`)
        .all(),
    ).toEqual([system]);

    // Before the pull Sportello does not know which slot Carla took: Bruno's old time is refused.
    const [early] = listConflicts(t.db, { status: 'open' });
    expect(() =>
      resolveConflict(
        t.db,
        clerk,
        early.id,
        { outcome: 'moved', date: DAY, startTime: '09:40', toldWhom: 'Bruno Bianchi', toldHow: 'phone' },
        now,
      ),
    ).toThrowError(expect.objectContaining({ code: 'CIE_CONFLICT_SAME_SLOT' }));

    const pulled = await pullOnlineBookings(t.db, system, { baseUrl: srv.url });
    expect(pulled).toMatchObject({ applied: 1, unknownStation: 0, cursor: '1' });
    const [conflict] = listConflicts(t.db, { status: 'open' });
    expect(conflict).toMatchObject({ bookingId: bruno.id, detectedVia: 'push', startTime: '09:40', takenByRemoteId: online.bookingId });
    expect(pulled.conflicts.map((c) => c.id)).toEqual([conflict.id]);
    const carla = t.db
      .prepare(`SELECT b.id, h.start_time FROM cie_bookings b JOIN cie_slot_holds h ON h.booking_id = b.id WHERE b.remote_id = ?`)
      .get(online.bookingId);
    expect(carla).toMatchObject({ start_time: '09:40' });

    const proposals = proposeSlots(t.db, conflict.id, { now });
    expect(proposals[0]).toMatchObject({ date: DAY, startTime: '09:20' });
    resolveConflict(
      t.db,
      clerk,
      conflict.id,
      { outcome: 'moved', date: DAY, startTime: proposals[0].startTime, toldWhom: 'Bruno Bianchi', toldHow: 'phone' },
      now,
    );
    engine.kick('agenda');
    await until('move pushed', () => openItems(t.db) === 0);
    expect(getBooking(t.db, bruno.id)).toMatchObject({ status: 'booked', syncState: 'synced', revision: 2, startTime: '09:20' });
    expect(srv.sim.holder('SEDE-1', DAY, '09:20')).toBe(bruno.id);
    expect(srv.sim.stats()).toMatchObject({ applied: 2, appliedTwice: 0, rejections: 1 });

    // A second pull brings nothing new.
    expect(await pullOnlineBookings(t.db, system, { baseUrl: srv.url })).toMatchObject({ applied: 0, pages: 1 });
  });

  it('resends with the same key when the answer is lost, and the booking is applied once', async () => {
    srv.loseNextAnswer = true;
    engine = engineFor(t.db, srv.url);
    engine.start();
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: DAY,
      startTime: '10:00',
      people: [person('Neri', 'Eva'), person('Neri', 'Ivo')],
      channel: 'counter',
      contactEmail: 'neri@example.it',
      now,
    });
    engine.kick('agenda');
    await until('outbox drained', () => openItems(t.db) === 0);
    const [item] = listItems(t.db, { businessId: b.id });
    expect(item).toMatchObject({ state: 'done', idempotencyKey: b.id });
    expect(item.attempts).toBeGreaterThanOrEqual(2);
    expect(srv.sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
    expect(srv.sim.booking(b.id)?.times).toEqual(['10:00', '10:20']);
    expect(getBooking(t.db, b.id).syncState).toBe('synced');
  });

  it('survives a crash mid-send: after restart the same booking id is resent and recognised', async () => {
    srv.hangNextAnswer = true;
    engine = engineFor(t.db, srv.url);
    engine.start();
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: DAY,
      startTime: '09:20',
      people: [person('Galli', 'Rita')],
      channel: 'counter',
      contactPhone: '3330000003',
      now,
    });
    engine.kick('agenda');
    await until('booking applied by the booking system', () => srv.sim.stats().applied === 1);
    // The process dies while waiting for the answer: in the file the item is still pending.
    await engine.stop();
    engine = null;
    t.db.close();
    const db2 = t.reopen();
    try {
      expect(listItems(db2, { businessId: b.id })[0].state).toBe('pending');
      engine = engineFor(db2, srv.url);
      engine.start();
      await until('outbox drained after restart', () => openItems(db2) === 0);
      expect(listItems(db2, { businessId: b.id })[0]).toMatchObject({ state: 'done', idempotencyKey: b.id });
      expect(srv.sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
      expect(getBooking(db2, b.id).syncState).toBe('synced');
    } finally {
      await engine?.stop();
      engine = null;
      db2.close();
    }
  });

  it('pulls online bookings page by page, with confirmations and cancellations', async () => {
    for (const time of ['09:00', '09:20', '09:40', '10:00', '10:20']) {
      expect(srv.sim.bookOnline({ stationId: 'SEDE-1', date: DAY, times: [time], people: [person('Online', time)] }).ok).toBe(true);
    }
    srv.sim.confirmOnline('onl-2');
    srv.sim.cancelOnline('onl-3');
    expect(srv.sim.bookOnline({ stationId: 'SEDE-X', date: DAY, times: ['09:00'] }).ok).toBe(true);
    const r = await pullOnlineBookings(t.db, system, { baseUrl: srv.url });
    expect(r).toMatchObject({ applied: 7, unknownStation: 1, pages: 1, cursor: '8' });
    const paged = openTestDb();
    try {
      const s2 = createStation(paged.db, clerk, { name: 'P', place: 'P', remoteId: 'SEDE-1' }).id;
      setOpeningHours(paged.db, clerk, s2, [{ weekday: 2, start: '09:00', end: '11:00' }]);
      const r2 = await pullOnlineBookings(paged.db, system, { baseUrl: srv.url }, { pageSize: 3 });
      expect(r2).toMatchObject({ applied: 7, pages: 3, cursor: '8' });
      const rows = paged.db
        .prepare(`SELECT remote_id, status, confirmed_at IS NOT NULL AS confirmed FROM cie_bookings ORDER BY remote_id`)
        .all();
      expect(rows).toEqual([
        { remote_id: 'onl-1', status: 'booked', confirmed: 0 },
        { remote_id: 'onl-2', status: 'booked', confirmed: 1 },
        { remote_id: 'onl-3', status: 'cancelled', confirmed: 0 },
        { remote_id: 'onl-4', status: 'booked', confirmed: 0 },
        { remote_id: 'onl-5', status: 'booked', confirmed: 0 },
      ]);
    } finally {
      paged.cleanup();
    }
  });

  it('lets simulated citizens book at random, and those bookings reach the local agenda', async () => {
    const res = await fetch(`${srv.url}/sim/random`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stationId: 'SEDE-1', dates: [DAY], times: ['09:00', '09:20', '09:40', '10:00'], everyMs: 5, max: 3 }),
    });
    expect(res.status).toBe(200);
    await until(
      'three online bookings',
      () => srv.sim.stats().requests >= 1 && ['onl-1', 'onl-2', 'onl-3'].every((id) => srv.sim.booking(id)),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.sim.booking('onl-4')).toBeUndefined();
    const r = await pullOnlineBookings(t.db, system, { baseUrl: srv.url });
    expect(r.applied).toBe(3);
    const held = t.db
      .prepare(`SELECT count(*) AS n FROM cie_slot_holds h JOIN cie_bookings b ON b.id = h.booking_id WHERE b.channel = 'online'`)
      .get();
    expect(held).toEqual({ n: 3 });
  });
});
