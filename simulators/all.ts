import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAgendaSimulator } from './agenda';
import { createAnprSimulator, type AnprSimulator } from './anpr';
import { createDemoCredentials, createDemoCredentialsInWorker, type DemoCredentials } from './demo-pki';
import { createGpdSimulator } from './gpd';
import { createIoSimulator } from './io';
import type { PlatformSimulator, SimStats } from './types';

/** The Comune the demo platforms serve (the demo registry's Comune, see core/anagrafe/demo). */
export const DEMO_COMUNE_ISTAT = '056003';

export interface DemoSimulators {
  simulators: PlatformSimulator[];
  /** The demo certificates, once made (the simulated ANPR trusts their CA). */
  credentials: Promise<DemoCredentials>;
  /** The demo certificate authority: hands out the current certificates and can be rotated. */
  authority: DemoAuthority;
}

export interface DemoAuthority {
  /** The certificates demo Sportello is given now (GET /_sim/demo-credentials). */
  current(): Promise<DemoCredentials>;
  /**
   * A new CA replaces the old one at once: the simulated ANPR trusts only the new CA, so the
   * certificates in use are refused ("Rejected by policy") as a revoked or superseded certificate
   * would be. The renewed certificates are handed out at once, or with `hold` only after
   * release() (a renewal that reaches the Comune some time after the revocation).
   */
  rotate(opts?: { hold?: boolean }): Promise<{ rotations: number; held: boolean }>;
  release(): void;
}

/**
 * One instance of every platform simulator, as demo mode and `npm run sim` mount them. The
 * simulated ANPR needs the demo CA, made off the main thread: requests that arrive before it is
 * ready wait for it.
 */
export function createAllSimulators(
  opts: {
    gpdRateLimit?: { calls: number; perMs: number };
    anprXsdDir?: string | null;
    ioRateLimit?: { calls: number; perMs: number };
  } = {},
): DemoSimulators {
  const credentials = createDemoCredentialsInWorker(DEMO_COMUNE_ISTAT);
  const anpr = credentials.then((c) =>
    createAnprSimulator({
      comuneIstat: DEMO_COMUNE_ISTAT,
      trustedCaPem: [c.caPem],
      strictSubjects: false,
      ...(opts.anprXsdDir !== undefined ? { xsdDir: opts.anprXsdDir } : {}),
    }),
  );
  let handedOut: Promise<DemoCredentials> = credentials;
  let pending: DemoCredentials | null = null;
  let rotations = 0;
  const authority: DemoAuthority = {
    current: () => handedOut,
    async rotate({ hold = false } = {}) {
      const [sim, renewed] = await Promise.all([anpr, createDemoCredentials(DEMO_COMUNE_ISTAT)]);
      sim.setTrustedCas([renewed.caPem]);
      rotations++;
      if (hold) pending = renewed;
      else {
        pending = null;
        handedOut = Promise.resolve(renewed);
      }
      return { rotations, held: hold };
    },
    release() {
      if (pending) handedOut = Promise.resolve(pending);
      pending = null;
    },
  };
  return {
    simulators: [
      deferred('anpr', '/anpr', anpr),
      createGpdSimulator({ rateLimit: opts.gpdRateLimit }),
      createAgendaSimulator(),
      createIoSimulator({ rateLimit: opts.ioRateLimit }),
    ],
    credentials,
    authority,
  };
}

function deferred(
  name: PlatformSimulator['name'],
  prefix: string,
  ready: Promise<AnprSimulator>,
): PlatformSimulator & { ready: Promise<AnprSimulator> } {
  let sim: AnprSimulator | null = null;
  void ready.then((s) => (sim = s));
  const empty: SimStats = { requests: 0, applied: 0, repeats: 0, rejections: 0, appliedTwice: 0 };
  return {
    name,
    prefix,
    ready,
    async handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse) {
      return (sim ?? (await ready)).handle(req, path, body, res);
    },
    stats: () => sim?.stats() ?? empty,
    reset: () => sim?.reset(),
  };
}
