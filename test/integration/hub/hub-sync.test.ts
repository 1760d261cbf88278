import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment, cancelBooking, getBooking, rescheduleBooking } from '../../../electron/core/cie/bookings';
import { listConflicts, resolveConflict } from '../../../electron/core/cie/conflicts';
import { dayView } from '../../../electron/core/cie/day-view';
import { freeStarts } from '../../../electron/core/cie/slots';
import { addWalkIn, callNextWalkIn, listWalkIns, serveWalkIn } from '../../../electron/core/cie/walkins';
import { romeDate } from '../../../electron/core/rome-time';
import { listItems } from '../../../electron/core/sync/outbox';
import { cieProcedures } from '../../../electron/procedures/cie';
import type { AppServices } from '../../../electron/procedures/services';
import { postgresOrSkipReason } from '../../support/postgres';
import { setTestClock } from '../../support/clock';
import { hubSettingFor, startHub, type TestHub } from '../../support/hub';
import { openTestDb } from '../../support/db';
import { buildPlatforms } from '../../../electron/platforms/wiring';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { createLogger } from '../../../electron/core/log';
import { setSetting } from '../../../electron/core/settings/settings';
import { operatorActor, systemActor } from '../../../electron/core/settings/workstation';
import { hubWorkstations } from '../../../electron/core/cie/hub-mirror';
import { saveHubJoin } from '../../../electron/core/settings/hub';
import { DAY, openCounter, until, type Counter } from './counters';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub sync: skipped — ${skip}`);

const person = (surname: string, givenNames: string) => ({ surname, givenNames });

describe.skipIf(skip)('two counters and one hub (in-process engines, real PostgreSQL)', () => {
  let hub: TestHub;
  let a: Counter;
  let b: Counter;
  beforeAll(async () => {
    setTestClock('10:00');
    hub = await startHub();
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
  });
  beforeEach(async () => {
    await hub.admin((c) =>
      c.query(
        'TRUNCATE sportello.agenda_bookings, sportello.walkin_tickets, sportello.walkin_days, sportello.applied_ops, sportello.outbox_state',
      ),
    );
    a = openCounter(await hub.join('Anagrafe'));
    b = openCounter(await hub.join('Ufficio CIE'));
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
  });

  it('the same slot booked at two counters at once: one wins, the other gets a conflict to resolve', async () => {
    const ba = bookAppointment(a.t.db, a.clerk, {
      stationId: a.stationId,
      date: DAY,
      startTime: '09:00',
      people: [person('Rossi', 'Anna')],
      channel: 'counter',
      contactPhone: '3330000001',
    });
    const bb = bookAppointment(b.t.db, b.clerk, {
      stationId: b.stationId,
      date: DAY,
      startTime: '09:00',
      people: [person('Bianchi', 'Bruno')],
      channel: 'counter',
      contactPhone: '3330000002',
    });
    a.engine.start();
    b.engine.start();
    await until('both answered', () => a.unsent() + b.unsent() === 0);
    const refused = [a, b].flatMap((c) => listItems(c.t.db, { platform: 'hub', states: ['attention'] }).map((i) => ({ c, i })));
    expect(refused).toHaveLength(1);
    expect(refused[0].i.lastErrorCode).toBe('HUB_SLOT_TAKEN');
    const loser = refused[0].c;
    const winner = loser === a ? b : a;
    const lost = loser === a ? ba : bb;
    expect(await hub.count(`SELECT count(*) AS n FROM sportello.agenda_bookings WHERE status = 'booked'`)).toBe(1);
    expect(getBooking(loser.t.db, lost.id).status).toBe('conflict');
    const [conflict] = listConflicts(loser.t.db, { status: 'open' });
    expect(conflict.bookingId).toBe(lost.id);
    // The loser's day view shows the winner's booking, marked by counter, once pulled.
    await loser.puller.pullNow();
    const other = dayView(loser.t.db, loser.stationId, DAY).otherCounters;
    expect(other).toMatchObject([{ counter: { number: winner.number, self: false }, times: ['09:00'] }]);
    // The slot is no longer offered here, and booking it is refused at once.
    expect(freeStarts(loser.t.db, { stationId: loser.stationId, date: DAY, people: 1 }).map((r) => r[0])).not.toContain('09:00');
    expect(() =>
      bookAppointment(loser.t.db, loser.clerk, {
        stationId: loser.stationId,
        date: DAY,
        startTime: '09:00',
        people: [person('Verdi', 'Carla')],
        channel: 'phone',
        contactPhone: '3330000003',
      }),
    ).toThrow(/già prenotato/);
    // Moving the citizen closes the refused item and sends the new slot.
    resolveConflict(loser.t.db, loser.clerk, conflict.id, {
      outcome: 'moved',
      date: DAY,
      startTime: '09:20',
      toldWhom: 'il cittadino',
      toldHow: 'phone',
    });
    expect(listItems(loser.t.db, { platform: 'hub', states: ['attention'] })).toEqual([]);
    loser.engine.kick('hub');
    await until('move sent', () => loser.unsent() === 0);
    expect(await hub.count(`SELECT count(*) AS n FROM sportello.agenda_bookings WHERE status = 'booked'`)).toBe(2);
    // The winner's citizen cancels: after the next (incremental) pull the slot is free again at the loser.
    cancelBooking(winner.t.db, winner.clerk, loser === a ? bb.id : ba.id, 'Il cittadino rinuncia');
    winner.engine.kick('hub');
    await until('cancel sent', () => winner.unsent() === 0);
    await loser.puller.pullNow();
    expect(dayView(loser.t.db, loser.stationId, DAY).otherCounters).toEqual([]);
    expect(freeStarts(loser.t.db, { stationId: loser.stationId, date: DAY, people: 1 }).map((r) => r[0])).toContain('09:00');
  });

  it('stations made from the settings screen share the Comune code: without one no booking; with it a double booking is caught', async () => {
    // The responsabile's procedures at each counter, as the settings screen calls them.
    const procs = (c: Counter) => {
      const services = { db: c.t.db, workstation: { id: `ws-${c.number}` }, sync: c.engine, notifySync: () => c.engine.kick('hub') };
      const p = cieProcedures(services as unknown as AppServices);
      const ctx = { operator: { id: `resp-${c.number}`, roles: ['responsabile'] } } as never;
      const hours = [2].map((weekday) => ({ weekday, start: '09:00', end: '12:00' }));
      return {
        create: async (input: { name: string; place: string; remoteId?: string | null }) => {
          const st = await p['cie.stations.create']({ ...input, onlineQuotaPercent: 0 }, ctx);
          await p['cie.hours.set']({ stationId: st.id, ranges: hours }, ctx);
          return st;
        },
        setCode: (id: string, remoteId: string) => p['cie.stations.update']({ id, remoteId }, ctx),
        codes: async () => (await p['cie.config.get']({}, ctx)).hubStationCodes,
        book: async (stationId: string, surname: string, startTime = '09:00') =>
          (
            await p['cie.book'](
              {
                stationId,
                date: DAY,
                startTime,
                people: [person(surname, 'Anna')],
                channel: 'counter',
                contactPhone: '3330000001',
              },
              ctx,
            )
          ).booking,
      };
    };
    const pa = procs(a);
    const pb = procs(b);
    const sa = await pa.create({ name: 'Postazione 2', place: 'Municipio', remoteId: null });
    // No shared code yet: the booking is refused, in plain words, instead of reaching the hub under an id no other counter has.
    await expect(pa.book(sa.id, 'Rossi')).rejects.toThrow(/non ha ancora il codice del Comune/);
    expect(listItems(a.t.db, { platform: 'hub' })).toEqual([]);
    // Counter b's station has the Comune's code and a booking on it: counter a's form then offers that code.
    const sb = await pb.create({ name: 'Seconda postazione', place: 'Municipio', remoteId: 'CIE-MUN-2' });
    await pb.book(sb.id, 'Neri', '11:00');
    b.engine.start();
    await until('b sent', () => b.unsent() === 0);
    await b.engine.stop();
    await a.puller.pullNow();
    expect(await pa.codes()).toEqual(['CIE-MUN-2']);
    await pa.setCode(sa.id, 'CIE-MUN-2');
    expect(await pa.codes()).toEqual([]);
    const ba = await pa.book(sa.id, 'Rossi');
    const bb = await pb.book(sb.id, 'Bianchi');
    a.engine.start();
    b.engine.start();
    await until('both answered', () => a.unsent() + b.unsent() === 0);
    const refused = [a, b].flatMap((c) => listItems(c.t.db, { platform: 'hub', states: ['attention'] }));
    expect(refused.map((i) => i.lastErrorCode)).toEqual(['HUB_SLOT_TAKEN']);
    expect([ba.id, bb.id]).toContain(refused[0].businessId);
    // On the hub: b's 11:00 and one of the two 09:00.
    expect(
      await hub.count(`SELECT count(*) AS n FROM sportello.agenda_bookings WHERE station_id = 'CIE-MUN-2' AND status = 'booked'`),
    ).toBe(2);
  });

  it('a refused booking that was moved meanwhile does not hold the moved one back; a refused one cancelled closes its item', async () => {
    const book = (c: Counter, time: string, who: string) =>
      bookAppointment(c.t.db, c.clerk, {
        stationId: c.stationId,
        date: DAY,
        startTime: time,
        people: [person(who, 'Anna')],
        channel: 'counter',
        contactPhone: '3330000001',
      });
    book(b, '09:00', 'Bianchi');
    book(b, '11:00', 'Neri');
    b.engine.start();
    await until('b sent', () => b.unsent() === 0);
    // Counter a, not yet in touch with the hub, books both taken times, then moves the first to 10:00
    // and cancels the second.
    const moved = book(a, '09:00', 'Rossi');
    rescheduleBooking(a.t.db, a.clerk, moved.id, { date: DAY, startTime: '10:00' });
    const dropped = book(a, '11:00', 'Verdi');
    a.engine.start();
    await until('a answered', () => a.unsent() === 0);
    // The 09:00 refusal is superseded by the move: closed, no conflict, and 10:00 reached the hub.
    expect(listItems(a.t.db, { platform: 'hub', states: ['attention'] }).map((i) => i.businessId)).toEqual([dropped.id]);
    expect(listConflicts(a.t.db, { status: 'open' }).map((c) => c.bookingId)).toEqual([dropped.id]);
    expect(getBooking(a.t.db, moved.id).status).toBe('booked');
    expect(
      await hub.count(
        `SELECT count(*) AS n FROM sportello.agenda_bookings WHERE booking_id = $1 AND status = 'booked' AND to_char(slot_start AT TIME ZONE 'Europe/Rome', 'HH24:MI') = '10:00'`,
        [moved.id],
      ),
    ).toBe(1);
    // The refused 11:00 is cancelled from the agenda (not from «Conflitti CIE»): its refusal closes too.
    cancelBooking(a.t.db, a.clerk, dropped.id, 'Il cittadino rinuncia');
    expect(listItems(a.t.db, { platform: 'hub', states: ['attention'] })).toEqual([]);
    a.engine.kick('hub');
    await until('cancel sent', () => a.unsent() === 0);
    expect(listItems(a.t.db, { platform: 'hub', states: ['attention'] })).toEqual([]);
  });

  it('a walk-in issued at counter 1 gets the Comune number and is called and served at counter 2', async () => {
    a.engine.start();
    b.engine.start();
    const w = addWalkIn(a.t.db, a.clerk, { name: 'Carla Verdi' });
    expect(w.label).toBe(`${a.number}-1`);
    await until('numbered', () => getLabel(a, w.id) === '1');
    await b.puller.pullNow();
    const called = callNextWalkIn(b.t.db, b.clerk);
    expect(called).toMatchObject({ id: w.id, foreign: true, label: '1' });
    const slot = dayView(b.t.db, b.stationId, romeDate()).slots.find((s) => !s.booking && s.time > '10:30')!;
    serveWalkIn(b.t.db, b.clerk, w.id, { stationId: b.stationId, startTime: slot.time, people: [person('Verdi', 'Carla')] });
    b.engine.kick('hub');
    await until(
      'served on the hub',
      async () =>
        (await hub.count(`SELECT count(*) AS n FROM sportello.walkin_tickets WHERE status = 'served' AND called_by = $1`, [b.number])) ===
        1,
    );
    await a.puller.pullNow();
    expect(listWalkIns(a.t.db, romeDate()).find((x) => x.id === w.id)).toMatchObject({ status: 'served', comuneNumber: 1 });
  });

  it('two counters call the same walk-in: the later call is refused and its clerk calls the next; a stale queue offers only own tickets', async () => {
    a.engine.start();
    b.engine.start();
    const w = addWalkIn(a.t.db, a.clerk, { name: 'Carla Verdi' });
    await until('numbered', () => getLabel(a, w.id) === '1');
    // Counter a, cut off from the hub, calls its ticket; counter b, in touch, calls the same one first.
    await a.engine.stop();
    expect(callNextWalkIn(a.t.db, a.clerk)?.id).toBe(w.id);
    await b.puller.pullNow();
    expect(callNextWalkIn(b.t.db, b.clerk)?.id).toBe(w.id);
    b.engine.kick('hub');
    await until('b sent', () => b.unsent() === 0);
    a.engine.start();
    await until('a answered', () => a.unsent() === 0);
    const [refused] = listItems(a.t.db, { platform: 'hub', states: ['attention'] });
    expect(refused).toMatchObject({ lastErrorCode: 'HUB_TICKET_TAKEN', businessId: w.id });
    expect(refused.lastErrorText).toBe(`Il numero 1 è già stato chiamato dallo Sportello ${b.number}: chiamare il successivo.`);
    expect(await hub.count('SELECT count(*) AS n FROM sportello.walkin_tickets WHERE called_by = $1', [b.number])).toBe(1);
    // At counter a the number is b's now: it cannot be served here, and the next call is the next citizen.
    const slot = dayView(a.t.db, a.stationId, romeDate()).slots.find((s) => !s.booking && s.time > '10:30')!;
    expect(() =>
      serveWalkIn(a.t.db, a.clerk, w.id, { stationId: a.stationId, startTime: slot.time, people: [person('Verdi', 'Carla')] }),
    ).toThrow(/già stato chiamato dallo Sportello/);
    const w2 = addWalkIn(a.t.db, a.clerk, { name: 'Dario Neri' });
    expect(callNextWalkIn(a.t.db, a.clerk)?.id).toBe(w2.id);
    a.engine.kick('hub');
    await until('w2 sent', () => a.unsent() === 0);
    // A queue not read from the hub for a while offers only this counter's own tickets.
    const w3 = addWalkIn(a.t.db, a.clerk, { name: 'Elena Blu' });
    a.engine.kick('hub');
    await until('w3 sent', () => a.unsent() === 0);
    expect(getLabel(a, w3.id)).toBe('3');
    await b.puller.pullNow();
    expect(callNextWalkIn(b.t.db, b.clerk, new Date(Date.now() + 31_000))).toBeNull();
    expect(callNextWalkIn(b.t.db, b.clerk)?.id).toBe(w3.id);
  });

  it('a counter that joins while running: no hub item before, its hub lane and puller start at the join', async () => {
    const t = openTestDb({ prefix: 'sportello-join-' });
    const ws = { id: 'ws-late', number: 9, name: 'Sportello 9' };
    setSetting(t.db, 'workstation', ws);
    const clerk = operatorActor({ id: 'op-late' }, ws.id);
    const platforms = buildPlatforms({
      db: t.db,
      endpoints: undefined,
      log: createLogger(null),
      systemActor: systemActor(ws.id),
      demo: false,
      hubPullMs: 300,
      onChange() {},
    });
    const engine = new SyncEngine(t.db, platforms.adapters, platforms.outboxHandlers, {
      log: createLogger(null),
      systemActor: systemActor(ws.id),
      probeDownMs: 100,
    });
    try {
      engine.start();
      platforms.jobs.start();
      expect(platforms.adapters.map((x) => x.platform)).not.toContain('hub');
      expect(platforms.jobs.hubJoined()).toBeNull();
      addWalkIn(t.db, clerk, { name: 'Prima del collegamento' });
      expect(listItems(t.db, { platform: 'hub' })).toEqual([]);
      const joined = await hub.join('Sportello tardivo');
      // As the join procedure does (core/settings/hub.ts): the connection kept, the hub's number taken.
      saveHubJoin(t.db, clerk, { ...hubSettingFor(joined, hub.server.socketDir, hub.server.port) }, new Date().toISOString());
      engine.addAdapter(platforms.jobs.hubJoined()!);
      expect(engine.health().map((h) => h.platform)).toContain('hub');
      const w = addWalkIn(t.db, clerk, { name: 'Dopo il collegamento' });
      engine.kick('hub');
      await until(
        'numbered by the hub',
        async () => (await hub.count('SELECT count(*) AS n FROM sportello.walkin_tickets WHERE ticket_id = $1', [w.id])) === 1,
      );
      await until('workstations read', () => hubWorkstations(t.db).workstations.some((x) => x.self));
    } finally {
      await platforms.jobs.stop();
      await engine.stop();
      t.cleanup();
    }
  });

  it('a refused login pauses the hub lane (credentials), the items stay queued; a cut link is the network’s', async () => {
    const joined = await hub.join('Password cambiata');
    const c = openCounter({ number: joined.number, url: joined.url.replace(`:${joined.password}@`, ':sbagliata@') });
    try {
      c.engine.start();
      addWalkIn(c.t.db, c.clerk, { name: 'Elena Blu' });
      c.engine.kick('hub');
      await until('paused for credentials', () => c.engine.health().find((h) => h.platform === 'hub')?.credentials != null);
      expect(c.engine.health().find((h) => h.platform === 'hub')?.credentials?.code).toBe('HUB_LOGIN_REFUSED');
      expect(listItems(c.t.db, { platform: 'hub', states: ['attention'] })).toEqual([]);
      expect(c.unsent()).toBe(1);
    } finally {
      await c.close();
    }
    const gone = openCounter({
      number: joined.number,
      url: joined.url.replace(encodeURIComponent(hub.server.socketDir), encodeURIComponent('/nonexistent')),
    });
    try {
      gone.engine.start();
      addWalkIn(gone.t.db, gone.clerk, { name: 'Franco Neri' });
      gone.engine.kick('hub');
      await until('down', () => gone.engine.health().find((h) => h.platform === 'hub')?.health === 'down');
      expect(listItems(gone.t.db, { platform: 'hub' })[0]).toMatchObject({ state: 'waiting', lastErrorCode: 'HUB_UNREACHABLE' });
    } finally {
      await gone.close();
    }
  });
});

function getLabel(c: Counter, id: string): string | undefined {
  return listWalkIns(c.t.db, romeDate()).find((w) => w.id === id)?.label;
}
