import { randomUUID } from 'node:crypto';
import { assertInTx, type TxDb } from '../store/tx';
import type { Db } from '../store/types';
import type { NewOutboxItem, OutboxItem, OutboxState, Platform } from './types';

interface OutboxRow {
  seq: number;
  id: string;
  platform: Platform;
  kind: string;
  ordering_key: string;
  payload: string;
  payload_version: number;
  idempotency_key: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  last_error_code: string | null;
  last_error_text: string | null;
  business_type: string | null;
  business_id: string | null;
  operator_id: string | null;
  created_at: string;
  updated_at: string;
}

/** The stored JSON, or undefined when it is not JSON at all (the engine then sets the item aside). */
function readPayload(text: string): { payload: unknown; unreadable?: true } {
  try {
    return { payload: JSON.parse(text) };
  } catch {
    return { payload: undefined, unreadable: true };
  }
}

function toItem(r: OutboxRow): OutboxItem {
  const stored = readPayload(r.payload);
  return {
    id: r.id,
    seq: r.seq,
    platform: r.platform,
    kind: r.kind,
    orderingKey: r.ordering_key,
    payload: stored.payload,
    ...(stored.unreadable ? { payloadUnreadable: true as const } : {}),
    payloadVersion: r.payload_version,
    idempotencyKey: r.idempotency_key,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastErrorCode: r.last_error_code,
    lastErrorText: r.last_error_text,
    businessType: r.business_type,
    businessId: r.business_id,
    operatorId: r.operator_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Queues one platform operation, in the transaction that writes the business record (a TxDb), so
 * both exist or neither does. The idempotency key is fixed here for the item's whole life.
 */
export function enqueue(db: TxDb, item: NewOutboxItem): OutboxItem {
  assertInTx(db, 'invio accodato');
  const now = new Date().toISOString();
  const id = randomUUID();
  db.prepare(`INSERT INTO outbox (id, platform, kind, ordering_key, payload, payload_version, idempotency_key, state,
                         attempts, next_attempt_at, business_type, business_id, operator_id, created_at, updated_at)
     VALUES (@id, @platform, @kind, @orderingKey, @payload, @payloadVersion, @idempotencyKey, @state,
             0, @notBefore, @businessType, @businessId, @operatorId, @now, @now)`).run({
    state: item.notBefore ? 'waiting' : 'pending',
    notBefore: item.notBefore ?? null,
    id,
    platform: item.platform,
    kind: item.kind,
    orderingKey: item.orderingKey,
    payload: JSON.stringify(item.payload),
    payloadVersion: item.payloadVersion,
    idempotencyKey: item.idempotencyKey,
    businessType: item.businessType ?? null,
    businessId: item.businessId ?? null,
    operatorId: item.operatorId ?? null,
    now,
  });
  return getItem(db, id)!;
}

export function getItem(db: Db, id: string): OutboxItem | undefined {
  const r = db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  return r && toItem(r);
}

export interface ListFilter {
  platform?: Platform;
  states?: OutboxState[];
  businessType?: string;
  businessId?: string;
  limit?: number;
}

export function listItems(db: Db, f: ListFilter = {}): OutboxItem[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit ?? 1000 };
  if (f.platform) {
    where.push('platform = @platform');
    params.platform = f.platform;
  }
  if (f.states?.length) {
    where.push(`state IN (${f.states.map((_, i) => `@s${i}`).join(',')})`);
    f.states.forEach((s, i) => (params[`s${i}`] = s));
  }
  if (f.businessType) {
    where.push('business_type = @bt');
    params.bt = f.businessType;
  }
  if (f.businessId) {
    where.push('business_id = @bid');
    params.bid = f.businessId;
  }
  const sql = `SELECT * FROM outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq LIMIT @limit`;
  return (db.prepare(sql).all(params) as OutboxRow[]).map(toItem);
}

export type QueueCounts = Record<Platform, Record<OutboxState, number>>;

export function countByState(db: Db): QueueCounts {
  const empty = (): Record<OutboxState, number> => ({ pending: 0, done: 0, waiting: 0, attention: 0, discarded: 0 });
  const counts: QueueCounts = { anpr: empty(), gpd: empty(), agenda: empty(), hub: empty(), io: empty() };
  for (const r of db.prepare('SELECT platform, state, count(*) AS n FROM outbox GROUP BY platform, state').all() as {
    platform: Platform;
    state: OutboxState;
    n: number;
  }[])
    counts[r.platform][r.state] = r.n;
  return counts;
}

/**
 * The items that may be sent now for a platform: for each ordering key, only its oldest open
 * item (FIFO), and only if that item is due. A key whose head needs attention holds only its
 * own chain; other keys go on. Walks open items in creation order and stops at `limit`, each
 * "is there an older open item on my key?" being one index probe.
 */
export function dueHeads(db: Db, platform: Platform, nowIso: string, limit: number, exclude: ReadonlySet<string>): OutboxItem[] {
  const heads: OutboxItem[] = [];
  const rows = db
    .prepare(`SELECT o.* FROM outbox o
     WHERE o.platform = @platform AND o.state IN ('pending','waiting','attention')
       AND NOT EXISTS (SELECT 1 FROM outbox p
                       WHERE p.platform = o.platform AND p.ordering_key = o.ordering_key AND p.seq < o.seq
                         AND p.state IN ('pending','waiting','attention'))
     ORDER BY o.seq`)
    .iterate({ platform }) as IterableIterator<OutboxRow>;
  for (const r of rows) {
    if (r.state === 'attention' || exclude.has(r.id)) continue;
    if (r.next_attempt_at !== null && r.next_attempt_at > nowIso) continue;
    heads.push(toItem(r));
    if (heads.length >= limit) break;
  }
  return heads;
}

/** The earliest time any open item of the platform becomes due (for the scheduler's timer). */
export function nextDueAt(db: Db, platform: Platform): string | null {
  const r = db
    .prepare(
      `SELECT min(coalesce(next_attempt_at, '')) AS t FROM outbox
       WHERE platform = ? AND state IN ('pending','waiting')`,
    )
    .get(platform) as { t: string | null };
  return r.t;
}

/**
 * The engine's answers apply only to an item still queued: one withdrawn or discarded meanwhile
 * is never revived (false then, and nothing is written).
 */
const STILL_QUEUED = `state IN ('pending', 'waiting', 'attention')`;

export function markDone(db: Db, id: string, result: unknown): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'done', attempts = attempts + 1, result = ?, next_attempt_at = NULL, last_error_code = NULL, last_error_text = NULL,
     updated_at = ? WHERE id = ? AND ${STILL_QUEUED}`,
      )
      .run(JSON.stringify(result ?? null), new Date().toISOString(), id).changes > 0
  );
}

/** `nextAttemptAt` null: due as soon as its platform's lane sends again (e.g. paused for credentials). */
export function markWaiting(db: Db, id: string, nextAttemptAt: string | null, code: string, text: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'waiting', attempts = attempts + 1, next_attempt_at = ?, last_error_code = ?, last_error_text = ?, updated_at = ?
     WHERE id = ? AND ${STILL_QUEUED}`,
      )
      .run(nextAttemptAt, code, text, new Date().toISOString(), id).changes > 0
  );
}

