/**
 * Booking services: book, move, cancel, confirm, arrival, no-show, release of unconfirmed online
 * bookings. Each writes the booking rows, the outbox item and the audit entry in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { ValidationError } from '../errors';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { toMinutes } from './calendar';
import { romeDate, romeTime } from '../rome-time';
import { getBooking, holdSlots, insertPeople, newBookingCode, releaseHolds, setStatus, setSyncState } from './booking-store';
import { ensureChecklists } from './checklist';
import { ioBooked, ioCancelled, ioMoved } from './io-messages';
import { enqueueBook, enqueueCancel, enqueueConfirm } from './push';
import { enqueueHubBooking, requireSharedStationCode, settleHubRefusals } from './hub-push';
import { dayQuota, daySlots, heldTimes, quotaAllows, runsOf } from './slots';
import { getStation } from './stations';
import type { Booking, BookingChannel, PersonInput, Station } from './types';
import { normalisePeople, optionalEmail, optionalPhone, requireDate, requireText, requireTime } from './validate';

export { getBooking, findBooking, findBookingByCode } from './booking-store';

export interface BookInput {
  stationId: string;
  date: string;
  startTime: string;
  people: PersonInput[];
  channel: Exclude<BookingChannel, 'online'>;
  contactPhone?: string | null;
  contactEmail?: string | null;
  /** A clerk may book beyond the counter share of the day; the override is audited. */
  overrideQuota?: boolean;
  now?: Date;
}

interface RunCheck {
  station: Station;
  date: string;
  startTime: string;
  people: number;
  channel: BookingChannel;
  now: Date;
  ignoreQuota: boolean;
  ownBookingId?: string;
}

/** The slot start times a booking would hold; throws an Italian ValidationError when it cannot. */
export function checkRun(db: Db, c: RunCheck): string[] {
  const { station, date, startTime, people, now } = c;
  if (!station.active) {
    throw new ValidationError('CIE_STATION_INACTIVE', `La postazione «${station.name}» non è attiva: sceglierne un'altra.`, 'stationId');
  }
  const today = romeDate(now);
  if (date < today || (date === today && toMinutes(startTime) + station.slotMinutes <= toMinutes(romeTime(now)))) {
    throw new ValidationError('CIE_SLOT_PAST', "L'orario scelto è già passato: sceglierne uno successivo.", 'startTime');
  }
  const slots = daySlots(db, station.id, date);
  if (!slots.includes(startTime)) {
    throw new ValidationError(
      'CIE_SLOT_NOT_OPEN',
      `Alle ${startTime} del ${date} la postazione «${station.name}» non riceve (fuori orario o chiusa): scegliere un orario libero.`,
      'startTime',
    );
  }
  const run = runsOf(slots, station.slotMinutes, people).find((r) => r[0] === startTime);
  if (!run) {
    throw new ValidationError(
      'CIE_FAMILY_NO_ROOM',
      `Per ${people} persone servono ${people} appuntamenti di seguito dalle ${startTime}, ma la fascia finisce prima: scegliere un orario più presto.`,
      'startTime',
    );
  }
  const held = heldTimes(db, station.id, date);
  const taken = run.find((t) => held.has(t) && held.get(t) !== c.ownBookingId);
  if (taken) {
    throw new ValidationError('CIE_SLOT_TAKEN', `L'orario delle ${taken} è già prenotato: scegliere un altro orario.`, 'startTime');
  }
  if (!c.ignoreQuota && c.channel !== 'walk_in' && date > today) {
    const q = dayQuota(db, station.id, date);
    if (c.ownBookingId) {
      const own = (
        db
          .prepare('SELECT count(*) AS n FROM cie_slot_holds WHERE booking_id = ? AND station_id = ? AND date = ?')
          .get(c.ownBookingId, station.id, date) as { n: number }
      ).n;
      if (c.channel === 'online') q.usedOnline -= own;
      else q.usedCounter -= own;
    }
    if (!quotaAllows(q, c.channel, people)) {
      throw new ValidationError(
        'CIE_QUOTA_FULL',
        c.channel === 'online'
          ? 'I posti riservati alle prenotazioni online di quel giorno sono esauriti.'
          : `I posti riservati allo sportello per il ${date} sono esauriti (${q.counter}): scegliere un altro giorno, oppure confermare la prenotazione oltre la quota.`,
        'date',
      );
    }
  }
  return run;
}

