/** Slots of a day from opening hours and closures; free runs of slots; the online/counter quota. */
import { foreignHolds } from './hub-mirror';
import type { Db } from '../store/types';
import { addDays, fromMinutes, toMinutes, weekdayOf } from './calendar';
import { romeDate, romeTime } from '../rome-time';
import { closuresOn, getStation, listStations, openingHours } from './stations';
import type { BookingChannel, Closure, OpeningRange } from './types';
import { stmt } from './sql';

/**
 * Start times of the day's slots: each opening range is cut into whole slots from its start;
 * a slot touching a closure (whole day, or the closure's time window) is dropped. Pure.
 */
export function slotTimes(ranges: OpeningRange[], slotMinutes: number, closures: Pick<Closure, 'fromTime' | 'toTime'>[]): string[] {
  if (closures.some((c) => c.fromTime == null || c.toTime == null)) return [];
  const windows = closures.map((c) => [toMinutes(c.fromTime!), toMinutes(c.toTime!)] as const);
  const out: string[] = [];
  for (const r of [...ranges].sort((a, b) => a.start.localeCompare(b.start))) {
    const end = toMinutes(r.end);
    for (let s = toMinutes(r.start); s + slotMinutes <= end; s += slotMinutes) {
      if (windows.some(([from, to]) => s < to && s + slotMinutes > from)) continue;
      out.push(fromMinutes(s));
    }
  }
  return out;
}

/** The day's slot start times for one station. */
export function daySlots(db: Db, stationId: string, date: string): string[] {
  const station = getStation(db, stationId);
  if (!station.active) return [];
  return slotTimes(openingHours(db, stationId, weekdayOf(date)), station.slotMinutes, closuresOn(db, stationId, date));
}

/**
 * Runs of `count` back-to-back slots starting at each slot: a family is seen one after the other
 * at the same station, so a run may not jump a lunch break or a closure. Pure.
 */
export function runsOf(slots: string[], slotMinutes: number, count: number): string[][] {
  const runs: string[][] = [];
  for (let i = 0; i + count <= slots.length; i++) {
    const run = slots.slice(i, i + count);
    if (run.every((t, k) => k === 0 || toMinutes(t) - toMinutes(run[k - 1]) === slotMinutes)) runs.push(run);
  }
  return runs;
}

export function heldTimes(db: Db, stationId: string, date: string): Map<string, string> {
  const rows = stmt(db, 'SELECT start_time, booking_id FROM cie_slot_holds WHERE station_id = ? AND date = ?').all(stationId, date) as {
    start_time: string;
    booking_id: string;
  }[];
  const held = new Map(rows.map((r) => [r.start_time, r.booking_id]));
  // Where the Comune has a hub: the slots the other counters' bookings hold, as last read from it.
  for (const [t, h] of foreignHolds(db, stationId, date)) if (!held.has(t)) held.set(t, h.bookingId);
  return held;
}

export interface DayQuota {
  total: number;
  /** Slots the online booking system may fill. */
  online: number;
  /** Slots left for counter and phone bookings. */
  counter: number;
  usedOnline: number;
  usedCounter: number;
}

/**
 * The quota splits a day's slots by count, not by position: any free slot can be booked by either
 * side until that side's share is used up (as Comuni do with "at most N online per morning").
 */
export function dayQuota(db: Db, stationId: string, date: string): DayQuota {
  const station = getStation(db, stationId);
  const total = daySlots(db, stationId, date).length;
  const online = Math.round((total * station.onlineQuotaPercent) / 100);
  const used = stmt(
    db,
    `SELECT sum(b.channel = 'online') AS o, sum(b.channel <> 'online') AS c
       FROM cie_slot_holds h JOIN cie_bookings b ON b.id = h.booking_id WHERE h.station_id = ? AND h.date = ?`,
  ).get(stationId, date) as { o: number | null; c: number | null };
  return { total, online, counter: total - online, usedOnline: used.o ?? 0, usedCounter: used.c ?? 0 };
}

