import { randomUUID } from 'node:crypto';
import type { z } from '../core/zod';
import { contract, isProcedureName, type ProcedureName, type ParsedInputOf, type OutputOf } from '../contract';
import type { Answer, ErrorAnswer } from '../contracts/define';
import { isSportelloError, ValidationError } from '../core/errors';
import type { Operator } from '../core/auth/operators';
import type { CounterSession } from '../core/auth/session';
import type { Logger } from '../core/log';

export interface CallContext {
  /** The operator making the call; null only for 'public' procedures called while signed out. */
  operator: Operator | null;
}

export type Procedures = {
  [N in ProcedureName]: (input: ParsedInputOf<N>, ctx: CallContext) => Promise<OutputOf<N>> | OutputOf<N>;
};

/**
 * The one gate every call passes, whichever host carried it: known name, valid input, the role
 * the contract names, then the procedure; the answer is validated too. Nothing thrown escapes:
 * the caller always gets a typed answer.
 */
export function createDispatcher(procedures: Procedures, session: CounterSession, log: Logger) {
  return async function dispatch(name: string, rawInput: unknown): Promise<Answer<unknown>> {
    if (!isProcedureName(name)) {
      return fail({ code: 'CONTRACT_UNKNOWN', message: 'Operazione sconosciuta.' });
    }
    const def = contract[name];
    try {
      // Inside the guard: a schema's refine or transform may throw, and nothing must escape.
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success) return fail(inputError(parsed.error));
      const operator = def.access === 'public' ? activeOperatorOrNull(session) : session.require(def.access);
      if (operator && def.activity !== false) session.touch();
      const procedure = procedures[name] as (i: unknown, c: CallContext) => unknown;
      const out = await procedure(parsed.data, { operator });
      const checked = def.output.safeParse(out);
      if (!checked.success) {
        const ref = randomUUID().slice(0, 8);
        log.error('contract.output_invalid', { procedure: name, ref, issues: checked.error.issues.map((i) => i.path.join('.')) });
        return fail({ code: 'INTERNAL', message: `Errore interno (rif. ${ref}). Riprovare; se si ripete, contattare l'assistenza.` });
      }
      return { ok: true, data: checked.data };
    } catch (e) {
      if (isSportelloError(e)) {
        return fail({
          code: e.code,
          message: e.userMessage,
          ...(e instanceof ValidationError && e.field ? { field: e.field } : {}),
          ...(e instanceof ValidationError && e.issues ? { issues: e.issues } : {}),
        });
      }
      const storage = storageFailure(e);
      if (storage) {
        log.error('store.write_failed', { procedure: name, sqlite: storage.sqlite });
        return fail({ code: storage.code, message: storage.message });
      }
      const ref = randomUUID().slice(0, 8);
      log.error('procedure.failed', { procedure: name, ref, error: e instanceof Error ? e.name + ': ' + e.message : 'unknown' });
      return fail({ code: 'INTERNAL', message: `Errore interno (rif. ${ref}). Riprovare; se si ripete, contattare l'assistenza.` });
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;

function activeOperatorOrNull(session: CounterSession): Operator | null {
  const s = session.current;
  return s.status === 'active' ? s.operator : null;
}

function inputError(err: z.ZodError): ErrorAnswer {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return {
    code: 'CONTRACT_INPUT',
    message: 'Alcuni dati non sono validi: correggere i campi indicati.',
    field: issues[0]?.path || undefined,
    issues,
  };
}

const fail = (error: ErrorAnswer): Answer<never> => ({ ok: false, error });

/**
 * The disk filled up or failed: the transaction was rolled back, so nothing half-written stays;
 * the clerk is told that this operation was not saved and what to do.
 */
function storageFailure(e: unknown): { code: string; message: string; sqlite: string } | null {
  const sqlite = (e as { code?: unknown })?.code;
  if (typeof sqlite !== 'string') return null;
  if (sqlite === 'SQLITE_FULL') {
    return {
      code: 'STORE_DISK_FULL',
      sqlite,
      message:
        'Il disco del PC è pieno: questa operazione NON è stata salvata. Le operazioni già registrate sono al sicuro. Liberare spazio (o chiamare il referente informatico) e ripetere.',
    };
  }
  if (sqlite.startsWith('SQLITE_IOERR') || sqlite === 'SQLITE_CORRUPT') {
    return {
      code: 'STORE_DISK_ERROR',
      sqlite,
      message: 'Errore del disco del PC: questa operazione NON è stata salvata. Chiamare il referente informatico prima di continuare.',
    };
  }
  return null;
}
