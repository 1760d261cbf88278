import { existsSync } from 'node:fs';
import type { Db } from '../store/types';
import { anchorsFilePath, readAnchors, type AnchorsFileProblem, type AuditHead } from './anchors';
import { manifestsIn, readManifest, type ManifestCheck } from './backup-manifest';
import { ANCHORS_MISSING, ANCHORS_STARTED } from './daily-anchor';
import { auditHash, auditRowsInOrder, GENESIS_HASH, type AuditVerdict } from './log';

/**
 * `audit verify`: the chain's own hashes, the triggers that keep it append-only, and every anchor
 * found outside the database (the anchors file, backup manifests). An anchor says "entry N had
 * hash H": a chain rewritten from any entry up to N, or cut below N, no longer matches it.
 */

/** The triggers the audit_log migration creates; without them any row can be changed. */
export const AUDIT_TRIGGERS = ['audit_no_delete', 'audit_no_update'] as const;

export interface AnchorRef {
  /** Where the anchor comes from, for the report: the anchors file's line or a backup's manifest. */
  source: { kind: 'file'; line: number; reason: string } | { kind: 'manifest'; file: string };
  at: string;
  seq: number;
  hash: string;
}

export interface AuditCheck {
  ok: boolean;
  entries: number;
  head: AuditHead;
  /** The chain checked against itself. */
  chain: AuditVerdict;
  missingTriggers: string[];
  anchorsChecked: number;
  /** Anchors older than the last restore: they describe the history the restore replaced. */
  anchorsSuperseded: number;
  /** The first anchor (lowest entry) the database no longer matches. */
  anchorMismatch: { anchor: AnchorRef; kind: 'missing' | 'hash' } | null;
  /**
   * When history no longer matches: the last entry still proven (by the chain and the anchors);
   * every change lies after it. 0 = not even the first entry is proven. Null when history matches.
   */
  matchesUpTo: number | null;
  anchorsFile: { present: boolean; lines: number; problem: AnchorsFileProblem | null };
  /**
   * Anchors were written (their key is there, or the log says anchoring started) but their file
   * is gone, or was gone when the app started (entries recording it).
   */
  anchorsFileRemoved: boolean;
  /** Entries recording that the app found the anchors file missing at start. */
  anchorsMissingAtStart: { seq: number; at: string }[];
  /** True when there are anchors (file or manifests) but not the key to check them. */
  anchorKeyMissing: boolean;
  manifests: ManifestCheck[];
}

export interface CheckAuditOptions {
  dataDir: string;
  /** The anchors' key; null when there is none in the data folder. */
  anchorKey: string | null;
  /** Manifests (or the backups they sit beside) named by the person, beyond those in the data folder. */
  extraManifests?: string[];
}

