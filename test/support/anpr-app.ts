/**
 * Demo Sportello (createApp: real dispatcher, wiring, sync engine and encrypted store) against an
 * ANPR simulator over HTTP on loopback, strict about subjects (a person is known to ANPR only once
 * planted), with every answer the simulator writes kept for XSD checks — the lost ones too (a
 * "reset" fault applies the request and discards its answer). Signed in as a responsabile.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { createApp, type App, type AppConfig } from '../../electron/app';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { createAnprSimulator, type AnprSimulator } from '../../simulators/anpr';
import { parseXml, soapParts } from '../../simulators/anpr/xml-read';
import { DEMO_COMUNE_ISTAT } from '../../simulators/all';
import { demoEndpoints } from '../../simulators/demo';
import { createDemoCredentials } from '../../simulators/demo-pki';
import { startSimulators, type RunningSimulators } from '../../simulators/server';
import type { PlatformSimulator } from '../../simulators/types';
import { tempDir } from './tmp';

export const ANPR_XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
export const haveAnprXsd = existsSync(join(ANPR_XSD_DIR, 'tipoDato.xsd'));

export type Answer = { ok: boolean; data?: any; error?: any };

export interface AnprApp {
  app: App;
  dataDir: string;
  sim: AnprSimulator;
  sims: RunningSimulators;
  /** Every SOAP answer the simulator wrote, in order. */
  answers: string[];
  /** Every request body the simulator received, in order. */
  requests: string[];
  /** The payload element (RispostaNNNN) of an answer, serialized. */
  payloadOf(answer: string): string;
  call(name: string, input?: unknown): Promise<Answer>;
  close(): Promise<void>;
}

export async function startAnprApp(
  opts: { syncTuning?: AppConfig['syncTuning']; demoResidents?: number; clock?: AppConfig['clock'] } = {},
): Promise<AnprApp> {
  const data = tempDir('sportello-anpr-app-');
  const credentials = await createDemoCredentials(DEMO_COMUNE_ISTAT);
  const sim = createAnprSimulator({
    comuneIstat: DEMO_COMUNE_ISTAT,
    trustedCaPem: [credentials.caPem],
    xsdDir: haveAnprXsd ? ANPR_XSD_DIR : null,
    warn: () => undefined,
  });
  const answers: string[] = [];
  const requests: string[] = [];
  const recording: PlatformSimulator = {
    ...sim,
    handle: (req, path, body, res: ServerResponse) => {
      requests.push(body.toString('utf8'));
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        if (chunk) answers.push(String(chunk));
        return end(chunk);
      }) as ServerResponse['end'];
      return sim.handle(req, path, body, res);
    },
  };
  const sims = await startSimulators({ simulators: [recording], credentials: Promise.resolve(credentials) });
  const app = createApp({
    dataDir: data.dir,
    keys: keyFileProvider,
    demo: true,
    demoResidents: opts.demoResidents ?? 10,
    endpoints: demoEndpoints(sims.url),
    syncTuning: opts.syncTuning,
    clock: opts.clock,
  });
  const call = (name: string, input: unknown = {}) => app.dispatch(name, input) as Promise<Answer>;
  const setup = await call('session.setup', {
    username: 'resp',
    displayName: 'Rita Responsabile',
    password: 'segreta123',
    codiceFiscale: 'DMEPTR80A01A577B',
  });
  if (!setup.ok) throw new Error(`session.setup: ${JSON.stringify(setup.error)}`);
  return {
    app,
    dataDir: data.dir,
    sim,
    sims,
    answers,
    requests,
    payloadOf: (a) => String(soapParts(parseXml(a)!)!.payload!),
    call,
    async close() {
      await app.close();
      await sims.close();
      data.cleanup();
    },
  };
}
