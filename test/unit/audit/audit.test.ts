import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../../electron/core/audit/log';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';
import { withTx } from '../../../electron/core/store/tx';

const run = promisify(execFile);
const actor = { operatorId: 'op-1', workstationId: 'ws-1' };
let cleanup = () => {};
afterEach(() => cleanup());

function storeWithEntries(n: number) {
  const t = tempDir();
  cleanup = t.cleanup;
  const s = openStore(t.dir, keyFileProvider);
  for (let i = 1; i <= n; i++) {
    withTx(s.db, (tx) => appendAudit(tx, actor, { action: 'person.read', entityType: 'person', entityId: `p-${i}` }));
  }
  return { ...s, dir: t.dir };
}

async function admin(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/sportello-admin.mjs', ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('audit log', () => {
  it('is append-only: updates and deletes are refused by the database', () => {
    const s = storeWithEntries(3);
    expect(() => s.db.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
    expect(verifyAudit(s.db)).toEqual({ ok: true, entries: 3 });
    s.db.close();
  });

  it('names the first tampered entry, whether its content, its link or its presence was changed', () => {
    const s = storeWithEntries(6);
    // Someone with the key and a SQL shell drops the guard and edits history.
    s.db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
    s.db.prepare("UPDATE audit_log SET entity_id = 'p-999' WHERE seq = 4").run();
    expect(verifyAudit(s.db)).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'hash' });
    s.db.close();

    const t = storeWithEntries(5);
    t.db.exec('DROP TRIGGER audit_no_delete;');
    t.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAudit(t.db)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: 'gap' });
    t.db.close();
  });

  it('sportello-admin audit verify passes on an intact chain and fails naming the tampered row', async () => {
    const s = storeWithEntries(5);
    s.db.close();
    const ok = await admin(['audit', 'verify', '--data', s.dir]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/integro: 5 voci/);

    const again = openStore(s.dir, keyFileProvider);
    again.db.exec('DROP TRIGGER audit_no_update');
    again.db.prepare("UPDATE audit_log SET action = 'person.update' WHERE seq = 3").run();
    again.db.close();
    const bad = await admin(['audit', 'verify', '--data', s.dir]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/prima voce alterata n\. 3/);
  });

  it('sportello-admin reports a missing data folder and wrong usage with distinct exit codes', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    expect((await admin(['audit', 'verify', '--data', t.dir])).code).toBe(3);
    expect((await admin(['frobnicate'])).code).toBe(2);
  });

  it('sportello-admin backup writes an encrypted copy and operators list reads the store', async () => {
    const s = storeWithEntries(1);
    s.db.close();
    const target = `${s.dir}/copy.db`;
    const b = await admin(['backup', target, '--data', s.dir]);
    expect(b.code).toBe(0);
    const list = await admin(['operators', 'list', '--data', s.dir, '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([]);
  });
});
