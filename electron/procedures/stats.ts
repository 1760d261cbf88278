import { exportOpenData } from '../core/stats/open-data';
import { counterSummary } from '../core/stats/summary';
import type { TimeSource } from '../core/audit/daily-anchor';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { statsContract } from '../contracts/stats';
import type { AppServices } from './services';

const file = (filename: string, mime: string, text: string) => ({ filename, mime, base64: Buffer.from(text, 'utf8').toString('base64') });

export function statsProcedures(s: AppServices, clock: TimeSource): Pick<Procedures, keyof typeof statsContract> {
  return {
    'stats.summary': ({ month }) => counterSummary(s.db, { month, nowMs: clock.nowMs() }),
    'stats.openData.export': (input, ctx) => {
      const r = exportOpenData(s.db, operatorActor(ctx.operator, s.workstation.id), input, clock.nowMs());
      s.log.info('stats.open_data_export', { month: r.month, rows: r.rows });
      return {
        month: r.month,
        rows: r.rows,
        csv: file(r.csv.filename, 'text/csv;charset=utf-8', r.csv.text),
        metadata: file(r.metadata.filename, 'application/ld+json', r.metadata.text),
      };
    },
  };
}
