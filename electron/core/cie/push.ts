/** Outbox items of platform 'agenda' for bookings: the booking system hears about every local change. */
import { enqueue } from '../sync/outbox';
import type { TxDb } from '../store/tx';
import type { Actor } from '../store/types';
import { getStation } from './stations';
import type { AgendaBookPayload, AgendaCancelPayload, AgendaConfirmPayload, Booking } from './types';

export const BOOK_KIND = 'agenda.book';
export const CANCEL_KIND = 'agenda.cancel';
export const CONFIRM_KIND = 'agenda.confirm';
export const BUSINESS_TYPE = 'cie_booking';

const orderingKey = (b: Booking) => `agenda:booking:${b.id}`;

/**
 * The first push of a booking uses the booking id itself as idempotency key; a later revision
 * (moved to another slot) is a different operation with its own key, resent unchanged on retry.
 */
export function bookKey(b: Booking): string {
  return b.revision === 1 ? b.id : `${b.id}#r${b.revision}`;
}

export function enqueueBook(db: TxDb, actor: Actor, b: Booking): void {
  const payload: AgendaBookPayload = {
    bookingId: b.remoteId ?? b.id,
    revision: b.revision,
    code: b.code,
    stationId: getStation(db, b.stationId).remoteId,
    date: b.date,
    times: b.times,
    channel: b.channel,
    people: b.people.map((p) => ({ codiceFiscale: p.codiceFiscale, surname: p.surname, givenNames: p.givenNames, birthDate: p.birthDate })),
    contact: { phone: b.contactPhone, email: b.contactEmail },
  };
  enqueue(db, {
    platform: 'agenda',
    kind: BOOK_KIND,
    orderingKey: orderingKey(b),
    payload,
    payloadVersion: 1,
    idempotencyKey: bookKey(b),
    businessType: BUSINESS_TYPE,
    businessId: b.id,
    operatorId: actor.operatorId,
  });
}

export function enqueueCancel(db: TxDb, actor: Actor, b: Booking, reason: string): void {
  const payload: AgendaCancelPayload = { bookingId: b.remoteId ?? b.id, reason };
  enqueue(db, {
    platform: 'agenda',
    kind: CANCEL_KIND,
    orderingKey: orderingKey(b),
    payload,
    payloadVersion: 1,
    idempotencyKey: `${b.id}#cancel`,
    businessType: BUSINESS_TYPE,
    businessId: b.id,
    operatorId: actor.operatorId,
  });
}

export function enqueueConfirm(db: TxDb, actor: Actor, b: Booking): void {
  const payload: AgendaConfirmPayload = { bookingId: b.remoteId ?? b.id };
  enqueue(db, {
    platform: 'agenda',
    kind: CONFIRM_KIND,
    orderingKey: orderingKey(b),
    payload,
    payloadVersion: 1,
    idempotencyKey: `${b.id}#confirm`,
    businessType: BUSINESS_TYPE,
    businessId: b.id,
    operatorId: actor.operatorId,
  });
}
