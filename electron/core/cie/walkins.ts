/** The walk-in queue: citizens without a booking, numbered per day, served in free or no-show slots. */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { romeDate } from '../rome-time';
import { bookAppointment, markArrived } from './bookings';
import type { Booking, PersonInput } from './types';
import { optionalText, requireText } from './validate';

export interface WalkIn {
  id: string;
  date: string;
  number: number;
  name: string;
  reason: string | null;
  status: 'waiting' | 'called' | 'served' | 'left';
  bookingId: string | null;
  arrivedAt: string;
  calledAt: string | null;
  doneAt: string | null;
}

const SELECT = `SELECT id, date, number, name, reason, status, booking_id AS bookingId, arrived_at AS arrivedAt,
  called_at AS calledAt, done_at AS doneAt FROM cie_walkins`;

export function getWalkIn(db: Db, id: string): WalkIn {
  const w = db.prepare(`${SELECT} WHERE id = ?`).get(id) as WalkIn | undefined;
  if (!w) throw new SportelloError('CIE_WALKIN_NOT_FOUND', 'Persona in coda non trovata: ricaricare la pagina.', { walkInId: id });
  return w;
}

export function listWalkIns(db: Db, date: string, opts: { openOnly?: boolean } = {}): WalkIn[] {
  return db
    .prepare(`${SELECT} WHERE date = ? ${opts.openOnly ? `AND status IN ('waiting','called')` : ''} ORDER BY number`)
    .all(date) as WalkIn[];
}

/** Adds a citizen to today's queue and returns their ticket number. */
export function addWalkIn(db: Db, actor: Actor, input: { name: string; reason?: string | null }, now = new Date()): WalkIn {
  const name = requireText(input.name, 'name', 'Nome', 120);
  const reason = optionalText(input.reason, 'reason', 'Motivo', 200);
  const date = romeDate(now);
  const id = randomUUID();
  withTx(db, (tx) => {
    const n = (db.prepare('SELECT coalesce(max(number), 0) + 1 AS n FROM cie_walkins WHERE date = ?').get(date) as { n: number }).n;
    db.prepare(`INSERT INTO cie_walkins (id, date, number, name, reason, status, arrived_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?)`).run(
      id,
      date,
      n,
      name,
      reason,
      now.toISOString(),
    );
    appendAudit(tx, actor, { action: 'cie.walkin.add', entityType: 'cie_walkin', entityId: id, detail: { date, number: n } });
  });
  return getWalkIn(db, id);
}

/** Calls the first waiting citizen of the day; null when nobody waits. */
export function callNextWalkIn(db: Db, actor: Actor, now = new Date()): WalkIn | null {
  const date = romeDate(now);
  return withTx(db, (tx) => {
    const next = db.prepare(`${SELECT} WHERE date = ? AND status = 'waiting' ORDER BY number LIMIT 1`).get(date) as WalkIn | undefined;
    if (!next) return null;
    db.prepare(`UPDATE cie_walkins SET status = 'called', called_at = ? WHERE id = ?`).run(now.toISOString(), next.id);
    appendAudit(tx, actor, { action: 'cie.walkin.call', entityType: 'cie_walkin', entityId: next.id, detail: { number: next.number } });
    return getWalkIn(db, next.id);
  });
}

/**
 * Serves a walk-in in a free slot of today (a free one, or one a no-show left): the booking is
 * created as arrived, pushed to the booking system, and the checklist opens.
 */
export function serveWalkIn(
  db: Db,
  actor: Actor,
  walkInId: string,
  input: { stationId: string; startTime: string; people: PersonInput[]; contactPhone?: string | null; contactEmail?: string | null },
  now = new Date(),
): Booking {
  return withTx(db, (tx) => {
    const w = getWalkIn(db, walkInId);
    if (w.status === 'served' || w.status === 'left') {
      throw new ValidationError('CIE_WALKIN_CLOSED', `Il numero ${w.number} è già stato servito o se n'è andato.`);
    }
    if (w.date !== romeDate(now)) throw new ValidationError('CIE_WALKIN_OLD', 'Questo numero è di un altro giorno.');
    const booking = bookAppointment(db, actor, {
      stationId: input.stationId,
      date: w.date,
      startTime: input.startTime,
      people: input.people,
      channel: 'walk_in',
      contactPhone: input.contactPhone,
      contactEmail: input.contactEmail,
      now,
    });
    const arrived = markArrived(db, actor, booking.id, now);
    db.prepare(`UPDATE cie_walkins SET status = 'served', booking_id = ?, done_at = ? WHERE id = ?`).run(
      booking.id,
      now.toISOString(),
      w.id,
    );
    appendAudit(tx, actor, { action: 'cie.walkin.served', entityType: 'cie_walkin', entityId: w.id, detail: { bookingId: booking.id } });
    return arrived;
  });
}

export function walkInLeft(db: Db, actor: Actor, walkInId: string, now = new Date()): WalkIn {
  withTx(db, (tx) => {
    const n = db
      .prepare(`UPDATE cie_walkins SET status = 'left', done_at = ? WHERE id = ? AND status IN ('waiting','called')`)
      .run(now.toISOString(), walkInId).changes;
    if (n === 0) throw new ValidationError('CIE_WALKIN_CLOSED', 'Questo numero non è più in coda.');
    appendAudit(tx, actor, { action: 'cie.walkin.left', entityType: 'cie_walkin', entityId: walkInId });
  });
  return getWalkIn(db, walkInId);
}
