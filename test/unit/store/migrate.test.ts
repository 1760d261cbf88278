import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { migrate } from '../../../electron/core/store/migrate';
import { allMigrations } from '../../../electron/core/store/migrations';
import { openEncryptedDb } from '../../../electron/core/store/open';
import { openStore } from '../../../electron/core/store/store';
import type { Db, Migration } from '../../../electron/core/store/types';
import { tempDir } from '../../support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

const tables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('apply once, in order, and are recorded', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = openStore(t.dir, keyFileProvider);
    const versions = (s.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
      (r) => r.version,
    );
    expect(versions).toEqual([...allMigrations].map((m) => m.version).sort((a, b) => a - b));
    expect(migrate(s.db, allMigrations).applied).toEqual([]);
    s.db.close();
  });

  it('a migration that throws leaves the database exactly as it was', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const s = openStore(t.dir, keyFileProvider);
    const before = tables(s.db);
    s.db.close();
    const fileBefore = readFileSync(s.file);

    const broken: Migration[] = [
      ...allMigrations,
      { version: 9001, name: 'adds a table', up: (db) => db.exec('CREATE TABLE added_then_undone (x)') },
      { version: 9002, name: 'fills it', up: (db) => db.exec("INSERT INTO added_then_undone VALUES ('a')") },
      {
        version: 9003,
        name: 'throws',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    expect(() => openStore(t.dir, keyFileProvider, broken)).toThrow(/STORE_MIGRATION/);

    const db = openEncryptedDb(s.file, s.key);
    expect(tables(db)).toEqual(before);
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
      v: Math.max(...allMigrations.map((m) => m.version)),
    });
    db.close();
    // Nothing of the failed attempt reached the main file either.
    expect(readFileSync(s.file).length).toBe(fileBefore.length);
  });

  it('rejects two migrations with the same version', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dup: Migration[] = [...allMigrations, { ...allMigrations[0] }];
    expect(() => openStore(t.dir, keyFileProvider, dup)).toThrow(/STORE_MIGRATION_DUPLICATE/);
  });
});
