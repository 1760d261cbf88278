/** The day of one station, slot by slot, for the clerk's agenda screen. */
import type { Db } from '../store/types';
import { listBookings } from './bookings';
import { listConflicts, type Conflict } from './conflicts';
import { dayQuota, daySlots, type DayQuota } from './slots';
import { closuresOn, getStation } from './stations';
import type { Booking, Closure, Station } from './types';
import { listWalkIns } from './walkins';

export interface DaySlot {
  time: string;
  /** The booking holding the slot and which of its people sits in it. */
  booking: {
    id: string;
    code: string;
    channel: Booking['channel'];
    status: Booking['status'];
    confirmed: boolean;
    personIdx: number;
    name: string;
  } | null;
}

export interface DayView {
  station: Station;
  date: string;
  closures: Closure[];
  slots: DaySlot[];
  quota: DayQuota;
  /** Every booking of the day at this station, including cancelled and no-shows, by time. */
  bookings: Booking[];
  /** Counter bookings of this day that lost their slot to an online booking and wait for the clerk. */
  openConflicts: Conflict[];
  walkInsWaiting: number;
}

export function dayView(db: Db, stationId: string, date: string): DayView {
  const station = getStation(db, stationId);
  const bookings = listBookings(db, { date, stationId });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const holds = db
    .prepare('SELECT start_time, booking_id, person_idx FROM cie_slot_holds WHERE station_id = ? AND date = ?')
    .all(stationId, date) as { start_time: string; booking_id: string; person_idx: number }[];
  const holdAt = new Map(holds.map((h) => [h.start_time, h]));
  const slots: DaySlot[] = daySlots(db, stationId, date).map((time) => {
    const h = holdAt.get(time);
    const b = h ? byId.get(h.booking_id) : undefined;
    const p = b?.people.find((x) => x.idx === h!.person_idx);
    return {
      time,
      booking:
        b && h
          ? {
              id: b.id,
              code: b.code,
              channel: b.channel,
              status: b.status,
              confirmed: b.confirmedAt !== null,
              personIdx: h.person_idx,
              name: p ? `${p.surname} ${p.givenNames}` : '',
            }
          : null,
    };
  });
  return {
    station,
    date,
    closures: closuresOn(db, stationId, date),
    slots,
    quota: dayQuota(db, stationId, date),
    bookings,
    openConflicts: listConflicts(db, { status: 'open', date }).filter((c) => c.stationId === stationId),
    walkInsWaiting: listWalkIns(db, date, { openOnly: true }).length,
  };
}
