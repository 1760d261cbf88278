/**
 * The booking's facts for its IO messages (core/io words and queues them, only when a service
 * sends CIE appointments): what the printed receipt says — day, time, station, place, what to bring.
 */
import { type BookingMessageInput, queueBookingCancelled, queueBookingConfirmation, queueBookingMoved } from '../io/queue';
import type { TxDb } from '../store/tx';
import type { Actor } from '../store/types';
import { italianLongDate } from './calendar';
import { whatToBring } from './receipt-data';
import { getSettings, getStation } from './stations';
import type { Booking } from './types';

function facts(db: TxDb, b: Booking, now: Date): BookingMessageInput {
  const station = getStation(db, b.stationId);
  const s = getSettings(db);
  return {
    bookingId: b.id,
    revision: b.revision,
    appointment: {
      comuneName: s.comuneName || 'Comune',
      code: b.code,
      date: b.date,
      dateLabel: italianLongDate(b.date),
      stationName: station.name,
      place: station.place,
      whatToBring: whatToBring(s.feeCents, s.duplicateFeeCents),
    },
    people: b.people.map((p, i) => ({
      codiceFiscale: p.codiceFiscale,
      name: `${p.surname} ${p.givenNames}`,
      time: b.times[i] ?? b.startTime,
    })),
    now,
  };
}

export function ioBooked(db: TxDb, actor: Actor, b: Booking, now: Date): void {
  queueBookingConfirmation(db, actor, facts(db, b, now));
}

export function ioMoved(db: TxDb, actor: Actor, before: Booking, after: Booking, now: Date): void {
  queueBookingMoved(db, actor, facts(db, after, now), { date: before.date, time: before.startTime });
}

export function ioCancelled(db: TxDb, actor: Actor, b: Booking, now: Date): void {
  queueBookingCancelled(db, actor, facts(db, b, now));
}
