import { chmodSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { SportelloError } from '../errors';
import { acquireInstanceLock, createPrivateFile, FolderInUseError } from './instance-lock';
import { allMigrations } from './migrations';
import { applyCipher, openEncryptedDb, type DbKey } from './open';
import { DB_FILE_NAME } from './store';
import type { Db, Migration } from './types';

/**
 * Writes a consistent, encrypted copy of the open database to `target` (VACUUM INTO keeps the
 * source's cipher and key, so the copy never holds plaintext). The copy is verified by opening
 * it with the key before it is renamed into place. Only reads `db`: it may be a read-only
 * connection beside a running Sportello. The copy is created 0600.
 */
export function backupTo(db: Db, key: DbKey, target: string): void {
  if (existsSync(target)) {
    throw new SportelloError('BACKUP_EXISTS', 'Il file di backup esiste già: scegliere un altro nome.', { target });
  }
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 }); // a folder made for backups is private too
    createPrivateFile(partial); // VACUUM INTO accepts an empty file, and keeps its mode
    db.prepare('VACUUM INTO ?').run(partial);
    chmodSync(partial, 0o600);
    verifyBackup(partial, key);
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    if (e instanceof SportelloError) throw e;
    throw new SportelloError(
      'BACKUP_FAILED',
      'Il backup non è riuscito: controllare lo spazio libero sul disco e riprovare.',
      { error: String(e) },
      { cause: e },
    );
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
    throw new SportelloError(
      'BACKUP_INVALID',
      'Il file di backup non è valido o non appartiene a questa postazione.',
      { error: String(e) },
      { cause: e },
    );
  } finally {
    copy?.close();
  }
}

/** Why a restore was refused; each has its own code (and its own exit code in sportello-admin). */
export type RestoreRefusalCode =
  | 'RESTORE_SOURCE_MISSING'
  | 'RESTORE_WRONG_KEY'
  | 'RESTORE_CORRUPT'
  | 'RESTORE_NOT_SPORTELLO'
  | 'RESTORE_NEWER_SCHEMA'
  | 'RESTORE_SPORTELLO_RUNNING'
  | 'RESTORE_KEEP_FAILED';

export class RestoreRefused extends SportelloError {
  constructor(
    readonly refusal: RestoreRefusalCode,
    message: string,
    details?: Record<string, unknown>,
    cause?: unknown,
  ) {
    super(refusal, message, details, { cause });
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  /** Where the database that was in place is kept (null when the folder had none). */
  keptAs: string | null;
  /** The restored database's schema version (Sportello brings it up to date at its next start). */
  schemaVersion: number;
}

/**
 * Replaces the data folder's database with a backup, after checking everything first: the file
 * exists, opens with the key, passes integrity_check, is a Sportello database of a schema version
 * this app knows, and no Sportello is running on the folder (its lock is held during the restore,
 * so none can start meanwhile). Until every check has passed nothing in the folder is touched.
 * The database in place is kept as `sportello.db.before-restore-<instant>` — WAL checkpointed into
 * it first, never overwriting an earlier copy — before the backup is copied in and renamed over it.
 */
export function restoreFrom(
  source: string,
  dataDir: string,
  key: DbKey,
  opts: { now?: () => Date; migrations?: readonly Migration[] } = {},
): RestoreResult {
  const now = opts.now ?? (() => new Date());
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new RestoreRefused(
      'RESTORE_SOURCE_MISSING',
      `Il file ${source} non esiste (o non è un file): controllare il percorso. Il database attuale non è stato toccato.`,
    );
  }
  let lock;
  try {
    lock = acquireInstanceLock(dataDir, 'admin');
  } catch (e) {
    if (!(e instanceof FolderInUseError)) throw e;
    throw new RestoreRefused(
      'RESTORE_SPORTELLO_RUNNING',
      `${e.userMessage} Il ripristino non è stato eseguito: il database attuale non è stato toccato.`,
      { pid: e.holder?.pid },
    );
  }
  try {
    const schemaVersion = checkRestoreSource(source, key, opts.migrations ?? allMigrations);
    const dbFile = join(dataDir, DB_FILE_NAME);
    const keptAs = existsSync(dbFile) ? keepCurrent(dbFile, key, now()) : null;
    const incoming = `${dbFile}.restoring`;
    rmSync(incoming, { force: true });
    try {
      createPrivateFile(incoming);
      const copy = openReadOnly(source, key);
      try {
        copy.prepare('VACUUM INTO ?').run(incoming);
      } finally {
        copy.close();
      }
      chmodSync(incoming, 0o600);
      verifyBackup(incoming, key);
      for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
      renameSync(incoming, dbFile);
    } catch (e) {
      rmSync(incoming, { force: true });
      throw e;
    }
    return { keptAs, schemaVersion };
  } finally {
    lock.release();
  }
}

