/** Shapes shared by the CIE agenda modules. Dates `YYYY-MM-DD` (Rome), times `HH:MM`, instants UTC ISO. */

export type BookingChannel = 'counter' | 'phone' | 'online' | 'walk_in';

/**
 * booked → arrived | no_show | cancelled | released (online, unconfirmed past the deadline) |
 * conflict (its slot was taken online before our push reached the booking system).
 */
export type BookingStatus = 'booked' | 'arrived' | 'no_show' | 'cancelled' | 'released' | 'conflict';

/** pending: waiting to reach the booking system; remote: came from it; attention: refused, see outbox. */
export type BookingSyncState = 'pending' | 'synced' | 'attention' | 'remote';

export interface Station {
  id: string;
  remoteId: string;
  name: string;
  /** Where the citizen goes: printed on the receipt ("Ufficio anagrafe, piano terra, via Roma 1"). */
  place: string;
  slotMinutes: number;
  onlineQuotaPercent: number;
  active: boolean;
}

export interface OpeningRange {
  weekday: number;
  start: string;
  end: string;
}

export interface Closure {
  id: string;
  /** null: every station of the Comune. */
  stationId: string | null;
  dateFrom: string;
  dateTo: string;
  /** Both null: the whole day. */
  fromTime: string | null;
  toTime: string | null;
  reason: string;
}

export interface PersonInput {
  /** The person's id in the local registry, when booked from it. */
  personId?: string | null;
  codiceFiscale?: string | null;
  surname: string;
  givenNames: string;
  birthDate?: string | null;
}

export interface BookingPerson extends Required<PersonInput> {
  idx: number;
}

export interface Booking {
  id: string;
  code: string;
  remoteId: string | null;
  channel: BookingChannel;
  stationId: string;
  date: string;
  startTime: string;
  slotCount: number;
  /** Start time of each person's slot, in order. */
  times: string[];
  status: BookingStatus;
  confirmBy: string | null;
  confirmedAt: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  revision: number;
  syncState: BookingSyncState;
  statusReason: string | null;
  people: BookingPerson[];
  createdAt: string;
  updatedAt: string;
}

export interface CieSettings {
  comuneName: string;
  /** Online bookings must be confirmed by the end of the day this many days before the appointment. */
  confirmationDays: number;
  feeCents: number;
  /** Fee when a still-valid card was lost, stolen or damaged. */
  duplicateFeeCents: number;
}

/** What the booking system says about a booking (pushed or pulled); see platforms/agenda/README.md. */
export interface RemoteBooking {
  bookingId: string;
  code: string;
  stationId: string;
  date: string;
  times: string[];
  channel: BookingChannel;
  people: { codiceFiscale?: string | null; surname: string; givenNames: string; birthDate?: string | null }[];
  contact?: { phone?: string | null; email?: string | null };
  status: 'booked' | 'cancelled';
  confirmed: boolean;
  revision: number;
}

export interface RemoteChange {
  seq: number;
  type: 'booked' | 'moved' | 'confirmed' | 'cancelled';
  at: string;
  booking: RemoteBooking;
}

/** Outbox payloads of platform 'agenda' (payloadVersion 1). */
export interface AgendaBookPayload {
  bookingId: string;
  revision: number;
  code: string;
  stationId: string;
  date: string;
  times: string[];
  channel: BookingChannel;
  people: { codiceFiscale: string | null; surname: string; givenNames: string; birthDate: string | null }[];
  contact: { phone: string | null; email: string | null };
}

export interface AgendaCancelPayload {
  bookingId: string;
  reason: string;
}

export interface AgendaConfirmPayload {
  bookingId: string;
}

/** What platforms/agenda returns in SendOutcome.done.result for a book. */
export type AgendaBookResult =
  | { outcome: 'booked'; bookingId: string; code: string; revision: number }
  | { outcome: 'conflict'; takenBy: { bookingId: string; code: string } | null; times: string[] };
