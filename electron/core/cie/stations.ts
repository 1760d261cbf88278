/** Stations, opening hours, closures and the Comune's CIE settings. */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { toMinutes } from './calendar';
import type { CieSettings, Closure, OpeningRange, Station } from './types';
import { optionalText, requireDate, requireText, requireTime } from './validate';
import { stmt } from './sql';
import { romeDate } from '../rome-time';

interface StationRow {
  id: string;
  remote_id: string;
  name: string;
  place: string;
  slot_minutes: number;
  online_quota_percent: number;
  active: number;
}

const toStation = (r: StationRow): Station => ({
  id: r.id,
  remoteId: r.remote_id,
  name: r.name,
  place: r.place,
  slotMinutes: r.slot_minutes,
  onlineQuotaPercent: r.online_quota_percent,
  active: r.active === 1,
});

export interface StationInput {
  name: string;
  place: string;
  slotMinutes?: number;
  onlineQuotaPercent?: number;
  /**
   * The station's code in the national booking system: the Comune's code for it, the same on every
   * counter (the hub matches bookings by it). Without it the station gets its own random id.
   */
  remoteId?: string;
}

function checkSlotMinutes(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 5 || v > 120) {
    throw new ValidationError(
      'CIE_SLOT_MINUTES',
      "Durata dell'appuntamento non valida: indicare minuti interi tra 5 e 120.",
      'slotMinutes',
    );
  }
  return v;
}

function checkQuota(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
    throw new ValidationError(
      'CIE_QUOTA',
      'Quota di posti online non valida: indicare una percentuale intera da 0 a 100.',
      'onlineQuotaPercent',
    );
  }
  return v;
}

/** Bookings from today on hold slots of the station (today in Rome from the process's injectable clock, not SQLite's UTC 'now'). */
function hasFutureHolds(db: Db, id: string): boolean {
  return (
    (stmt(db, `SELECT count(*) AS n FROM cie_slot_holds WHERE station_id = ? AND date >= ?`).get(id, romeDate()) as { n: number }).n > 0
  );
}

/** A station code is one station's: two stations with the same code would share the hub's slots. */
function checkCodeFree(db: Db, code: string, id: string): string {
  const other = findStationByRemoteId(db, code);
  if (other && other.id !== id) {
    throw new ValidationError(
      'CIE_STATION_CODE_TAKEN',
      `Il codice ${code} è già della postazione «${other.name}»: indicarne un altro.`,
      'remoteId',
    );
  }
  return code;
}

export function createStation(db: Db, actor: Actor, input: StationInput): Station {
  const id = randomUUID();
  const now = new Date().toISOString();
  const row = {
    id,
    remote_id: checkCodeFree(db, optionalText(input.remoteId, 'remoteId', 'Codice postazione nel sistema di prenotazione', 64) ?? id, id),
    name: requireText(input.name, 'name', 'Nome della postazione', 100),
    place: requireText(input.place, 'place', 'Luogo', 200),
    slot_minutes: checkSlotMinutes(input.slotMinutes ?? 20),
    online_quota_percent: checkQuota(input.onlineQuotaPercent ?? 50),
  };
  withTx(db, (tx) => {
    stmt(
      db,
      `INSERT INTO cie_stations (id, remote_id, name, place, slot_minutes, online_quota_percent, active, created_at, updated_at)
       VALUES (@id, @remote_id, @name, @place, @slot_minutes, @online_quota_percent, 1, @now, @now)`,
    ).run({ ...row, now });
    appendAudit(tx, actor, {
      action: 'cie.station.create',
      entityType: 'cie_station',
      entityId: id,
      detail: { slotMinutes: row.slot_minutes, onlineQuotaPercent: row.online_quota_percent },
    });
  });
  return getStation(db, id);
}

