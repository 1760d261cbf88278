import type { anagrafeLoadContract } from '../contracts/anagrafe-load';
import type { TimeSource } from '../core/audit/daily-anchor';
import type { Operator } from '../core/auth/operators';
import {
  abandonInitialLoad,
  initialLoadRefused,
  initialLoadStatus,
  resumeInitialLoad,
  startInitialLoad,
  type LoadDeps,
} from '../core/anagrafe/initial-load';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

type LoadProcedures = Pick<Procedures, keyof typeof anagrafeLoadContract>;

/** The initial load: each procedure is one call into core/anagrafe/initial-load. */
export function anagrafeLoadProcedures(s: AppServices, clock: TimeSource, batchSize?: number): LoadProcedures {
  const now = () => new Date(clock.nowMs());
  const deps = (op: Operator): LoadDeps => ({
    db: s.db,
    actor: operatorActor(op, s.workstation.id),
    now,
    anpr: () => s.platforms.anprExtraction({ operatorCodiceFiscale: op.codiceFiscale }),
    onError: (code) => s.log.warn('anagrafe.load_failed', { code }),
    batchSize,
  });
  return {
    'anagrafe.load.status': () => initialLoadStatus(s.db, now),
    'anagrafe.load.start': (input, ctx) => startInitialLoad(deps(ctx.operator!), input),
    'anagrafe.load.resume': ({ id }, ctx) => resumeInitialLoad(deps(ctx.operator!), id),
    'anagrafe.load.refused': ({ id }, ctx) => initialLoadRefused(deps(ctx.operator!), id),
    'anagrafe.load.abandon': ({ id }, ctx) => abandonInitialLoad(deps(ctx.operator!), id),
  };
}
