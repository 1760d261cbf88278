import type { Migration } from '../store/types';

/** The IO room's tables (migrations 700–799): the adapter's "leaving now" notes (submissions.ts). */
export const ioMigrations: Migration[] = [
  {
    version: 700,
    name: 'io_submission',
    up(db) {
      db.exec('CREATE TABLE io_submission (outbox_id TEXT PRIMARY KEY, at TEXT NOT NULL)');
    },
  },
];
