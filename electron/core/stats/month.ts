/**
 * What the counter did in one month (Europe/Rome), counted from the rooms' own tables, read only:
 * pratiche anagrafe by type and outcome, CIE appointments by outcome with the days waited, pagoPA
 * notices by catalogue item. Counts and sums only: no row leaves this module with a person in it.
 */
import { PRATICA_CODES, PRATICA_TITLES, type PraticaCode } from '../anagrafe/pratica-model';
import { ValidationError } from '../errors';
import { addDays, romeDate, romeInstant } from '../rome-time';
import type { Db } from '../store/types';

export const PRATICA_OUTCOMES = ['applicata', 'respinta', 'in_attesa', 'annullata'] as const;
export type PraticaOutcome = (typeof PRATICA_OUTCOMES)[number];

/** Waiting days (booking → appointment) in these bands: upper bound inclusive, the last open. */
export const WAIT_BANDS = [
  { id: '0_7', label: '0–7 giorni', max: 7 },
  { id: '8_14', label: '8–14 giorni', max: 14 },
  { id: '15_30', label: '15–30 giorni', max: 30 },
  { id: '31_60', label: '31–60 giorni', max: 60 },
  { id: 'oltre_60', label: 'oltre 60 giorni', max: Number.POSITIVE_INFINITY },
] as const;

export interface Period {
  /** First and last Rome calendar day, inclusive. */
  from: string;
  to: string;
}

export interface WaitFigures {
  /** Appointments measured: those served. */
  measured: number;
  bands: number[];
  meanDays: number | null;
  medianDays: number | null;
}

export interface MonthFigures extends Period {
  month: string;
  pratiche: { code: PraticaCode; title: string; byOutcome: Record<PraticaOutcome, number>; total: number }[];
  cie: { booked: number; served: number; noShow: number; cancelled: number; open: number; wait: WaitFigures };
  notices: {
    code: string;
    description: string;
    issued: number;
    paid: number;
    unpaid: number;
    cancelled: number;
    issuedCents: number;
    paidCents: number;
  }[];
}

/** `YYYY-MM` → its first and last day. */
export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new ValidationError('STATS_MONTH_FORMAT', 'Indicare il mese come AAAA-MM, per esempio 2026-11.', 'month');
  const from = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

/** The UTC instants bounding a period's Rome days: [start, end). */
export function periodInstants(p: Period): { start: string; end: string } {
  return { start: romeInstant(p.from, '00:00'), end: romeInstant(addDays(p.to, 1), '00:00') };
}

const DAY_MS = 86_400_000;
/** Whole days from one calendar date to another. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / DAY_MS);

export function waitFigures(days: number[]): WaitFigures {
  const sorted = [...days].sort((a, b) => a - b);
  const bands = WAIT_BANDS.map(() => 0);
  for (const d of sorted) bands[WAIT_BANDS.findIndex((b) => d <= b.max)]++;
  const n = sorted.length;
  const mean = n ? Math.round((sorted.reduce((a, b) => a + b, 0) / n) * 10) / 10 : null;
  const median = n ? (n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2) : null;
  return { measured: n, bands, meanDays: mean, medianDays: median };
}

/**
 * Which CIE bookings count: 'all' of cie_bookings (a single-PC Comune: its counter's and the online
 * ones pulled from the national agenda), or 'counter' — with the Comune hub, only those this
 * counter booked itself: every counter pulls the online ones, so each would count them again, and
 * the other counters' bookings are in hub_bookings, never read here.
 */
export type CieScope = 'all' | 'counter';
const channelFilter = (scope: CieScope) => (scope === 'counter' ? ` AND channel <> 'online'` : '');

/**
 * Days waited, from the day it was booked to the day of the appointment, by each appointment
 * served in the period (a walk-in waited 0 days). Served ones only: their number is the "serviti"
 * already published, so the waits add no count that could be set against another.
 */
