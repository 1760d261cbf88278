import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SportelloError } from '../errors';
import type { Db } from '../store/types';
import { GENESIS_HASH } from './log';

/**
 * The anchors file: one JSON line per anchor, appended and never rewritten, in the data folder.
 * Each line records the audit chain's head (seq and hash) at a moment, is MACed with the anchors'
 * own key (anchor-key.ts) and carries the previous line's MAC, so a line cannot be edited, removed
 * from the middle or forged without that key. Rewriting the database then no longer matches it.
 */
export const ANCHORS_FILE_NAME = 'audit-anchors.jsonl';

export type AnchorReason = 'start' | 'daily' | 'backup' | 'report' | 'restore';

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface Anchor extends AuditHead {
  /** Line number, from 1. */
  n: number;
  /** UTC ISO instant the anchor was taken. */
  at: string;
  reason: AnchorReason;
  /** The previous line's MAC (64 zeros on the first line). */
  prev: string;
  mac: string;
}

/** Something wrong in the anchors file, by line (1-based). */
export interface AnchorsFileProblem {
  line: number;
  reason: 'unreadable' | 'mac' | 'link' | 'number';
}

export interface AnchorsFile {
  /** The lines that verify, in order, up to the first problem. */
  anchors: Anchor[];
  problem: AnchorsFileProblem | null;
  /** Lines in the file. */
  lines: number;
}

/** The chain's last entry (seq 0 and the genesis hash when the log is empty). */
export function auditHead(db: Db): AuditHead {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

export function anchorMac(key: string, a: Omit<Anchor, 'mac'>): string {
  return createHmac('sha256', Buffer.from(key, 'hex'))
    .update(JSON.stringify(['anchor/1', a.n, a.at, a.reason, a.seq, a.hash, a.prev]))
    .digest('hex');
}

export function macMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export const anchorsFilePath = (dataDir: string) => join(dataDir, ANCHORS_FILE_NAME);

/** Reads and checks every line: MAC, link to the previous line, numbering. */
export function readAnchors(dataDir: string, key: string): AnchorsFile {
  const file = anchorsFilePath(dataDir);
  if (!existsSync(file)) return { anchors: [], problem: null, lines: 0 };
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const anchors: Anchor[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let a: Anchor;
    try {
      a = JSON.parse(lines[i]) as Anchor;
      if (typeof a !== 'object' || a === null || typeof a.seq !== 'number' || typeof a.hash !== 'string' || typeof a.at !== 'string')
        throw new Error('shape');
    } catch {
      return { anchors, problem: { line, reason: 'unreadable' }, lines: lines.length };
    }
    const { mac, ...rest } = a;
    if (!macMatches(anchorMac(key, rest), mac)) return { anchors, problem: { line, reason: 'mac' }, lines: lines.length };
    if (a.prev !== prev) return { anchors, problem: { line, reason: 'link' }, lines: lines.length };
    if (a.n !== line) return { anchors, problem: { line, reason: 'number' }, lines: lines.length };
    anchors.push({ n: a.n, at: a.at, reason: a.reason, seq: a.seq, hash: a.hash, prev: a.prev, mac: a.mac });
    prev = a.mac;
  }
  return { anchors, problem: null, lines: lines.length };
}

/**
 * Appends one anchor, chained to the file's last line, and syncs it to disk. The file is created
 * 0600. A file whose lines do not verify is never repaired here: `audit verify` reports it.
 */
export function appendAnchor(dataDir: string, key: string, head: AuditHead, reason: AnchorReason, at: string): Anchor {
  const file = anchorsFilePath(dataDir);
  // The app and the admin CLI (a backup) may append at once: both would chain to the same line.
  return withLock(`${file}.lock`, () => {
    const last = lastLine(file);
    const body = { n: (last?.n ?? 0) + 1, at, reason, seq: head.seq, hash: head.hash, prev: last?.mac ?? GENESIS_HASH };
    const anchor: Anchor = { ...body, mac: anchorMac(key, body) };
    const fd = openSync(file, 'a', 0o600);
    try {
      writeSync(fd, JSON.stringify(anchor) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return anchor;
  });
}

/** An append takes milliseconds: a lock older than this was left by a killed process. */
const LOCK_STALE_MS = 2_000;

/** Runs `fn` holding an exclusive lock file, taking over one left by a killed process. */
function withLock<T>(lock: string, fn: () => T): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const giveUpAt = Date.now() + LOCK_STALE_MS + 1_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { force: true });
      } catch {
        // gone meanwhile: try again
      }
      if (Date.now() > giveUpAt) {
        throw new SportelloError(
          'AUDIT_ANCHORS_BUSY',
          'Il file delle ancore del registro è occupato da un altro programma. Riprovare tra qualche secondo; se si ripete, avvisare il referente informatico.',
        );
      }
      Atomics.wait(sleeper, 0, 0, 10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** When the file's last line was written (read as is, checked or not), or null with no anchors. */
export function lastAnchorAt(dataDir: string): string | null {
  return lastLine(anchorsFilePath(dataDir))?.at ?? null;
}

function lastLine(file: string): { n: number; mac: string; at: string | null } | null {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  try {
    const a = JSON.parse(lines[lines.length - 1]) as Anchor;
    return { n: typeof a.n === 'number' ? a.n : lines.length, mac: String(a.mac), at: typeof a.at === 'string' ? a.at : null };
  } catch {
    return { n: lines.length, mac: 'unreadable', at: null };
  }
}
