/** The day of one station, slot by slot, for the clerk's agenda screen. */
import type { Db } from '../store/types';
import { listBookings } from './bookings';
import { listConflicts, type Conflict } from './conflicts';
import { dayQuota, daySlots, type DayQuota } from './slots';
import { closuresOn, getStation } from './stations';
import type { Booking, Closure, Station } from './types';
import { listWalkIns } from './walkins';
import { hubConfigured, ownNumber } from './hub-push';
import { foreignHolds, workstationName } from './hub-mirror';

function otherCounters(holds: ReturnType<typeof foreignHolds>, mark: (n: number) => CounterMark): DayView['otherCounters'] {
  const byBooking = new Map<string, DayView['otherCounters'][number]>();
  for (const [time, h] of [...holds.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const seen = byBooking.get(h.bookingId);
    if (seen) seen.times.push(time);
    else
      byBooking.set(h.bookingId, {
        bookingId: h.bookingId,
        counter: mark(h.workstation),
        times: [time],
        status: h.status,
        label: h.label ?? '',
      });
  }
  return [...byBooking.values()];
}

/** Which counter of the Comune holds a booking (only where the Comune has a hub). */
export interface CounterMark {
  number: number;
  name: string;
  /** This PC. */
  self: boolean;
}

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
    /** With a hub: the counter that booked it (another counter's booking has no code and only a short name). */
    counter: CounterMark | null;
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
  /** With a hub: the other counters' bookings of this station and day, as last read from the hub. */
  otherCounters: { bookingId: string; counter: CounterMark; times: string[]; status: string; label: string }[];
}

export function dayView(db: Db, stationId: string, date: string): DayView {
  const station = getStation(db, stationId);
  const bookings = listBookings(db, { date, stationId });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const holds = db
    .prepare('SELECT start_time, booking_id, person_idx FROM cie_slot_holds WHERE station_id = ? AND date = ?')
    .all(stationId, date) as { start_time: string; booking_id: string; person_idx: number }[];
  const holdAt = new Map(holds.map((h) => [h.start_time, h]));
  const hub = hubConfigured(db);
  const me = hub ? ownNumber(db) : 0;
  const selfMark: CounterMark | null = hub ? { number: me, name: workstationName(db, me), self: true } : null;
  const theirs = hub ? foreignHolds(db, stationId, date) : new Map<string, never>();
  const mark = (n: number): CounterMark => ({ number: n, name: workstationName(db, n), self: false });
  const slots: DaySlot[] = daySlots(db, stationId, date).map((time) => {
    const h = holdAt.get(time);
    const b = h ? byId.get(h.booking_id) : undefined;
    const p = b?.people.find((x) => x.idx === h!.person_idx);
    const f = b ? undefined : theirs.get(time);
    if (f) {
      return {
        time,
        booking: {
          id: f.bookingId,
          code: '',
          channel: 'counter' as const,
          status: f.status === 'arrived' ? ('arrived' as const) : ('booked' as const),
          confirmed: true,
          personIdx: f.personIdx,
          name: f.label ?? '',
          counter: mark(f.workstation),
        },
      };
    }
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
              counter: b.channel === 'online' ? null : selfMark,
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
    otherCounters: otherCounters(theirs, mark),
  };
}
