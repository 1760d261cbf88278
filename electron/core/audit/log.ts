import { createHash } from 'node:crypto';
import { assertInTx, type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';

export interface AuditEntryInput {
  /** What happened, dotted: 'person.read', 'pratica.create', 'operator.login', … */
  action: string;
  entityType: string;
  entityId: string;
  /** Extra facts; stored in the encrypted database only, never logged. */
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  operatorId: string;
  workstationId: string;
  action: string;
  entityType: string;
  entityId: string;
  detail: string;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash that chains one row to the previous one. */
export function auditHash(prevHash: string, r: Omit<AuditRow, 'hash' | 'prevHash'>): string {
  const canonical = JSON.stringify([r.seq, r.at, r.operatorId, r.workstationId, r.action, r.entityType, r.entityId, r.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Appends one entry to the hash-chained audit log, in the transaction that makes the change it
 * records (a TxDb), so the change and its trace commit together.
 */
export function appendAudit(db: TxDb, actor: Actor, entry: AuditEntryInput): void {
  assertInTx(db, 'registro delle operazioni');
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    operatorId: actor.operatorId,
    workstationId: actor.workstationId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    detail: JSON.stringify(entry.detail ?? {}),
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = auditHash(prevHash, row);
  db.prepare(`INSERT INTO audit_log (seq, at, operator_id, workstation_id, action, entity_type, entity_id, detail, prev_hash, hash)
     VALUES (@seq, @at, @operatorId, @workstationId, @action, @entityType, @entityId, @detail, @prevHash, @hash)`).run({
    ...row,
    prevHash,
    hash,
  });
}

/**
 * An entry that is the whole change (a login, a print, an export, a read shown to the clerk): it
 * commits in a transaction of its own.
 */
export function recordAudit(db: Db, actor: Actor, entry: AuditEntryInput): void {
  withTx(db, (tx) => appendAudit(tx, actor, entry));
}

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBrokenSeq: number; reason: 'hash' | 'link' | 'gap' };

/** Every entry, oldest first, read one at a time. */
export function auditRowsInOrder(db: Db): IterableIterator<AuditRow> {
  return db
    .prepare(
      `SELECT seq, at, operator_id AS operatorId, workstation_id AS workstationId, action,
              entity_type AS entityType, entity_id AS entityId, detail, prev_hash AS prevHash, hash
       FROM audit_log ORDER BY seq`,
    )
    .iterate() as IterableIterator<AuditRow>;
}

/** Walks the chain from the start; names the first entry whose hash, link or sequence is wrong. */
export function verifyAudit(db: Db): AuditVerdict {
  const rows = auditRowsInOrder(db);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const r of rows) {
    count++;
    if (r.seq !== expectedSeq) return { ok: false, entries: count, firstBrokenSeq: expectedSeq, reason: 'gap' };
    if (r.prevHash !== prev) return { ok: false, entries: count, firstBrokenSeq: r.seq, reason: 'link' };
    const { hash, prevHash, ...rest } = r;
    if (auditHash(prevHash, rest) !== hash) return { ok: false, entries: count, firstBrokenSeq: r.seq, reason: 'hash' };
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, entries: count };
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  limit?: number;
}

export function listAudit(db: Db, q: AuditQuery = {}): AuditRow[] {
  return db
    .prepare(
      `SELECT seq, at, operator_id AS operatorId, workstation_id AS workstationId, action,
              entity_type AS entityType, entity_id AS entityId, detail, prev_hash AS prevHash, hash
       FROM audit_log
       WHERE (@entityType IS NULL OR entity_type = @entityType) AND (@entityId IS NULL OR entity_id = @entityId)
       ORDER BY seq DESC LIMIT @limit`,
    )
    .all({ entityType: q.entityType ?? null, entityId: q.entityId ?? null, limit: q.limit ?? 100 }) as AuditRow[];
}
