/** Mounts a PlatformSimulator in a small node:http server on 127.0.0.1 (tests only). */
import { createServer, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformSimulator } from '../../../simulators/types';

export interface SimHttp {
  url: string;
  port: number;
  /** The next N requests with this method are applied by the simulator but their answers are lost (socket reset). */
  loseAnswers(n: number, method: string): void;
  close(): Promise<void>;
}

export async function serveSimulator(sim: PlatformSimulator, port = 0): Promise<SimHttp> {
  let lose = 0;
  let loseMethod = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://sim');
        if (!url.pathname.startsWith(sim.prefix + '/')) {
          res.writeHead(404).end();
          return;
        }
        const path = url.pathname.slice(sim.prefix.length); // as simulators/server.ts: no query string
        if (lose > 0 && req.method === loseMethod) {
          lose--;
          await sim.handle(req, path, Buffer.concat(chunks), new ServerResponse(req));
          req.socket.destroy();
          return;
        }
        await sim.handle(req, path, Buffer.concat(chunks), res);
      } catch (e) {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    loseAnswers: (n, method) => {
      lose = n;
      loseMethod = method;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on right now (to play "the network is down", then serve on it). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
