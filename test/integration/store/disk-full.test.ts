/**
 * A full disk: the clerk's save is refused with a clear, typed message, the host stays up, and
 * nothing already saved is lost or damaged. Runs on a 2 MiB tmpfs (needs root to mount it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';

const mountpoint = mkdtempSync(join(tmpdir(), 'sportello-full-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountpoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  /* not root: skipped below */
}

describe.skipIf(!mounted)('disk full (2 MiB tmpfs)', () => {
  let app: App;
  const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  beforeAll(async () => {
    app = createApp({ dataDir: mountpoint, keys: keyFileProvider, demo: true, demoResidents: 5 });
    const setup = await app.dispatch('session.setup', { displayName: 'Dora Disco', username: 'dora', password: 'segreta123' });
    expect(setup.ok).toBe(true);
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (mounted) execFileSync('umount', [mountpoint]);
    rmSync(mountpoint, { recursive: true, force: true });
  });

  it('refuses the save that does not fit, keeps every earlier one, and goes on answering', async () => {
    const saved: string[] = [];
    let refusal: { code: string; message: string } | undefined;
    for (let i = 0; i < 5_000 && !refusal; i++) {
      const r = await app.dispatch('pagopa.notices.issue', {
        debtor: { fullName: `Cittadino ${'x'.repeat(60)}`, codiceFiscale: 'DMEPTR80A01A577B' },
        items: ['CIE-STATO', 'CIE-COMUNE'],
        dueDate: due,
      });
      if (r.ok) saved.push((r.data as { id: string }).id);
      else refusal = r.error;
    }
    expect(refusal?.code).toBe('STORE_DISK_FULL');
    expect(refusal?.message).toMatch(/NON è stata salvata/);
    expect(saved.length).toBeGreaterThan(10);
    // Still answering.
    expect((await app.dispatch('session.get', {})).ok).toBe(true);
    await app.close();

    const { db } = openStore(mountpoint, keyFileProvider);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (db.prepare('SELECT count(*) AS n FROM pagopa_notice').get() as { n: number }).n;
    expect(n).toBe(saved.length); // every acknowledged save is there, the refused one is not
    const outbox = (db.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'gpd.create'`).get() as { n: number }).n;
    expect(outbox).toBe(saved.length);
    db.close();
  });
});
