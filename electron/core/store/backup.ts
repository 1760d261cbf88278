import { existsSync, renameSync, rmSync } from 'node:fs';
import { SportelloError } from '../errors';
import { openEncryptedDb, type DbKey } from './open';
import type { Db } from './types';

/**
 * Writes a consistent, encrypted copy of the open database to `target` (VACUUM INTO keeps the
 * source's cipher and key, so the copy never holds plaintext). The copy is verified by opening
 * it with the key before it is renamed into place.
 */
export function backupTo(db: Db, key: DbKey, target: string): void {
  if (existsSync(target)) {
    throw new SportelloError('BACKUP_EXISTS', 'Il file di backup esiste già: scegliere un altro nome.', { target });
  }
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    verifyBackup(partial, key);
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    if (e instanceof SportelloError) throw e;
    throw new SportelloError('BACKUP_FAILED', 'Il backup non è riuscito: controllare lo spazio libero sul disco e riprovare.', { error: String(e) }, { cause: e });
  }
}

/** Opens a backup with the key and runs an integrity check; throws BACKUP_INVALID otherwise. */
export function verifyBackup(file: string, key: DbKey): void {
  let copy: Db | undefined;
  try {
    copy = openEncryptedDb(file, key);
    const ok = copy.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(String(ok));
  } catch (e) {
    throw new SportelloError('BACKUP_INVALID', 'Il file di backup non è valido o non appartiene a questa postazione.', { error: String(e) }, { cause: e });
  } finally {
    copy?.close();
  }
}

/**
 * Replaces the database file at `dbFile` with the backup. The caller must have closed every
 * connection to `dbFile`. The previous file is kept as `<dbFile>.before-restore`.
 */
export function restoreFrom(source: string, dbFile: string, key: DbKey): void {
  verifyBackup(source, key);
  for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
  if (existsSync(dbFile)) renameSync(dbFile, `${dbFile}.before-restore`);
  const copy = openEncryptedDb(source, key);
  try {
    copy.prepare('VACUUM INTO ?').run(dbFile);
  } finally {
    copy.close();
  }
}
