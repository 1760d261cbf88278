/**
 * The walk-in queue: citizens without a booking, numbered per day, served in free or no-show slots.
 * Where the Comune has a hub the queue is the Comune's: the hub hands out the ticket numbers (until a
 * ticket reaches it, it shows a provisional label, "<counter>-<n>", which no other counter can
 * print), and a ticket issued at one counter can be called and served at another (hub-mirror.ts).
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { romeDate } from '../rome-time';
import { bookAppointment, markArrived } from './bookings';
import type { Booking, PersonInput } from './types';
import { optionalText, requireText } from './validate';
import { enqueueHubTicket, hubConfigured, ownNumber, type HubTicketPayload } from './hub-push';
import type { TxDb } from '../store/tx';

export interface WalkIn {
  id: string;
  date: string;
  number: number;
  name: string;
  reason: string | null;
  status: 'waiting' | 'called' | 'served' | 'left';
  bookingId: string | null;
  arrivedAt: string;
  calledAt: string | null;
  doneAt: string | null;
  /** What the ticket and the queue display show: the Comune's number, or this counter's (provisional with a hub). */
  label: string;
  /** The number the hub handed out; null without a hub, or until the ticket reached it. */
  comuneNumber: number | null;
  /** With a hub: the counter (workstation number) that issued the ticket; null without a hub. */
  counter: number | null;
  /** Issued at another counter (read from the hub): it has no name here. */
  foreign: boolean;
}

interface Row {
  id: string;
  date: string;
  number: number;
  name: string;
  reason: string | null;
  status: WalkIn['status'];
  bookingId: string | null;
  arrivedAt: string;
  calledAt: string | null;
  doneAt: string | null;
  comuneNumber: number | null;
}

const SELECT = `SELECT id, date, number, name, reason, status, booking_id AS bookingId, arrived_at AS arrivedAt,
  called_at AS calledAt, done_at AS doneAt, comune_number AS comuneNumber FROM cie_walkins`;

const FOREIGN = `SELECT ticket_id AS id, day AS date, number, issued_by AS issuedBy, called_by AS calledBy, status,
  issued_at AS arrivedAt, called_at AS calledAt, served_at AS doneAt FROM hub_walkins`;

interface ForeignRow {
  id: string;
  date: string;
  number: number | null;
  issuedBy: number;
  calledBy: number | null;
  status: WalkIn['status'];
  arrivedAt: string;
  calledAt: string | null;
  doneAt: string | null;
}

/** This counter's number when the Comune has a hub (its tickets' provisional labels), else null. */
const counterOf = (db: Db): number | null => (hubConfigured(db) ? ownNumber(db) : null);

function own(r: Row, me: number | null): WalkIn {
  const label = r.comuneNumber !== null ? String(r.comuneNumber) : me !== null ? `${me}-${r.number}` : String(r.number);
  return { ...r, label, counter: me, foreign: false };
}

function foreign(r: ForeignRow): WalkIn {
  return {
    id: r.id,
    date: r.date,
    number: r.number ?? 0,
    name: '',
    reason: null,
    status: r.status,
    bookingId: null,
    arrivedAt: r.arrivedAt,
    calledAt: r.calledAt,
    doneAt: r.doneAt,
    label: r.number !== null ? String(r.number) : `${r.issuedBy}-?`,
    comuneNumber: r.number,
    counter: r.issuedBy,
    foreign: true,
  };
}

function findForeign(db: Db, id: string): ForeignRow | undefined {
  return db.prepare(`${FOREIGN} WHERE ticket_id = ?`).get(id) as ForeignRow | undefined;
}

export function getWalkIn(db: Db, id: string): WalkIn {
  const w = db.prepare(`${SELECT} WHERE id = ?`).get(id) as Row | undefined;
  if (w) return own(w, counterOf(db));
  const f = findForeign(db, id);
  if (!f) throw new SportelloError('CIE_WALKIN_NOT_FOUND', 'Persona in coda non trovata: ricaricare la pagina.', { walkInId: id });
  return foreign(f);
}

