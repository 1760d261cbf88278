/** Test wiring: a loopback node:http server mounting a PlatformSimulator, and adapter configs. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformSimulator } from '../../../../simulators/types';
import type { AnprConfig } from '../../../../electron/platforms/anpr/config';
import type { TestPki } from './test-pki';
import { COMUNE_ISTAT } from './sample-requests';

export interface RunningSim {
  baseUrl: string;
  server: Server;
  close(): Promise<void>;
}

export async function startSimServer(sim: PlatformSimulator): Promise<RunningSim> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(sim.prefix)) {
      res.writeHead(404).end();
      return;
    }
    await sim.handle(req, url.pathname.slice(sim.prefix.length) || '/', Buffer.concat(chunks), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${sim.prefix}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const OPERATOR_CF = 'VRDPLA70A41H501X';
export const ID_POSTAZIONE = '058091-PC-0001';

export function anprConfig(pki: TestPki, endpoint: string, overrides: Partial<AnprConfig> = {}): AnprConfig {
  return {
    endpoint,
    codiceIstatComune: COMUNE_ISTAT,
    tipoInvio: 'TEST',
    idPostazione: ID_POSTAZIONE,
    idApplicazione: 'Sportello',
    software: { nome: 'Sportello', versione: '0.1.0', fornitore: 'Sportello' },
    comuneCertificate: { p12: pki.comuneP12, password: pki.comunePassword },
    postazioneCertificate: { p12: pki.postazioneP12, password: pki.postazionePassword },
    localIp: '127.0.0.1',
    timeoutMs: 10_000,
    ...overrides,
  };
}
