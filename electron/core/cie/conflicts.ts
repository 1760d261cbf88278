/**
 * Conflicts: a booking made at the counter while the booking system was unreachable, whose slot a
 * citizen took online in the meantime. The online booking keeps the slot (the citizen already has
 * the national confirmation); the counter booking waits, visible, until the clerk moves or cancels
 * it and records who was told and how. Nothing is overwritten silently.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { fromMinutes, toMinutes } from './calendar';
import { romeDate } from '../rome-time';
import { getBooking, setStatus } from './booking-store';
import { cancelNow, moveBooking, statusLabel } from './bookings';
import { getStation } from './stations';
import { nextFreeSlots, type SlotProposal } from './slots';
import type { Booking } from './types';
import { optionalText, requireText } from './validate';
import { settleHubRefusals } from './hub-push';

export type ToldHow = 'phone' | 'email' | 'sms' | 'in_person' | 'not_reached';

export interface Conflict {
  id: string;
  bookingId: string;
  stationId: string;
  date: string;
  startTime: string;
  takenByBookingId: string | null;
  takenByRemoteId: string | null;
  detectedVia: 'push' | 'pull';
  detectedAt: string;
  status: 'open' | 'resolved';
  outcome: 'moved' | 'cancelled' | null;
  newStationId: string | null;
  newDate: string | null;
  newStartTime: string | null;
  toldWhom: string | null;
  toldHow: ToldHow | null;
  toldAt: string | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const SELECT = `SELECT id, booking_id AS bookingId, station_id AS stationId, date, start_time AS startTime,
  taken_by_booking_id AS takenByBookingId, taken_by_remote_id AS takenByRemoteId, detected_via AS detectedVia,
  detected_at AS detectedAt, status, outcome, new_station_id AS newStationId, new_date AS newDate,
  new_start_time AS newStartTime, told_whom AS toldWhom, told_how AS toldHow, told_at AS toldAt, note,
  resolved_by AS resolvedBy, resolved_at AS resolvedAt FROM cie_conflicts`;

export function openConflictOf(db: Db, bookingId: string): Conflict | undefined {
  return db.prepare(`${SELECT} WHERE booking_id = ? AND status = 'open'`).get(bookingId) as Conflict | undefined;
}

export function getConflict(db: Db, id: string): Conflict {
  const c = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Conflict | undefined;
  if (!c) throw new SportelloError('CIE_CONFLICT_NOT_FOUND', 'Conflitto non trovato: ricaricare la pagina.', { conflictId: id });
  return c;
}

export function listConflicts(db: Db, q: { status?: 'open' | 'resolved'; date?: string } = {}): Conflict[] {
  return db
    .prepare(`${SELECT} WHERE (@status IS NULL OR status = @status) AND (@date IS NULL OR date = @date) ORDER BY detected_at`)
    .all({ status: q.status ?? null, date: q.date ?? null }) as Conflict[];
}

/**
 * Marks a booking as in conflict (call inside the caller's transaction). Its slot holds stay until
 * the online booking that won arrives by pull, so no third booking can slip into them.
 * Returns the open conflict (an existing one is reused: push and pull may both see it).
 */
