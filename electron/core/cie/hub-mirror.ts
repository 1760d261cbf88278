/**
 * The other counters' bookings and walk-in tickets and the registry of workstations, as last read
 * from the Comune hub (platforms/hub/puller.ts hands each read here): one transaction replaces the
 * mirror. This counter's own records are never overwritten from it, except what another counter did
 * to an own ticket (called or served it), which only moves the ticket forward.
 */
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { ownNumber } from './hub-push';
import { stmt } from './sql';

export interface HubBookingRow {
  bookingId: string;
  workstation: number;
  stationId: string;
  date: string;
  times: string[];
  status: string;
  citizenLabel: string | null;
  updatedAt: string;
}

export type TicketStatus = 'waiting' | 'called' | 'served' | 'left';

export interface HubTicketRow {
  ticketId: string;
  day: string;
  number: number | null;
  issuedBy: number;
  calledBy: number | null;
  status: TicketStatus;
  issuedAt: string;
  calledAt: string | null;
  servedAt: string | null;
}

export interface HubWorkstationRow {
  number: number;
  name: string;
  roleName: string | null;
  joinedAt: string | null;
  lastContactAt: string | null;
  removedAt: string | null;
}

export interface HubSnapshot {
  /** Everything from today on (the mirror is replaced), or only what changed lately (the mirror is updated). */
  full: boolean;
  bookings: HubBookingRow[];
  tickets: HubTicketRow[];
  workstations: HubWorkstationRow[];
}

const RANK: Record<TicketStatus, number> = { waiting: 0, called: 1, served: 2, left: 2 };
export const ticketRank = (s: TicketStatus): number => RANK[s];

/** What a pull changed, for the log (no personal data). */
export interface MirrorSummary {
  bookings: number;
  tickets: number;
  ownTicketsMoved: number;
}