export function bookAppointment(db: Db, actor: Actor, input: BookInput): Booking {
  const now = input.now ?? new Date();
  const channel = input.channel;
  if (!['counter', 'phone', 'walk_in'].includes(channel)) {
    throw new ValidationError('CIE_CHANNEL', 'Canale di prenotazione non valido.', 'channel');
  }
  const date = requireDate(input.date, 'date', 'Giorno');
  const startTime = requireTime(input.startTime, 'startTime', 'Orario');
  const people = normalisePeople(input.people);
  const contactPhone = optionalPhone(input.contactPhone, 'contactPhone');
  const contactEmail = optionalEmail(input.contactEmail, 'contactEmail');
  if (!contactPhone && !contactEmail && channel !== 'walk_in' && date > romeDate(now)) {
    throw new ValidationError(
      'CIE_CONTACT_REQUIRED',
      "Indicare un telefono o un indirizzo e-mail: servono per il promemoria e per avvisare il cittadino se l'appuntamento cambia.",
      'contactPhone',
    );
  }
  const id = randomUUID();
  return withTx(db, (tx) => {
    const station = getStation(db, input.stationId);
    requireSharedStationCode(db, station);
    const times = checkRun(db, {
      station,
      date,
      startTime,
      people: people.length,
      channel,
      now,
      ignoreQuota: input.overrideQuota === true,
    });
    const at = now.toISOString();
    db.prepare(
      `INSERT INTO cie_bookings (id, code, remote_id, channel, station_id, date, start_time, slot_count, status, confirm_by,
         confirmed_at, contact_phone, contact_email, revision, sync_state, created_by, created_at, updated_at)
       VALUES (@id, @code, @id, @channel, @stationId, @date, @startTime, @slotCount, 'booked', NULL,
         @at, @contactPhone, @contactEmail, 1, 'pending', @operatorId, @at, @at)`,
    ).run({
      id,
      code: newBookingCode(db),
      channel,
      stationId: station.id,
      date,
      startTime,
      slotCount: people.length,
      contactPhone,
      contactEmail,
      operatorId: actor.operatorId,
      at,
    });
    insertPeople(db, id, people);
    holdSlots(db, id, station.id, date, times);
    const booking = getBooking(db, id);
    enqueueBook(tx, actor, booking);
    enqueueHubBooking(tx, actor, id);
    ioBooked(tx, actor, booking, now);
    appendAudit(tx, actor, {
      action: 'cie.booking.create',
      entityType: 'cie_booking',
      entityId: id,
      detail: { channel, stationId: station.id, date, startTime, people: people.length, overrideQuota: input.overrideQuota === true },
    });
    return booking;
  });
}

export interface MoveInput {
  stationId?: string;
  date: string;
  startTime: string;
  overrideQuota?: boolean;
  now?: Date;
}

/** Moves a booking to another slot (same people); the booking system receives a new revision. */
export function rescheduleBooking(db: Db, actor: Actor, bookingId: string, input: MoveInput): Booking {
  return withTx(db, (tx) => {
    const b = getBooking(db, bookingId);
    if (b.status !== 'booked') {
      throw new ValidationError('CIE_BOOKING_NOT_MOVABLE', `Questa prenotazione non si può spostare: è ${statusLabel(b.status)}.`);
    }
    return moveBooking(tx, actor, b, input, 'cie.booking.reschedule', {});
  });
}