export function recordConflict(
  db: TxDb,
  actor: Actor,
  b: Booking,
  via: 'push' | 'pull',
  takenBy: { bookingId?: string | null; remoteId?: string | null },
  reason = 'Orario occupato da una prenotazione online',
): Conflict {
  const existing = openConflictOf(db, b.id);
  if (existing) {
    db.prepare(
      `UPDATE cie_conflicts SET taken_by_booking_id = coalesce(taken_by_booking_id, ?), taken_by_remote_id = coalesce(taken_by_remote_id, ?) WHERE id = ?`,
    ).run(takenBy.bookingId ?? null, takenBy.remoteId ?? null, existing.id);
    return getConflict(db, existing.id);
  }
  const id = randomUUID();
  db.prepare(
    `INSERT INTO cie_conflicts (id, booking_id, station_id, date, start_time, taken_by_booking_id, taken_by_remote_id,
       detected_via, detected_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  ).run(id, b.id, b.stationId, b.date, b.startTime, takenBy.bookingId ?? null, takenBy.remoteId ?? null, via, new Date().toISOString());
  // A booking already under way (arrived) keeps its status: the conflict row alone tells the clerk.
  if (b.status === 'booked') setStatus(db, b.id, 'conflict', reason);
  appendAudit(db, actor, {
    action: 'cie.conflict.detected',
    entityType: 'cie_booking',
    entityId: b.id,
    detail: {
      conflictId: id,
      via,
      date: b.date,
      startTime: b.startTime,
      stationId: b.stationId,
      takenByRemoteId: takenBy.remoteId ?? null,
    },
  });
  return getConflict(db, id);
}

/** The next free slots for the conflicted booking, same station first, from its original day on. */
export function proposeSlots(db: Db, conflictId: string, opts: { count?: number; now?: Date } = {}): SlotProposal[] {
  const c = getConflict(db, conflictId);
  const b = getBooking(db, c.bookingId);
  const now = opts.now ?? new Date();
  return nextFreeSlots(db, {
    fromDate: c.date < romeDate(now) ? romeDate(now) : c.date,
    people: b.slotCount,
    count: opts.count ?? 3,
    preferStationId: c.stationId,
    now,
    // The citizen was already given an appointment: moving them is not a new booking against the quota.
    ignoreQuota: true,
  });
}

export type Resolution =
  | {
      outcome: 'moved';
      stationId?: string;
      date: string;
      startTime: string;
      toldWhom: string;
      toldHow: ToldHow;
      toldAt?: string;
      note?: string;
    }
  | { outcome: 'cancelled'; toldWhom: string; toldHow: ToldHow; toldAt?: string; note?: string };

const TOLD_HOW: ToldHow[] = ['phone', 'email', 'sms', 'in_person', 'not_reached'];

/** Moves (or cancels) the conflicted booking and records who was told, how and when. */
export function resolveConflict(
  db: Db,
  actor: Actor,
  conflictId: string,
  r: Resolution,
  now = new Date(),
): { conflict: Conflict; booking: Booking } {
  const toldWhom = requireText(r.toldWhom, 'toldWhom', 'Chi è stato avvisato', 120);
  if (!TOLD_HOW.includes(r.toldHow))
    throw new ValidationError('CIE_CONFLICT_TOLD_HOW', 'Indicare come è stato avvisato il cittadino.', 'toldHow');
  const note = optionalText(r.note, 'note', 'Nota', 500);
  const toldAt = r.toldAt ?? now.toISOString();
  if (Number.isNaN(Date.parse(toldAt))) throw new ValidationError('CIE_CONFLICT_TOLD_AT', "Data dell'avviso non valida.", 'toldAt');
  return withTx(db, (tx) => {
    const c = getConflict(db, conflictId);
    if (c.status !== 'open') throw new ValidationError('CIE_CONFLICT_RESOLVED', 'Questo conflitto è già stato risolto.');
    const b = getBooking(db, c.bookingId);
    if (b.status !== 'conflict') {
      throw new ValidationError(
        'CIE_CONFLICT_NOT_MOVABLE',
        `La prenotazione non si può più spostare o annullare da qui: è ${statusLabel(b.status)}.`,
      );
    }
    let booking: Booking;
    if (r.outcome === 'moved') {
      // Until the online booking arrives by pull, which of our slots it took is unknown: the
      // whole original run is off limits. Afterwards its slot holds say exactly what is taken.
      const minutes = getStation(db, c.stationId).slotMinutes;
      const lost = slotRun(c.startTime, b.slotCount, minutes);
      const waitingForPull = (db.prepare('SELECT count(*) AS n FROM cie_slot_holds WHERE booking_id = ?').get(b.id) as { n: number }).n > 0;
      if (
        waitingForPull &&
        (r.stationId ?? c.stationId) === c.stationId &&
        r.date === c.date &&
        slotRun(r.startTime, b.slotCount, minutes).some((t) => lost.includes(t))
      ) {
        throw new ValidationError(
          'CIE_CONFLICT_SAME_SLOT',
          "Quell'orario è proprio quello occupato dalla prenotazione online: sceglierne uno tra quelli proposti.",
          'startTime',
        );
      }
      booking = moveBooking(
        tx,
        actor,
        b,
        { stationId: r.stationId, date: r.date, startTime: r.startTime, overrideQuota: true, now },
        'cie.conflict.moved',
        {
          conflictId,
          toldHow: r.toldHow,
        },
      );
    } else if (r.outcome === 'cancelled') {
      booking = cancelNow(tx, actor, b, 'Conflitto con prenotazione online', 'cancelled', 'cie.conflict.cancelled');
    } else {
      throw new ValidationError('CIE_CONFLICT_OUTCOME', 'Scegliere se spostare o annullare la prenotazione.', 'outcome');
    }
    settleHubRefusals(
      tx,
      b.id,
      r.outcome === 'moved' ? 'Conflitto risolto: prenotazione spostata' : 'Conflitto risolto: prenotazione annullata',
    );
    db.prepare(
      `UPDATE cie_conflicts SET status = 'resolved', outcome = ?, new_station_id = ?, new_date = ?, new_start_time = ?,
         told_whom = ?, told_how = ?, told_at = ?, note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?`,
    ).run(
      r.outcome,
      r.outcome === 'moved' ? booking.stationId : null,
      r.outcome === 'moved' ? booking.date : null,
      r.outcome === 'moved' ? booking.startTime : null,
      toldWhom,
      r.toldHow,
      toldAt,
      note,
      actor.operatorId,
      now.toISOString(),
      conflictId,
    );
    appendAudit(tx, actor, {
      action: 'cie.conflict.resolved',
      entityType: 'cie_booking',
      entityId: b.id,
      detail: { conflictId, outcome: r.outcome, toldHow: r.toldHow, toldAt },
    });
    return { conflict: getConflict(db, conflictId), booking };
  });
}

function slotRun(start: string, count: number, minutes: number): string[] {
  return Array.from({ length: count }, (_, i) => fromMinutes(toMinutes(start) + i * minutes));
}
