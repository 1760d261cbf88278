/** The anagrafe_load row (one per initial load) and its refused rows: plain reads and writes. */
import type { Db } from '../../store/types';

export type LoadSourceKind = 'anpr-4001' | 'anpr-4002' | 'file';
export type LoadState = 'in_corso' | 'completato' | 'interrotto_errore';

export interface LoadRow {
  id: string;
  source: LoadSourceKind;
  source_ref: string | null;
  tickets: string;
  state: LoadState;
  segment: number;
  part: number;
  part_done: number;
  parts_total: number | null;
  segments_total: number;
  loaded: number;
  refused: number;
  families: number;
  addresses: number;
  last_error_code: string | null;
  last_error_text: string | null;
  operator_id: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  /** Set when the responsabile abandoned the load: it is then never resumed. */
  abandoned_at: string | null;
}

export interface RefusedRow {
  codice_fiscale: string | null;
  cognome: string | null;
  nome: string | null;
  reason_code: string;
  reason: string;
}

export function insertLoad(
  db: Db,
  l: { id: string; source: LoadSourceKind; sourceRef: string | null; segmentsTotal: number; operatorId: string; now: string },
): void {
  db.prepare(
    `INSERT INTO anagrafe_load (id, source, source_ref, state, segments_total, operator_id, started_at, updated_at)
     VALUES (?, ?, ?, 'in_corso', ?, ?, ?, ?)`,
  ).run(l.id, l.source, l.sourceRef, l.segmentsTotal, l.operatorId, l.now, l.now);
}

export function getLoad(db: Db, id: string): LoadRow | undefined {
  return db.prepare('SELECT * FROM anagrafe_load WHERE id = ?').get(id) as LoadRow | undefined;
}

/** The most recent load (the one the screen shows), if any. */
export function latestLoad(db: Db): LoadRow | undefined {
  return db.prepare('SELECT * FROM anagrafe_load ORDER BY started_at DESC, rowid DESC LIMIT 1').get() as LoadRow | undefined;
}

/** The load left unfinished (in progress, interrupted or stopped on an error, not abandoned), if any. */
export function unfinishedLoad(db: Db): LoadRow | undefined {
  return db
    .prepare(
      `SELECT * FROM anagrafe_load WHERE state <> 'completato' AND abandoned_at IS NULL ORDER BY started_at DESC, rowid DESC LIMIT 1`,
    )
    .get() as LoadRow | undefined;
}

export function markLoadAbandoned(db: Db, id: string, now: string): void {
  db.prepare(
    `UPDATE anagrafe_load SET abandoned_at = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state <> 'completato' AND abandoned_at IS NULL`,
  ).run(now, now, now, id);
}

export function ticketsOf(row: LoadRow): (string | null)[] {
  return JSON.parse(row.tickets) as (string | null)[];
}

export function saveTicket(db: Db, id: string, segment: number, ticket: string, now: string): void {
  const row = getLoad(db, id);
  if (!row) return;
  const tickets = ticketsOf(row);
  tickets[segment] = ticket;
  db.prepare('UPDATE anagrafe_load SET tickets = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(tickets), now, id);
}

export function markLoadFailed(db: Db, id: string, code: string, text: string, now: string): void {
  db.prepare(
    `UPDATE anagrafe_load SET state = 'interrotto_errore', last_error_code = ?, last_error_text = ?, updated_at = ? WHERE id = ? AND state <> 'completato'`,
  ).run(code, text, now, id);
}

export function markLoadRunning(db: Db, id: string, now: string): void {
  db.prepare(
    `UPDATE anagrafe_load SET state = 'in_corso', last_error_code = NULL, last_error_text = NULL, updated_at = ? WHERE id = ? AND state <> 'completato'`,
  ).run(now, id);
}

export function refusedRows(db: Db, id: string, limit: number): RefusedRow[] {
  return db
    .prepare(
      `SELECT codice_fiscale, cognome, nome, reason_code, reason FROM anagrafe_load_refused WHERE load_id = ?
       ORDER BY segment, part, ordinal LIMIT ?`,
    )
    .all(id, limit) as RefusedRow[];
}
