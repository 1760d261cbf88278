/**
 * Printing the closing report: the print is audited first, then the head (which now includes that
 * entry) is anchored in the anchors file and printed, so the paper and the file record the same entry.
 */
import { ValidationError } from '../errors';
import { romeDate } from '../rome-time';
import type { Actor, Db } from '../store/types';
import type { Anchor } from './anchors';
import { closingReportData, isReportableDate } from './closing-report';
import type { AuditAnchoring, TimeSource } from './daily-anchor';
import { recordAudit } from './log';

export interface PrintedClosingReport {
  date: string;
  pdf: Buffer;
  anchor: Anchor;
  items: number;
}

export async function printClosingReport(
  db: Db,
  anchoring: AuditAnchoring,
  clock: TimeSource,
  actor: Actor,
  date: string | null | undefined,
  where: { comuneName: string; workstationName: string },
): Promise<PrintedClosingReport> {
  const day = date ?? romeDate(clock.nowMs());
  if (!isReportableDate(day, clock.nowMs())) {
    throw new ValidationError('AUDIT_REPORT_DATE', 'Indicare un giorno valido, non successivo a oggi.', 'date');
  }
  recordAudit(db, actor, { action: 'audit.closing_report.print', entityType: 'closing_report', entityId: day });
  const anchor = anchoring.anchor('report');
  const data = closingReportData(db, day, anchor, where);
  const { renderClosingReport } = await import('../print/closing-report'); // loaded on first print
  const pdf = await renderClosingReport(data);
  return { date: day, pdf, anchor, items: data.items.length };
}
