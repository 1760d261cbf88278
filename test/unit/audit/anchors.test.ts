// The audit chain anchored outside the database: the anchors file (own key), backup manifests,
// daily anchoring on the Rome day, and `audit verify` naming where history stops matching.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorKeyFileProvider, ANCHOR_KEY_FILE_NAME, sealedAnchorKeyProvider } from '../../../electron/core/audit/anchor-key';
import { ANCHORS_FILE_NAME, appendAnchor, auditHead, readAnchors } from '../../../electron/core/audit/anchors';
import { backupWithAnchor } from '../../../electron/core/audit/backup-manifest';
import { AuditAnchoring } from '../../../electron/core/audit/daily-anchor';
import { appendAudit, auditHash, GENESIS_HASH, verifyAudit, type AuditRow } from '../../../electron/core/audit/log';
import { checkAudit } from '../../../electron/core/audit/verify';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const run = promisify(execFile);
const actor = { operatorId: 'op-1', workstationId: 'ws-1' };
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A settable clock, starting at a fixed instant. */
function fakeClock(iso: string) {
  let now = Date.parse(iso);
  return {
    nowMs: () => now,
    set: (s: string) => {
      now = Date.parse(s);
    },
  };
}

function store() {
  const t = tempDir('sportello-anchors-');
  cleanups.push(t.cleanup);
  const s = openStore(t.dir, keyFileProvider);
  cleanups.push(() => {
    if (s.db.open) s.db.close();
  });
  const key = anchorKeyFileProvider.getOrCreateKey(t.dir); // the anchors' key; s.key is the database's
  const clock = fakeClock('2026-03-10T09:00:00Z');
  const anchoring = new AuditAnchoring({ db: s.db, dataDir: t.dir, key, clock, actor });
  const add = (n: number) => {
    for (let i = 0; i < n; i++)
      withTx(s.db, (tx) => appendAudit(tx, actor, { action: 'person.read', entityType: 'person', entityId: `p-${i}` }));
  };
  const check = (extraManifests: string[] = []) => checkAudit(s.db, { dataDir: t.dir, anchorKey: key, extraManifests });
  return { db: s.db, dbKey: s.key, dir: t.dir, key, clock, anchoring, add, check };
}

