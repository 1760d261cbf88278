/** Tomorrow's appointments with the citizens' phone and e-mail, for the clerk to remind; CSV export. */
import type { Db } from '../store/types';
import { addDays } from './calendar';
import { romeDate } from '../rome-time';
import { listBookings } from './bookings';
import { listStations } from './stations';

export interface ReminderRow {
  date: string;
  time: string;
  station: string;
  code: string;
  names: string;
  people: number;
  phone: string;
  email: string;
  /** Online bookings not yet confirmed: worth a call before the deadline releases them. */
  confirmed: boolean;
}

export function remindersFor(db: Db, date: string): ReminderRow[] {
  const stations = new Map(listStations(db).map((s) => [s.id, s.name]));
  return listBookings(db, { date, statuses: ['booked'] })
    .map((b) => ({
      date: b.date,
      time: b.startTime,
      station: stations.get(b.stationId) ?? '',
      code: b.code,
      names: b.people.map((p) => `${p.surname} ${p.givenNames}`).join(', '),
      people: b.people.length,
      phone: b.contactPhone ?? '',
      email: b.contactEmail ?? '',
      confirmed: b.confirmedAt !== null,
    }))
    .sort((a, b) => a.time.localeCompare(b.time) || a.station.localeCompare(b.station));
}

export function tomorrowReminders(db: Db, now = new Date()): ReminderRow[] {
  return remindersFor(db, addDays(romeDate(now), 1));
}

const HEADER = ['Data', 'Ora', 'Postazione', 'Codice prenotazione', 'Persone', 'Numero persone', 'Telefono', 'E-mail', 'Confermata'];

/**
 * CSV for Italian spreadsheets: semicolon separator, CRLF, UTF-8 with BOM. Cells that a spreadsheet
 * would run as a formula (=, +, -, @) are prefixed with an apostrophe.
 */
export function remindersCsv(rows: ReminderRow[]): string {
  const cell = (v: string | number) => {
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    HEADER,
    ...rows.map((r) => [r.date, r.time, r.station, r.code, r.names, r.people, r.phone, r.email, r.confirmed ? 'sì' : 'no']),
  ];
  return '\uFEFF' + lines.map((l) => l.map(cell).join(';')).join('\r\n') + '\r\n';
}