export function updateStation(db: Db, actor: Actor, id: string, patch: Partial<StationInput> & { active?: boolean }): Station {
  const cur = getStation(db, id);
  const next = {
    name: patch.name === undefined ? cur.name : requireText(patch.name, 'name', 'Nome della postazione', 100),
    place: patch.place === undefined ? cur.place : requireText(patch.place, 'place', 'Luogo', 200),
    slot_minutes: patch.slotMinutes === undefined ? cur.slotMinutes : checkSlotMinutes(patch.slotMinutes),
    online_quota_percent: patch.onlineQuotaPercent === undefined ? cur.onlineQuotaPercent : checkQuota(patch.onlineQuotaPercent),
    active: patch.active === undefined ? (cur.active ? 1 : 0) : patch.active ? 1 : 0,
    remote_id: checkCodeFree(
      db,
      optionalText(patch.remoteId, 'remoteId', 'Codice postazione nel sistema di prenotazione', 64) ?? cur.remoteId,
      id,
    ),
  };
  withTx(db, (tx) => {
    if (next.remote_id !== cur.remoteId) {
      if (hasFutureHolds(db, id)) {
        throw new ValidationError(
          'CIE_STATION_CODE_IN_USE',
          'Non si può cambiare il codice della postazione finché ci sono prenotazioni future su questa postazione: spostarle su una postazione che ha già il codice, o attendere che siano passate.',
          'remoteId',
        );
      }
    }
    if (next.slot_minutes !== cur.slotMinutes) {
      if (hasFutureHolds(db, id)) {
        throw new ValidationError(
          'CIE_SLOT_MINUTES_IN_USE',
          'Non si può cambiare la durata degli appuntamenti finché ci sono prenotazioni future su questa postazione: spostarle o attendere che siano passate.',
          'slotMinutes',
        );
      }
    }
    stmt(
      db,
      `UPDATE cie_stations SET name = @name, place = @place, slot_minutes = @slot_minutes,
         online_quota_percent = @online_quota_percent, active = @active, remote_id = @remote_id, updated_at = @now WHERE id = @id`,
    ).run({ ...next, id, now: new Date().toISOString() });
    appendAudit(tx, actor, {
      action: 'cie.station.update',
      entityType: 'cie_station',
      entityId: id,
      detail: { fields: Object.keys(patch) },
    });
  });
  return getStation(db, id);
}

export function getStation(db: Db, id: string): Station {
  const r = stmt(db, 'SELECT * FROM cie_stations WHERE id = ?').get(id) as StationRow | undefined;
  if (!r)
    throw new SportelloError('CIE_STATION_NOT_FOUND', 'Postazione CIE non trovata: ricaricare la pagina e riprovare.', { stationId: id });
  return toStation(r);
}

export function findStationByRemoteId(db: Db, remoteId: string): Station | undefined {
  const r = stmt(db, 'SELECT * FROM cie_stations WHERE remote_id = ?').get(remoteId) as StationRow | undefined;
  return r && toStation(r);
}

export function listStations(db: Db, opts: { activeOnly?: boolean } = {}): Station[] {
  return (stmt(db, `SELECT * FROM cie_stations ${opts.activeOnly ? 'WHERE active = 1' : ''} ORDER BY name`).all() as StationRow[]).map(
    toStation,
  );
}

