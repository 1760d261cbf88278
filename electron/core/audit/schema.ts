import type { Migration } from '../store/types';

export const auditMigrations: Migration[] = [
  {
    version: 3,
    name: 'audit_log',
    up(db) {
      db.exec(`
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          operator_id TEXT NOT NULL,
          workstation_id TEXT NOT NULL,
          action TEXT NOT NULL,
          entity_type TEXT NOT NULL,
          entity_id TEXT NOT NULL,
          detail TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_entity ON audit_log (entity_type, entity_id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      `);
    },
  },
];
