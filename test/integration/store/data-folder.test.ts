/**
 * The data folder: one Sportello at a time (a second one says so in Italian, with the holder's PID,
 * and exits 3; a lock left by a SIGKILLed process is taken over), the admin CLI reads beside a
 * running Sportello and refuses to restore under it, a missing-and-uncreatable, read-only or full
 * folder at start is one Italian line and exit 3 (no stack), and files are 0600, folders 0700.
 * The read-only and full folders are tmpfs mounts (needs root; skipped otherwise).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../electron/app';
import { backupTo } from '../../../electron/core/store/backup';
import { acquireInstanceLock } from '../../../electron/core/store/instance-lock';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openEncryptedDb } from '../../../electron/core/store/open';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { callHost, ROOT, serveSportello, serveUntilExit } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const runFile = promisify(execFile);
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function admin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await runFile(process.execPath, ['bin/sportello-admin.mjs', ...args], { cwd: ROOT });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

const NO_STACK = /\n\s+at [\w.<]/;
const mode = (p: string) => statSync(p).mode & 0o777;

describe('one Sportello per data folder', () => {
  it('a second instance says in Italian that Sportello is open here, with its PID, and exits 3; after a SIGKILL it takes over', {
    timeout: 180_000,
  }, async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const first = await serveSportello(['--data', data.dir]);
    cleanups.push(() => first.kill());
    const second = await serveUntilExit(['--data', data.dir]);
    expect(second.code).toBe(3);
    expect(second.out).toContain(`Sportello è già aperto su questa cartella dei dati (processo ${first.proc.pid}`);
    expect(second.out).toContain('[INSTANCE_LOCKED]');
    expect(second.out).not.toMatch(NO_STACK);
    expect((await callHost(first, 'session.get')).status).toBe(200); // the first is untouched

    await first.kill(); // SIGKILL: no shutdown code runs, the lock file stays behind
    const next = await serveSportello(['--data', data.dir]);
    cleanups.push(() => next.stop());
    expect((await callHost(next, 'session.get')).body.ok).toBe(true);
    await next.stop();
  });

  it('refuses a second start in the same process, and lets one in after close', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    expect(() => createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false })).toThrow(/INSTANCE_LOCKED/);
    await app.close();
    const again = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    await again.close();
  });

  it('the admin CLI reads beside a running Sportello without writing, and refuses to restore under it', { timeout: 120_000 }, async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const backups = tempDir();
    cleanups.push(backups.cleanup);
    const host = await serveSportello(['--data', data.dir]);
    cleanups.push(() => host.stop());
    expect((await callHost(host, 'session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' })).body.ok).toBe(
      true,
    );

    const verify = await admin('audit', 'verify', '--data', data.dir);
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toMatch(/integro/);
    const ops = await admin('operators', 'list', '--data', data.dir);
    expect(ops.code).toBe(0);
    expect(ops.out).toMatch(/resp/);
    expect((await admin('queue', '--data', data.dir)).code).toBe(0);
    const backup = join(backups.dir, 'backup-sportello', 'copia.db');
    const b = await admin('backup', backup, '--data', data.dir);
    expect(b.code, b.err).toBe(0);
    expect(mode(backup)).toBe(0o600);
    expect(mode(join(backups.dir, 'backup-sportello'))).toBe(0o700);

    const restore = await admin('restore', backup, '--data', data.dir);
    expect(restore.code).toBe(15);
    expect(restore.err).toContain(`processo ${host.proc.pid}`);
    expect((await callHost(host, 'session.get')).body.data.operator.username).toBe('resp');
    await host.stop();

    // With Sportello closed, the reading commands leave the database file exactly as it was.
    const sha = () =>
      createHash('sha256')
        .update(readFileSync(join(data.dir, 'sportello.db')))
        .digest('hex');
    const before = sha();
    for (const args of [['audit', 'verify'], ['operators', 'list'], ['queue'], ['backup', join(backups.dir, 'copia2.db')]]) {
      expect((await admin(...args, '--data', data.dir)).code).toBe(0);
    }
    expect(sha()).toBe(before);
  });
});

describe('restore after a crash', () => {
  it('checkpoints the WAL of a SIGKILLed Sportello into the copy it keeps of the database it replaces', { timeout: 120_000 }, async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const backups = tempDir();
    cleanups.push(backups.cleanup);
    // SQLite's own checkpoints (at 1000 pages): the small writes below stay in the WAL.
    const host = await serveSportello(['--data', data.dir, '--sqlite-checkpoints']);
    cleanups.push(() => host.kill());
    await callHost(host, 'session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' });
    const backup = join(backups.dir, 'copia.db');
    expect((await admin('backup', backup, '--data', data.dir)).code).toBe(0);
    expect(
      (await callHost(host, 'operators.create', { displayName: 'Carlo Cassa', username: 'carlo', password: 'cassiere1', roles: ['cassa'] }))
        .body.ok,
    ).toBe(true);
    await host.kill();

    const hasCarlo = (file: string) => {
      const alone = tempDir(); // the file on its own, without a WAL beside it
      try {
        copyFileSync(file, join(alone.dir, 'db'));
        const db = openEncryptedDb(join(alone.dir, 'db'), keyFileProvider.getOrCreateKey(data.dir));
        try {
          if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'operators'`).get()) return false; // even the schema was in the WAL
          return db.prepare(`SELECT 1 FROM operators WHERE username = 'carlo'`).get() !== undefined;
        } finally {
          db.close();
        }
      } finally {
        alone.cleanup();
      }
    };
    expect(hasCarlo(join(data.dir, 'sportello.db'))).toBe(false); // carlo is only in the WAL

    const r = await admin('restore', backup, '--data', data.dir);
    expect(r.code, r.err).toBe(0);
    const kept = readdirSync(data.dir).filter((f) => f.includes('before-restore'));
    expect(kept).toHaveLength(1); // checkpointed: no WAL needed beside it
    expect(hasCarlo(join(data.dir, kept[0]))).toBe(true);
    expect(hasCarlo(join(data.dir, 'sportello.db'))).toBe(false); // the backup predates carlo
  });
});

describe('files and folders', () => {
  it('creates the database, WAL, SHM, key, lock and log 0600 and the folders 0700', { timeout: 120_000 }, async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const dir = join(data.dir, 'nuova', 'cartella');
    const host = await serveSportello(['--data', dir]);
    cleanups.push(() => host.stop());
    await callHost(host, 'session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' });
    for (const f of ['sportello.db', 'sportello.db-wal', 'sportello.db-shm', 'sportello.key', 'sportello.lock', 'logs/sportello.log']) {
      expect(mode(join(dir, f)), f).toBe(0o600);
    }
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'logs'))).toBe(0o700);
    await host.stop();
  });

  it('tightens the modes of an older installation at start', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    const app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    await app.close();
    for (const f of ['sportello.db', 'sportello.key', 'logs/sportello.log']) execFileSync('chmod', ['0644', join(data.dir, f)]);
    execFileSync('chmod', ['0755', data.dir, join(data.dir, 'logs')]);
    const again = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    await again.close();
    for (const f of ['sportello.db', 'sportello.key', 'logs/sportello.log']) expect(mode(join(data.dir, f)), f).toBe(0o600);
    expect(mode(data.dir)).toBe(0o700);
    expect(mode(join(data.dir, 'logs'))).toBe(0o700);
  });

  it('a data folder that cannot be created (a file in its path) is one Italian line and exit 3', async () => {
    const data = tempDir();
    cleanups.push(data.cleanup);
    writeFileSync(join(data.dir, 'un-file'), 'x');
    const r = await serveUntilExit(['--data', join(data.dir, 'un-file', 'dati')]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/non esiste e non si può creare.*\[DATA_DIR_UNAVAILABLE\]/);
    expect(r.out).not.toMatch(NO_STACK);
  });
});

const mountpoint = mkdtempSync(join(tmpdir(), 'sportello-ro-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountpoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  /* not root: skipped below */
}
cleanups.push(() => {
  if (mounted) execFileSync('umount', [mountpoint]);
  rmSync(mountpoint, { recursive: true, force: true });
});

