import { renameStoredCodes } from '../store/renamed-error-codes';
import type { Migration } from '../store/types';

export const syncMigrations: Migration[] = [
  {
    version: 100,
    name: 'outbox',
    up(db) {
      db.exec(`
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          platform TEXT NOT NULL CHECK (platform IN ('anpr','gpd','agenda')),
          kind TEXT NOT NULL,
          ordering_key TEXT NOT NULL,
          payload TEXT NOT NULL,
          payload_version INTEGER NOT NULL,
          idempotency_key TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending','sending','done','waiting','attention','discarded')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at TEXT,
          last_error_code TEXT,
          last_error_text TEXT,
          business_type TEXT,
          business_id TEXT,
          operator_id TEXT,
          result TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (platform, idempotency_key)
        );
        CREATE INDEX outbox_open ON outbox (platform, state, ordering_key, seq);
        CREATE INDEX outbox_business ON outbox (business_type, business_id);
      `);
    },
  },
  {
    version: 101,
    name: 'platform_status',
    up(db) {
      db.exec(`
        CREATE TABLE platform_status (
          platform TEXT PRIMARY KEY,
          last_contact_at TEXT,
          last_ok_at TEXT,
          clock_skew_ms INTEGER,
          last_error TEXT
        );
      `);
    },
  },
  {
    version: 102,
    name: 'outbox_chain_indexes',
    up(db) {
      // Open items only: the engine asks "oldest open item of this key?" and walks open items by seq.
      db.exec(`
        CREATE INDEX outbox_open_chain ON outbox (platform, ordering_key, seq)
          WHERE state IN ('pending','sending','waiting','attention');
        CREATE INDEX outbox_open_seq ON outbox (platform, seq)
          WHERE state IN ('pending','sending','waiting','attention');
      `);
    },
  },
  {
    version: 103,
    name: 'outbox_without_sending',
    up(db) {
      // 'sending' was never written: an item on the wire stays 'pending' until its answer is recorded
      // (the engine counts what is in flight in memory). SQLite changes a CHECK only by rebuilding the
      // table: same columns and rows (a 'sending' row, which no release wrote, becomes 'pending': it is
      // resent with its key), the AUTOINCREMENT high-water mark kept, the indexes made again, the
      // partial ones with the open states the queries name (outbox.ts), so that they still apply.
      rebuildOutbox(db, ['anpr', 'gpd', 'agenda'], "CASE state WHEN 'sending' THEN 'pending' ELSE state END");
    },
  },
  {
    version: 104,
    name: 'outbox_error_codes_in_english',
    up(db) {
      renameStoredCodes(db, 'outbox', 'last_error_code');
    },
  },
  {
    version: 105,
    name: 'outbox_platform_hub',
    up(db) {
      // The Comune's hub (platforms/hub) is one more platform.
      rebuildOutbox(db, ['anpr', 'gpd', 'agenda', 'hub'], 'state');
    },
  },
  {
    version: 106,
    name: 'outbox_platform_io',
    up(db) {
      // The IO app's messages (core/io) are queued like every other platform's operations.
      rebuildOutbox(db, ['anpr', 'gpd', 'agenda', 'hub', 'io'], 'state');
    },
  },
];

/**
 * SQLite changes a CHECK only by rebuilding the table: same columns and rows (`stateExpr` maps a
 * stored state), the AUTOINCREMENT high-water mark kept, the indexes made again, the partial ones
 * with the open states the queries name (outbox.ts), so that they still apply.
 */
function rebuildOutbox(db: Parameters<Migration['up']>[0], platforms: string[], stateExpr: string): void {
  const seqMark = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined;
  const allowed = platforms.map((p) => `'${p}'`).join(',');
  db.exec(`
    CREATE TABLE outbox_rebuilt (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      platform TEXT NOT NULL CHECK (platform IN (${allowed})),
      kind TEXT NOT NULL,
      ordering_key TEXT NOT NULL,
      payload TEXT NOT NULL,
      payload_version INTEGER NOT NULL,
      idempotency_key TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending','done','waiting','attention','discarded')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      last_error_code TEXT,
      last_error_text TEXT,
      business_type TEXT,
      business_id TEXT,
      operator_id TEXT,
      result TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (platform, idempotency_key)
    );
    INSERT INTO outbox_rebuilt (seq, id, platform, kind, ordering_key, payload, payload_version, idempotency_key, state,
        attempts, next_attempt_at, last_error_code, last_error_text, business_type, business_id, operator_id, result,
        created_at, updated_at)
      SELECT seq, id, platform, kind, ordering_key, payload, payload_version, idempotency_key, ${stateExpr},
        attempts, next_attempt_at, last_error_code, last_error_text, business_type, business_id, operator_id, result,
        created_at, updated_at
      FROM outbox ORDER BY seq;
    DROP TABLE outbox;
    ALTER TABLE outbox_rebuilt RENAME TO outbox;
    CREATE INDEX outbox_open ON outbox (platform, state, ordering_key, seq);
    CREATE INDEX outbox_business ON outbox (business_type, business_id);
    CREATE INDEX outbox_open_chain ON outbox (platform, ordering_key, seq)
      WHERE state IN ('pending','waiting','attention');
    CREATE INDEX outbox_open_seq ON outbox (platform, seq)
      WHERE state IN ('pending','waiting','attention');
  `);
  if (seqMark) {
    db.prepare("DELETE FROM sqlite_sequence WHERE name = 'outbox'").run();
    db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(seqMark.seq);
  }
}