export function markAttention(db: Db, id: string, code: string, text: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'attention', attempts = attempts + 1, next_attempt_at = NULL, last_error_code = ?, last_error_text = ?, updated_at = ?
     WHERE id = ? AND ${STILL_QUEUED}`,
      )
      .run(code, text, new Date().toISOString(), id).changes > 0
  );
}

/** A clerk's corrected payload goes back to pending; the key changes only if the room says so. */
export function resendCorrected(db: Db, id: string, payload: unknown, idempotencyKey?: string, payloadVersion?: number): void {
  db.prepare(
    `UPDATE outbox SET state = 'pending', payload = ?, payload_version = coalesce(?, payload_version), idempotency_key = coalesce(?, idempotency_key),
     next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'attention'`,
  ).run(JSON.stringify(payload), payloadVersion ?? null, idempotencyKey ?? null, new Date().toISOString(), id);
}

export function markDiscarded(db: Db, id: string, reason: string): void {
  db.prepare(
    `UPDATE outbox SET state = 'discarded', next_attempt_at = NULL, last_error_text = ?, updated_at = ? WHERE id = ? AND state = 'attention'`,
  ).run(reason, new Date().toISOString(), id);
}

/** The code a withdrawn item keeps (the reason in its text): told apart from the clerk's discard. */
export const SYNC_WITHDRAWN = 'SYNC_WITHDRAWN';

/** Takes a queued item out before it is sent (pending, waiting or attention); false when it has left. */
export function markWithdrawn(db: Db, id: string, reason: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'discarded', next_attempt_at = NULL, last_error_code = '${SYNC_WITHDRAWN}', last_error_text = ?, updated_at = ?
         WHERE id = ? AND state IN ('pending', 'waiting', 'attention')`,
      )
      .run(reason, new Date().toISOString(), id).changes > 0
  );
}

/** What the platform answered for a done item (e.g. ANPR's certificate), or null. */
export function itemResult(db: Db, id: string | null): Record<string, unknown> | null {
  if (!id) return null;
  const r = db.prepare('SELECT result FROM outbox WHERE id = ?').get(id) as { result: string | null } | undefined;
  return r?.result ? (JSON.parse(r.result) as Record<string, unknown>) : null;
}

/** An item's state as the Comune's hub shows it (no payload, no personal data). */
export interface ItemState {
  id: string;
  platform: Platform;
  kind: string;
  state: OutboxState;
  attempts: number;
  lastErrorCode: string | null;
  updatedAt: string;
  seq: number;
}

/** Items whose state changed after `after` (their updated_at, then seq), oldest first: what the hub has not seen yet. */
export function statesChangedAfter(db: Db, after: { updatedAt: string; seq: number } | null, limit: number): ItemState[] {
  return db
    .prepare(
      `SELECT id, platform, kind, state, attempts, last_error_code AS lastErrorCode, updated_at AS updatedAt, seq FROM outbox
        WHERE @at IS NULL OR updated_at > @at OR (updated_at = @at AND seq > @seq) ORDER BY updated_at, seq LIMIT @limit`,
    )
    .all({ at: after?.updatedAt ?? null, seq: after?.seq ?? 0, limit }) as ItemState[];
}
