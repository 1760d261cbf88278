/** Row access for bookings, their people and slot holds. No rules here: see bookings.ts. */
import { randomInt } from 'node:crypto';
import { SportelloError } from '../errors';
import type { Db } from '../store/types';
import type { Booking, BookingPerson } from './types';
import { stmt } from './sql';

interface BookingRow {
  id: string;
  code: string;
  remote_id: string | null;
  channel: Booking['channel'];
  station_id: string;
  date: string;
  start_time: string;
  slot_count: number;
  status: Booking['status'];
  confirm_by: string | null;
  confirmed_at: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  revision: number;
  sync_state: Booking['syncState'];
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export function findBooking(db: Db, id: string): Booking | undefined {
  const r = stmt(db, 'SELECT * FROM cie_bookings WHERE id = ?').get(id) as BookingRow | undefined;
  return r && hydrate(db, r);
}

export function findBookingByRemoteId(db: Db, remoteId: string): Booking | undefined {
  const r = stmt(db, 'SELECT * FROM cie_bookings WHERE remote_id = ?').get(remoteId) as BookingRow | undefined;
  return r && hydrate(db, r);
}

export function getBooking(db: Db, id: string): Booking {
  const b = findBooking(db, id);
  if (!b)
    throw new SportelloError('CIE_BOOKING_NOT_FOUND', 'Prenotazione non trovata: ricaricare la pagina e riprovare.', { bookingId: id });
  return b;
}

export function findBookingByCode(db: Db, code: string): Booking | undefined {
  const r = stmt(db, 'SELECT * FROM cie_bookings WHERE code = ?').get(code.trim().toUpperCase()) as BookingRow | undefined;
  return r && hydrate(db, r);
}

function hydrate(db: Db, r: BookingRow): Booking {
  const people = stmt(
    db,
    `SELECT idx, person_id AS personId, codice_fiscale AS codiceFiscale, surname, given_names AS givenNames,
              birth_date AS birthDate
       FROM cie_booking_people WHERE booking_id = ? ORDER BY idx`,
  ).all(r.id) as BookingPerson[];
  return {
    id: r.id,
    code: r.code,
    remoteId: r.remote_id,
    channel: r.channel,
    stationId: r.station_id,
    date: r.date,
    startTime: r.start_time,
    slotCount: r.slot_count,
    times: slotTimesOf(r.start_time, r.slot_count, slotMinutesOf(db, r.station_id)),
    status: r.status,
    confirmBy: r.confirm_by,
    confirmedAt: r.confirmed_at,
    contactPhone: r.contact_phone,
    contactEmail: r.contact_email,
    revision: r.revision,
    syncState: r.sync_state,
    statusReason: r.status_reason,
    people,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function slotMinutesOf(db: Db, stationId: string): number {
  return (stmt(db, 'SELECT slot_minutes AS m FROM cie_stations WHERE id = ?').get(stationId) as { m: number }).m;
}

function slotTimesOf(start: string, count: number, minutes: number): string[] {
  const s = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5));
  return Array.from({ length: count }, (_, i) => {
    const m = s + i * minutes;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  });
}

/** Holds the slots for a booking; throws CIE_SLOT_TAKEN if any is already held by someone else. */
export function holdSlots(db: Db, bookingId: string, stationId: string, date: string, times: string[]): void {
  const ins = stmt(db, 'INSERT INTO cie_slot_holds (station_id, date, start_time, booking_id, person_idx) VALUES (?, ?, ?, ?, ?)');
  times.forEach((t, i) => {
    try {
      ins.run(stationId, date, t, bookingId, i);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new SportelloError(
          'CIE_SLOT_TAKEN',
          `L'orario delle ${t} è appena stato occupato da un'altra prenotazione: scegliere un altro orario.`,
          { stationId, date, time: t },
        );
      }
      throw e;
    }
  });
}

export function releaseHolds(db: Db, bookingId: string): void {
  stmt(db, 'DELETE FROM cie_slot_holds WHERE booking_id = ?').run(bookingId);
}

export function holdersOf(db: Db, stationId: string, date: string, times: string[]): string[] {
  if (times.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT DISTINCT booking_id AS id FROM cie_slot_holds
       WHERE station_id = ? AND date = ? AND start_time IN (${times.map(() => '?').join(',')})`,
  ).all(stationId, date, ...times) as { id: string }[];
  return rows.map((r) => r.id);
}

export function insertPeople(db: Db, bookingId: string, people: Omit<BookingPerson, 'idx'>[]): void {
  stmt(db, 'DELETE FROM cie_booking_people WHERE booking_id = ?').run(bookingId);
  const ins = stmt(
    db,
    `INSERT INTO cie_booking_people (booking_id, idx, person_id, codice_fiscale, surname, given_names, birth_date)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  people.forEach((p, i) =>
    ins.run(bookingId, i, p.personId ?? null, p.codiceFiscale ?? null, p.surname, p.givenNames, p.birthDate ?? null),
  );
}

export function setStatus(db: Db, id: string, status: Booking['status'], reason: string | null): void {
  stmt(db, 'UPDATE cie_bookings SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
    status,
    reason,
    new Date().toISOString(),
    id,
  );
}

export function setSyncState(db: Db, id: string, state: Booking['syncState']): void {
  stmt(db, 'UPDATE cie_bookings SET sync_state = ?, updated_at = ? WHERE id = ?').run(state, new Date().toISOString(), id);
}

// Crockford-like alphabet without 0/O, 1/I/L, U: codes are read aloud on the phone.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short booking code the citizen can read out, unique in the local agenda ("C-7K3M9Q"). */
export function newBookingCode(db: Db): string {
  for (;;) {
    let s = 'C-';
    for (let i = 0; i < 6; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (!stmt(db, 'SELECT 1 FROM cie_bookings WHERE code = ?').get(s)) return s;
  }
}
