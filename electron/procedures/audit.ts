import { withTx } from '../core/store/tx';
import type { AuditAnchoring, TimeSource } from '../core/audit/daily-anchor';
import { closingReportData, isReportableDate } from '../core/audit/closing-report';
import { appendAudit } from '../core/audit/log';
import { ValidationError } from '../core/errors';
import { romeDate } from '../core/rome-time';
import { getComune } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { auditContract } from '../contracts/audit';
import type { AppServices } from './services';

/**
 * The closing report: the print is audited first, then the head (which now includes that entry) is
 * anchored in the anchors file and printed, so the paper and the file record the same entry.
 */
export function auditProcedures(
  s: AppServices,
  anchoring: AuditAnchoring,
  clock: TimeSource,
): Pick<Procedures, keyof typeof auditContract> {
  return {
    'audit.closingReport': async ({ date }, ctx) => {
      const day = date ?? romeDate(clock.nowMs());
      if (!isReportableDate(day, clock.nowMs())) {
        throw new ValidationError('AUDIT_REPORT_DATE', 'Indicare un giorno valido, non successivo a oggi.', 'date');
      }
      const op = ctx.operator!;
      withTx(s.db, (tx) =>
        appendAudit(
          tx,
          { operatorId: op.id, workstationId: s.workstation.id },
          { action: 'audit.closing_report.print', entityType: 'closing_report', entityId: day },
        ),
      );
      const anchor = anchoring.anchor('report');
      const data = closingReportData(s.db, day, anchor, { comuneName: getComune(s.db)?.nome ?? '—', workstationName: s.workstation.name });
      const { renderClosingReport } = await import('../core/print/closing-report'); // loaded on first print
      const pdf = await renderClosingReport(data);
      s.log.info('audit.closing_report', { date: day, items: data.items.length, seq: anchor.seq });
      return {
        filename: `chiusura-${day}.pdf`,
        pdfBase64: pdf.toString('base64'),
        seq: anchor.seq,
        hash: anchor.hash,
        items: data.items.length,
      };
    },
  };
}
