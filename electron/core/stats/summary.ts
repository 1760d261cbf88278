/**
 * The "Riepilogo" screen's figures for a period (a chosen month, or the 30 days ending today, Rome
 * time): citizens served per day, CIE waiting days, notices paid and open, and the platforms' queue
 * per day. Internal to the Comune (no small-count suppression here), and still counts only.
 */
import { addDays, romeDate } from '../rome-time';
import type { Db } from '../store/types';
import { cieWaits, monthPeriod, periodInstants, WAIT_BANDS, waitFigures, type Period, type WaitFigures } from './month';

export const SUMMARY_PLATFORMS = [
  { id: 'anpr', label: 'ANPR' },
  { id: 'agenda', label: 'Agenda CIE' },
  { id: 'gpd', label: 'pagoPA' },
] as const;

export interface ServedDay {
  date: string;
  /** Pratiche anagrafe recorded that day (any type, any outcome). */
  pratiche: number;
  /** People served at a CIE appointment that day (a family booking counts each member). */
  cie: number;
  /** pagoPA notices issued that day. */
  notices: number;
}

export interface SyncDay {
  date: string;
  /** Items created that day, by where they stand now: sent, needing a person, still queued. */
  done: number;
  attention: number;
  queued: number;
}

export interface CounterSummary extends Period {
  month: string | null;
  served: ServedDay[];
  cieWait: Omit<WaitFigures, 'bands'> & { bands: { label: string; count: number }[] };
  notices: { paid: number; unpaid: number; cancelled: number };
  sync: { platform: string; label: string; days: SyncDay[] }[];
}

function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d);
  return out;
}

function countByDay(days: string[], rows: { day: string; n: number }[]): Map<string, number> {
  const m = new Map(days.map((d) => [d, 0]));
  for (const r of rows) if (m.has(r.day)) m.set(r.day, (m.get(r.day) ?? 0) + r.n);
  return m;
}

export function counterSummary(db: Db, opts: { month?: string; nowMs: number }): CounterSummary {
  const today = romeDate(opts.nowMs);
  const p: Period = opts.month ? monthPeriod(opts.month) : { from: addDays(today, -29), to: today };
  const days = daysOf(p);
  const { start, end } = periodInstants(p);
  const romeDay = (rows: { at: string }[]) => rows.map((r) => ({ day: romeDate(r.at), n: 1 }));

  const pratiche = countByDay(
    days,
    romeDay(
      db.prepare('SELECT created_at AS at FROM anagrafe_pratica WHERE created_at >= ? AND created_at < ?').all(start, end) as {
        at: string;
      }[],
    ),
  );
  const cie = countByDay(
    days,
    db
      .prepare(
        `SELECT b.date AS day, COUNT(*) AS n FROM cie_bookings b JOIN cie_booking_people p ON p.booking_id = b.id
          WHERE b.status = 'arrived' AND b.date BETWEEN ? AND ? GROUP BY b.date`,
      )
      .all(p.from, p.to) as { day: string; n: number }[],
  );
  const noticeDays = countByDay(
    days,
    db
      .prepare('SELECT issued_on AS day, COUNT(*) AS n FROM pagopa_notice WHERE issued_on BETWEEN ? AND ? GROUP BY issued_on')
      .all(p.from, p.to) as {
      day: string;
      n: number;
    }[],
  );

  const wait = waitFigures(cieWaits(db, p).map((w) => w.days));
  const status = db
    .prepare('SELECT status, COUNT(*) AS n FROM pagopa_notice WHERE issued_on BETWEEN ? AND ? GROUP BY status')
    .all(p.from, p.to) as { status: string; n: number }[];
  const byStatus = (s: string) => status.find((r) => r.status === s)?.n ?? 0;

  const outbox = db
    .prepare(`SELECT platform, state, created_at AS at FROM outbox WHERE created_at >= ? AND created_at < ? AND state <> 'discarded'`)
    .all(start, end) as { platform: string; state: string; at: string }[];
  const sync = SUMMARY_PLATFORMS.map(({ id, label }) => {
    const mine = outbox.filter((r) => r.platform === id);
    const per = (states: string[]) => countByDay(days, romeDay(mine.filter((r) => states.includes(r.state))));
    const done = per(['done']);
    const attention = per(['attention']);
    const queued = per(['pending', 'waiting']);
    return {
      platform: id,
      label,
      days: days.map((date) => ({ date, done: done.get(date) ?? 0, attention: attention.get(date) ?? 0, queued: queued.get(date) ?? 0 })),
    };
  });

  return {
    month: opts.month ?? null,
    ...p,
    served: days.map((date) => ({ date, pratiche: pratiche.get(date) ?? 0, cie: cie.get(date) ?? 0, notices: noticeDays.get(date) ?? 0 })),
    cieWait: { ...wait, bands: WAIT_BANDS.map((b, i) => ({ label: b.label, count: wait.bands[i] })) },
    notices: { paid: byStatus('paid'), unpaid: byStatus('unpaid'), cancelled: byStatus('cancelled') },
    sync,
  };
}
