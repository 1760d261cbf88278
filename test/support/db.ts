/**
 * The store the app opens, for tests: openStore from electron/core/store (SQLCipher 4 with a key from
 * the data folder's key file, WAL, synchronous FULL, foreign keys, busy timeout, the production prepare
 * cache) in a fresh temp data folder, with every room's migrations unless a test asks for fewer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { allMigrations } from '../../electron/core/store/migrations';
import { openEncryptedDb, type DbKey } from '../../electron/core/store/open';
import { openStore } from '../../electron/core/store/store';
import type { Db, Migration } from '../../electron/core/store/types';

export interface TestDb {
  db: Db;
  /** The temp data folder (database, WAL and key file). */
  dir: string;
  file: string;
  key: DbKey;
  /** A second connection to the same encrypted file, as another process of the app would open it. */
  reopen(): Db;
  /** Closes every connection opened here and deletes the folder. */
  cleanup(): void;
}

export function openTestDb(opts: { prefix?: string; migrations?: readonly Migration[] } = {}): TestDb {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'sportello-test-'));
  const { db, key, file } = openStore(dir, keyFileProvider, opts.migrations ?? allMigrations);
  const connections = [db];
  return {
    db,
    dir,
    file,
    key,
    reopen() {
      const again = openEncryptedDb(file, key);
      connections.push(again);
      return again;
    },
    cleanup() {
      for (const c of connections) {
        try {
          c.close();
        } catch {
          /* already closed */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
