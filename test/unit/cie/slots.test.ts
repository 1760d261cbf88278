import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { weekdayOf } from '../../../electron/core/cie/calendar';
import { romeInstant } from '../../../electron/core/rome-time';
import { addClosure, createStation, setOpeningHours, updateStation } from '../../../electron/core/cie/stations';
import { dayQuota, daySlots, freeStarts, nextFreeSlots, runsOf, slotTimes } from '../../../electron/core/cie/slots';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

describe('slotTimes (pure)', () => {
  it('cuts each opening range into whole slots of the given length', () => {
    expect(slotTimes([{ weekday: 1, start: '09:00', end: '10:00' }], 20, [])).toEqual(['09:00', '09:20', '09:40']);
    // 09:00–10:10 leaves 10 minutes over: no partial slot
    expect(slotTimes([{ weekday: 1, start: '09:00', end: '10:10' }], 20, [])).toEqual(['09:00', '09:20', '09:40']);
    expect(
      slotTimes(
        [
          { weekday: 1, start: '14:00', end: '15:00' },
          { weekday: 1, start: '09:00', end: '09:45' },
        ],
        15,
        [],
      ),
    ).toEqual(['09:00', '09:15', '09:30', '14:00', '14:15', '14:30', '14:45']);
  });

  it('drops every slot touching a partial closure and all slots on a whole-day closure', () => {
    const ranges = [{ weekday: 1, start: '09:00', end: '11:00' }];
    expect(slotTimes(ranges, 20, [{ fromTime: '09:30', toTime: '10:00' }])).toEqual(['09:00', '10:00', '10:20', '10:40']);
    expect(slotTimes(ranges, 20, [{ fromTime: null, toTime: null }])).toEqual([]);
  });

  it('finds runs of back-to-back slots and never jumps a break', () => {
    const slots = ['09:00', '09:20', '09:40', '14:00', '14:20'];
    expect(runsOf(slots, 20, 2).map((r) => r[0])).toEqual(['09:00', '09:20', '14:00']);
    expect(runsOf(slots, 20, 3).map((r) => r[0])).toEqual(['09:00']);
    expect(runsOf(slots, 20, 6)).toEqual([]);
  });
});

describe('calendar', () => {
  it('maps Rome wall-clock times to UTC across daylight saving', () => {
    expect(romeInstant('2026-12-01', '09:00')).toBe('2026-12-01T08:00:00.000Z');
    expect(romeInstant('2027-07-01', '09:00')).toBe('2027-07-01T07:00:00.000Z');
    expect(romeInstant('2027-03-27', '23:59', 59)).toBe('2027-03-27T22:59:59.000Z');
    expect(weekdayOf('2026-12-06')).toBe(7);
  });
});

