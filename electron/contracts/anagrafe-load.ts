import { z } from '../core/zod';
import { Empty, procedure } from './define';

/** 4002 accepts at most 2,000 codici fiscali per request; a load splits a longer list. Upper bound of one list. */
const MAX_CF_LIST = 200_000;

export const LoadStatusView = z.object({
  id: z.string(),
  source: z.enum(['anpr-4001', 'anpr-4002', 'file']),
  /** running: in progress; interrupted: left unfinished by a crash or a closed window (resume it); failed: stopped on an error; abandoned: given up by the responsabile. */
  state: z.enum(['running', 'interrupted', 'failed', 'done', 'abandoned']),
  loaded: z.number(),
  refused: z.number(),
  families: z.number(),
  addresses: z.number(),
  /** 0…1, null while unknown. */
  fraction: z.number().nullable(),
  /** From the host's clock; null until the pace is known. */
  secondsLeft: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), text: z.string() }).nullable(),
});

/** Who was refused and why: personal data, so read on its own (audited), never in the polled status. */
export const RefusedRowsView = z.object({
  rows: z.array(
    z.object({ codiceFiscale: z.string().nullable(), cognome: z.string().nullable(), nome: z.string().nullable(), reason: z.string() }),
  ),
  total: z.number(),
});

export const StartLoadInput = z.discriminatedUnion('source', [
  z.object({ source: z.literal('anpr-4001') }).strict(),
  z.object({ source: z.literal('anpr-4002'), codiciFiscali: z.array(z.string().max(16)).min(1).max(MAX_CF_LIST) }).strict(),
  z
    .object({ source: z.literal('file'), path: z.string().trim().min(1, 'Indicare il percorso del file di estrazione.').max(4096) })
    .strict(),
]);

const LoadId = z.object({ id: z.string().uuid() }).strict();

/** The initial load of the Comune's residents from ANPR (the responsabile only). */
export const anagrafeLoadContract = {
  'anagrafe.load.status': procedure({ input: Empty, output: LoadStatusView.nullable(), access: 'responsabile', activity: false }),
  'anagrafe.load.start': procedure({ input: StartLoadInput, output: LoadStatusView, access: 'responsabile' }),
  'anagrafe.load.resume': procedure({ input: LoadId, output: LoadStatusView, access: 'responsabile' }),
  /** The load's refused rows (at most 500): each read is audited, naming the load. */
  'anagrafe.load.refused': procedure({ input: LoadId, output: RefusedRowsView, access: 'responsabile' }),
  /** Gives up a load left unfinished so a new one can start (audited); the screen asks for confirmation first. */
  'anagrafe.load.abandon': procedure({ input: LoadId, output: LoadStatusView, access: 'responsabile' }),
};