/**
 * The checks on a backup before a restore; returns its schema version. Opens it read-only, so
 * checking never changes the backup.
 */
export function checkRestoreSource(source: string, key: DbKey, migrations: readonly Migration[] = allMigrations): number {
  const untouched = 'Il database attuale non è stato toccato.';
  let db: Db;
  try {
    db = openReadOnly(source, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    throw new RestoreRefused(
      'RESTORE_WRONG_KEY',
      `Il file ${source} non si apre con la chiave di questa postazione: è la copia di un'altra postazione, oppure non è un backup di Sportello. ${untouched}`,
      undefined,
      e,
    );
  }
  try {
    let verdict: string;
    try {
      verdict = String(db.pragma('integrity_check', { simple: true }));
    } catch (e) {
      verdict = String(e);
    }
    if (verdict !== 'ok') {
      throw new RestoreRefused(
        'RESTORE_CORRUPT',
        `Il file ${source} è danneggiato (controllo di integrità non superato): usare un altro backup. ${untouched}`,
        { integrity: verdict.slice(0, 200) },
      );
    }
    const hasMigrations = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
    const versions = hasMigrations
      ? (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version)
      : [];
    if (versions.length === 0) {
      throw new RestoreRefused(
        'RESTORE_NOT_SPORTELLO',
        `Il file ${source} si apre con la chiave, ma non contiene un database di Sportello (è vuoto o di un altro programma). ${untouched}`,
      );
    }
    const known = new Set(migrations.map((m) => m.version));
    const unknown = versions.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new RestoreRefused(
        'RESTORE_NEWER_SCHEMA',
        `Il file ${source} è stato scritto da una versione di Sportello più recente di questa: aggiornare Sportello prima di ripristinarlo. ${untouched}`,
        { unknownVersions: unknown.slice(0, 10) },
      );
    }
    return Math.max(...versions);
  } finally {
    db.close();
  }
}

/** Checkpoints the WAL into the current database and copies it beside, under a name never used before. */
function keepCurrent(dbFile: string, key: DbKey, at: Date): string {
  const written: string[] = [];
  try {
    try {
      const current = openEncryptedDb(dbFile, key);
      try {
        current.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
    } catch {
      // The current database does not open (perhaps why it is being restored): it is kept as it
      // is, with its WAL beside it, below.
    }
    const stamp = at.toISOString().replace(/[:.]/g, '-');
    let kept = `${dbFile}.before-restore-${stamp}`;
    for (let n = 2; existsSync(kept) || existsSync(`${kept}-wal`); n++) kept = `${dbFile}.before-restore-${stamp}-${n}`;
    written.push(kept);
    copyFileSync(dbFile, kept, constants.COPYFILE_EXCL);
    chmodSync(kept, 0o600);
    if (existsSync(`${dbFile}-wal`) && statSync(`${dbFile}-wal`).size > 0) {
      written.push(`${kept}-wal`);
      copyFileSync(`${dbFile}-wal`, `${kept}-wal`, constants.COPYFILE_EXCL);
      chmodSync(`${kept}-wal`, 0o600);
    }
    return kept;
  } catch (e) {
    for (const f of written) rmSync(f, { force: true }); // a half copy is no copy
    throw new RestoreRefused(
      'RESTORE_KEEP_FAILED',
      `Non è stato possibile conservare una copia del database attuale (${String((e as { code?: unknown }).code ?? e)}): il ripristino non è stato eseguito e il database attuale non è stato toccato. Controllare lo spazio libero sul disco.`,
      undefined,
      e,
    );
  }
}

/** Opens an encrypted database for reading only: nothing is written to the file. */
export function openReadOnly(file: string, key: DbKey): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyCipher(db, key);
    db.pragma('busy_timeout = 5000');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
