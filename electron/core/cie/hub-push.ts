/**
 * The Comune hub (several counters, one PostgreSQL) as seen by the CIE room: every local change to
 * a booking or a walk-in ticket becomes a 'hub' outbox item, written in the change's transaction —
 * only where a hub is configured (a single-PC Comune writes nothing new). The items carry the whole
 * current state (a snapshot), so a resend, or a late one, can only say again what is true.
 */
import { randomUUID } from 'node:crypto';
import { getSetting } from '../settings/settings';
import { getWorkstation } from '../settings/workstation';
import type { TxDb } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { enqueue, markDiscarded } from '../sync/outbox';
import { z } from '../zod';
import { findBooking } from './booking-store';
import { getStation } from './stations';
import type { Booking, Station } from './types';
import { ValidationError } from '../errors';

/** The Settings key of the hub's connection (written by the hub's join, core/settings). */
export const HUB_SETTING_KEY = 'hub';
export const HUB_BOOKING_KIND = 'hub.booking';
export const HUB_TICKET_KIND = 'hub.ticket';
/** The hub refused a booking: another counter holds one of its slots. */
export const HUB_SLOT_TAKEN = 'HUB_SLOT_TAKEN';
/** The hub refused a ticket change: another counter had already called (or served) that number. */
export const HUB_TICKET_TAKEN = 'HUB_TICKET_TAKEN';

/** What the hub says of a ticket another counter took (SendOutcome.attention.detail). */
export interface HubTicketTaken {
  number: number;
  takenBy: number;
  status: 'called' | 'served' | 'left';
}

/** True when this counter belongs to a Comune hub; false: a single PC, today's behaviour. */
export function hubConfigured(db: Db): boolean {
  return getSetting<unknown>(db, HUB_SETTING_KEY) != null;
}

/**
 * With a hub, a station must carry the Comune's code for it (its id in the booking system, the same
 * on every counter): the hub matches bookings, and forbids a double booking, by that code. A station
 * created without one has its own random id, which no other counter shares: booking on it is refused.
 */
export function requireSharedStationCode(db: Db, station: Station): void {
  if (station.remoteId !== station.id || !hubConfigured(db)) return;
  throw new ValidationError(
    'CIE_STATION_NO_SHARED_CODE',
    `La postazione «${station.name}» non ha ancora il codice del Comune, lo stesso su tutti gli sportelli: senza, il server del Comune ` +
      'non può evitare che due sportelli prenotino lo stesso orario. Il responsabile indichi il codice in «Impostazioni CIE» e poi si riprova.',
    'stationId',
  );
}

/** This counter's number in the hub's registry of workstations. */
export const ownNumber = (db: Db): number => getWorkstation(db).number;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const time = z.string().regex(/^\d{2}:\d{2}$/);
const id = z.string().min(1).max(100);
const instant = z.string().min(10).max(40);

export const hubBookingPayloadV1 = z.strictObject({
  bookingId: id,
  revision: z.number().int().min(1),
  code: z.string().min(1).max(40),
  /** The station's id in the booking system (shared by every counter of the Comune). */
  stationId: id,
  date,
  times: z.array(time).min(1).max(5),
  slotMinutes: z.number().int().min(5).max(120),
  status: z.enum(['booked', 'arrived', 'no_show', 'cancelled', 'released', 'conflict']),
  channel: z.enum(['counter', 'phone', 'online', 'walk_in']),
  /** What the other counters show in their day view: the booking code and initials. */
  citizenLabel: z.string().max(120),
});
export type HubBookingPayload = z.infer<typeof hubBookingPayloadV1>;

export const hubTicketPayloadV1 = z.strictObject({
  ticketId: id,
  day: date,
  /** The counter that issued it (its workstation number). */
  issuedBy: z.number().int().min(1),
  status: z.enum(['waiting', 'called', 'served', 'left']),
  /** The counter that called or served it. */
  calledBy: z.number().int().min(1).nullable(),
  issuedAt: instant,
  calledAt: instant.nullable(),
  servedAt: instant.nullable(),
});
export type HubTicketPayload = z.infer<typeof hubTicketPayloadV1>;

/** What platforms/hub answers for a ticket (SendOutcome.done.result): the Comune's number of it. */
export interface HubTicketResult {
  number: number;
}

/** What the other counters' day view shows of a booking: its code and the first person's initials, never a name or a codice fiscale. */
function citizenLabel(b: Booking): string {
  const p = b.people[0];
  const initials = p ? ` ${p.surname.slice(0, 1).toUpperCase()}.${p.givenNames.slice(0, 1).toUpperCase()}.` : '';
  const more = b.people.length > 1 ? ` +${b.people.length - 1}` : '';
  return `${b.code}${initials}${more}`.slice(0, 40);
}

/** Tells the hub the booking's current state (inside the change's transaction); nothing without a hub. */
export function enqueueHubBooking(db: TxDb, actor: Actor, bookingId: string, keyPrefix = 'hub'): void {
  if (!hubConfigured(db)) return;
  const b = findBooking(db, bookingId);
  if (!b || b.channel === 'online') return; // online bookings are the national system's: every counter pulls them
  const station = getStation(db, b.stationId);
  const payload: HubBookingPayload = {
    bookingId: b.id,
    revision: b.revision,
    code: b.code,
    stationId: station.remoteId,
    date: b.date,
    times: b.times,
    slotMinutes: station.slotMinutes,
    status: b.status,
    channel: b.channel,
    citizenLabel: citizenLabel(b),
  };
  enqueue(db, {
    platform: 'hub',
    kind: HUB_BOOKING_KIND,
    orderingKey: `hub:booking:${b.id}`,
    payload,
    payloadVersion: 1,
    idempotencyKey: `${keyPrefix}:${randomUUID()}`,
    businessType: 'cie_booking',
    businessId: b.id,
    operatorId: actor.operatorId,
  });
}

/** Tells the hub a walk-in ticket's current state (own or another counter's); nothing without a hub. */
export function enqueueHubTicket(db: TxDb, actor: Actor, payload: HubTicketPayload, keyPrefix = 'hub'): void {
  if (!hubConfigured(db)) return;
  enqueue(db, {
    platform: 'hub',
    kind: HUB_TICKET_KIND,
    orderingKey: `hub:ticket:${payload.ticketId}`,
    payload,
    payloadVersion: 1,
    idempotencyKey: `${keyPrefix}:${randomUUID()}`,
    businessType: 'cie_walkin',
    businessId: payload.ticketId,
    operatorId: actor.operatorId,
  });
}

/**
 * The clerk resolved the conflict a HUB_SLOT_TAKEN opened (moved or cancelled the booking): the
 * refused item leaves "Operazioni da verificare" and the booking's chain goes on with the new state.
 */
export function settleHubRefusals(db: TxDb, bookingId: string, reason: string): void {
  const ids = db
    .prepare(`SELECT id FROM outbox WHERE platform = 'hub' AND state = 'attention' AND business_type = 'cie_booking' AND business_id = ?`)
    .all(bookingId) as { id: string }[];
  for (const r of ids) markDiscarded(db, r.id, reason);
}
