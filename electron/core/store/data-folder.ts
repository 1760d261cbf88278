/**
 * The data folder at start: created (0700) if missing, checked to be writable and not full, locked
 * to this instance (./instance-lock.ts), and its files made private (0600). Every failure is a
 * SportelloError with an Italian message, so the hosts say it in one line and exit, with no stack.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SportelloError } from '../errors';
import { acquireInstanceLock, type InstanceLock } from './instance-lock';

/** Below this much free space the folder counts as full: SQLite needs room for its WAL. */
export const MIN_FREE_BYTES = 512 * 1024;
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Files Sportello keeps in the data folder (besides logs/ and backups): all made 0600 at start. */
const PRIVATE_FILES = ['sportello.db', 'sportello.db-wal', 'sportello.db-shm', 'sportello.key', 'sportello.key.sealed', 'sportello.lock'];

export function openDataFolder(dataDir: string): InstanceLock {
  try {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (e) {
    throw folderError(e, dataDir, 'create');
  }
  try {
    probeWritable(dataDir);
    if (freeBytes(dataDir) < MIN_FREE_BYTES) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    chmodSync(dataDir, PRIVATE_DIR_MODE);
    for (const name of PRIVATE_FILES) {
      const file = join(dataDir, name);
      if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
    }
    return acquireInstanceLock(dataDir, 'start');
  } catch (e) {
    throw asDataFolderError(e, dataDir);
  }
}

/**
 * An error met while starting on `dataDir`, said for a person: a read-only or full folder from a
 * file-system or SQLite code; a SportelloError passes through; anything else is returned as is.
 */
export function asDataFolderError(e: unknown, dataDir: string): unknown {
  if (e instanceof SportelloError) return e;
  return folderError(e, dataDir, 'use');
}

function folderError(e: unknown, dataDir: string, doing: 'create' | 'use'): unknown {
  const code = String((e as { code?: unknown })?.code ?? '');
  if (code === 'ENOSPC' || code === 'EDQUOT' || code.startsWith('SQLITE_FULL')) {
    return new SportelloError(
      'DATA_DIR_FULL',
      `Il disco della cartella dei dati (${dataDir}) è pieno: Sportello non si avvia, per non perdere dati. Liberare spazio sul disco (o chiamare il referente informatico) e riaprire Sportello.`,
      { code },
      { cause: e },
    );
  }
  if (doing === 'create' && ['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ELOOP', 'ENAMETOOLONG'].includes(code)) {
    return new SportelloError(
      'DATA_DIR_UNAVAILABLE',
      `La cartella dei dati (${dataDir}) non esiste e non si può creare. Controllare il percorso indicato e i permessi, oppure chiamare il referente informatico.`,
      { code },
      { cause: e },
    );
  }
  if (['EROFS', 'EACCES', 'EPERM'].includes(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new SportelloError(
      'DATA_DIR_READONLY',
      `La cartella dei dati (${dataDir}) è in sola lettura: Sportello non può salvarvi nulla e non si avvia. Controllare i permessi della cartella o del disco, oppure chiamare il referente informatico.`,
      { code },
      { cause: e },
    );
  }
  if (code === 'ENOTDIR' || code === 'ENOENT') {
    return new SportelloError(
      'DATA_DIR_UNAVAILABLE',
      `La cartella dei dati (${dataDir}) non è utilizzabile. Controllare il percorso indicato, oppure chiamare il referente informatico.`,
      { code },
      { cause: e },
    );
  }
  return e;
}

/** Writes and syncs a few KiB: a read-only folder fails with EROFS/EACCES, a full one with ENOSPC. */
function probeWritable(dataDir: string): void {
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  let fd: number | undefined;
  try {
    fd = openSync(probe, 'w', PRIVATE_FILE_MODE);
    writeSync(fd, Buffer.alloc(8192));
    fsyncSync(fd);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(probe, { force: true });
  }
}

function freeBytes(dataDir: string): number {
  try {
    const s = statfsSync(dataDir);
    return s.bavail * s.bsize;
  } catch {
    return Number.POSITIVE_INFINITY; // not knowable here: the write probe has spoken
  }
}
