import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrations as anagrafeMigrations } from '../../../electron/core/anagrafe/schema';
import { loadAnprComuniArchive, loadAnprForeignStates, loadEmbeddedPlaces } from '../../../electron/core/anagrafe/places';
import { auditMigrations } from '../../../electron/core/audit/schema';
import { migrate } from '../../../electron/core/store/migrate';
import type { Actor, Db } from '../../../electron/core/store/types';
import { syncMigrations } from '../../../electron/core/sync/schema';

export const clerk: Actor = { operatorId: 'op-test', workstationId: 'ws-test' };

/** ANPR's official artefacts (never copied into the repo): ../shared/data/anpr from the repo root. */
export const ANPR_DATA = fileURLToPath(new URL('../../../../shared/data/anpr/', import.meta.url));
export const hasAnprData = existsSync(join(ANPR_DATA, 'ANPR_archivio_comuni.csv'));
export const NO_DATA_REASON = `ANPR data not found in ${ANPR_DATA}: place-dependent tests skipped`;

/** A real SQLite file in a temp dir with the audit, sync and anagrafe schemas. */
export function openTestDb(): { db: Db; dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-anagrafe-'));
  const db = new Database(join(dir, 'test.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, [...auditMigrations, ...syncMigrations, ...anagrafeMigrations]);
  return {
    db,
    dir,
    cleanup() {
      try {
        db.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Loads the ANPR comuni archive and Tabella 2, plus the ceased foreign states from the embedded dataset. */
export async function loadOfficialPlaces(db: Db): Promise<{ comuni: number; stati: number; ceased: number }> {
  const comuni = loadAnprComuniArchive(db, readFileSync(join(ANPR_DATA, 'ANPR_archivio_comuni.csv'), 'utf8'));
  const stati = loadAnprForeignStates(db, readFileSync(join(ANPR_DATA, 'ANPR_tabella_2_stati_esteri_20181109.csv'), 'utf8'));
  const ceased = await loadEmbeddedPlaces(db, 'ceased-states');
  return { comuni, stati, ceased };
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