/** What someone with the database key can do: drop the guards, change rows, put the guards back. */
function withoutTriggers(db: Db, fn: () => void) {
  db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  fn();
  db.exec(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
           CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
}

/** Edits entry `seq` and recomputes every hash from there on, so the chain is consistent again. */
function rewriteFrom(db: Db, seq: number) {
  withoutTriggers(db, () => {
    db.prepare("UPDATE audit_log SET entity_id = 'p-altered' WHERE seq = ?").run(seq);
    const rows = db
      .prepare(`SELECT seq, at, operator_id AS operatorId, workstation_id AS workstationId, action,
      entity_type AS entityType, entity_id AS entityId, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq`)
      .all() as AuditRow[];
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const { hash: _h, prevHash: _p, ...rest } = r;
      const hash = auditHash(prev, rest);
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
  });
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

describe('audit anchors', () => {
  it('takes over a lock left by a killed process; a live one is waited for, then refused in Italian', async () => {
    const s = store();
    s.add(1);
    const lock = join(s.dir, `${ANCHORS_FILE_NAME}.lock`);
    writeFileSync(lock, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past); // left by a process killed a minute ago
    expect(appendAnchor(s.dir, s.key, auditHead(s.db), 'daily', '2026-03-10T09:00:00.000Z').n).toBe(1);
    // Held right now by another process that keeps it fresh (a backup that never finishes).
    const holder = spawn(process.execPath, [
      '-e',
      `const fs = require('fs'); fs.writeFileSync(${JSON.stringify(lock)}, '');
      setInterval(() => fs.utimesSync(${JSON.stringify(lock)}, new Date(), new Date()), 100); setTimeout(() => {}, 20000);`,
    ]);
    cleanups.push(() => holder.kill('SIGKILL'));
    while (!existsSync(lock) || Date.now() - statSync(lock).mtimeMs > 1_000) await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    let code = '';
    let message = '';
    try {
      appendAnchor(s.dir, s.key, auditHead(s.db), 'daily', '2026-03-10T09:01:00.000Z');
    } catch (e) {
      ({ code, userMessage: message } = e as { code: string; userMessage: string });
    }
    expect(code).toBe('AUDIT_ANCHORS_BUSY');
    expect(message).toMatch(/occupato/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('an untouched store verifies against its anchors, and the anchors file and key are 0600', () => {
    const s = store();
    s.anchoring.atStart();
    s.add(3);
    s.anchoring.anchor('daily');
    s.add(2);
    const c = s.check();
    // 5 entries and the one recording that anchoring started.
    expect(c).toMatchObject({ ok: true, entries: 6, anchorsChecked: 2, matchesUpTo: null, missingTriggers: [] });
    expect(statSync(join(s.dir, ANCHORS_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dir, ANCHOR_KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(s.dir, ANCHOR_KEY_FILE_NAME), 'utf8')).not.toContain(
      readFileSync(join(s.dir, 'sportello.key'), 'utf8').trim(),
    );
  });

  it('detects the last rows cut off once an anchor exists after them, and names the last entry still proven', () => {
    const s = store();
    s.add(3);
    s.anchoring.anchor('daily'); // anchors entry 3
    s.add(3);
    // Only the anchor at 3 exists: removing entries 5–6 cannot be seen yet (nothing outside says they existed).
    withoutTriggers(s.db, () => s.db.prepare('DELETE FROM audit_log WHERE seq > 5').run());
    expect(s.check().ok).toBe(true);
    s.add(1); // entry 6 again
    s.anchoring.anchor('daily'); // anchors entry 6
    withoutTriggers(s.db, () => s.db.prepare('DELETE FROM audit_log WHERE seq > 4').run());
    expect(verifyAudit(s.db)).toEqual({ ok: true, entries: 4 }); // the chain alone sees nothing
    const c = s.check();
    expect(c).toMatchObject({ ok: false, matchesUpTo: 3, anchorMismatch: { kind: 'missing', anchor: { seq: 6 } } });
  });

  it('detects an entry edited and the whole chain recomputed', () => {
    const s = store();
    s.add(3);
    s.anchoring.anchor('daily');
    s.add(3);
    s.anchoring.anchor('daily');
    s.add(2);
    rewriteFrom(s.db, 5);
    expect(verifyAudit(s.db)).toEqual({ ok: true, entries: 8 });
    const c = s.check();
    expect(c).toMatchObject({
      ok: false,
      matchesUpTo: 3,
      anchorMismatch: { kind: 'hash', anchor: { seq: 6, source: { kind: 'file', line: 2 } } },
    });
  });

  it('detects dropped triggers even when no row was touched', () => {
    const s = store();
    s.add(2);
    s.anchoring.anchor('daily');
    s.db.exec('DROP TRIGGER audit_no_delete');
    const c = s.check();
    expect(c).toMatchObject({ ok: false, missingTriggers: ['audit_no_delete'], matchesUpTo: null });
    // A trigger that no longer refuses anything is as good as missing.
    s.db.exec('DROP TRIGGER audit_no_update; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;');
    expect(s.check().missingTriggers).toEqual(['audit_no_delete', 'audit_no_update']);
  });

  it('a tampered anchors file is itself detected: an edited line, a removed middle line, a removed file', () => {
    const s = store();
    for (let i = 0; i < 3; i++) {
      s.add(2);
      s.anchoring.anchor('daily');
    }
    const file = join(s.dir, ANCHORS_FILE_NAME);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    // To match a rewritten database, someone edits the hash recorded on line 2.
    const edited = JSON.parse(lines[1]);
    edited.hash = 'f'.repeat(64);
    writeFileSync(file, [lines[0], JSON.stringify(edited), lines[2]].join('\n') + '\n');
    expect(s.check()).toMatchObject({ ok: false, anchorsFile: { problem: { line: 2, reason: 'mac' } } });
    writeFileSync(file, [lines[0], lines[2]].join('\n') + '\n');
    expect(s.check()).toMatchObject({ ok: false, anchorsFile: { problem: { line: 2, reason: 'link' } } });
    rmSync(file);
    expect(s.check()).toMatchObject({ ok: false, anchorsFileRemoved: true });
    // A line forged with another key does not verify either.
    writeFileSync(file, lines.join('\n') + '\n');
    expect(readAnchors(s.dir, 'a'.repeat(64)).problem).toEqual({ line: 1, reason: 'mac' });
    expect(readAnchors(s.dir, s.key)).toMatchObject({ problem: null, lines: 3 });
  });

  it('a backup manifest anchors the head: it catches a rewrite even when the anchors file lost its last lines', () => {
    const s = store();
    s.add(2);
    s.anchoring.anchor('daily');
    const keep = readFileSync(join(s.dir, ANCHORS_FILE_NAME), 'utf8');
    s.add(3);
    const backups = tempDir('sportello-backups-');
    cleanups.push(backups.cleanup);
    const target = join(backups.dir, 'copia.db');
    const b = backupWithAnchor(s.db, s.dbKey, target, { dataDir: s.dir, key: s.key, nowIso: '2026-03-10T18:00:00.000Z' });
    expect(b.head.seq).toBe(5);
    const manifest = JSON.parse(readFileSync(b.manifestFile, 'utf8'));
    expect(manifest).toMatchObject({ format: 'sportello-backup-manifest/1', backupFile: 'copia.db', head: { seq: 5 } });
    expect(manifest.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(readAnchors(s.dir, s.key).anchors.map((a) => a.reason)).toEqual(['daily', 'backup']);

    // The anchors file loses its trailing lines (a prefix still verifies) and history is rewritten.
    writeFileSync(join(s.dir, ANCHORS_FILE_NAME), keep);
    rewriteFrom(s.db, 4);
    expect(s.check()).toMatchObject({ ok: true }); // the manifest is not in the data folder…
    expect(s.check([target])).toMatchObject({
      ok: false,
      matchesUpTo: 2,
      anchorMismatch: { kind: 'hash', anchor: { seq: 5, source: { kind: 'manifest' } } },
    });
    // …and a manifest kept in the data folder's backups/ is found without being named.
    mkdirSync(join(s.dir, 'backups'));
    writeFileSync(join(s.dir, 'backups', 'copia.db.manifest.json'), readFileSync(b.manifestFile));
    expect(s.check()).toMatchObject({ ok: false, matchesUpTo: 2 });

    // An edited manifest is refused, and so is a backup changed after its manifest was written.
    writeFileSync(b.manifestFile, JSON.stringify({ ...manifest, head: { ...manifest.head, seq: 4 } }));
    expect(s.check([target]).manifests.find((m) => m.file === b.manifestFile)).toMatchObject({ ok: false, reason: 'mac' });
    writeFileSync(b.manifestFile, JSON.stringify(manifest));
    writeFileSync(target, Buffer.concat([readFileSync(target), Buffer.from('x')]));
    expect(s.check([target]).manifests.find((m) => m.file === b.manifestFile)).toMatchObject({ ok: true, backupMatches: false });
  });

  it('anchors at start when the last anchor is over a day old, and once the Rome day changes', () => {
    const s = store();
    s.clock.set('2026-07-01T08:00:00Z');
    expect(s.anchoring.atStart()?.reason).toBe('start'); // no anchor yet
    s.clock.set('2026-07-02T07:00:00Z'); // 23 h later: not at start…
    const fresh = new AuditAnchoring({ db: s.db, dataDir: s.dir, key: s.key, clock: s.clock, actor });
    expect(fresh.atStart()).toBeNull();
    s.clock.set('2026-07-02T08:00:01Z'); // …but past 24 h, yes
    expect(new AuditAnchoring({ db: s.db, dataDir: s.dir, key: s.key, clock: s.clock, actor }).atStart()?.reason).toBe('start');

    s.add(1);
    s.clock.set('2026-07-02T21:59:00Z'); // 23:59 in Rome (CEST): the same day
    expect(s.anchoring.check()).toBeNull();
    s.clock.set('2026-07-02T22:01:00Z'); // 00:01 on 3 July in Rome, still 2 July in UTC
    expect(s.anchoring.check()).toMatchObject({ reason: 'daily', seq: 2, at: '2026-07-02T22:01:00.000Z' });
    expect(s.anchoring.check()).toBeNull(); // once per day
    expect(readAnchors(s.dir, s.key)).toMatchObject({ problem: null, lines: 3 });
  });

  it('an anchors file removed, with or without its key, is reported, even once the app has begun a new one', () => {
    const s = store();
    s.anchoring.atStart();
    s.add(2);
    s.anchoring.anchor('daily');
    rmSync(join(s.dir, ANCHORS_FILE_NAME));
    rmSync(join(s.dir, ANCHOR_KEY_FILE_NAME));
    // No key, no file: the log itself says anchoring had started.
    expect(checkAudit(s.db, { dataDir: s.dir, anchorKey: null })).toMatchObject({ ok: false, anchorsFileRemoved: true });
    // The app starts again: a new key and file, and an entry saying the file was missing.
    const key = anchorKeyFileProvider.getOrCreateKey(s.dir);
    new AuditAnchoring({ db: s.db, dataDir: s.dir, key, clock: s.clock, actor }).atStart();
    const c = checkAudit(s.db, { dataDir: s.dir, anchorKey: key });
    expect(c).toMatchObject({ ok: false, anchorsFileRemoved: false, anchorsMissingAtStart: [{ seq: 4 }] });
  });

  it('two processes appending at once (the app and a CLI backup) keep one unbroken chain of lines', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const key = anchorKeyFileProvider.getOrCreateKey(t.dir);
    const script = `import { appendAnchor } from './electron/core/audit/anchors.ts';
      for (let i = 0; i < 40; i++) appendAnchor(${JSON.stringify(t.dir)}, '${key}', { seq: i, hash: '${'0'.repeat(64)}' }, 'backup', new Date(0).toISOString());`;
    const child = () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    await Promise.all([child(), child(), child()]);
    expect(readAnchors(t.dir, key)).toMatchObject({ problem: null, lines: 120 });
  });

  it('the anchors key can be sealed by the OS, like the database key', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const sealer = {
      seal: (p: string) => Buffer.from(p, 'utf8').reverse(),
      unseal: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
    };
    const k1 = sealedAnchorKeyProvider(sealer).getOrCreateKey(t.dir);
    expect(sealedAnchorKeyProvider(sealer).getOrCreateKey(t.dir)).toBe(k1);
    expect(readFileSync(join(t.dir, `${ANCHOR_KEY_FILE_NAME}.sealed`)).toString()).not.toBe(k1);
  });
});

describe('sportello-admin audit verify with anchors', () => {
  it('backs up with a manifest, verifies an untouched store, and names where a rewritten one stops matching', async () => {
    const s = store();
    s.add(3);
    s.anchoring.anchor('daily');
    s.add(2);
    s.db.close();
    const target = join(s.dir, 'backups-out.db');
    const b = await admin(['backup', target, '--data', s.dir]);
    expect(b.code, b.out).toBe(0);
    expect(b.out).toMatch(/manifest con l'ultima voce del registro \(n\. 5\)/);
    const ok = await admin(['audit', 'verify', '--data', s.dir, target]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/integro: 5 voci/);
    expect(ok.out).toMatch(/Corrisponde a tutte le 3 ancore/);

    const again = openStore(s.dir, keyFileProvider);
    rewriteFrom(again.db, 4);
    again.db.close();
    const bad = await admin(['audit', 'verify', '--data', s.dir]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/La storia corrisponde fino alla voce n\. 3; dopo questa voce non corrisponde più/);
    expect(bad.out).toMatch(/La voce n\. 5 non è quella registrata/);

    const again2 = openStore(s.dir, keyFileProvider);
    again2.db.exec('DROP TRIGGER audit_no_update');
    again2.db.close();
    expect((await admin(['audit', 'verify', '--data', s.dir])).out).toMatch(/Mancano le protezioni del registro.*audit_no_update/);
  });

  it('after a restore, verifies the restored history against the anchors taken from then on', async () => {
    const s = store();
    s.add(2);
    s.db.close();
    const copy = join(s.dir, 'copia.db');
    expect((await admin(['backup', copy, '--data', s.dir])).code).toBe(0);
    const again = openStore(s.dir, keyFileProvider);
    for (let i = 0; i < 3; i++)
      withTx(again.db, (tx) => appendAudit(tx, actor, { action: 'person.read', entityType: 'person', entityId: 'p' }));
    new AuditAnchoring({ db: again.db, dataDir: s.dir, key: s.key, clock: s.clock, actor }).anchor('daily'); // anchors entry 5
    again.db.close();
    const restored = await admin(['restore', copy, '--data', s.dir]);
    expect(restored.code, restored.out).toBe(0);
    // The restored store has entries 1–2 only: the anchor of entry 5 belongs to the history it replaced.
    expect(readAnchors(s.dir, s.key).anchors.at(-1)).toMatchObject({ reason: 'restore', seq: 2 });
    const ok = await admin(['audit', 'verify', '--data', s.dir]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/ancore precedenti all'ultimo ripristino non sono state confrontate/);
  });
});