export function cieWaits(db: Db, p: Period, scope: CieScope = 'all'): { date: string; days: number }[] {
  const rows = db
    .prepare(`SELECT date, created_at FROM cie_bookings WHERE date BETWEEN ? AND ? AND status = 'arrived'${channelFilter(scope)}`)
    .all(p.from, p.to) as { date: string; created_at: string }[];
  return rows.map((r) => ({ date: r.date, days: Math.max(0, daysBetween(romeDate(r.created_at), r.date)) }));
}

function pratiche(db: Db, p: Period): MonthFigures['pratiche'] {
  const { start, end } = periodInstants(p);
  const rows = db
    .prepare('SELECT code, state, COUNT(*) AS n FROM anagrafe_pratica WHERE created_at >= ? AND created_at < ? GROUP BY code, state')
    .all(start, end) as { code: PraticaCode; state: PraticaOutcome; n: number }[];
  // Every type, those with no case too (all "<3"): a type left out when empty would make its "<3" mean 1 or 2.
  return PRATICA_CODES.map((code) => {
    const mine = rows.filter((r) => r.code === code);
    const byOutcome = Object.fromEntries(PRATICA_OUTCOMES.map((o) => [o, mine.find((r) => r.state === o)?.n ?? 0])) as Record<
      PraticaOutcome,
      number
    >;
    return { code, title: PRATICA_TITLES[code], byOutcome, total: mine.reduce((a, r) => a + r.n, 0) };
  });
}

function cie(db: Db, p: Period, scope: CieScope): MonthFigures['cie'] {
  const rows = db
    .prepare(`SELECT status, COUNT(*) AS n FROM cie_bookings WHERE date BETWEEN ? AND ?${channelFilter(scope)} GROUP BY status`)
    .all(p.from, p.to) as {
    status: string;
    n: number;
  }[];
  const n = (...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((a, r) => a + r.n, 0);
  return {
    booked: n('booked', 'arrived', 'no_show', 'cancelled', 'released', 'conflict'),
    served: n('arrived'),
    noShow: n('no_show'),
    cancelled: n('cancelled', 'released'),
    open: n('booked', 'conflict'),
    wait: waitFigures(cieWaits(db, p, scope).map((w) => w.days)),
  };
}

const NO_NOTICES = { issued: 0, paid: 0, unpaid: 0, cancelled: 0, issuedCents: 0, paidCents: 0 };

function notices(db: Db, p: Period): MonthFigures['notices'] {
  // One row per notice and catalogue item it charges (a notice may charge several items).
  const charged = db
    .prepare(
      `SELECT coalesce(c.code, 'ALTRO') AS code, coalesce(c.description, 'Altre voci') AS description,
              COUNT(DISTINCT n.id) AS issued,
              COUNT(DISTINCT CASE WHEN n.status = 'paid' THEN n.id END) AS paid,
              COUNT(DISTINCT CASE WHEN n.status = 'unpaid' THEN n.id END) AS unpaid,
              COUNT(DISTINCT CASE WHEN n.status = 'cancelled' THEN n.id END) AS cancelled,
              SUM(l.amount_cents) AS issuedCents,
              SUM(CASE WHEN n.status = 'paid' THEN l.amount_cents ELSE 0 END) AS paidCents
         FROM pagopa_notice n
         JOIN pagopa_notice_line l ON l.notice_id = n.id
         LEFT JOIN pagopa_catalogue_item c ON c.id = l.catalogue_item_id
        WHERE n.issued_on BETWEEN ? AND ?
        GROUP BY 1, 2
        ORDER BY 1`,
    )
    .all(p.from, p.to) as MonthFigures['notices'];
  // Every active catalogue item, those with no notice too (all "<3"), as for the pratiche.
  const active = db.prepare('SELECT code, description FROM pagopa_catalogue_item WHERE active = 1').all() as {
    code: string;
    description: string;
  }[];
  const empty = active.filter((a) => !charged.some((c) => c.code === a.code)).map((a) => ({ ...a, ...NO_NOTICES }));
  return [...charged, ...empty].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function monthFigures(db: Db, month: string, scope: CieScope = 'all'): MonthFigures {
  const p = monthPeriod(month);
  return { month, ...p, pratiche: pratiche(db, p), cie: cie(db, p, scope), notices: notices(db, p) };
}
