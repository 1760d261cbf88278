import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateFile } from './instance-lock';
import type { KeyProvider } from './key-file';
import { migrate } from './migrate';
import { allMigrations } from './migrations';
import { openEncryptedDb, type DbKey } from './open';
import type { Db, Migration } from './types';

export const DB_FILE_NAME = 'sportello.db';

export interface OpenStore {
  db: Db;
  key: DbKey;
  file: string;
}

/** Opens the data folder's encrypted database and brings its schema up to date. */
export function openStore(dataDir: string, keys: KeyProvider, migrations: readonly Migration[] = allMigrations): OpenStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = keys.getOrCreateKey(dataDir);
  const file = join(dataDir, DB_FILE_NAME);
  // 0600 before SQLite creates it; SQLite gives the -wal and -shm files the database's own mode.
  createPrivateFile(file);
  const db = openEncryptedDb(file, key);
  try {
    migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, key, file };
}