describe('agenda slots from the database', () => {
  let t: ReturnType<typeof openTestDb>;
  let stationId: string;
  const now = new Date('2026-12-01T08:00:00Z'); // Tuesday 09:00 in Rome

  beforeEach(() => {
    t = openTestDb();
    stationId = createStation(t.db, clerk, { name: 'Postazione 1', place: 'Ufficio anagrafe, piano terra', onlineQuotaPercent: 30 }).id;
    setOpeningHours(t.db, clerk, stationId, [
      { weekday: 2, start: '09:00', end: '12:20' }, // 10 slots
      { weekday: 3, start: '09:00', end: '10:00' },
      { weekday: 3, start: '15:00', end: '16:00' },
    ]);
  });
  afterEach(() => t.cleanup());

  it('builds the day from weekly hours and closures', () => {
    expect(daySlots(t.db, stationId, '2026-12-08')).toHaveLength(10); // Tuesday
    expect(daySlots(t.db, stationId, '2026-12-09')).toEqual(['09:00', '09:20', '09:40', '15:00', '15:20', '15:40']);
    expect(daySlots(t.db, stationId, '2026-12-10')).toEqual([]); // Thursday: closed
    const { affectedBookingIds } = addClosure(t.db, clerk, {
      stationId,
      dateFrom: '2026-12-09',
      fromTime: '15:00',
      toTime: '16:00',
      reason: 'Formazione',
    });
    expect(affectedBookingIds).toEqual([]);
    expect(daySlots(t.db, stationId, '2026-12-09')).toEqual(['09:00', '09:20', '09:40']);
    addClosure(t.db, clerk, { stationId: null, dateFrom: '2026-12-08', dateTo: '2026-12-08', reason: "Festa dell'Immacolata" });
    expect(daySlots(t.db, stationId, '2026-12-08')).toEqual([]);
  });

  it('reports bookings already inside a new closure instead of touching them', () => {
    const b = bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-09',
      startTime: '15:20',
      channel: 'counter',
      contactPhone: '3331234567',
      people: [{ surname: 'Rossi', givenNames: 'Anna' }],
      now,
    });
    const { affectedBookingIds } = addClosure(t.db, clerk, {
      stationId,
      dateFrom: '2026-12-09',
      fromTime: '15:00',
      toTime: '15:30',
      reason: 'Guasto',
    });
    expect(affectedBookingIds).toEqual([b.id]);
    const held = t.db.prepare('SELECT count(*) AS n FROM cie_slot_holds WHERE booking_id = ?').get(b.id) as { n: number };
    expect(held.n).toBe(1);
  });

  it('splits the day by quota: 30% of 10 slots online, the rest at the counter', () => {
    const date = '2026-12-08';
    expect(dayQuota(t.db, stationId, date)).toMatchObject({ total: 10, online: 3, counter: 7, usedOnline: 0, usedCounter: 0 });
    const times = ['09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '11:00'];
    for (const startTime of times) {
      bookAppointment(t.db, clerk, {
        stationId,
        date,
        startTime,
        channel: 'phone',
        contactPhone: '3331234567',
        people: [{ surname: 'Bianchi', givenNames: 'Luca' }],
        now,
      });
    }
    expect(dayQuota(t.db, stationId, date)).toMatchObject({ usedCounter: 7 });
    expect(freeStarts(t.db, { stationId, date, channel: 'counter', now })).toEqual([]);
    expect(freeStarts(t.db, { stationId, date, channel: 'online', now }).map((r) => r[0])).toEqual(['11:20', '11:40', '12:00']);
    expect(() =>
      bookAppointment(t.db, clerk, {
        stationId,
        date,
        startTime: '11:20',
        channel: 'counter',
        contactPhone: '3331234567',
        people: [{ surname: 'Verdi', givenNames: 'Ugo' }],
        now,
      }),
    ).toThrowError(expect.objectContaining({ code: 'CIE_QUOTA_FULL' }));
    // The clerk may go beyond the counter share; walk-ins on the day ignore it.
    const over = bookAppointment(t.db, clerk, {
      stationId,
      date,
      startTime: '11:20',
      channel: 'counter',
      contactPhone: '3331234567',
      overrideQuota: true,
      people: [{ surname: 'Verdi', givenNames: 'Ugo' }],
      now,
    });
    expect(over.status).toBe('booked');
    const audit = t.db.prepare(`SELECT detail FROM audit_log WHERE entity_id = ? AND action = 'cie.booking.create'`).get(over.id) as {
      detail: string;
    };
    expect(JSON.parse(audit.detail).overrideQuota).toBe(true);
  });

  it('hides past slots of today and proposes the next free ones across days', () => {
    const late = new Date('2026-12-01T09:50:00Z'); // 10:50 in Rome
    expect(freeStarts(t.db, { stationId, date: '2026-12-01', now: late }).map((r) => r[0])).toEqual([
      '10:40',
      '11:00',
      '11:20',
      '11:40',
      '12:00',
    ]);
    const props = nextFreeSlots(t.db, { fromDate: '2026-12-01', people: 2, count: 6, now: late, ignoreQuota: true });
    expect(props.map((p) => `${p.date} ${p.startTime}`)).toEqual([
      '2026-12-01 10:40',
      '2026-12-01 11:00',
      '2026-12-01 11:20',
      '2026-12-01 11:40',
      '2026-12-02 09:00',
      '2026-12-02 09:20',
    ]);
  });

  it('refuses a slot length change while future bookings exist', () => {
    bookAppointment(t.db, clerk, {
      stationId,
      date: '2026-12-08',
      startTime: '09:00',
      channel: 'counter',
      contactPhone: '3331234567',
      people: [{ surname: 'Neri', givenNames: 'Eva' }],
      now,
    });
    expect(() => updateStation(t.db, clerk, stationId, { slotMinutes: 15 })).toThrowError(
      expect.objectContaining({ code: 'CIE_SLOT_MINUTES_IN_USE' }),
    );
  });
});
