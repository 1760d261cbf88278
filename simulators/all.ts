import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAgendaSimulator } from './agenda';
import { createAnprSimulator, type AnprSimulator } from './anpr';
import { createDemoCredentialsInWorker, type DemoCredentials } from './demo-pki';
import { createGpdSimulator } from './gpd';
import type { PlatformSimulator, SimStats } from './types';

/** The Comune the demo platforms serve (the demo registry's Comune, see core/anagrafe/demo). */
export const DEMO_COMUNE_ISTAT = '056003';

export interface DemoSimulators {
  simulators: PlatformSimulator[];
  /** The demo certificates, once made (the simulated ANPR trusts their CA). */
  credentials: Promise<DemoCredentials>;
}

/**
 * One instance of every platform simulator, as demo mode and `npm run sim` mount them. The
 * simulated ANPR needs the demo CA, made off the main thread: requests that arrive before it is
 * ready wait for it.
 */
export function createAllSimulators(opts: { gpdRateLimit?: { calls: number; perMs: number } } = {}): DemoSimulators {
  const credentials = createDemoCredentialsInWorker(DEMO_COMUNE_ISTAT);
  const anpr = credentials.then((c) =>
    createAnprSimulator({ comuneIstat: DEMO_COMUNE_ISTAT, trustedCaPem: [c.caPem], strictSubjects: false }),
  );
  return { simulators: [deferred('anpr', '/anpr', anpr), createGpdSimulator({ rateLimit: opts.gpdRateLimit }), createAgendaSimulator()], credentials };
}

function deferred(name: PlatformSimulator['name'], prefix: string, ready: Promise<AnprSimulator>): PlatformSimulator & { ready: Promise<AnprSimulator> } {
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
