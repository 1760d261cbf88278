import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bookAppointment,
  cancelBooking,
  confirmBooking,
  getBooking,
  markArrived,
  markNoShow,
  releaseUnconfirmed,
  rescheduleBooking,
} from '../../../electron/core/cie/bookings';
import { applyOnlineChanges, confirmationDeadline } from '../../../electron/core/cie/pull';
import { createStation, setOpeningHours, updateSettings } from '../../../electron/core/cie/stations';
import type { RemoteChange } from '../../../electron/core/cie/types';
import { verifyAudit } from '../../../electron/core/audit/log';
import { listItems } from '../../../electron/core/sync/outbox';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

const now = new Date('2026-12-01T08:00:00Z'); // Tuesday 09:00 in Rome
const person = (surname: string, givenNames = 'Mario', extra: Record<string, string> = {}) => ({ surname, givenNames, ...extra });

describe('bookings', () => {
  let t: ReturnType<typeof openTestDb>;
  let stationId: string;

  beforeEach(() => {
    t = openTestDb();
    stationId = createStation(t.db, clerk, { name: 'Postazione 1', place: 'Piano terra', onlineQuotaPercent: 0 }).id;
    setOpeningHours(t.db, clerk, stationId, [
      { weekday: 2, start: '09:00', end: '10:00' },
      { weekday: 2, start: '14:00', end: '15:00' },
    ]);
  });
  afterEach(() => t.cleanup());

  const book = (startTime: string, people = [person('Rossi')], date = '2026-12-08') =>
    bookAppointment(t.db, clerk, { stationId, date, startTime, people, channel: 'counter', contactPhone: '+39 333 123 4567', now });

  it('writes booking, slot holds, one outbox item keyed by the booking id and an audit entry together', () => {
    const b = book('09:20', [person('Rossi', 'Anna', { codiceFiscale: 'RSSNNA80A41H501L', birthDate: '1980-01-01' })]);
    expect(b).toMatchObject({ status: 'booked', syncState: 'pending', revision: 1, times: ['09:20'], contactPhone: '+393331234567' });
    expect(b.code).toMatch(/^C-[2-9A-Z]{6}$/);
    const items = listItems(t.db, { platform: 'agenda' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'agenda.book', idempotencyKey: b.id, businessId: b.id, state: 'pending' });
    expect(items[0].payload).toMatchObject({ bookingId: b.id, revision: 1, date: '2026-12-08', times: ['09:20'], stationId });
    const audit = t.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ?`).all(b.id);
    expect(audit).toEqual([{ action: 'cie.booking.create' }]);
    expect(verifyAudit(t.db).ok).toBe(true);
  });

  it('seats a family of up to 5 in consecutive slots and refuses a run that crosses the lunch break', () => {
    const fam = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-08',
      startTime: '09:00',
      channel: 'counter',
      contactEmail: 'famiglia@example.it',
      now,
      people: [person('Bruno', 'Ada'), person('Bruno', 'Ben'), person('Bruno', 'Cloe')],
    });
    expect(fam.times).toEqual(['09:00', '09:20', '09:40']);
    expect(t.db.prepare('SELECT start_time, person_idx FROM cie_slot_holds WHERE booking_id = ? ORDER BY start_time').all(fam.id)).toEqual([
      { start_time: '09:00', person_idx: 0 },
      { start_time: '09:20', person_idx: 1 },
      { start_time: '09:40', person_idx: 2 },
    ]);
    expect(() => book('14:20', [person('A'), person('B'), person('C')])).toThrowError(
      expect.objectContaining({ code: 'CIE_FAMILY_NO_ROOM' }),
    );
    expect(() =>
      book(
        '14:00',
        Array.from({ length: 6 }, (_, i) => person(`P${i}`)),
      ),
    ).toThrowError(expect.objectContaining({ code: 'CIE_FAMILY_TOO_LARGE' }));
    const five = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-15',
      startTime: '09:00',
      channel: 'counter',
      contactPhone: '3331234567',
      now,
      people: Array.from({ length: 3 }, (_, i) => person(`Q${i}`)),
    });
    expect(five.slotCount).toBe(3);
  });

  it('never double-books a slot, even from a second connection to the same file', () => {
    book('09:20');
    expect(() => book('09:20', [person('Bianchi')])).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_TAKEN' }));
    // A family run overlapping a held slot is refused as a whole, leaving nothing behind.
    expect(() => book('09:00', [person('A'), person('B')])).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_TAKEN' }));
    const other = t.reopen();
    try {
      expect(() =>
        bookAppointment(other, clerk, {
          stationId,
          date: '2026-12-08',
          startTime: '09:20',
          people: [person('Verdi')],
          channel: 'phone',
          contactPhone: '3331234567',
          now,
        }),
      ).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_TAKEN' }));
    } finally {
      other.close();
    }
    expect(t.db.prepare('SELECT count(*) AS n FROM cie_bookings').get()).toEqual({ n: 1 });
    expect(listItems(t.db, { platform: 'agenda' })).toHaveLength(1);
  });

  it('keeps holds equal to active bookings under any sequence of books, moves and cancels', () => {
    const slots = ['09:00', '09:20', '09:40', '14:00', '14:20', '14:40'];
    const op = fc.oneof(
      fc.record({ k: fc.constant('book' as const), s: fc.constantFrom(...slots), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ k: fc.constant('move' as const), i: fc.nat(), s: fc.constantFrom(...slots) }),
      fc.record({ k: fc.constant('cancel' as const), i: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        t.db.exec(`DELETE FROM cie_slot_holds; DELETE FROM cie_booking_people; DELETE FROM cie_bookings; DELETE FROM outbox;`);
        const ids: string[] = [];
        for (const o of ops) {
          try {
            if (o.k === 'book')
              ids.push(
                book(
                  o.s,
                  Array.from({ length: o.n }, (_, i) => person(`X${i}`)),
                ).id,
              );
            else if (ids.length && o.k === 'move')
              rescheduleBooking(t.db, clerk, ids[o.i % ids.length], { date: '2026-12-08', startTime: o.s, now });
            else if (ids.length && o.k === 'cancel') cancelBooking(t.db, clerk, ids[o.i % ids.length], 'Richiesta del cittadino');
          } catch (e) {
            if (!(e as { code?: string }).code?.startsWith('CIE_')) throw e;
          }
        }
        const active = t.db.prepare(`SELECT coalesce(sum(slot_count), 0) AS n FROM cie_bookings WHERE status = 'booked'`).get() as {
          n: number;
        };
        const holds = t.db.prepare('SELECT count(*) AS n FROM cie_slot_holds').get() as { n: number };
        expect(holds.n).toBe(active.n);
        expect(holds.n).toBeLessThanOrEqual(slots.length);
        for (const id of ids) {
          const b = getBooking(t.db, id);
          if (b.status !== 'booked') continue;
          const held = (
            t.db.prepare('SELECT start_time FROM cie_slot_holds WHERE booking_id = ? ORDER BY start_time').all(id) as {
              start_time: string;
            }[]
          ).map((r) => r.start_time);
          expect(held).toEqual(b.times);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reschedules with a new revision and idempotency key; cancel frees the slot and is pushed once', () => {
    const b = book('09:00');
    const moved = rescheduleBooking(t.db, clerk, b.id, { date: '2026-12-08', startTime: '14:00', now });
    expect(moved).toMatchObject({ revision: 2, startTime: '14:00', syncState: 'pending' });
    expect(book('09:00', [person('Altro')]).status).toBe('booked');
    const cancelled = cancelBooking(t.db, clerk, b.id, 'Il cittadino ha già la carta');
    expect(cancelled.status).toBe('cancelled');
    expect(listItems(t.db, { businessId: b.id }).map((i) => [i.kind, i.idempotencyKey])).toEqual([
      ['agenda.book', b.id],
      ['agenda.book', `${b.id}#r2`],
      ['agenda.cancel', `${b.id}#cancel`],
    ]);
    expect(() => cancelBooking(t.db, clerk, b.id, 'di nuovo')).toThrowError(
      expect.objectContaining({ code: 'CIE_BOOKING_NOT_CANCELLABLE' }),
    );
    expect(book('14:00', [person('Terzo')]).status).toBe('booked');
  });

  it('records arrival only on the day and no-show only once the slot has begun', () => {
    const today = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-01',
      startTime: '09:40',
      people: [person('Oggi')],
      channel: 'counter',
      now,
    });
    const future = book('09:00');
    expect(() => markArrived(t.db, clerk, future.id, now)).toThrowError(expect.objectContaining({ code: 'CIE_ARRIVAL_WRONG_DAY' }));
    expect(() => markNoShow(t.db, clerk, today.id, now)).toThrowError(expect.objectContaining({ code: 'CIE_NOSHOW_TOO_EARLY' }));
    const later = new Date('2026-12-01T08:45:00Z');
    expect(markNoShow(t.db, clerk, today.id, later).status).toBe('no_show');
    expect(t.db.prepare('SELECT count(*) AS n FROM cie_slot_holds WHERE booking_id = ?').get(today.id)).toEqual({ n: 0 });
    const arrivedDay = new Date('2026-12-08T08:05:00Z');
    expect(markArrived(t.db, clerk, future.id, arrivedDay).status).toBe('arrived');
    expect(t.db.prepare('SELECT count(*) AS n FROM cie_checklists WHERE booking_id = ?').get(future.id)).toEqual({ n: 1 });
  });

  it('requires a contact for future bookings and validates the codice fiscale', () => {
    expect(() =>
      bookAppointment(t.db, clerk, { stationId, date: '2026-12-08', startTime: '09:00', people: [person('X')], channel: 'counter', now }),
    ).toThrowError(expect.objectContaining({ code: 'CIE_CONTACT_REQUIRED' }));
    expect(() => book('09:00', [person('X', 'Y', { codiceFiscale: 'RSSNNA80A41H501X' })])).toThrowError(
      expect.objectContaining({ code: 'CIE_CODICE_FISCALE' }),
    );
    expect(() => book('08:40')).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_NOT_OPEN' }));
    expect(() =>
      bookAppointment(t.db, clerk, { stationId, date: '2026-11-30', startTime: '09:00', people: [person('X')], channel: 'counter', now }),
    ).toThrowError(expect.objectContaining({ code: 'CIE_SLOT_PAST' }));
  });
});

