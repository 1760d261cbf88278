import { printClosingReport } from '../core/audit/closing-print';
import type { AuditAnchoring, TimeSource } from '../core/audit/daily-anchor';
import { getComune, operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { auditContract } from '../contracts/audit';
import type { AppServices } from './services';

export function auditProcedures(
  s: AppServices,
  anchoring: AuditAnchoring,
  clock: TimeSource,
): Pick<Procedures, keyof typeof auditContract> {
  return {
    'audit.closingReport': async ({ date }, ctx) => {
      const r = await printClosingReport(s.db, anchoring, clock, operatorActor(ctx.operator, s.workstation.id), date, {
        comuneName: getComune(s.db)?.nome ?? '—',
        workstationName: s.workstation.name,
      });
      s.log.info('audit.closing_report', { date: r.date, items: r.items, seq: r.anchor.seq });
      return {
        filename: `chiusura-${r.date}.pdf`,
        pdfBase64: r.pdf.toString('base64'),
        seq: r.anchor.seq,
        hash: r.anchor.hash,
        items: r.items,
      };
    },
  };
}
