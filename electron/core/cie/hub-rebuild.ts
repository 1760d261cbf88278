/**
 * A new, empty hub (the old one lost, rebuilt from nothing): each counter sends it again its own
 * current bookings and today's walk-in tickets, as fresh outbox items (new keys; the hub's rows are
 * keyed by booking and ticket id, so a record it still has is written over, never twice). Started
 * by the responsabile (hub.resend), or by the puller when the hub does not know the last key this
 * counter had applied there (a new hub, or one restored from an older dump).
 */
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { romeDate } from '../rome-time';
import { enqueueHubBooking, enqueueHubTicket, hubConfigured, ownNumber } from './hub-push';

/** Records of this counter the hub should hold: bookings from today on (not online ones, not refused ones) and today's tickets. */
function currentRecords(db: Db, today: string): { bookings: string[]; tickets: string[] } {
  const bookings = (
    db
      .prepare(`SELECT id FROM cie_bookings WHERE date >= ? AND channel <> 'online' AND status <> 'conflict' ORDER BY created_at`)
      .all(today) as { id: string }[]
  ).map((r) => r.id);
  const tickets = (db.prepare('SELECT id FROM cie_walkins WHERE date = ? ORDER BY number').all(today) as { id: string }[]).map((r) => r.id);
  return { bookings, tickets };
}

/** Enqueues this counter's current records for the hub; returns how many items. */
export function resendAllToHub(db: Db, actor: Actor, now: Date): { bookings: number; tickets: number } {
  if (!hubConfigured(db)) return { bookings: 0, tickets: 0 };
  const today = romeDate(now);
  return withTx(db, (tx) => {
    const { bookings, tickets } = currentRecords(tx, today);
    for (const id of bookings) enqueueHubBooking(tx, actor, id, 'rebuild');
    const me = ownNumber(tx);
    // The new hub numbers the day's tickets again: each shows its provisional label until it has the new number.
    tx.prepare('UPDATE cie_walkins SET comune_number = NULL WHERE date = ?').run(today);
    for (const id of tickets) {
      const w = tx
        .prepare(
          `SELECT id, date, status, arrived_at AS arrivedAt, called_at AS calledAt, done_at AS doneAt, handled_by AS handledBy FROM cie_walkins WHERE id = ?`,
        )
        .get(id) as {
        id: string;
        date: string;
        status: 'waiting' | 'called' | 'served' | 'left';
        arrivedAt: string;
        calledAt: string | null;
        doneAt: string | null;
        handledBy: number | null;
      };
      enqueueHubTicket(
        tx,
        actor,
        {
          ticketId: w.id,
          day: w.date,
          issuedBy: me,
          status: w.status,
          calledBy: w.status === 'waiting' ? null : (w.handledBy ?? me),
          issuedAt: w.arrivedAt,
          calledAt: w.calledAt,
          servedAt: w.doneAt,
        },
        'rebuild',
      );
    }
    tx.prepare('UPDATE hub_pull_state SET rebuilt_at = ? WHERE id = 1').run(new Date().toISOString());
    appendAudit(tx, actor, {
      action: 'hub.rebuild',
      entityType: 'hub',
      entityId: String(me),
      detail: { bookings: bookings.length, tickets: tickets.length },
    });
    return { bookings: bookings.length, tickets: tickets.length };
  });
}

/**
 * The keys of the last hub items applied since the last rebuild (at most `limit`): a hub that does not
 * know one of them has lost some of what this counter sent.
 */
export function lastAppliedHubKeys(db: Db, limit = 20): string[] {
  return (
    db
      .prepare(
        `SELECT idempotency_key AS k FROM outbox WHERE platform = 'hub' AND state = 'done'
           AND updated_at > coalesce((SELECT rebuilt_at FROM hub_pull_state WHERE id = 1), '')
         ORDER BY updated_at DESC, seq DESC LIMIT ?`,
      )
      .all(limit) as { k: string }[]
  ).map((r) => r.k);
}

/**
 * Called by the puller with whether the hub knows this counter's last applied keys: a hub that does
 * not (a new, empty one, or one restored from a dump older than those writes) has lost some of what
 * this counter sent, so everything current is sent again — once: only keys applied after this
 * rebuild are asked about next time.
 */
export function rebuildIfHubForgot(db: Db, system: Actor, knowsKeys: boolean, now: Date): boolean {
  if (knowsKeys || !hubConfigured(db)) return false;
  const open = db.prepare(`SELECT 1 FROM outbox WHERE platform = 'hub' AND state IN ('pending','waiting','attention') LIMIT 1`).get();
  if (open) return false;
  const { bookings, tickets } = currentRecords(db, romeDate(now));
  if (bookings.length + tickets.length === 0) {
    db.prepare('UPDATE hub_pull_state SET rebuilt_at = ? WHERE id = 1').run(new Date().toISOString());
    return false;
  }
  resendAllToHub(db, system, now);
  return true;
}
