/**
 * Reads the Comune hub into this counter's mirror (core/cie/hub-mirror): the other counters'
 * bookings from today on, today's walk-in tickets and the registry of workstations. Each exchange
 * also marks this workstation's last contact and hands the hub the states of this counter's outbox
 * items (sportello.outbox_state, read-only for the Comune). Runs every few seconds, right after each
 * push, and at once when asked; a pull never overlaps another (a request meanwhile runs once after).
 */
import type pg from 'pg';
import { applyHubSnapshot, type HubSnapshot, type MirrorSummary, type TicketStatus } from '../../core/cie/hub-mirror';
import { lastAppliedHubKeys, rebuildIfHubForgot } from '../../core/cie/hub-rebuild';
import type { Logger } from '../../core/log';
import { romeDate, romeInstant, romeTime } from '../../core/rome-time';
import type { Actor, Db } from '../../core/store/types';
import { statesChangedAfter } from '../../core/sync/outbox';
import { failureOf, type HubPool } from './connection';

export interface HubPullSummary extends MirrorSummary {
  statesSent: number;
  rebuilt: boolean;
}

export interface HubPuller {
  start(): void;
  stop(): Promise<void>;
  /** Pulls now (or right after the pull under way); null when the hub was not reached. */
  pullNow(): Promise<HubPullSummary | null>;
  /** Pulls shortly (after a push), at most once per few hundred ms. */
  pullSoon(): void;
}

export interface HubPullerOptions {
  db: Db;
  pool: () => HubPool | undefined;
  system: Actor;
  now: () => Date;
  intervalMs: number;
  log: Logger;
  onChange(): void;
}

const STATE_BATCH = 500;
/** One pull in this many reads everything (the others only what changed). */
const FULL_EVERY = 20;
/** After a push, the pull that follows waits at least this long after the previous one started. */
const AFTER_PUSH_MS = 300;

interface BookingRow {
  booking_id: string;
  workstation: number;
  station_id: string;
  slot_start: Date;
  slot_end: Date;
  slot_count: number;
  status: string;
  citizen_label: string | null;
  updated_at: Date;
}

interface TicketRow {
  ticket_id: string;
  day: string;
  number: number;
  issued_by: number;
  called_by: number | null;
  status: TicketStatus;
  issued_at: Date;
  called_at: Date | null;
  served_at: Date | null;
}

