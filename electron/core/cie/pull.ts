/**
 * Applies what the booking system reports about bookings citizens made online (new, moved,
 * confirmed, cancelled) to the local agenda, in one transaction per batch with the new cursor.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { addDays } from './calendar';
import { romeInstant } from '../rome-time';
import { findBookingByRemoteId, getBooking, holdersOf, insertPeople, releaseHolds } from './booking-store';
import { recordConflict, type Conflict } from './conflicts';
import { findStationByRemoteId, getSettings } from './stations';
import type { Booking, RemoteBooking, RemoteChange } from './types';

export interface PullResult {
  applied: number;
  /** Changes about bookings this Comune pushed itself, or already known: nothing to do. */
  ignored: number;
  /** Changes for a station this Comune does not have locally (configuration to fix). */
  unknownStation: number;
  conflicts: Conflict[];
}

export function pullCursor(db: Db): string | null {
  const r = db.prepare('SELECT cursor FROM cie_pull_state WHERE id = 1').get() as { cursor: string | null } | undefined;
  return r?.cursor ?? null;
}

/**
 * The deadline for the citizen's confirmation: end of the day `confirmationDays` before the
 * appointment. A booking made after that moment needs no confirmation (the citizen just booked).
 */
export function confirmationDeadline(date: string, confirmationDays: number, bookedAt: string): string | null {
  if (confirmationDays === 0) return null;
  const deadline = romeInstant(addDays(date, -confirmationDays), '23:59', 59);
  return deadline > bookedAt ? deadline : null;
}

export function applyOnlineChanges(db: Db, actor: Actor, changes: RemoteChange[], cursor: string): PullResult {
  return withTx(db, (tx) => {
    const result: PullResult = { applied: 0, ignored: 0, unknownStation: 0, conflicts: [] };
    for (const ch of [...changes].sort((a, b) => a.seq - b.seq)) applyOne(tx, actor, ch, result);
    db.prepare(
      `INSERT INTO cie_pull_state (id, cursor, last_pull_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, last_pull_at = excluded.last_pull_at`,
    ).run(cursor, new Date().toISOString());
    return result;
  });
}

function applyOne(db: TxDb, actor: Actor, ch: RemoteChange, result: PullResult): void {
  const rb = ch.booking;
  const local = findBookingByRemoteId(db, rb.bookingId);
  if (local && local.channel !== 'online') {
    result.ignored++; // our own counter booking echoed back
    return;
  }
  if (ch.type === 'cancelled' || rb.status === 'cancelled') {
    if (!local || local.status === 'cancelled' || local.status === 'released') {
      result.ignored++;
      return;
    }
    releaseHolds(db, local.id);
    db.prepare(`UPDATE cie_bookings SET status = 'cancelled', status_reason = ?, sync_state = 'remote', updated_at = ? WHERE id = ?`).run(
      'Annullata dal cittadino o dal sistema di prenotazione',
      new Date().toISOString(),
      local.id,
    );
    audit(db, actor, 'cie.online.cancelled', local.id, ch);
    result.applied++;
    return;
  }
  if (ch.type === 'confirmed') {
    if (!local) {
      insertOnline(db, actor, ch, result);
      return;
    }
    if (local.confirmedAt) {
      result.ignored++;
      return;
    }
    db.prepare('UPDATE cie_bookings SET confirmed_at = ?, updated_at = ? WHERE id = ?').run(ch.at, new Date().toISOString(), local.id);
    audit(db, actor, 'cie.online.confirmed', local.id, ch);
    result.applied++;
    return;
  }
  // booked or moved
  if (local && local.revision >= rb.revision && local.date === rb.date && local.startTime === rb.times[0]) {
    result.ignored++;
    return;
  }
  if (local) {
    const station = findStationByRemoteId(db, rb.stationId);
    if (!station) {
      result.unknownStation++;
      return;
    }
    releaseHolds(db, local.id);
    takeSlots(db, actor, local.id, station.id, rb, result);
    db.prepare(
      `UPDATE cie_bookings SET station_id = ?, date = ?, start_time = ?, slot_count = ?, revision = ?, status = 'booked',
         sync_state = 'remote', updated_at = ? WHERE id = ?`,
    ).run(station.id, rb.date, rb.times[0], rb.times.length, rb.revision, new Date().toISOString(), local.id);
    audit(db, actor, 'cie.online.moved', local.id, ch);
    result.applied++;
    return;
  }
  insertOnline(db, actor, ch, result);
}

function insertOnline(db: TxDb, actor: Actor, ch: RemoteChange, result: PullResult): void {
  const rb = ch.booking;
  const station = findStationByRemoteId(db, rb.stationId);
  if (!station) {
    result.unknownStation++;
    return;
  }
  const id = randomUUID();
  const now = new Date().toISOString();
  const confirmBy = rb.confirmed ? null : confirmationDeadline(rb.date, getSettings(db).confirmationDays, ch.at);
  // Codes are unique locally; a connector whose codes collide with ours must not wedge the pull.
  const code = db.prepare('SELECT 1 FROM cie_bookings WHERE code = ?').get(rb.code) ? `${rb.code}~${rb.bookingId}` : rb.code;
  db.prepare(
    `INSERT INTO cie_bookings (id, code, remote_id, channel, station_id, date, start_time, slot_count, status, confirm_by,
       confirmed_at, contact_phone, contact_email, revision, sync_state, created_by, created_at, updated_at)
     VALUES (?, ?, ?, 'online', ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, 'remote', NULL, ?, ?)`,
  ).run(
    id,
    code,
    rb.bookingId,
    station.id,
    rb.date,
    rb.times[0],
    rb.times.length,
    confirmBy,
    rb.confirmed || confirmBy === null ? ch.at : null,
    rb.contact?.phone ?? null,
    rb.contact?.email ?? null,
    rb.revision,
    now,
    now,
  );
  insertPeople(
    db,
    id,
    rb.people.map((p) => ({
      personId: null,
      codiceFiscale: p.codiceFiscale ?? null,
      surname: p.surname,
      givenNames: p.givenNames,
      birthDate: p.birthDate ?? null,
    })),
  );
  takeSlots(db, actor, id, station.id, rb, result);
  audit(db, actor, 'cie.online.booked', id, ch);
  result.applied++;
}

/**
 * The online booking takes its slots. A local booking holding any of them is put in conflict and
 * gives them up: the citizen who booked online already holds the national confirmation.
 */
function takeSlots(db: TxDb, actor: Actor, bookingId: string, stationId: string, rb: RemoteBooking, result: PullResult): void {
  for (const holderId of holdersOf(db, stationId, rb.date, rb.times)) {
    if (holderId === bookingId) continue;
    const holder: Booking = getBooking(db, holderId);
    const conflict = recordConflict(db, actor, holder, 'pull', { bookingId, remoteId: rb.bookingId });
    releaseHolds(db, holderId);
    if (!result.conflicts.some((c) => c.id === conflict.id)) result.conflicts.push(conflict);
  }
  const ins = db.prepare('INSERT INTO cie_slot_holds (station_id, date, start_time, booking_id, person_idx) VALUES (?, ?, ?, ?, ?)');
  rb.times.forEach((t, i) => ins.run(stationId, rb.date, t, bookingId, i));
}

function audit(db: TxDb, actor: Actor, action: string, bookingId: string, ch: RemoteChange): void {
  appendAudit(db, actor, {
    action,
    entityType: 'cie_booking',
    entityId: bookingId,
    detail: { remoteId: ch.booking.bookingId, seq: ch.seq, date: ch.booking.date, times: ch.booking.times },
  });
}
