/**
 * The IO simulator alone behind the simulators' server, and plain fetch helpers to speak IO's API
 * (no client code: these tests judge the simulator, which must be able to judge the client).
 */
import { existsSync } from 'node:fs';
import { createIoSimulator, DEMO_IO_SERVICES, type IoSimulator, type IoSimulatorOptions, type StoredMessage } from '../../../simulators/io';
import { DEFAULT_OPENAPI_PATH } from '../../../simulators/io/schema';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import type { FaultProfile } from '../../../simulators/faults';

export const HAS_OPENAPI = existsSync(DEFAULT_OPENAPI_PATH);
export const NO_OPENAPI = `skipped: IO's OpenAPI is absent (${DEFAULT_OPENAPI_PATH}); the shared data folder is not on this machine`;

export const ANAGRAFE = DEMO_IO_SERVICES[0];
export const PAGAMENTI = DEMO_IO_SERVICES[1];
/** Valid by IO's pattern (IO checks the pattern, not the check character). */
export const ON_IO = 'RSSMRA80A01H501U';
export const PAYMENTS_OFF = 'BNCGNN75C41A577K';
export const ALL_OFF = 'VRDLCU90D12A577Z';
export const NOT_ON_IO = 'GLLPLA60E10A577P';

export interface IoHarness {
  io: IoSimulator;
  sims: RunningSimulators;
  api: string;
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<Response>;
  submit(content: Record<string, unknown>, fiscalCode?: string, key?: string): Promise<Response>;
  stats(): Promise<ReturnType<IoSimulator['stats']> & { injected: Record<string, number> }>;
  stored(): Promise<StoredMessage[]>;
  close(): Promise<void>;
}

/** The simulator with four seeded citizens and no implicit profiles. */
export async function startIo(
  opts: IoSimulatorOptions = {},
  server: { faults?: Partial<FaultProfile>; seed?: number } = {},
): Promise<IoHarness> {
  const io = createIoSimulator({ implicitProfiles: 'none', ...opts });
  const sims = await startSimulators({ simulators: [io], faults: server.faults, seed: server.seed });
  const api = `${sims.url}/io/api/v1`;
  const call = (method: string, path: string, body?: unknown, key: string | null = ANAGRAFE.keys[0]) =>
    fetch(`${path.startsWith('/_sim/') ? sims.url : api}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(2_000),
    });
  await call('POST', '/_sim/io/profiles', {
    profiles: [
      { fiscal_code: ON_IO },
      { fiscal_code: PAYMENTS_OFF, blocked: [PAGAMENTI.id] },
      { fiscal_code: ALL_OFF, blocked: 'all' },
      { fiscal_code: NOT_ON_IO, on_io: false },
    ],
  });
  return {
    io,
    sims,
    api,
    call,
    submit: (content, fiscalCode = ON_IO, key = ANAGRAFE.keys[0]) => call('POST', '/messages', { fiscal_code: fiscalCode, content }, key),
    stats: async () => (await (await call('GET', '/_sim/stats')).json()).io,
    stored: async () => (await (await call('GET', '/_sim/io/messages')).json()).messages,
    close: () => sims.close(),
  };
}

/** A message IO accepts: subject and markdown within IO's limits. */
export function goodContent(n = 1): Record<string, unknown> {
  return {
    subject: `Appuntamento CIE n. ${n}`,
    markdown: `Gentile cittadina, gentile cittadino, le confermiamo l'appuntamento n. ${n} per la carta d'identità elettronica. Porti una fototessera e il documento scaduto.`,
  };
}
