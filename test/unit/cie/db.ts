import Database from 'better-sqlite3-multiple-ciphers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditMigrations } from '../../../electron/core/audit/schema';
import { migrations as cieMigrations } from '../../../electron/core/cie/schema';
import { migrate } from '../../../electron/core/store/migrate';
import type { Actor, Db } from '../../../electron/core/store/types';
import { syncMigrations } from '../../../electron/core/sync/schema';

export const clerk: Actor = { operatorId: 'op-test', workstationId: 'ws-test' };

/** A real SQLite file in a temp dir with the foundation, sync and CIE schemas. */
export function openTestDb(): { db: Db; file: string; dir: string; reopen(): Db; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-cie-'));
  const file = join(dir, 'test.db');
  const open = () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, [...auditMigrations, ...syncMigrations, ...cieMigrations]);
    return db;
  };
  const db = open();
  return {
    db,
    file,
    dir,
    reopen: open,
    cleanup() {
      try { db.close(); } catch { /* already closed */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
