/**
 * A new, empty hub (the old one lost, rebuilt from nothing): each counter sends it again its own
 * current bookings and today's walk-in tickets, as fresh outbox items (new keys: the new hub's
 * applied_ops is empty anyway). Started by the responsabile, or by the puller when the hub holds
 * none of this counter's records although some of them had reached a hub before.
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
 * Called by the puller with how many of this counter's records the hub holds: none, while some of
 * the current ones had reached a hub and nothing is on its way there, means the hub is a new one.
 * Then everything current is sent again (once: the new items are on their way at the next pull).
 */
export function rebuildIfHubIsNew(db: Db, system: Actor, onHub: number, now: Date): boolean {
  if (onHub > 0 || !hubConfigured(db)) return false;
  const open = db.prepare(`SELECT 1 FROM outbox WHERE platform = 'hub' AND state IN ('pending','waiting','attention') LIMIT 1`).get();
  if (open) return false;
  const { bookings, tickets } = currentRecords(db, romeDate(now));
  const ids = [...bookings, ...tickets];
  if (ids.length === 0) return false;
  const reached = db
    .prepare(`SELECT 1 FROM outbox WHERE platform = 'hub' AND state = 'done' AND business_id IN (SELECT value FROM json_each(?)) LIMIT 1`)
    .get(JSON.stringify(ids));
  if (!reached) return false;
  resendAllToHub(db, system, now);
  return true;
}
