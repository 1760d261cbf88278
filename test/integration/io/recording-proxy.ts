/**
 * A plain HTTP forwarder on loopback in front of the simulator: every request passes unchanged, and
 * the proxy notes when it arrived, for which codice fiscale (IO's profile path or message body), and
 * the answer's status and Retry-After. Tests read what the client did on the wire from it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireEntry {
  at: number;
  method: string;
  path: string;
  fiscalCode: string | null;
  status: number | null;
  answeredAt: number | null;
  retryAfterS: number | null;
}

export async function startRecordingProxy(target: string): Promise<{ url: string; log: WireEntry[]; close(): Promise<void> }> {
  const log: WireEntry[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const fromPath = /\/io\/api\/v1\/profiles\/([A-Z0-9]{16})/.exec(path)?.[1] ?? null;
      let fromBody: string | null = null;
      if (/\/io\/api\/v1\/messages$/.test(path)) {
        try {
          fromBody = (JSON.parse(body.toString('utf8')) as { fiscal_code?: string }).fiscal_code ?? null;
        } catch {
          fromBody = null;
        }
      }
      const e: WireEntry = {
        at: Date.now(),
        method: req.method ?? 'GET',
        path,
        fiscalCode: fromPath ?? fromBody,
        status: null,
        answeredAt: null,
        retryAfterS: null,
      };
      log.push(e);
      const up = http.request(
        { host: to.hostname, port: to.port, method: req.method, path, headers: { ...req.headers, host: to.host } },
        (r) => {
          e.status = r.statusCode ?? null;
          e.answeredAt = Date.now();
          const ra = r.headers['retry-after'];
          e.retryAfterS = typeof ra === 'string' && /^\d+$/.test(ra) ? Number(ra) : null;
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
          r.on('error', () => res.destroy());
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
