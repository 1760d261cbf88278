import type { Migration } from '../store/types';
import { hubMigrations } from './hub-schema';

/** CIE agenda tables (versions 400–499), and the Comune hub's mirror (600–609, hub-schema.ts). */
export const migrations: Migration[] = [
  {
    version: 400,
    name: 'cie_agenda',
    up(db) {
      db.exec(`
        CREATE TABLE cie_settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          comune_name TEXT NOT NULL DEFAULT '',
          confirmation_days INTEGER NOT NULL DEFAULT 3 CHECK (confirmation_days BETWEEN 0 AND 60),
          fee_cents INTEGER NOT NULL DEFAULT 2221 CHECK (fee_cents >= 0),
          duplicate_fee_cents INTEGER NOT NULL DEFAULT 2737 CHECK (duplicate_fee_cents >= 0),
          updated_at TEXT NOT NULL
        );
        INSERT INTO cie_settings (id, updated_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%fZ','now'));

        CREATE TABLE cie_stations (
          id TEXT PRIMARY KEY,
          remote_id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          place TEXT NOT NULL,
          slot_minutes INTEGER NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 120),
          online_quota_percent INTEGER NOT NULL DEFAULT 50 CHECK (online_quota_percent BETWEEN 0 AND 100),
          active INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );

        CREATE TABLE cie_opening_hours (
          station_id TEXT NOT NULL REFERENCES cie_stations(id),
          weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
          start_time TEXT NOT NULL,
          end_time TEXT NOT NULL,
          PRIMARY KEY (station_id, weekday, start_time),
          CHECK (start_time < end_time)
        );

        CREATE TABLE cie_closures (
          id TEXT PRIMARY KEY,
          station_id TEXT REFERENCES cie_stations(id),
          date_from TEXT NOT NULL,
          date_to TEXT NOT NULL,
          from_time TEXT,
          to_time TEXT,
          reason TEXT NOT NULL,
          created_at TEXT NOT NULL,
          CHECK (date_from <= date_to)
        );

        CREATE TABLE cie_bookings (
          id TEXT PRIMARY KEY,
          code TEXT NOT NULL UNIQUE,
          remote_id TEXT UNIQUE,
          channel TEXT NOT NULL CHECK (channel IN ('counter','phone','online','walk_in')),
          station_id TEXT NOT NULL REFERENCES cie_stations(id),
          date TEXT NOT NULL,
          start_time TEXT NOT NULL,
          slot_count INTEGER NOT NULL CHECK (slot_count BETWEEN 1 AND 5),
          status TEXT NOT NULL CHECK (status IN ('booked','arrived','no_show','cancelled','released','conflict')),
          confirm_by TEXT,
          confirmed_at TEXT,
          contact_phone TEXT,
          contact_email TEXT,
          revision INTEGER NOT NULL DEFAULT 1,
          sync_state TEXT NOT NULL CHECK (sync_state IN ('pending','synced','attention','remote')),
          status_reason TEXT,
          created_by TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX cie_bookings_day ON cie_bookings (date, station_id, start_time);

        CREATE TABLE cie_booking_people (
          booking_id TEXT NOT NULL REFERENCES cie_bookings(id),
          idx INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 4),
          person_id TEXT,
          codice_fiscale TEXT,
          surname TEXT NOT NULL,
          given_names TEXT NOT NULL,
          birth_date TEXT,
          PRIMARY KEY (booking_id, idx)
        );

        -- One row per occupied slot: the primary key is what forbids a local double booking.
        CREATE TABLE cie_slot_holds (
          station_id TEXT NOT NULL,
          date TEXT NOT NULL,
          start_time TEXT NOT NULL,
          booking_id TEXT NOT NULL REFERENCES cie_bookings(id),
          person_idx INTEGER NOT NULL,
          PRIMARY KEY (station_id, date, start_time)
        );
        CREATE INDEX cie_slot_holds_booking ON cie_slot_holds (booking_id);

        CREATE TABLE cie_conflicts (
          id TEXT PRIMARY KEY,
          booking_id TEXT NOT NULL REFERENCES cie_bookings(id),
          station_id TEXT NOT NULL,
          date TEXT NOT NULL,
          start_time TEXT NOT NULL,
          taken_by_booking_id TEXT,
          taken_by_remote_id TEXT,
          detected_via TEXT NOT NULL CHECK (detected_via IN ('push','pull')),
          detected_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open','resolved')),
          outcome TEXT CHECK (outcome IN ('moved','cancelled')),
          new_station_id TEXT,
          new_date TEXT,
          new_start_time TEXT,
          told_whom TEXT,
          told_how TEXT CHECK (told_how IN ('phone','email','sms','in_person','not_reached')),
          told_at TEXT,
          note TEXT,
          resolved_by TEXT,
          resolved_at TEXT
        );
        CREATE UNIQUE INDEX cie_conflicts_one_open ON cie_conflicts (booking_id) WHERE status = 'open';

        CREATE TABLE cie_walkins (
          id TEXT PRIMARY KEY,
          date TEXT NOT NULL,
          number INTEGER NOT NULL,
          name TEXT NOT NULL,
          reason TEXT,
          status TEXT NOT NULL CHECK (status IN ('waiting','called','served','left')),
          booking_id TEXT REFERENCES cie_bookings(id),
          arrived_at TEXT NOT NULL,
          called_at TEXT,
          done_at TEXT,
          UNIQUE (date, number)
        );

        CREATE TABLE cie_checklists (
          booking_id TEXT NOT NULL REFERENCES cie_bookings(id),
          person_idx INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('open','ready','issued')),
          data TEXT NOT NULL,
          ready_at TEXT,
          ready_by TEXT,
          cieonline_pratica TEXT,
          issued_at TEXT,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (booking_id, person_idx)
        );

        CREATE TABLE cie_pull_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          cursor TEXT,
          last_pull_at TEXT
        );
      `);
    },
  },
  ...hubMigrations,
];
