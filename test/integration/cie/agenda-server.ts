/** A small loopback HTTP server mounting the agenda simulator, with the faults these tests need. */
import { createServer, ServerResponse, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgendaSimulator, type AgendaSimulator } from '../../../simulators/agenda';

export interface AgendaTestServer {
  url: string;
  sim: AgendaSimulator;
  /** The Comune's API (/v1) refuses connections; citizens (/citizen) still book. */
  down: boolean;
  /** Apply the next /v1 write, then drop the connection before answering. */
  loseNextAnswer: boolean;
  /** Apply the next /v1 write, then never answer (the client is left waiting). */
  hangNextAnswer: boolean;
  close(): Promise<void>;
}

export async function startAgendaServer(): Promise<AgendaTestServer> {
  const sim = createAgendaSimulator();
  const hanging = new Set<ServerResponse>();
  const state = { down: false, loseNextAnswer: false, hangNextAnswer: false };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (!pathname.startsWith(sim.prefix + '/')) return void res.writeHead(404).end();
    const path = pathname.slice(sim.prefix.length);
    const comuneApi = path.startsWith('/v1/');
    if (comuneApi && state.down) return void req.socket.destroy();
    const write = req.method !== 'GET';
    if (comuneApi && write && state.loseNextAnswer) {
      state.loseNextAnswer = false;
      await sim.handle(req, path, body, sink(req));
      return void req.socket.destroy();
    }
    if (comuneApi && write && state.hangNextAnswer) {
      state.hangNextAnswer = false;
      await sim.handle(req, path, body, sink(req));
      hanging.add(res);
      return;
    }
    await sim.handle(req, path, body, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}${sim.prefix}`,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A response whose answer goes nowhere, so the simulator applies the request but nobody hears. */
function sink(req: IncomingMessage): ServerResponse {
  const s = new ServerResponse(req);
  s.write = () => true;
  s.end = function end(this: ServerResponse) {
    return this;
  } as ServerResponse['end'];
  return s;
}