describe.skipIf(!mounted)('read-only and full data folders (tmpfs)', () => {
  it('a read-only folder, existing or to be created, is one Italian line and exit 3', { timeout: 120_000 }, async () => {
    // A Sportello folder made while writable, then the file system remounted read-only.
    const existing = join(mountpoint, 'ro', 'dati');
    mkdirSync(existing, { recursive: true });
    writeFileSync(join(existing, 'sportello.key'), keyFileProvider.getOrCreateKey(mkdtempSync(join(mountpoint, 'k-'))) + '\n', {
      mode: 0o600,
    });
    execFileSync('mount', ['-o', 'remount,ro', mountpoint]);
    try {
      const r = await serveUntilExit(['--data', existing]);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/in sola lettura.*\[DATA_DIR_READONLY\]/);
      expect(r.out).not.toMatch(NO_STACK);
      expect(r.out).not.toMatch(/EROFS/);
      const missing = await serveUntilExit(['--data', join(mountpoint, 'ro', 'nuova')]);
      expect(missing.code).toBe(3);
      expect(missing.out).toMatch(/\[DATA_DIR_(UNAVAILABLE|READONLY)\]/);
      expect(missing.out).not.toMatch(NO_STACK);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountpoint]);
      rmSync(join(mountpoint, 'ro'), { recursive: true, force: true });
    }
  });

  it('a full folder is one Italian line and exit 3', { timeout: 120_000 }, async () => {
    const dir = join(mountpoint, 'full', 'dati');
    mkdirSync(dir, { recursive: true });
    // Fill the file system to the last block.
    const filler = join(mountpoint, 'full', 'filler');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      /* dd stops with ENOSPC: the point */
    }
    try {
      const r = await serveUntilExit(['--data', dir]);
      expect(r.code).toBe(3);
      expect(r.out).toMatch(/è pieno.*\[DATA_DIR_FULL\]/);
      expect(r.out).not.toMatch(NO_STACK);
    } finally {
      rmSync(join(mountpoint, 'full'), { recursive: true, force: true });
    }
  });

  it('a restore that cannot keep a copy of the current database (disk full) is refused with exit 16 and changes nothing', {
    timeout: 120_000,
  }, async () => {
    const dir = join(mountpoint, 'restore', 'dati');
    mkdirSync(dir, { recursive: true });
    const s = pagopaStore(dir);
    for (let i = 0; i < 3; i++) issueCieFee(s.db, s.actor, i);
    const outside = tempDir();
    cleanups.push(outside.cleanup);
    const backup = join(outside.dir, 'copia.db');
    backupTo(s.db, s.key, backup);
    issueCieFee(s.db, s.actor, 3);
    s.db.close();
    acquireInstanceLock(dir).release(); // a folder Sportello has run on: its lock file is there
    const before = readFileSync(join(dir, 'sportello.db'));
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mountpoint, 'restore', 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      /* ENOSPC: full */
    }
    try {
      const r = await admin('restore', backup, '--data', dir);
      expect(r.code, r.err).toBe(16);
      expect(r.err).toMatch(/Non è stato possibile conservare una copia del database attuale/);
      expect(readdirSync(dir).filter((f) => f.includes('before-restore') || f.endsWith('.restoring'))).toEqual([]);
      expect(readFileSync(join(dir, 'sportello.db')).equals(before)).toBe(true);
    } finally {
      rmSync(join(mountpoint, 'restore'), { recursive: true, force: true });
    }
  });
});
