import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupTo, restoreFrom } from '../../../electron/core/store/backup';
import { keyFileProvider, KEY_FILE_NAME } from '../../../electron/core/store/key-file';
import { openEncryptedDb } from '../../../electron/core/store/open';
import { openStore } from '../../../electron/core/store/store';
import { fileContains, tempDir } from '../../support/tmp';

const NAME = 'Bartolomeo Quagliarella';
let cleanup = () => {};
afterEach(() => cleanup());

function storeWithName() {
  const t = tempDir();
  cleanup = t.cleanup;
  const s = openStore(t.dir, keyFileProvider);
  s.db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)').run('probe', JSON.stringify(NAME), 'now');
  return { ...s, dir: t.dir };
}

describe('encrypted store', () => {
  it('creates the key file with mode 0600', () => {
    const s = storeWithName();
    expect(statSync(join(s.dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    s.db.close();
  });

  it('keeps no plaintext in the database file or its WAL', () => {
    const s = storeWithName();
    // Before checkpoint the row lives in the WAL; after close it is in the main file.
    expect(existsSync(s.file + '-wal')).toBe(true);
    expect(fileContains(readFileSync(s.file + '-wal'), NAME)).toBe(false);
    expect(fileContains(readFileSync(s.file + '-wal'), 'settings')).toBe(false);
    s.db.close();
    const bytes = readFileSync(s.file);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(fileContains(bytes, NAME)).toBe(false);
    expect(fileContains(bytes, 'CREATE TABLE')).toBe(false);
  });

  it('does not open without the key, nor with a wrong one', () => {
    const s = storeWithName();
    s.db.close();
    const plain = new Database(s.file);
    expect(() => plain.prepare('SELECT * FROM settings').all()).toThrow(/not a database/);
    plain.close();
    expect(() => openEncryptedDb(s.file, 'b'.repeat(64))).toThrow(/STORE_KEY/);
    const reopened = openEncryptedDb(s.file, s.key);
    expect(reopened.prepare("SELECT value FROM settings WHERE key='probe'").get()).toEqual({ value: JSON.stringify(NAME) });
    reopened.close();
  });

  it('writes backups that hold no plaintext, need the key, and restore', () => {
    const s = storeWithName();
    const target = join(s.dir, 'backup.db');
    backupTo(s.db, s.key, target);
    const bytes = readFileSync(target);
    expect(fileContains(bytes, NAME)).toBe(false);
    expect(() => openEncryptedDb(target, 'c'.repeat(64))).toThrow(/STORE_KEY/);
    expect(() => backupTo(s.db, s.key, target)).toThrow(/BACKUP_EXISTS/);

    s.db.prepare("UPDATE settings SET value = '\"changed\"' WHERE key = 'probe'").run();
    s.db.close();
    restoreFrom(target, s.dir, s.key);
    const db = openEncryptedDb(s.file, s.key);
    expect(db.prepare("SELECT value FROM settings WHERE key='probe'").get()).toEqual({ value: JSON.stringify(NAME) });
    db.close();
  });

  it('refuses to restore a file that is not a backup of this workstation', () => {
    const s = storeWithName();
    s.db.close();
    const other = tempDir();
    const foreign = openStore(other.dir, keyFileProvider);
    foreign.db.close();
    expect(() => restoreFrom(foreign.file, s.dir, s.key)).toThrow(/RESTORE_WRONG_KEY/);
    other.cleanup();
  });
});
