/**
 * `sportello-admin restore` checks everything before touching anything; each refusal has its own
 * exit code and Italian message, and the Comune's data survives every one (two typos in a row too).
 * A restore that goes through keeps the database in place under a name never used before.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { backupTo } from '../../../electron/core/store/backup';
import { acquireInstanceLock } from '../../../electron/core/store/instance-lock';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openEncryptedDb } from '../../../electron/core/store/open';
import { openStore } from '../../../electron/core/store/store';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const run = promisify(execFile);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function folder() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** The Comune's real data: a seeded store with `notices` notices issued. */
function realData(notices: number) {
  const dir = folder();
  const s = pagopaStore(dir);
  for (let i = 0; i < notices; i++) issueCieFee(s.db, s.actor, i);
  s.db.close();
  return dir;
}

const noticeCount = (dir: string) => {
  const s = openStore(dir, keyFileProvider);
  try {
    return (s.db.prepare('SELECT count(*) AS n FROM pagopa_notice').get() as { n: number }).n;
  } finally {
    s.db.close();
  }
};

async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, ['bin/sportello-admin.mjs', ...args], { cwd: ROOT });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

const keptCopies = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.includes('before-restore'))
    .sort();

describe('sportello-admin restore', () => {
  it('refuses a path that does not exist, twice in a row, and the data survives both', async () => {
    const dir = realData(7);
    for (const typo of [join(dir, 'bakup.db'), '/nonexistent/sportello-backup.db']) {
      const r = await admin('restore', typo, '--data', dir);
      expect(r.code).toBe(10);
      expect(r.err).toMatch(/non esiste/);
      expect(r.err).toMatch(/non è stato toccato/);
      expect(r.err).toContain('[RESTORE_SOURCE_MISSING]');
    }
    expect(noticeCount(dir)).toBe(7);
    expect(keptCopies(dir)).toEqual([]); // nothing touched, nothing renamed
    // A folder is not a backup either.
    expect((await admin('restore', dir, '--data', dir)).code).toBe(10);
  });

  it('refuses a backup of another workstation (other key)', async () => {
    const dir = realData(3);
    const other = realData(1);
    const r = await admin('restore', join(other, 'sportello.db'), '--data', dir);
    expect(r.code).toBe(11);
    expect(r.err).toMatch(/non si apre con la chiave di questa postazione/);
    expect(noticeCount(dir)).toBe(3);
  });

  it('refuses a damaged backup (integrity check)', async () => {
    const dir = realData(40);
    const s = openStore(dir, keyFileProvider);
    const backup = join(folder(), 'backup.db');
    backupTo(s.db, s.key, backup);
    s.db.close();
    // Flip bytes in a page past the first: the file still opens, its integrity check fails.
    const bytes = readFileSync(backup);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    for (let i = 0; i < 64; i++) bytes[bytes.length - 8192 + 100 + i] ^= 0xff;
    writeFileSync(backup, bytes);
    const r = await admin('restore', backup, '--data', dir);
    expect(r.code).toBe(12);
    expect(r.err).toMatch(/danneggiato/);
    expect(noticeCount(dir)).toBe(40);
    expect(keptCopies(dir)).toEqual([]);
  });

  it("refuses an encrypted database that is not Sportello's (as the old restore created from a typo)", async () => {
    const dir = realData(2);
    const empty = join(folder(), 'empty.db');
    openEncryptedDb(empty, keyFileProvider.getOrCreateKey(dir)).close();
    const r = await admin('restore', empty, '--data', dir);
    expect(r.code).toBe(13);
    expect(r.err).toMatch(/non contiene un database di Sportello/);
    expect(noticeCount(dir)).toBe(2);
  });

  it('refuses a backup written by a newer Sportello (a schema version this one does not know)', async () => {
    const dir = realData(2);
    const s = openStore(dir, keyFileProvider);
    const backup = join(folder(), 'future.db');
    backupTo(s.db, s.key, backup);
    s.db.close();
    const future = openEncryptedDb(backup, keyFileProvider.getOrCreateKey(dir));
    future
      .prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99999, 'from the future', '2030-01-01T00:00:00Z')`)
      .run();
    future.close();
    const r = await admin('restore', backup, '--data', dir);
    expect(r.code).toBe(14);
    expect(r.err).toMatch(/più recente/);
    expect(noticeCount(dir)).toBe(2);
  });

  it('refuses while Sportello holds the folder, naming its process', async () => {
    const dir = realData(4);
    const s = openStore(dir, keyFileProvider);
    const backup = join(folder(), 'good.db');
    backupTo(s.db, s.key, backup);
    s.db.close();
    const held = acquireInstanceLock(dir);
    try {
      const r = await admin('restore', backup, '--data', dir);
      expect(r.code).toBe(15);
      expect(r.err).toMatch(new RegExp(`già aperto su questa cartella dei dati \\(processo ${process.pid}`));
      expect(keptCopies(dir)).toEqual([]);
    } finally {
      held.release();
    }
    expect(noticeCount(dir)).toBe(4);
  });

  it('restores a good backup, keeping each database it replaces under its own name (0600)', async () => {
    const dir = folder();
    const s = pagopaStore(dir);
    for (let i = 0; i < 5; i++) issueCieFee(s.db, s.actor, i);
    const backup = join(folder(), 'good.db');
    backupTo(s.db, s.key, backup);
    for (let i = 5; i < 9; i++) issueCieFee(s.db, s.actor, i);
    s.db.close(); // 9 notices now; the backup has 5

    const first = await admin('restore', backup, '--data', dir);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/Database ripristinato/);
    expect(noticeCount(dir)).toBe(5);
    const second = await admin('restore', backup, '--data', dir);
    expect(second.code, second.err).toBe(0);

    const kept = keptCopies(dir).filter((f) => !f.endsWith('-wal'));
    expect(kept).toHaveLength(2); // the second restore did not overwrite the first copy
    const key = keyFileProvider.getOrCreateKey(dir);
    const counts = kept.map((f) => {
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
      const db = openEncryptedDb(join(dir, f), key);
      try {
        return (db.prepare('SELECT count(*) AS n FROM pagopa_notice').get() as { n: number }).n;
      } finally {
        db.close();
      }
    });
    // The first copy holds the 9 notices (WAL checkpointed into it), the second the restored 5.
    expect(counts.sort()).toEqual([5, 9]);
    expect(statSync(join(dir, 'sportello.db')).mode & 0o777).toBe(0o600);
  });

  it('documents every exit code in its usage', async () => {
    const r = await admin('help');
    for (const code of [10, 11, 12, 13, 14, 15, 16]) expect(r.out).toMatch(new RegExp(`^  ${code} `, 'm'));
  });
});
