import Database from 'better-sqlite3-multiple-ciphers';
import { SportelloError } from '../errors';
import { preparedOnce } from './statements';
import type { Db } from './types';

/** A 32-byte database key, handed over as 64 hex characters. */
export type DbKey = string;

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Opens (or creates) the encrypted database in SQLCipher 4 mode with a raw key, WAL journal and
 * full durability. Throws STORE_KEY when the key does not open the file.
 */
export function openEncryptedDb(file: string, key: DbKey): Db {
  if (!KEY_PATTERN.test(key)) throw new SportelloError('STORE_KEY_FORMAT', 'La chiave del database non è valida.');
  const db = new Database(file);
  try {
    applyCipher(db, key);
    // The first real read fails here when the key is wrong.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    throw new SportelloError(
      'STORE_KEY',
      'Il database non si apre con la chiave di questa postazione. Contattare il referente informatico del Comune.',
      undefined,
      { cause: e },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  preparedOnce(db);
  return db;
}

/** Sets SQLCipher 4 compatible encryption on a freshly opened connection. */
export function applyCipher(db: Db, key: DbKey): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key}'"`);
}