/** The day's queue, in arrival order; with a hub, the other counters' tickets too. */
export function listWalkIns(db: Db, date: string, opts: { openOnly?: boolean } = {}): WalkIn[] {
  const open = opts.openOnly ? `AND status IN ('waiting','called')` : '';
  const me = counterOf(db);
  const mine = (db.prepare(`${SELECT} WHERE date = ? ${open} ORDER BY number`).all(date) as Row[]).map((r) => own(r, me));
  const theirs = (db.prepare(`${FOREIGN} WHERE day = ? ${open}`).all(date) as ForeignRow[]).map(foreign);
  if (theirs.length === 0) return mine;
  return [...mine, ...theirs].sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt) || a.id.localeCompare(b.id));
}

/** The hub's snapshot of a ticket, after a change made here. */
function ticketPayload(db: Db, w: WalkIn): HubTicketPayload {
  const f = w.foreign ? findForeign(db, w.id) : undefined;
  const local = w.foreign
    ? undefined
    : (db.prepare('SELECT handled_by AS h FROM cie_walkins WHERE id = ?').get(w.id) as { h: number | null });
  const me = ownNumber(db);
  return {
    ticketId: w.id,
    day: w.date,
    issuedBy: f ? f.issuedBy : me,
    status: w.status,
    calledBy: w.status === 'waiting' ? null : ((f ? f.calledBy : local?.h) ?? me),
    issuedAt: w.arrivedAt,
    calledAt: w.calledAt,
    servedAt: w.doneAt,
  };
}

/** Changes a ticket issued at another counter (the mirror row), and tells the hub in the same transaction. */
function changeForeign(tx: TxDb, actor: Actor, id: string, status: WalkIn['status'], nowIso: string): WalkIn {
  const me = ownNumber(tx);
  tx.prepare(
    `UPDATE hub_walkins SET status = ?, called_by = ?, called_at = coalesce(called_at, ?), served_at = CASE WHEN ? IN ('served','left') THEN ? ELSE served_at END
      WHERE ticket_id = ?`,
  ).run(status, me, nowIso, status, nowIso, id);
  const w = getWalkIn(tx, id);
  enqueueHubTicket(tx, actor, ticketPayload(tx, w));
  return w;
}

function tellHub(tx: TxDb, actor: Actor, id: string): void {
  if (hubConfigured(tx)) enqueueHubTicket(tx, actor, ticketPayload(tx, getWalkIn(tx, id)));
}

/** Adds a citizen to today's queue and returns their ticket number. */
export function addWalkIn(db: Db, actor: Actor, input: { name: string; reason?: string | null }, now = new Date()): WalkIn {
  const name = requireText(input.name, 'name', 'Nome', 120);
  const reason = optionalText(input.reason, 'reason', 'Motivo', 200);
  const date = romeDate(now);
  const id = randomUUID();
  withTx(db, (tx) => {
    const n = (db.prepare('SELECT coalesce(max(number), 0) + 1 AS n FROM cie_walkins WHERE date = ?').get(date) as { n: number }).n;
    db.prepare(`INSERT INTO cie_walkins (id, date, number, name, reason, status, arrived_at) VALUES (?, ?, ?, ?, ?, 'waiting', ?)`).run(
      id,
      date,
      n,
      name,
      reason,
      now.toISOString(),
    );
    appendAudit(tx, actor, { action: 'cie.walkin.add', entityType: 'cie_walkin', entityId: id, detail: { date, number: n } });
    tellHub(tx, actor, id);
  });
  return getWalkIn(db, id);
}

/** How old the last read of the hub may be for this counter to call another counter's ticket. */
export const HUB_FRESH_MS = 30_000;

/** True when the mirror of the other counters' tickets was read from the hub within HUB_FRESH_MS. */
function hubFresh(db: Db, now: Date): boolean {
  const r = db.prepare('SELECT last_pull_at AS t FROM hub_pull_state WHERE id = 1').get() as { t: string | null } | undefined;
  return !!r?.t && now.getTime() - Date.parse(r.t) <= HUB_FRESH_MS;
}

/** Another counter that has this ticket (the hub said so), or null. */
function takenElsewhere(db: Db, w: WalkIn): number | null {
  const by = w.foreign
    ? findForeign(db, w.id)?.calledBy
    : (db.prepare('SELECT handled_by AS h FROM cie_walkins WHERE id = ?').get(w.id) as { h: number | null }).h;
  return by != null && w.status !== 'waiting' && by !== counterOf(db) ? by : null;
}