/** Replaces the station's weekly opening hours. Ranges on one weekday may not overlap. */
export function setOpeningHours(db: Db, actor: Actor, stationId: string, ranges: OpeningRange[]): OpeningRange[] {
  const station = getStation(db, stationId);
  const clean = ranges.map((r, i) => {
    if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7) {
      throw new ValidationError('CIE_WEEKDAY', 'Giorno della settimana non valido.', `hours.${i}.weekday`);
    }
    const start = requireTime(r.start, `hours.${i}.start`, 'Apertura');
    const end = requireTime(r.end, `hours.${i}.end`, 'Chiusura');
    if (toMinutes(end) - toMinutes(start) < station.slotMinutes) {
      throw new ValidationError(
        'CIE_HOURS_RANGE',
        `L'orario ${start}–${end} è più breve di un appuntamento (${station.slotMinutes} minuti): correggere apertura o chiusura.`,
        `hours.${i}.end`,
      );
    }
    return { weekday: r.weekday, start, end };
  });
  const sorted = [...clean].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].weekday === sorted[i - 1].weekday && sorted[i].start < sorted[i - 1].end) {
      throw new ValidationError('CIE_HOURS_OVERLAP', 'Due fasce orarie dello stesso giorno si sovrappongono: correggerle.', 'hours');
    }
  }
  withTx(db, (tx) => {
    stmt(db, 'DELETE FROM cie_opening_hours WHERE station_id = ?').run(stationId);
    const ins = stmt(db, 'INSERT INTO cie_opening_hours (station_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)');
    for (const r of sorted) ins.run(stationId, r.weekday, r.start, r.end);
    appendAudit(tx, actor, { action: 'cie.hours.set', entityType: 'cie_station', entityId: stationId, detail: { ranges: sorted } });
  });
  return sorted;
}

export function openingHours(db: Db, stationId: string, weekday?: number): OpeningRange[] {
  const rows = stmt(
    db,
    `SELECT weekday, start_time AS start, end_time AS end FROM cie_opening_hours
       WHERE station_id = @stationId AND (@weekday IS NULL OR weekday = @weekday) ORDER BY weekday, start_time`,
  ).all({ stationId, weekday: weekday ?? null }) as OpeningRange[];
  return rows;
}

export interface ClosureInput {
  stationId?: string | null;
  dateFrom: string;
  dateTo?: string;
  fromTime?: string | null;
  toTime?: string | null;
  reason: string;
}

/**
 * Adds a closure. Bookings already in it are not touched: they are returned so the clerk can move
 * them and tell the citizens.
 */
export function addClosure(db: Db, actor: Actor, input: ClosureInput): { closure: Closure; affectedBookingIds: string[] } {
  const stationId = input.stationId ?? null;
  if (stationId) getStation(db, stationId);
  const dateFrom = requireDate(input.dateFrom, 'dateFrom', 'Dal giorno');
  const dateTo = input.dateTo === undefined ? dateFrom : requireDate(input.dateTo, 'dateTo', 'Al giorno');
  if (dateTo < dateFrom)
    throw new ValidationError('CIE_CLOSURE_RANGE', 'La chiusura finisce prima di cominciare: correggere le date.', 'dateTo');
  const partial = input.fromTime != null || input.toTime != null;
  const fromTime = partial ? requireTime(input.fromTime, 'fromTime', 'Dalle ore') : null;
  const toTime = partial ? requireTime(input.toTime, 'toTime', 'Alle ore') : null;
  if (fromTime && toTime && fromTime >= toTime) {
    throw new ValidationError('CIE_CLOSURE_RANGE', "L'orario di chiusura finisce prima di cominciare: correggerlo.", 'toTime');
  }
  const closure: Closure = {
    id: randomUUID(),
    stationId,
    dateFrom,
    dateTo,
    fromTime,
    toTime,
    reason: requireText(input.reason, 'reason', 'Motivo', 200),
  };
  const affected = withTx(db, (tx) => {
    stmt(
      db,
      `INSERT INTO cie_closures (id, station_id, date_from, date_to, from_time, to_time, reason, created_at)
       VALUES (@id, @stationId, @dateFrom, @dateTo, @fromTime, @toTime, @reason, @now)`,
    ).run({ ...closure, now: new Date().toISOString() });
    appendAudit(tx, actor, {
      action: 'cie.closure.add',
      entityType: 'cie_closure',
      entityId: closure.id,
      detail: { stationId, dateFrom, dateTo, fromTime, toTime },
    });
    const holds = stmt(
      db,
      `SELECT h.booking_id, h.start_time, s.slot_minutes FROM cie_slot_holds h JOIN cie_stations s ON s.id = h.station_id
         WHERE h.date BETWEEN @dateFrom AND @dateTo AND (@stationId IS NULL OR h.station_id = @stationId)`,
    ).all({ dateFrom, dateTo, stationId }) as { booking_id: string; start_time: string; slot_minutes: number }[];
    const ids = new Set<string>();
    for (const h of holds) {
      const s = toMinutes(h.start_time);
      if (!fromTime || !toTime || (s < toMinutes(toTime) && s + h.slot_minutes > toMinutes(fromTime))) ids.add(h.booking_id);
    }
    return [...ids];
  });
  return { closure, affectedBookingIds: affected };
}