/** Shared by reschedule and conflict resolution: holds the new run, bumps the revision, pushes it. */
export function moveBooking(db: TxDb, actor: Actor, b: Booking, input: MoveInput, action: string, extra: Record<string, unknown>): Booking {
  const now = input.now ?? new Date();
  const date = requireDate(input.date, 'date', 'Giorno');
  const startTime = requireTime(input.startTime, 'startTime', 'Orario');
  const station = getStation(db, input.stationId ?? b.stationId);
  requireSharedStationCode(db, station);
  const times = checkRun(db, {
    station,
    date,
    startTime,
    people: b.slotCount,
    channel: b.channel,
    now,
    ignoreQuota: input.overrideQuota === true,
    ownBookingId: b.id,
  });
  releaseHolds(db, b.id);
  holdSlots(db, b.id, station.id, date, times);
  db.prepare(
    `UPDATE cie_bookings SET station_id = ?, date = ?, start_time = ?, revision = revision + 1, status = 'booked',
       status_reason = NULL, sync_state = 'pending', updated_at = ? WHERE id = ?`,
  ).run(station.id, date, startTime, now.toISOString(), b.id);
  const moved = getBooking(db, b.id);
  enqueueBook(db, actor, moved);
  enqueueHubBooking(db, actor, b.id);
  ioMoved(db, actor, b, moved, now);
  appendAudit(db, actor, {
    action,
    entityType: 'cie_booking',
    entityId: b.id,
    detail: {
      from: { stationId: b.stationId, date: b.date, startTime: b.startTime },
      to: { stationId: station.id, date, startTime },
      revision: moved.revision,
      ...extra,
    },
  });
  return moved;
}

export function cancelBooking(db: Db, actor: Actor, bookingId: string, reason: string): Booking {
  const why = requireText(reason, 'reason', "Motivo dell'annullamento", 200);
  return withTx(db, (tx) => {
    const b = getBooking(db, bookingId);
    if (b.status !== 'booked' && b.status !== 'conflict') {
      throw new ValidationError('CIE_BOOKING_NOT_CANCELLABLE', `Questa prenotazione non si può annullare: è ${statusLabel(b.status)}.`);
    }
    return cancelNow(tx, actor, b, why, 'cancelled', 'cie.booking.cancel');
  });
}

export function cancelNow(db: TxDb, actor: Actor, b: Booking, reason: string, status: 'cancelled' | 'released', action: string): Booking {
  releaseHolds(db, b.id);
  setStatus(db, b.id, status, reason);
  setSyncState(db, b.id, 'pending');
  enqueueCancel(db, actor, b, status === 'released' ? 'unconfirmed' : reason);
  enqueueHubBooking(db, actor, b.id);
  // A slot the hub refused is no longer asked for: its item closes and the cancellation goes on.
  settleHubRefusals(db, b.id, 'Prenotazione annullata');
  ioCancelled(db, actor, b, new Date());
  appendAudit(db, actor, {
    action,
    entityType: 'cie_booking',
    entityId: b.id,
    detail: { date: b.date, startTime: b.startTime, stationId: b.stationId },
  });
  return getBooking(db, b.id);
}

/** The citizen is at the counter: the booking becomes 'arrived' and each person gets a checklist. */
export function markArrived(db: Db, actor: Actor, bookingId: string, now = new Date()): Booking {
  return withTx(db, (tx) => {
    const b = getBooking(db, bookingId);
    if (b.status !== 'booked') {
      throw new ValidationError('CIE_BOOKING_NOT_ARRIVABLE', `Non si può registrare l'arrivo: la prenotazione è ${statusLabel(b.status)}.`);
    }
    if (b.date !== romeDate(now)) {
      throw new ValidationError(
        'CIE_ARRIVAL_WRONG_DAY',
        `L'appuntamento è per il ${b.date}, non per oggi: spostarlo prima di registrare l'arrivo.`,
      );
    }
    setStatus(db, b.id, 'arrived', null);
    ensureChecklists(db, b);
    enqueueHubBooking(tx, actor, b.id);
    appendAudit(tx, actor, { action: 'cie.booking.arrived', entityType: 'cie_booking', entityId: b.id, detail: { at: now.toISOString() } });
    return getBooking(db, b.id);
  });
}

