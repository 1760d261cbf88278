/**
 * What the CIE screens show, read in one go: a booking with its station, conflict and checklists;
 * a checklist with its person and booking; the day, the walk-in queue, the conflicts and the
 * reminders. Reads that show citizens' names or contacts are audited like any read of a person's
 * record, in the same transaction as the read.
 */
import { bookingIoStatus } from '../io/status';
import { appendAudit } from '../audit/log';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { getBooking } from './bookings';
import { getChecklist, type ChecklistView } from './checklist';
import { listConflicts } from './conflicts';
import { dayView } from './day-view';
import { remindersFor } from './reminders';
import { receiptData } from './receipt-data';
import { getStation, listStations } from './stations';
import type { Closure } from './types';
import { listWalkIns } from './walkins';

function auditRead(tx: TxDb, a: Actor, action: string, entityId: string, detail: Record<string, unknown>, entityType = 'cie_booking') {
  appendAudit(tx, a, { action, entityType, entityId, detail });
}

/** A checklist with the person it is for and its booking's headline. */
export function checklistDetail(db: Db, v: ChecklistView) {
  const b = getBooking(db, v.bookingId);
  const person = b.people.find((p) => p.idx === v.personIdx)!;
  return { ...v, person, booking: { id: b.id, code: b.code, date: b.date, startTime: b.startTime, status: b.status } };
}

/** A booking with its station, its latest conflict and the state of each person's checklist. */
export function bookingDetail(db: Db, id: string) {
  const booking = getBooking(db, id);
  const rows = db.prepare('SELECT person_idx FROM cie_checklists WHERE booking_id = ? ORDER BY person_idx').all(id) as {
    person_idx: number;
  }[];
  return {
    booking,
    station: getStation(db, booking.stationId),
    conflict:
      listConflicts(db)
        .filter((c) => c.bookingId === id)
        .pop() ?? null,
    checklists: rows.map((r) => {
      const v = getChecklist(db, id, r.person_idx);
      return { personIdx: v.personIdx, state: v.state, missing: v.missing.length, cieOnlinePratica: v.cieOnlinePratica };
    }),
    io: bookingIoStatus(db, id),
  };
}

/** Closures that end today or later, in date order. */
export function futureClosures(db: Db, today: string): Closure[] {
  return db
    .prepare(
      `SELECT id, station_id AS stationId, date_from AS dateFrom, date_to AS dateTo, from_time AS fromTime, to_time AS toTime, reason
       FROM cie_closures WHERE date_to >= ? ORDER BY date_from, from_time`,
    )
    .all(today) as Closure[];
}

export function viewDay(db: Db, a: Actor, stationId: string, date: string) {
  return withTx(db, (tx) => {
    const v = dayView(tx, stationId, date);
    if (v.bookings.length > 0) auditRead(tx, a, 'cie.day.view', stationId, { date, bookings: v.bookings.map((b) => b.id) });
    return v;
  });
}

export function viewBooking(db: Db, a: Actor, id: string) {
  return withTx(db, (tx) => {
    auditRead(tx, a, 'cie.booking.view', id, {});
    return bookingDetail(tx, id);
  });
}

/** The booking's receipt (PDF; the print module is loaded on first print); the printing is audited. */
export async function bookingReceipt(db: Db, a: Actor, id: string): Promise<{ code: string; pdf: Buffer }> {
  const data = receiptData(db, id);
  const { renderBookingReceipt } = await import('../print/receipt');
  const pdf = await renderBookingReceipt(data);
  withTx(db, (tx) => auditRead(tx, a, 'cie.booking.receipt', id, {}));
  return { code: data.code, pdf };
}

export function viewWalkIns(db: Db, a: Actor, today: string) {
  return withTx(db, (tx) => {
    const list = listWalkIns(tx, today);
    if (list.length > 0) auditRead(tx, a, 'cie.walkin.view', '*', { count: list.length }, 'cie_walkin');
    return list;
  });
}

export function viewConflicts(db: Db, a: Actor, status?: 'open' | 'resolved') {
  return withTx(db, (tx) => {
    const stations = new Map(listStations(tx).map((st) => [st.id, st.name]));
    const out = listConflicts(tx, { status }).map((conflict) => ({
      conflict,
      booking: getBooking(tx, conflict.bookingId),
      stationName: stations.get(conflict.stationId) ?? '',
    }));
    if (out.length > 0) auditRead(tx, a, 'cie.conflicts.view', '*', { bookings: out.map((o) => o.booking.id) });
    return out;
  });
}

export function viewChecklist(db: Db, a: Actor, bookingId: string, personIdx: number) {
  return withTx(db, (tx) => {
    const v = getChecklist(tx, bookingId, personIdx);
    auditRead(tx, a, 'cie.checklist.view', bookingId, { personIdx });
    return checklistDetail(tx, v);
  });
}

/** The reminders of a day; `exported` when they leave Sportello as a CSV file. */
export function viewReminders(db: Db, a: Actor, day: string, exported = false) {
  return withTx(db, (tx) => {
    const rows = remindersFor(tx, day);
    if (exported || rows.length > 0)
      auditRead(tx, a, exported ? 'cie.reminders.export' : 'cie.reminders.view', '*', { date: day, count: rows.length });
    return rows;
  });
}
