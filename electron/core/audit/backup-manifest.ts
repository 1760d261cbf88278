import { createHash, createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { backupTo } from '../store/backup';
import type { DbKey } from '../store/open';
import type { Db } from '../store/types';
import { appendAnchor, auditHead, macMatches, type AuditHead } from './anchors';

/**
 * A backup's manifest, `<backup>.manifest.json` beside it: the audit chain's head when the backup
 * was taken, the backup's SHA-256, the time, MACed with the anchors' key. Whoever later rewrites
 * the live database's history cannot make it match a manifest kept with the backups.
 */
export const MANIFEST_FORMAT = 'sportello-backup-manifest/1';
export const MANIFEST_SUFFIX = '.manifest.json';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  backupFile: string;
  backupSha256: string;
  createdAt: string;
  head: AuditHead;
  mac: string;
}

export const manifestPathFor = (backupFile: string) => backupFile + MANIFEST_SUFFIX;

function manifestMac(key: string, m: Omit<BackupManifest, 'mac'>): string {
  return createHmac('sha256', Buffer.from(key, 'hex'))
    .update(JSON.stringify([m.format, m.backupFile, m.backupSha256, m.createdAt, m.head.seq, m.head.hash]))
    .digest('hex');
}

const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

export interface AnchoredBackup {
  manifestFile: string;
  head: AuditHead;
}

/**
 * The backup path with its anchors: writes the encrypted copy (store/backup.ts), then its manifest,
 * then the same head as a 'backup' line of the anchors file.
 */
export function backupWithAnchor(
  db: Db,
  dbKey: DbKey,
  target: string,
  anchors: { dataDir: string; key: string; nowIso: string },
): AnchoredBackup {
  const head = auditHead(db);
  backupTo(db, dbKey, target);
  const body: Omit<BackupManifest, 'mac'> = {
    format: MANIFEST_FORMAT,
    backupFile: basename(target),
    backupSha256: sha256File(target),
    createdAt: anchors.nowIso,
    head,
  };
  const manifestFile = manifestPathFor(target);
  writeFileSync(manifestFile, JSON.stringify({ ...body, mac: manifestMac(anchors.key, body) }, null, 2) + '\n', { mode: 0o600 });
  appendAnchor(anchors.dataDir, anchors.key, head, 'backup', anchors.nowIso);
  return { manifestFile, head };
}

export type ManifestCheck =
  | { file: string; ok: true; manifest: BackupManifest; backupMatches: boolean | null }
  | { file: string; ok: false; reason: 'unreadable' | 'mac' };

/**
 * Reads a manifest and checks its MAC; `backupMatches` says whether the backup beside it still has
 * the recorded SHA-256 (null when the backup is not there).
 */
export function readManifest(file: string, key: string): ManifestCheck {
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
    if (m.format !== MANIFEST_FORMAT || typeof m.head?.seq !== 'number' || typeof m.head?.hash !== 'string') throw new Error('shape');
  } catch {
    return { file, ok: false, reason: 'unreadable' };
  }
  const { mac, ...body } = m;
  const canonical = {
    format: body.format,
    backupFile: body.backupFile,
    backupSha256: body.backupSha256,
    createdAt: body.createdAt,
    head: body.head,
  };
  if (!macMatches(manifestMac(key, canonical), mac)) return { file, ok: false, reason: 'mac' };
  const backup = file.endsWith(MANIFEST_SUFFIX) ? file.slice(0, -MANIFEST_SUFFIX.length) : null;
  const backupMatches = backup && existsSync(backup) ? sha256File(backup) === m.backupSha256 : null;
  return { file, ok: true, manifest: m, backupMatches };
}

/** Manifests in the data folder and its `backups` subfolder. */
export function manifestsIn(dataDir: string): string[] {
  const out: string[] = [];
  for (const dir of [dataDir, join(dataDir, 'backups')]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (name.endsWith(MANIFEST_SUFFIX)) out.push(join(dir, name));
  }
  return out.sort();
}

/**
 * After a restore: the restored database's head as a 'restore' anchor. History legitimately went
 * back to the backup's; `audit verify` compares only anchors from the last restore on.
 */
export function anchorRestored(dataDir: string, db: Db, anchorKey: string, nowIso: string): void {
  appendAnchor(dataDir, anchorKey, auditHead(db), 'restore', nowIso);
}
