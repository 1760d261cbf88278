/**
 * The IO adapter's note "this message is leaving now", written (and committed) before its POST
 * and cleared once the engine has recorded the answer (outbox-handlers.ts) or the adapter knows
 * the request never reached IO. A note still there when the item is sent again means Sportello
 * stopped while the message was on its way: the adapter then holds it as "esito incerto" instead
 * of sending it a second time (the engine itself resends a 'pending' item after a restart).
 * The table: schema.ts (migration 700).
 */
import type { Db } from '../store/types';

/**
 * False, and no note, when the item is no longer queued (withdrawn while the profile was read):
 * the message must not leave. A note written first makes core/io's withdrawal leave the item alone
 * (it is on the wire); one statement each, so the two never cross.
 */
export function markSubmitting(db: Db, outboxId: string): boolean {
  return (
    db
      .prepare(
        `INSERT OR REPLACE INTO io_submission (outbox_id, at)
         SELECT ?, ? WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ? AND state IN ('pending', 'waiting'))`,
      )
      .run(outboxId, new Date().toISOString(), outboxId).changes > 0
  );
}

export function wasSubmitting(db: Db, outboxId: string): boolean {
  return db.prepare('SELECT 1 FROM io_submission WHERE outbox_id = ?').get(outboxId) !== undefined;
}

export function clearSubmitting(db: Db, outboxId: string): void {
  db.prepare('DELETE FROM io_submission WHERE outbox_id = ?').run(outboxId);
}