export interface FreeSlotQuery {
  stationId: string;
  date: string;
  /** People to seat back to back (1–5). */
  people?: number;
  /** Whose quota applies; 'walk_in' and same-day bookings ignore the quota. */
  channel?: BookingChannel;
  /** Ignore the quota (moving an existing booking, or a clerk override). */
  ignoreQuota?: boolean;
  now?: Date;
  /** Runs held by this booking count as free (when moving it). */
  ownBookingId?: string;
}

/** Whether the quota lets `people` more slots go to `channel` on that day. */
export function quotaAllows(q: DayQuota, channel: BookingChannel, people: number): boolean {
  if (channel === 'online') return q.usedOnline + people <= q.online;
  return q.usedCounter + people <= q.counter;
}

/** Start times where `people` consecutive slots are free, not past, and within the quota. */
export function freeStarts(db: Db, q: FreeSlotQuery): string[][] {
  const station = getStation(db, q.stationId);
  const people = q.people ?? 1;
  const now = q.now ?? new Date();
  const today = romeDate(now);
  if (q.date < today) return [];
  const channel = q.channel ?? 'counter';
  if (!q.ignoreQuota && channel !== 'walk_in' && q.date > today) {
    const quota = dayQuota(db, q.stationId, q.date);
    if (q.ownBookingId) {
      const own = stmt(db, 'SELECT count(*) AS n FROM cie_slot_holds WHERE booking_id = ? AND station_id = ? AND date = ?').get(
        q.ownBookingId,
        q.stationId,
        q.date,
      ) as { n: number };
      if (channel === 'online') quota.usedOnline -= own.n;
      else quota.usedCounter -= own.n;
    }
    if (!quotaAllows(quota, channel, people)) return [];
  }
  const held = heldTimes(db, q.stationId, q.date);
  const nowMin = q.date === today ? toMinutes(romeTime(now)) : -1;
  return runsOf(daySlots(db, q.stationId, q.date), station.slotMinutes, people).filter(
    (run) =>
      toMinutes(run[0]) + station.slotMinutes > nowMin &&
      run.every((t) => !held.has(t) || (q.ownBookingId !== undefined && held.get(t) === q.ownBookingId)),
  );
}

export interface SlotProposal {
  stationId: string;
  date: string;
  startTime: string;
  times: string[];
}

/** The next free runs from a date on, across the given stations (default: all active), earliest first. */
export function nextFreeSlots(
  db: Db,
  opts: {
    fromDate: string;
    people: number;
    count: number;
    stationIds?: string[];
    preferStationId?: string;
    days?: number;
    now?: Date;
    ignoreQuota?: boolean;
    channel?: BookingChannel;
  },
): SlotProposal[] {
  const stations = opts.stationIds ?? listStations(db, { activeOnly: true }).map((s) => s.id);
  const order = [...stations].sort((a, b) => (a === opts.preferStationId ? -1 : b === opts.preferStationId ? 1 : 0));
  const out: SlotProposal[] = [];
  const now = opts.now ?? new Date();
  const start = opts.fromDate < romeDate(now) ? romeDate(now) : opts.fromDate;
  for (let d = 0; d < (opts.days ?? 90) && out.length < opts.count; d++) {
    const date = addDays(start, d);
    const day: SlotProposal[] = [];
    for (const stationId of order) {
      for (const run of freeStarts(db, {
        stationId,
        date,
        people: opts.people,
        now,
        ignoreQuota: opts.ignoreQuota,
        channel: opts.channel,
      })) {
        day.push({ stationId, date, startTime: run[0], times: run });
      }
    }
    // Stable sort keeps the preferred station first at equal times.
    day.sort((a, b) => a.startTime.localeCompare(b.startTime));
    out.push(...day.slice(0, opts.count - out.length));
  }
  return out;
}
