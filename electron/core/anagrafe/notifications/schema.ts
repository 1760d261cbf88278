import type { Migration } from '../../store/types';

/**
 * ANPR's notifications as the counter received them (poll or N000 push), one row per
 * idOperazioneANPR: the primary key is what makes a notification apply once whichever way it came.
 * The cursor is ANPR's time of the newest notification recorded; the poller asks again from a
 * little before it, so one that arrives late is not skipped, and the primary key drops repeats.
 */
export const notificationMigrations: Migration[] = [
  {
    version: 230,
    name: 'anpr_notifications',
    up(db) {
      db.exec(`
        CREATE TABLE anagrafe_notification (
          id_operazione_anpr TEXT PRIMARY KEY,
          tipo TEXT NOT NULL,            -- tipoOperazione as ANPR lists it (N010, 2001, 5005, ...)
          operazione TEXT,               -- operazioneRichiesta in the content
          anpr_at TEXT NOT NULL,         -- ANPR's dataOraRichiesta (ISO)
          decorrenza TEXT,
          source TEXT NOT NULL CHECK (source IN ('poll', 'push')),
          state TEXT NOT NULL CHECK (state IN ('applied', 'conflict', 'kept_local', 'ignored')),
          person_id TEXT,
          pratica_id TEXT,               -- the local pratica it conflicts with
          content TEXT NOT NULL,         -- JSON: the notification as read (ANPR's version)
          outcome TEXT,                  -- what was done, in the clerk's words
          received_at TEXT NOT NULL,
          resolved_at TEXT
        );
        CREATE INDEX anagrafe_notification_person ON anagrafe_notification (person_id, anpr_at);
        CREATE INDEX anagrafe_notification_state ON anagrafe_notification (state);
        CREATE TABLE anagrafe_notification_cursor (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          last_anpr_at TEXT NOT NULL,
          polled_at TEXT NOT NULL
        );
      `);
    },
  },
];