/** Replaces the mirror with what the hub holds now (one transaction). */
export function applyHubSnapshot(db: Db, system: Actor, snap: HubSnapshot, now: Date): MirrorSummary {
  const me = ownNumber(db);
  return withTx(db, (tx) => {
    // A foreign ticket this counter changed and has not pushed yet keeps the local state until it has.
    const unsent = new Set(
      (
        db
          .prepare(
            `SELECT business_id AS id FROM outbox WHERE platform = 'hub' AND business_type = 'cie_walkin' AND state IN ('pending','waiting')`,
          )
          .all() as { id: string }[]
      ).map((r) => r.id),
    );
    if (snap.full) db.prepare('DELETE FROM hub_bookings').run();
    const putBooking = db.prepare(
      `INSERT OR REPLACE INTO hub_bookings (booking_id, workstation, station_remote_id, date, times, status, citizen_label, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let bookings = 0;
    for (const b of snap.bookings) {
      if (b.workstation === me) continue;
      putBooking.run(b.bookingId, b.workstation, b.stationId, b.date, JSON.stringify(b.times), b.status, b.citizenLabel, b.updatedAt);
      bookings++;
    }
    if (snap.full) {
      db.prepare(`DELETE FROM hub_walkins WHERE ticket_id NOT IN (SELECT value FROM json_each(?))`).run(JSON.stringify([...unsent]));
    }
    // A row this counter changed and has not pushed yet is left as it is here.
    const putTicket = db.prepare(
      `INSERT INTO hub_walkins (ticket_id, day, number, issued_by, called_by, status, issued_at, called_at, served_at)
       VALUES (@ticketId, @day, @number, @issuedBy, @calledBy, @status, @issuedAt, @calledAt, @servedAt)
       ON CONFLICT (ticket_id) DO UPDATE SET number = excluded.number, called_by = excluded.called_by, status = excluded.status,
         called_at = excluded.called_at, served_at = excluded.served_at
       WHERE NOT EXISTS (SELECT 1 FROM json_each(@unsent) WHERE value = excluded.ticket_id)`,
    );
    const unsentJson = JSON.stringify([...unsent]);
    let tickets = 0;
    let ownTicketsMoved = 0;
    for (const t of snap.tickets) {
      if (t.issuedBy !== me) {
        putTicket.run({ ...t, unsent: unsentJson });
        tickets++;
        continue;
      }
      // An own ticket: the Comune's number, and what another counter did with it.
      const local = db.prepare('SELECT status, comune_number AS n FROM cie_walkins WHERE id = ?').get(t.ticketId) as
        | { status: TicketStatus; n: number | null }
        | undefined;
      if (!local) continue;
      if (local.n === null && t.number !== null)
        db.prepare('UPDATE cie_walkins SET comune_number = ? WHERE id = ?').run(t.number, t.ticketId);
      if (!unsent.has(t.ticketId) && ticketRank(t.status) > ticketRank(local.status)) {
        db.prepare(
          'UPDATE cie_walkins SET status = ?, called_at = coalesce(called_at, ?), done_at = coalesce(done_at, ?), handled_by = ? WHERE id = ?',
        ).run(t.status, t.calledAt, t.servedAt, t.calledBy, t.ticketId);
        appendAudit(tx, system, {
          action: 'cie.walkin.remote_state',
          entityType: 'cie_walkin',
          entityId: t.ticketId,
          detail: { status: t.status, by: t.calledBy },
        });
        ownTicketsMoved++;
      }
    }
    db.prepare('DELETE FROM hub_workstations').run();
    const putWs = db.prepare(
      `INSERT INTO hub_workstations (number, name, role_name, joined_at, last_contact_at, removed_at)
       VALUES (@number, @name, @roleName, @joinedAt, @lastContactAt, @removedAt)`,
    );
    for (const w of snap.workstations) putWs.run(w);
    db.prepare('UPDATE hub_pull_state SET last_pull_at = ? WHERE id = 1').run(now.toISOString());
    return { bookings, tickets, ownTicketsMoved };
  });
}

/** The station codes the other counters book on (as last read from the hub) that no station here has yet: the choices the station form offers. */
export function hubStationCodes(db: Db): string[] {
  return (
    stmt(
      db,
      `SELECT DISTINCT station_remote_id AS code FROM hub_bookings WHERE station_remote_id NOT IN (SELECT remote_id FROM cie_stations) ORDER BY 1`,
    ).all() as { code: string }[]
  ).map((r) => r.code);
}

/** Slots of a station and day held by the other counters' bookings: start time → their booking id. */
export function foreignHolds(
  db: Db,
  stationId: string,
  date: string,
): Map<string, { bookingId: string; workstation: number; label: string | null; personIdx: number; status: string }> {
  const rows = stmt(
    db,
    `SELECT h.booking_id AS bookingId, h.workstation, h.times, h.citizen_label AS label, h.status FROM hub_bookings h
       JOIN cie_stations s ON s.remote_id = h.station_remote_id
      WHERE s.id = ? AND h.date = ? AND h.status IN ('booked','arrived')`,
  ).all(stationId, date) as { bookingId: string; workstation: number; times: string; label: string | null; status: string }[];
  const out = new Map<string, { bookingId: string; workstation: number; label: string | null; personIdx: number; status: string }>();
  for (const r of rows) {
    (JSON.parse(r.times) as string[]).forEach((t, personIdx) => out.set(t, { ...r, personIdx }));
  }
  return out;
}

export interface HubWorkstationView extends HubWorkstationRow {
  /** This PC. */
  self: boolean;
}

/** The Comune's workstations as last read from the hub, with their last contact (empty without a hub). */
export function hubWorkstations(db: Db): { workstations: HubWorkstationView[]; lastPullAt: string | null } {
  const me = ownNumber(db);
  const rows = db
    .prepare(
      `SELECT number, name, role_name AS roleName, joined_at AS joinedAt, last_contact_at AS lastContactAt, removed_at AS removedAt
         FROM hub_workstations ORDER BY number`,
    )
    .all() as HubWorkstationRow[];
  const state = db.prepare('SELECT last_pull_at AS t FROM hub_pull_state WHERE id = 1').get() as { t: string | null };
  return { workstations: rows.map((w) => ({ ...w, self: w.number === me })), lastPullAt: state.t };
}

/** The name of a workstation by its number ("Sportello 2" when the registry has not been read yet). */
export function workstationName(db: Db, n: number): string {
  const r = stmt(db, 'SELECT name FROM hub_workstations WHERE number = ?').get(n) as { name: string } | undefined;
  return r?.name ?? `Sportello ${n}`;
}
