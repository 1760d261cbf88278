import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bookAppointment, getBooking, markNoShow } from '../../../electron/core/cie/bookings';
import { listConflicts, proposeSlots, resolveConflict } from '../../../electron/core/cie/conflicts';
import { dayView } from '../../../electron/core/cie/day-view';
import { applyOnlineChanges, pullCursor } from '../../../electron/core/cie/pull';
import { remindersCsv, tomorrowReminders } from '../../../electron/core/cie/reminders';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import type { RemoteChange } from '../../../electron/core/cie/types';
import { addWalkIn, callNextWalkIn, listWalkIns, serveWalkIn, walkInLeft } from '../../../electron/core/cie/walkins';
import { listItems } from '../../../electron/core/sync/outbox';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

const now = new Date('2026-12-01T08:00:00Z'); // Tuesday 09:00 in Rome

describe('walk-ins, day view, conflicts and reminders', () => {
  let t: ReturnType<typeof openTestDb>;
  let stationId: string;
  beforeEach(() => {
    t = openTestDb();
    stationId = createStation(t.db, clerk, {
      name: 'Sportello CIE',
      place: 'Via Roma 1, piano terra',
      remoteId: 'SEDE-A',
      onlineQuotaPercent: 0,
    }).id;
    setOpeningHours(t.db, clerk, stationId, [
      { weekday: 2, start: '09:00', end: '10:00' },
      { weekday: 3, start: '09:00', end: '10:00' },
    ]);
  });
  afterEach(() => t.cleanup());

  it('numbers walk-ins per day and serves them in a slot a no-show left free', () => {
    const booked = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-01',
      startTime: '09:00',
      people: [{ surname: 'Assente', givenNames: 'Aldo' }],
      channel: 'counter',
      now,
    });
    bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-01',
      startTime: '09:20',
      people: [{ surname: 'Presente', givenNames: 'Pia' }],
      channel: 'counter',
      now,
    });
    const a = addWalkIn(t.db, clerk, { name: 'Ferri Ada' }, now);
    const b = addWalkIn(t.db, clerk, { name: 'Galli Bruno', reason: 'Furto' }, now);
    expect([a.number, b.number]).toEqual([1, 2]);
    const later = new Date('2026-12-01T08:10:00Z');
    expect(callNextWalkIn(t.db, clerk, later)?.id).toBe(a.id);
    markNoShow(t.db, clerk, booked.id, later);
    const served = serveWalkIn(
      t.db,
      clerk,
      a.id,
      { stationId, startTime: '09:00', people: [{ surname: 'Ferri', givenNames: 'Ada' }] },
      later,
    );
    expect(served).toMatchObject({ channel: 'walk_in', status: 'arrived', startTime: '09:00' });
    expect(listItems(t.db, { businessId: served.id }).map((i) => i.kind)).toEqual(['agenda.book']);
    walkInLeft(t.db, clerk, b.id, later);
    expect(listWalkIns(t.db, '2026-12-01').map((w) => w.status)).toEqual(['served', 'left']);
    expect(callNextWalkIn(t.db, clerk, later)).toBeNull();
    const view = dayView(t.db, stationId, '2026-12-01');
    expect(view.slots.map((s) => [s.time, s.booking?.status ?? null])).toEqual([
      ['09:00', 'arrived'],
      ['09:20', 'booked'],
      ['09:40', null],
    ]);
    expect(view.bookings.map((x) => x.status).sort()).toEqual(['arrived', 'booked', 'no_show']);
  });

  it('turns an online booking for a locally held slot into a visible conflict, proposes slots and records the outcome', () => {
    const local = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-08',
      startTime: '09:20',
      channel: 'counter',
      contactPhone: '3331112222',
      now,
      people: [
        { surname: 'Sportello', givenNames: 'Sara' },
        { surname: 'Sportello', givenNames: 'Sami' },
      ],
    });
    const change: RemoteChange = {
      seq: 7,
      type: 'booked',
      at: '2026-12-01T08:30:00.000Z',
      booking: {
        bookingId: 'onl-7',
        code: 'WEB7',
        stationId: 'SEDE-A',
        date: '2026-12-08',
        times: ['09:40'],
        channel: 'online',
        status: 'booked',
        confirmed: true,
        revision: 1,
        people: [{ surname: 'Online', givenNames: 'Olga' }],
        contact: { email: 'olga@example.it' },
      },
    };
    const r = applyOnlineChanges(t.db, clerk, [change], '7');
    expect(pullCursor(t.db)).toBe('7');
    expect(r.conflicts).toHaveLength(1);
    expect(getBooking(t.db, local.id).status).toBe('conflict');
    // Same change again: nothing new.
    expect(applyOnlineChanges(t.db, clerk, [change], '7')).toMatchObject({ applied: 0, ignored: 1, conflicts: [] });
    const view = dayView(t.db, stationId, '2026-12-08');
    expect(view.slots.map((s) => s.booking?.channel ?? null)).toEqual([null, null, 'online']);
    expect(view.openConflicts.map((c) => c.bookingId)).toEqual([local.id]);

    const [conflict] = listConflicts(t.db, { status: 'open' });
    const proposals = proposeSlots(t.db, conflict.id, { now });
    expect(proposals.map((p) => `${p.date} ${p.startTime}`)).toEqual(['2026-12-08 09:00', '2026-12-09 09:00', '2026-12-09 09:20']);
    // 09:20 + 09:40 would run into Olga's online slot.
    expect(() =>
      resolveConflict(
        t.db,
        clerk,
        conflict.id,
        { outcome: 'moved', date: '2026-12-08', startTime: '09:20', toldWhom: 'Sara Sportello', toldHow: 'phone' },
        now,
      ),
    ).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_TAKEN' }));
    const { conflict: done, booking } = resolveConflict(
      t.db,
      clerk,
      conflict.id,
      {
        outcome: 'moved',
        date: proposals[0].date,
        startTime: proposals[0].startTime,
        toldWhom: 'Sara Sportello',
        toldHow: 'phone',
        note: 'Ha accettato le 9:00',
      },
      now,
    );
    expect(done).toMatchObject({
      status: 'resolved',
      outcome: 'moved',
      newStartTime: '09:00',
      toldHow: 'phone',
      toldWhom: 'Sara Sportello',
      resolvedBy: clerk.operatorId,
    });
    expect(booking).toMatchObject({ status: 'booked', revision: 2, times: ['09:00', '09:20'], syncState: 'pending' });
    expect(listItems(t.db, { businessId: local.id }).map((i) => i.idempotencyKey)).toEqual([local.id, `${local.id}#r2`]);
    expect(() => resolveConflict(t.db, clerk, conflict.id, { outcome: 'cancelled', toldWhom: 'x', toldHow: 'email' })).toThrowError(
      expect.objectContaining({ code: 'CIE_CONFLICT_RESOLVED' }),
    );
  });

  it("lists tomorrow's appointments with contacts and exports a spreadsheet-safe CSV", () => {
    bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-02',
      startTime: '09:20',
      channel: 'phone',
      contactPhone: '+39 333 000 1111',
      now,
      people: [{ surname: 'Bianchi', givenNames: 'Luca' }],
    });
    bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-02',
      startTime: '09:00',
      channel: 'counter',
      contactEmail: 'x@example.it',
      now,
      people: [{ surname: '=HYPERLINK("x")', givenNames: 'Eva; Maria' }],
    });
    bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-08',
      startTime: '09:00',
      channel: 'counter',
      contactEmail: 'y@example.it',
      now,
      people: [{ surname: 'Dopo', givenNames: 'Ivo' }],
    });
    const rows = tomorrowReminders(t.db, now);
    expect(rows.map((r) => [r.time, r.names, r.phone, r.email])).toEqual([
      ['09:00', '=HYPERLINK("x") Eva; Maria', '', 'x@example.it'],
      ['09:20', 'Bianchi Luca', '+393330001111', ''],
    ]);
    const csv = remindersCsv(rows);
    expect(csv.startsWith('\uFEFFData;Ora;Postazione;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") Eva; Maria"`);
    expect(lines[2]).toContain(`;'+393330001111;`);
  });
});