/** The citizen did not come: the slots are freed for walk-ins; nothing is sent to the booking system. */
export function markNoShow(db: Db, actor: Actor, bookingId: string, now = new Date()): Booking {
  return withTx(db, (tx) => {
    const b = getBooking(db, bookingId);
    if (b.status !== 'booked') {
      throw new ValidationError('CIE_BOOKING_NOT_NOSHOW', `Non si può segnare l'assenza: la prenotazione è ${statusLabel(b.status)}.`);
    }
    const today = romeDate(now);
    if (b.date > today || (b.date === today && toMinutes(b.startTime) > toMinutes(romeTime(now)))) {
      throw new ValidationError('CIE_NOSHOW_TOO_EARLY', `L'appuntamento delle ${b.startTime} del ${b.date} non è ancora cominciato.`);
    }
    releaseHolds(db, b.id);
    setStatus(db, b.id, 'no_show', null);
    enqueueHubBooking(tx, actor, b.id);
    appendAudit(tx, actor, {
      action: 'cie.booking.no_show',
      entityType: 'cie_booking',
      entityId: b.id,
      detail: { date: b.date, startTime: b.startTime },
    });
    return getBooking(db, b.id);
  });
}

/** A citizen confirms an online booking by phone or at the counter; the booking system is told. */
export function confirmBooking(db: Db, actor: Actor, bookingId: string, via: 'phone' | 'email' | 'in_person', now = new Date()): Booking {
  return withTx(db, (tx) => {
    const b = getBooking(db, bookingId);
    if (b.status !== 'booked') {
      throw new ValidationError('CIE_BOOKING_NOT_CONFIRMABLE', `Non si può confermare: la prenotazione è ${statusLabel(b.status)}.`);
    }
    if (b.confirmedAt) return b;
    db.prepare('UPDATE cie_bookings SET confirmed_at = ?, updated_at = ? WHERE id = ?').run(now.toISOString(), now.toISOString(), b.id);
    enqueueConfirm(tx, actor, b);
    appendAudit(tx, actor, { action: 'cie.booking.confirm', entityType: 'cie_booking', entityId: b.id, detail: { via } });
    return getBooking(db, b.id);
  });
}

/**
 * Releases online bookings still unconfirmed after their deadline: slots freed, the booking system
 * told (it may have released them itself: the cancel is idempotent). Returns the released ids.
 */
export function releaseUnconfirmed(db: Db, actor: Actor, now = new Date()): string[] {
  return withTx(db, (tx) => {
    const ids = (
      db
        .prepare(
          `SELECT id FROM cie_bookings WHERE channel = 'online' AND status = 'booked' AND confirmed_at IS NULL
           AND confirm_by IS NOT NULL AND confirm_by < ? ORDER BY date, start_time`,
        )
        .all(now.toISOString()) as { id: string }[]
    ).map((r) => r.id);
    for (const id of ids)
      cancelNow(tx, actor, getBooking(db, id), 'Non confermata entro il termine', 'released', 'cie.booking.release_unconfirmed');
    return ids;
  });
}

export function listBookings(db: Db, q: { date: string; stationId?: string; statuses?: Booking['status'][] }): Booking[] {
  const rows = db
    .prepare(
      `SELECT id FROM cie_bookings WHERE date = @date AND (@stationId IS NULL OR station_id = @stationId)
       ORDER BY station_id, start_time, created_at`,
    )
    .all({ date: q.date, stationId: q.stationId ?? null }) as { id: string }[];
  return rows.map((r) => getBooking(db, r.id)).filter((b) => !q.statuses || q.statuses.includes(b.status));
}

export function statusLabel(s: Booking['status']): string {
  switch (s) {
    case 'booked':
      return 'prenotata';
    case 'arrived':
      return 'già in corso (cittadino arrivato)';
    case 'no_show':
      return 'segnata come assenza';
    case 'cancelled':
      return 'annullata';
    case 'released':
      return 'liberata perché non confermata';
    case 'conflict':
      return 'in conflitto con una prenotazione online';
  }
}