export function removeClosure(db: Db, actor: Actor, closureId: string): void {
  withTx(db, (tx) => {
    const n = stmt(db, 'DELETE FROM cie_closures WHERE id = ?').run(closureId).changes;
    if (n === 0) throw new SportelloError('CIE_CLOSURE_NOT_FOUND', 'Chiusura non trovata: ricaricare la pagina.', { closureId });
    appendAudit(tx, actor, { action: 'cie.closure.remove', entityType: 'cie_closure', entityId: closureId });
  });
}

export function closuresOn(db: Db, stationId: string, date: string): Closure[] {
  return stmt(
    db,
    `SELECT id, station_id AS stationId, date_from AS dateFrom, date_to AS dateTo, from_time AS fromTime,
              to_time AS toTime, reason
       FROM cie_closures WHERE (station_id IS NULL OR station_id = ?) AND ? BETWEEN date_from AND date_to`,
  ).all(stationId, date) as Closure[];
}

export function getSettings(db: Db): CieSettings {
  const r = stmt(db, 'SELECT * FROM cie_settings WHERE id = 1').get() as {
    comune_name: string;
    confirmation_days: number;
    fee_cents: number;
    duplicate_fee_cents: number;
  };
  return {
    comuneName: r.comune_name,
    confirmationDays: r.confirmation_days,
    feeCents: r.fee_cents,
    duplicateFeeCents: r.duplicate_fee_cents,
  };
}

export function updateSettings(db: Db, actor: Actor, patch: Partial<CieSettings>): CieSettings {
  const cur = getSettings(db);
  const cents = (v: unknown, field: string) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new ValidationError('CIE_FEE', 'Importo non valido: indicarlo in euro con i centesimi.', field);
    }
    return v;
  };
  const next: CieSettings = {
    comuneName: patch.comuneName === undefined ? cur.comuneName : requireText(patch.comuneName, 'comuneName', 'Comune', 100),
    confirmationDays: patch.confirmationDays === undefined ? cur.confirmationDays : patch.confirmationDays,
    feeCents: patch.feeCents === undefined ? cur.feeCents : cents(patch.feeCents, 'feeCents'),
    duplicateFeeCents: patch.duplicateFeeCents === undefined ? cur.duplicateFeeCents : cents(patch.duplicateFeeCents, 'duplicateFeeCents'),
  };
  if (!Number.isInteger(next.confirmationDays) || next.confirmationDays < 0 || next.confirmationDays > 60) {
    throw new ValidationError(
      'CIE_CONFIRMATION_DAYS',
      'Giorni per la conferma non validi: indicare un numero da 0 a 60.',
      'confirmationDays',
    );
  }
  withTx(db, (tx) => {
    stmt(
      db,
      `UPDATE cie_settings SET comune_name = ?, confirmation_days = ?, fee_cents = ?, duplicate_fee_cents = ?, updated_at = ? WHERE id = 1`,
    ).run(next.comuneName, next.confirmationDays, next.feeCents, next.duplicateFeeCents, new Date().toISOString());
    appendAudit(tx, actor, { action: 'cie.settings.update', entityType: 'cie_settings', entityId: '1', detail: { ...next } });
  });
  return next;
}