interface WorkstationRow {
  number: number;
  name: string;
  role_name: string;
  joined_at: Date | null;
  last_contact_at: Date | null;
  removed_at: Date | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** A booking's slot start times (Rome wall clock) from the range it holds on the hub. */
function timesOf(r: BookingRow): string[] {
  const start = new Date(r.slot_start).getTime();
  const step = (new Date(r.slot_end).getTime() - start) / r.slot_count;
  return Array.from({ length: r.slot_count }, (_, i) => romeTime(new Date(start + i * step)));
}

/**
 * Rows changed since `since` (the hub's clock), with an overlap: a row's updated_at is its
 * transaction's start, so one that committed after the last read may carry an earlier time. The
 * overlap re-reads a few rows; the mirror's upserts make that harmless.
 */
const OVERLAP = '30 seconds';

async function readHub(
  c: pg.PoolClient,
  today: string,
  lastKeys: string[],
  since: Date | null,
): Promise<{ snap: HubSnapshot; knowsKeys: boolean; readAt: Date }> {
  await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const from = romeInstant(today, '00:00');
    const readAt = (await c.query<{ now: Date }>('SELECT now() AS now')).rows[0].now;
    const changed = `($2::timestamptz IS NULL OR updated_at > $2::timestamptz - interval '${OVERLAP}')`;
    const b = await c.query<BookingRow>(
      `SELECT booking_id, workstation, station_id, slot_start, slot_end, slot_count, status, citizen_label, updated_at
         FROM sportello.agenda_bookings WHERE slot_end > $1 AND workstation IS DISTINCT FROM sportello.my_workstation() AND ${changed}`,
      [from, since],
    );
    const t = await c.query<TicketRow>(
      `SELECT ticket_id, day::text AS day, number, issued_by, called_by, status, issued_at, called_at, served_at
         FROM sportello.walkin_tickets WHERE day >= $1::date AND ${changed}`,
      [today, since],
    );
    const w = await c.query<WorkstationRow>(
      'SELECT number, name, role_name, joined_at, last_contact_at, removed_at FROM sportello.workstations ORDER BY number',
    );
    const known =
      lastKeys.length === 0 ||
      Number(
        (
          await c.query<{ n: string }>('SELECT count(*) AS n FROM sportello.applied_ops WHERE idempotency_key = ANY($1::text[])', [
            lastKeys,
          ])
        ).rows[0].n,
      ) === lastKeys.length;
    await c.query('COMMIT');
    return {
      knowsKeys: known,
      readAt: new Date(readAt),
      snap: {
        full: since === null,
        bookings: b.rows.map((r) => ({
          bookingId: r.booking_id,
          workstation: r.workstation,
          stationId: r.station_id,
          date: romeDate(new Date(r.slot_start)),
          times: timesOf(r),
          status: r.status,
          citizenLabel: r.citizen_label,
          updatedAt: iso(r.updated_at)!,
        })),
        tickets: t.rows.map((r) => ({
          ticketId: r.ticket_id,
          day: r.day,
          number: r.number,
          issuedBy: r.issued_by,
          calledBy: r.called_by,
          status: r.status,
          issuedAt: iso(r.issued_at)!,
          calledAt: iso(r.called_at),
          servedAt: iso(r.served_at),
        })),
        workstations: w.rows.map((r) => ({
          number: r.number,
          name: r.name,
          roleName: r.role_name,
          joinedAt: iso(r.joined_at),
          lastContactAt: iso(r.last_contact_at),
          removedAt: iso(r.removed_at),
        })),
      },
    };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** Hands the hub this counter's outbox states changed since the last exchange, and marks the contact. */
async function sendStates(c: pg.PoolClient, db: Db): Promise<number> {
  const row = db.prepare('SELECT states_pushed_until AS m FROM hub_pull_state WHERE id = 1').get() as { m: string | null };
  let mark = row.m ? (JSON.parse(row.m) as { updatedAt: string; seq: number }) : null;
  let sent = 0;
  for (;;) {
    const items = statesChangedAfter(db, mark, STATE_BATCH);
    if (items.length === 0) break;
    await c.query(
      `INSERT INTO sportello.outbox_state (workstation, item_id, platform, kind, state, attempts, last_error_code, updated_at)
       SELECT sportello.my_workstation(), * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[])
       ON CONFLICT (workstation, item_id) DO UPDATE SET state = EXCLUDED.state, attempts = EXCLUDED.attempts,
         last_error_code = EXCLUDED.last_error_code, updated_at = EXCLUDED.updated_at`,
      [
        items.map((i) => i.id),
        items.map((i) => i.platform),
        items.map((i) => i.kind),
        items.map((i) => i.state),
        items.map((i) => i.attempts),
        items.map((i) => i.lastErrorCode),
        items.map((i) => i.updatedAt),
      ],
    );
    const last = items[items.length - 1];
    mark = { updatedAt: last.updatedAt, seq: last.seq };
    db.prepare('UPDATE hub_pull_state SET states_pushed_until = ? WHERE id = 1').run(JSON.stringify(mark));
    sent += items.length;
    if (items.length < STATE_BATCH) break;
  }
  await c.query('UPDATE sportello.workstations SET last_contact_at = now() WHERE role_name = session_user');
  return sent;
}

export function createHubPuller(o: HubPullerOptions): HubPuller {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<HubPullSummary | null> | null = null;
  let again = false;
  let stopped = false;
  let lastError: string | null = null;
  let since: Date | null = null;
  let sinceDay = '';
  let pulls = 0;
  let soon: NodeJS.Timeout | null = null;
  let lastStart = 0;

  async function once(): Promise<HubPullSummary | null> {
    try {
      const pool = o.pool();
      if (!pool) return null;
      const now = o.now();
      // Every FULL_EVERY-th pull (and the first, and on a new day) reads everything: the mirror drops what left the hub.
      const today = romeDate(now);
      const full = since === null || today !== sinceDay || pulls % FULL_EVERY === 0;
      const { snap, knowsKeys, readAt } = await pool.use((c) => readHub(c, today, lastAppliedHubKeys(o.db), full ? null : since));
      pulls++;
      const summary = applyHubSnapshot(o.db, o.system, snap, now);
      const rebuilt = rebuildIfHubForgot(o.db, o.system, knowsKeys, now);
      if (rebuilt) o.log.warn('hub.rebuild', { reason: 'the hub does not know writes this counter applied there' });
      const statesSent = await pool.use((c) => sendStates(c, o.db));
      since = readAt;
      sinceDay = today;
      lastError = null;
      o.onChange();
      return { ...summary, statesSent, rebuilt };
    } catch (e) {
      const code = failureOf(e).code;
      if (code !== lastError) o.log.warn('hub.pull_failed', { code });
      lastError = code;
      return null;
    }
  }

  function pullNow(): Promise<HubPullSummary | null> {
    if (stopped) return Promise.resolve(null);
    lastStart = Date.now();
    if (running) {
      again = true;
      return running;
    }
    running = once().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        void pullNow();
      }
    });
    return running;
  }

  /** A push was applied: pull soon, at most one pull per AFTER_PUSH_MS however many pushes. */
  function pullSoon(): void {
    if (soon || stopped) return;
    soon = setTimeout(
      () => {
        soon = null;
        void pullNow();
      },
      Math.max(0, AFTER_PUSH_MS - (Date.now() - lastStart)),
    );
    soon.unref();
  }

  return {
    pullSoon,
    start() {
      timer = setInterval(() => void pullNow(), o.intervalMs);
      timer.unref();
      void pullNow();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (soon) clearTimeout(soon);
      await running?.catch(() => null);
    },
    pullNow,
  };
}
