import { maskPersonal } from '../log';
import { addDays, romeDate, romeInstant, romeTime } from '../rome-time';
import type { Db } from '../store/types';
import type { Platform } from '../sync/types';
import type { Anchor } from './anchors';

/**
 * The data of the daily closing report: every outbox item created on a Rome calendar day with its
 * fate, and the audit chain's head anchored when the report is printed. What the responsabile
 * keeps on paper: a later rewrite of the database no longer matches the printed head.
 */
export type ItemFate = 'sent' | 'waiting' | 'attention' | 'discarded';

export interface ClosingItem {
  /** HH:MM in Rome, when the item was recorded. */
  time: string;
  platform: Platform;
  kind: string;
  /** What the item is about (pratica, notice, booking id), never personal data. */
  reference: string | null;
  fate: ItemFate;
  /** Why it needs attention (the platform's words) or why it was discarded (the clerk's). */
  reason: string | null;
}

export interface ClosingReportData {
  date: string;
  comuneName: string;
  workstationName: string;
  items: ClosingItem[];
  counts: Record<ItemFate, number>;
  anchor: Pick<Anchor, 'n' | 'at' | 'seq' | 'hash'>;
  printedAt: string;
}

const FATE_BY_STATE: Record<string, ItemFate> = {
  done: 'sent',
  pending: 'waiting',
  waiting: 'waiting',
  attention: 'attention',
  discarded: 'discarded',
};

/** The day after a YYYY-MM-DD date. */
export function closingItems(db: Db, date: string): ClosingItem[] {
  const from = romeInstant(date, '00:00');
  const to = romeInstant(addDays(date, 1), '00:00');
  const rows = db
    .prepare(
      `SELECT created_at AS createdAt, platform, kind, business_type AS businessType, business_id AS businessId,
              state, last_error_code AS code, last_error_text AS text
       FROM outbox WHERE created_at >= ? AND created_at < ? ORDER BY created_at, seq`,
    )
    .all(from, to) as Array<{
    createdAt: string;
    platform: ClosingItem['platform'];
    kind: string;
    businessType: string | null;
    businessId: string | null;
    state: string;
    code: string | null;
    text: string | null;
  }>;
  return rows.map((r) => {
    const fate = FATE_BY_STATE[r.state] ?? 'waiting';
    return {
      time: romeTime(r.createdAt),
      platform: r.platform,
      kind: r.kind,
      reference: r.businessId ? `${r.businessType ?? ''} ${r.businessId}`.trim() : null,
      fate,
      // A platform's words or a clerk's discard reason may quote a codice fiscale: masked, as in the logs.
      reason: maskPersonalOrNull(
        fate === 'attention' ? [r.code, r.text].filter(Boolean).join(': ') || null : fate === 'discarded' ? r.text : null,
      ),
    };
  });
}

export function closingReportData(
  db: Db,
  date: string,
  anchor: ClosingReportData['anchor'],
  where: { comuneName: string; workstationName: string },
): ClosingReportData {
  const items = closingItems(db, date);
  const counts: Record<ItemFate, number> = { sent: 0, waiting: 0, attention: 0, discarded: 0 };
  for (const i of items) counts[i.fate]++;
  return { date, ...where, items, counts, anchor, printedAt: anchor.at };
}

/** Is `date` a real calendar date not after today in Rome? */
export function isReportableDate(date: string, nowMs: number): boolean {
  const d = new Date(`${date}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date && date <= romeDate(nowMs);
}

const maskPersonalOrNull = (text: string | null) => (text === null ? null : maskPersonal(text));
