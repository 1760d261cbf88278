import type { Migration } from '../store/types';

/**
 * The Comune hub's mirror on this counter (versions 600–609, the hub's range): what the other
 * counters booked and queued, and the registry of workstations, as last read from the hub
 * (platforms/hub/puller.ts). The hub's own tables live in PostgreSQL (platforms/hub/schema); this
 * counter's bookings and tickets stay in cie_bookings and cie_walkins, its truth while offline.
 */
export const hubMigrations: Migration[] = [
  {
    version: 600,
    name: 'hub_mirror',
    up(db) {
      db.exec(`
        -- The Comune's number of an own walk-in ticket, handed out by the hub when the ticket reached it.
        ALTER TABLE cie_walkins ADD COLUMN comune_number INTEGER;
        -- The counter that called or served it (the hub's workstation number), when not this one.
        ALTER TABLE cie_walkins ADD COLUMN handled_by INTEGER;

        -- Bookings of the other counters (never this counter's own), one row per booking.
        CREATE TABLE hub_bookings (
          booking_id TEXT PRIMARY KEY,
          workstation INTEGER NOT NULL,
          station_remote_id TEXT NOT NULL,
          date TEXT NOT NULL,
          times TEXT NOT NULL,
          status TEXT NOT NULL,
          citizen_label TEXT,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX hub_bookings_day ON hub_bookings (station_remote_id, date);

        -- Walk-in tickets issued by the other counters.
        CREATE TABLE hub_walkins (
          ticket_id TEXT PRIMARY KEY,
          day TEXT NOT NULL,
          number INTEGER,
          issued_by INTEGER NOT NULL,
          called_by INTEGER,
          status TEXT NOT NULL CHECK (status IN ('waiting','called','served','left')),
          issued_at TEXT NOT NULL,
          called_at TEXT,
          served_at TEXT
        );
        CREATE INDEX hub_walkins_day ON hub_walkins (day, issued_at);

        CREATE TABLE hub_workstations (
          number INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          role_name TEXT,
          joined_at TEXT,
          last_contact_at TEXT,
          removed_at TEXT
        );

        CREATE TABLE hub_pull_state (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          last_pull_at TEXT,
          -- The last outbox row whose state the hub already has: JSON {updatedAt, seq}.
          states_pushed_until TEXT,
          -- When this counter last sent everything again to a hub that had lost some of it (hub-rebuild.ts).
          rebuilt_at TEXT
        );
        INSERT INTO hub_pull_state (id) VALUES (1);
        -- Which outbox items changed since the hub last heard (their states go to sportello.outbox_state).
        CREATE INDEX outbox_changed ON outbox (updated_at, seq);
      `);
    },
  },
];