function refuseTaken(db: Db, w: WalkIn): void {
  const by = takenElsewhere(db, w);
  if (by !== null) {
    throw new ValidationError(
      'CIE_WALKIN_TAKEN',
      `Il numero ${w.label} è già stato chiamato dallo Sportello ${by}: chiamare il successivo.`,
    );
  }
}

/**
 * Calls the first waiting citizen of the day; null when nobody waits. Another counter's ticket only
 * while the hub was read recently: out of touch with it, two counters could call the same number.
 */
export function callNextWalkIn(db: Db, actor: Actor, now = new Date()): WalkIn | null {
  const date = romeDate(now);
  return withTx(db, (tx) => {
    const theirsOk = hubFresh(db, now);
    const next = listWalkIns(db, date).find((w) => w.status === 'waiting' && (!w.foreign || theirsOk));
    if (!next) return null;
    appendAudit(tx, actor, { action: 'cie.walkin.call', entityType: 'cie_walkin', entityId: next.id, detail: { number: next.number } });
    if (next.foreign) return changeForeign(tx, actor, next.id, 'called', now.toISOString());
    db.prepare(`UPDATE cie_walkins SET status = 'called', called_at = ? WHERE id = ?`).run(now.toISOString(), next.id);
    tellHub(tx, actor, next.id);
    return getWalkIn(db, next.id);
  });
}

/**
 * Serves a walk-in in a free slot of today (a free one, or one a no-show left): the booking is
 * created as arrived, pushed to the booking system, and the checklist opens.
 */
export function serveWalkIn(
  db: Db,
  actor: Actor,
  walkInId: string,
  input: { stationId: string; startTime: string; people: PersonInput[]; contactPhone?: string | null; contactEmail?: string | null },
  now = new Date(),
): Booking {
  return withTx(db, (tx) => {
    const w = getWalkIn(db, walkInId);
    refuseTaken(db, w);
    if (w.status === 'served' || w.status === 'left') {
      throw new ValidationError('CIE_WALKIN_CLOSED', `Il numero ${w.label} è già stato servito o se n'è andato.`);
    }
    if (w.date !== romeDate(now)) throw new ValidationError('CIE_WALKIN_OLD', 'Questo numero è di un altro giorno.');
    const booking = bookAppointment(db, actor, {
      stationId: input.stationId,
      date: w.date,
      startTime: input.startTime,
      people: input.people,
      channel: 'walk_in',
      contactPhone: input.contactPhone,
      contactEmail: input.contactEmail,
      now,
    });
    const arrived = markArrived(db, actor, booking.id, now);
    if (w.foreign) changeForeign(tx, actor, w.id, 'served', now.toISOString());
    else {
      db.prepare(`UPDATE cie_walkins SET status = 'served', booking_id = ?, done_at = ? WHERE id = ?`).run(
        booking.id,
        now.toISOString(),
        w.id,
      );
      tellHub(tx, actor, w.id);
    }
    appendAudit(tx, actor, { action: 'cie.walkin.served', entityType: 'cie_walkin', entityId: w.id, detail: { bookingId: booking.id } });
    return arrived;
  });
}

export function walkInLeft(db: Db, actor: Actor, walkInId: string, now = new Date()): WalkIn {
  withTx(db, (tx) => {
    const w = getWalkIn(db, walkInId);
    refuseTaken(db, w);
    if (w.status !== 'waiting' && w.status !== 'called') throw new ValidationError('CIE_WALKIN_CLOSED', 'Questo numero non è più in coda.');
    if (w.foreign) changeForeign(tx, actor, w.id, 'left', now.toISOString());
    else {
      db.prepare(`UPDATE cie_walkins SET status = 'left', done_at = ? WHERE id = ?`).run(now.toISOString(), walkInId);
      tellHub(tx, actor, w.id);
    }
    appendAudit(tx, actor, { action: 'cie.walkin.left', entityType: 'cie_walkin', entityId: walkInId });
  });
  return getWalkIn(db, walkInId);
}