export function missingAuditTriggers(db: Db): string[] {
  const present = new Map(
    (
      db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`).all() as {
        name: string;
        sql: string;
      }[]
    ).map((t) => [t.name, t.sql]),
  );
  return AUDIT_TRIGGERS.filter((name) => !/RAISE\s*\(\s*ABORT/i.test(present.get(name) ?? ''));
}

export function checkAudit(db: Db, opts: CheckAuditOptions): AuditCheck {
  const missingTriggers = missingAuditTriggers(db);
  const filePresent = existsSync(anchorsFilePath(opts.dataDir));
  const manifestFiles = [...new Set([...manifestsIn(opts.dataDir), ...(opts.extraManifests ?? []).map(asManifestPath)])];
  const anchorKeyMissing = opts.anchorKey === null && (filePresent || manifestFiles.length > 0);

  const refs: AnchorRef[] = [];
  let anchorsFile: AuditCheck['anchorsFile'] = { present: filePresent, lines: 0, problem: null };
  let manifests: ManifestCheck[] = [];
  if (opts.anchorKey !== null) {
    const f = readAnchors(opts.dataDir, opts.anchorKey);
    anchorsFile = { present: filePresent, lines: f.lines, problem: f.problem };
    for (const a of f.anchors) refs.push({ source: { kind: 'file', line: a.n, reason: a.reason }, at: a.at, seq: a.seq, hash: a.hash });
    manifests = manifestFiles.map((m) => readManifest(m, opts.anchorKey!));
    for (const m of manifests) {
      if (m.ok)
        refs.push({
          source: { kind: 'manifest', file: m.file },
          at: m.manifest.createdAt,
          seq: m.manifest.head.seq,
          hash: m.manifest.head.hash,
        });
    }
  }
  // A restore legitimately replaces history: anchors taken before the last one describe the old one.
  // Lines of the file by their order; a manifest by its time against the restore line's.
  const lastRestore = refs.filter((r) => r.source.kind === 'file' && r.source.reason === 'restore').pop();
  const current = !lastRestore
    ? refs
    : refs.filter((r) =>
        r.source.kind === 'file' ? r.source.line >= (lastRestore.source as { line: number }).line : r.at >= lastRestore.at,
      );
  current.sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at));

  const walk = walkChain(db, new Set(current.map((r) => r.seq)));
  let anchorMismatch: AuditCheck['anchorMismatch'] = null;
  let lastMatched = 0;
  for (const r of current) {
    const stored = r.seq === 0 ? GENESIS_HASH : walk.hashes.get(r.seq);
    if (stored === undefined) {
      anchorMismatch = { anchor: r, kind: 'missing' };
      break;
    }
    if (stored !== r.hash) {
      anchorMismatch = { anchor: r, kind: 'hash' };
      break;
    }
    lastMatched = r.seq;
  }

  let matchesUpTo: number | null = null;
  if (!walk.verdict.ok) matchesUpTo = walk.verdict.firstBrokenSeq - 1;
  if (anchorMismatch) matchesUpTo = Math.min(matchesUpTo ?? Infinity, lastMatched);

  // The key is created with the first anchor: a key without a file means the file was removed.
  const anchorsFileRemoved = !filePresent && (opts.anchorKey !== null || walk.anchoringStarted);
  const ok =
    walk.verdict.ok &&
    !anchorMismatch &&
    missingTriggers.length === 0 &&
    !anchorsFile.problem &&
    !anchorKeyMissing &&
    manifests.every((m) => m.ok && m.backupMatches !== false) &&
    !anchorsFileRemoved &&
    walk.anchorsMissing.length === 0;
  return {
    ok,
    entries: walk.entries,
    head: walk.head,
    chain: walk.verdict,
    missingTriggers,
    anchorsChecked: current.length,
    anchorsSuperseded: refs.length - current.length,
    anchorMismatch,
    matchesUpTo,
    anchorsFile,
    anchorsFileRemoved,
    anchorsMissingAtStart: walk.anchorsMissing,
    anchorKeyMissing,
    manifests,
  };
}

const asManifestPath = (f: string) => (f.endsWith('.manifest.json') ? f : f + '.manifest.json');

/** One pass over the log: its own consistency, its head, and the stored hash at the anchored entries. */
interface ChainWalk {
  verdict: AuditVerdict;
  entries: number;
  head: AuditHead;
  hashes: Map<number, string>;
  anchoringStarted: boolean;
  anchorsMissing: { seq: number; at: string }[];
}

function walkChain(db: Db, wanted: Set<number>): ChainWalk {
  const rows = auditRowsInOrder(db);
  const hashes = new Map<number, string>();
  let verdict: AuditVerdict | null = null;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let head: AuditHead = { seq: 0, hash: GENESIS_HASH };
  let anchoringStarted = false;
  const anchorsMissing: ChainWalk['anchorsMissing'] = [];
  for (const r of rows) {
    count++;
    head = { seq: r.seq, hash: r.hash };
    if (r.action === ANCHORS_STARTED) anchoringStarted = true;
    if (r.action === ANCHORS_MISSING) anchorsMissing.push({ seq: r.seq, at: r.at });
    if (wanted.has(r.seq)) hashes.set(r.seq, r.hash);
    if (verdict) continue;
    const { hash, prevHash, ...rest } = r;
    if (r.seq !== expectedSeq) verdict = { ok: false, entries: count, firstBrokenSeq: expectedSeq, reason: 'gap' };
    else if (prevHash !== prev) verdict = { ok: false, entries: count, firstBrokenSeq: r.seq, reason: 'link' };
    else if (auditHash(prevHash, rest) !== hash) verdict = { ok: false, entries: count, firstBrokenSeq: r.seq, reason: 'hash' };
    prev = hash;
    expectedSeq++;
  }
  return { verdict: verdict ?? { ok: true, entries: count }, entries: count, head, hashes, anchoringStarted, anchorsMissing };
}
