/**
 * One Sportello per data folder. Two back ends on one folder would both drain the outbox, and the
 * admin CLI's restore would replace a database still open.
 *
 * Design: the lock is an operating-system file lock, not the existence of a file. `sportello.lock`
 * is a tiny SQLite file (no personal data: the holder's PID, host and start time); the holder keeps
 * a write transaction open on it, which SQLite backs with an fcntl lock (LockFileEx on Windows).
 * The kernel drops that lock when the process dies, however it dies, so a lock left by a SIGKILLed
 * process is simply free: no PID liveness guess, no PID reuse trap, no race between two processes
 * both deciding a lock is stale and deleting it. SQLite already ships with us (no native addition),
 * and it also keeps two connections of one process apart (POSIX locks alone would not).
 * The file is never deleted: removing a lock file while another process opens it is a race.
 */
import { closeSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { SportelloError } from '../errors';
import type { Db } from './types';

export const LOCK_FILE_NAME = 'sportello.lock';

export interface InstanceLock {
  /** Lets the next instance in. Idempotent. */
  release(): void;
}

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Thrown when another Sportello holds the folder; `holder` says which process. */
export class FolderInUseError extends SportelloError {
  constructor(
    readonly holder: LockHolder | null,
    message: string,
  ) {
    super('INSTANCE_LOCKED', message, { pid: holder?.pid });
    this.name = 'FolderInUseError';
  }
}

/**
 * Takes the folder's lock or throws FolderInUseError naming the holder. `purpose` completes the
 * Italian message: what the person should do (close the other Sportello first).
 */
export function acquireInstanceLock(dataDir: string, purpose: 'start' | 'admin' = 'start'): InstanceLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  createPrivateFile(file);
  const db: Db = new Database(file, { timeout: 0 });
  let held = false;
  try {
    db.pragma('journal_mode = MEMORY'); // no -journal file beside it
    if (!tryHold(db)) throw inUse(readHolder(db), purpose);
    // The owner row is committed (readable by whoever is refused), then the lock is taken again.
    // In the instant between, another process may win: it writes its own row, and we are refused.
    db.exec(
      `CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, since TEXT NOT NULL)`,
    );
    db.prepare('INSERT OR REPLACE INTO owner (id, pid, host, since) VALUES (1, ?, ?, ?)').run(
      process.pid,
      hostname(),
      new Date().toISOString(),
    );
    db.exec('COMMIT');
    if (!tryHold(db)) throw inUse(readHolderSoon(db), purpose);
    held = true;
  } finally {
    if (!held) closeQuietly(db);
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      closeQuietly(db);
    },
  };
}

function tryHold(db: Db): boolean {
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw e;
  }
}

function readHolder(db: Db): LockHolder | null {
  try {
    return (db.prepare('SELECT pid, host, since FROM owner WHERE id = 1').get() as LockHolder | undefined) ?? null;
  } catch {
    return null; // the holder has not written its row yet
  }
}

/** The winner of a simultaneous start writes its row a moment after taking the lock. */
function readHolderSoon(db: Db): LockHolder | null {
  for (let i = 0; i < 50; i++) {
    const h = readHolder(db);
    if (h && h.pid !== process.pid) return h;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return readHolder(db);
}

function inUse(holder: LockHolder | null, purpose: 'start' | 'admin'): FolderInUseError {
  const who = holder
    ? ` (processo ${holder.pid}${holder.host !== hostname() ? ` sul computer ${holder.host}` : ''}, dal ${holder.since})`
    : '';
  const what =
    purpose === 'start'
      ? "Chiudere l'altra finestra di Sportello prima di aprirne una nuova, oppure indicare un'altra cartella dei dati."
      : 'Chiudere Sportello su questa postazione e ripetere il comando.';
  return new FolderInUseError(holder, `Sportello è già aperto su questa cartella dei dati${who}. ${what}`);
}

/**
 * Creates `file` empty with mode 0600 if it does not exist, so SQLite opens our file rather than
 * creating a world-readable one. Never opens an existing file: on POSIX, closing any descriptor of
 * a file drops every fcntl lock this process holds on it.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function closeQuietly(db: Db) {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    /* closing anyway */
  }
  try {
    db.close();
  } catch {
    /* already closed */
  }
}