describe('confirmation deadline of online bookings', () => {
  let t: ReturnType<typeof openTestDb>;
  let stationId: string;
  beforeEach(() => {
    t = openTestDb();
    stationId = createStation(t.db, clerk, { name: 'Postazione 1', place: 'Piano terra', remoteId: 'SEDE-1' }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 2, start: '09:00', end: '12:00' }]);
    updateSettings(t.db, clerk, { confirmationDays: 3 });
  });
  afterEach(() => t.cleanup());

  const online = (seq: number, id: string, time: string, type: RemoteChange['type'] = 'booked', confirmed = false): RemoteChange => ({
    seq,
    type,
    at: '2026-12-01T07:00:00.000Z',
    booking: {
      bookingId: id,
      code: `W${seq}`,
      stationId: 'SEDE-1',
      date: '2026-12-15',
      times: [time],
      channel: 'online',
      status: 'booked',
      confirmed,
      revision: 1,
      people: [{ surname: 'Online', givenNames: `N${seq}` }],
      contact: { email: `n${seq}@example.it` },
    },
  });

  it('sets the deadline at the end of the day N days before, in Rome time', () => {
    expect(confirmationDeadline('2026-12-15', 3, '2026-12-01T07:00:00.000Z')).toBe('2026-12-12T22:59:59.000Z');
    // Booked after the deadline: nothing to confirm.
    expect(confirmationDeadline('2026-12-15', 3, '2026-12-13T07:00:00.000Z')).toBeNull();
  });

  it('releases unconfirmed online bookings after the deadline and tells the booking system', () => {
    applyOnlineChanges(
      t.db,
      clerk,
      [online(1, 'onl-1', '09:00'), online(2, 'onl-2', '09:20'), online(3, 'onl-3', '09:40', 'booked', true)],
      '3',
    );
    applyOnlineChanges(t.db, clerk, [online(4, 'onl-2', '09:20', 'confirmed')], '4');
    expect(releaseUnconfirmed(t.db, clerk, new Date('2026-12-12T22:59:00Z'))).toEqual([]);
    const released = releaseUnconfirmed(t.db, clerk, new Date('2026-12-12T23:00:00Z'));
    expect(released).toHaveLength(1);
    const b = getBooking(t.db, released[0]);
    expect(b).toMatchObject({ remoteId: 'onl-1', status: 'released' });
    expect(t.db.prepare('SELECT start_time FROM cie_slot_holds ORDER BY start_time').all()).toEqual([
      { start_time: '09:20' },
      { start_time: '09:40' },
    ]);
    expect(listItems(t.db, { businessId: b.id }).map((i) => [i.kind, i.payload])).toEqual([
      ['agenda.cancel', { bookingId: 'onl-1', reason: 'unconfirmed' }],
    ]);
    // Running it again releases nothing more.
    expect(releaseUnconfirmed(t.db, clerk, new Date('2026-12-13T10:00:00Z'))).toEqual([]);
  });

  it('lets the clerk confirm by phone before the deadline', () => {
    applyOnlineChanges(t.db, clerk, [online(1, 'onl-1', '09:00')], '1');
    const id = (t.db.prepare(`SELECT id FROM cie_bookings WHERE remote_id = 'onl-1'`).get() as { id: string }).id;
    confirmBooking(t.db, clerk, id, 'phone', new Date('2026-12-10T09:00:00Z'));
    expect(releaseUnconfirmed(t.db, clerk, new Date('2026-12-14T09:00:00Z'))).toEqual([]);
    expect(listItems(t.db, { businessId: id }).map((i) => i.kind)).toEqual(['agenda.confirm']);
  });
});
