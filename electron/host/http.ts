/**
 * Browser-mode host: binds the contract on 127.0.0.1 only. The page calls over one WebSocket
 * (./socket.ts); scripts and tests call `POST /api/call/<name>`. Every call needs the per-launch
 * token (Authorization: Bearer, or the socket's subprotocol), an Origin equal to our own, and a
 * Host header naming loopback (DNS rebinding). The built renderer is served with the strict CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { App } from '../app';
import { SECURITY_HEADERS } from '../security/csp';
import { attachCallSocket } from './socket';

export interface HttpHostOptions {
  app: App;
  /** The built renderer (vite build output). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningHttpHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to servers. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
};

export async function startHttpHost(opts: HttpHostOptions): Promise<RunningHttpHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (!allowedHosts.has(req.headers.host ?? '')) return deny(res, 421, 'HOST', 'Host non ammesso.');
    if (url.pathname.startsWith('/api/')) return api(url.pathname, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'METHOD', 'Metodo non ammesso.');
    return serveStatic(url.pathname, res);
  });
  /** The launch token, compared in constant time. */
  const tokenMatches = (given: string) => {
    const g = Buffer.from(given);
    return g.length === tokenBuf.length && timingSafeEqual(g, tokenBuf);
  };
  const socket = attachCallSocket(server, opts.app, { origin: () => origin, hostAllowed: (h) => allowedHosts.has(h ?? ''), tokenMatches });

  function authorised(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers.origin !== origin) { deny(res, 403, 'HOST_ORIGIN', 'Origine della richiesta non ammessa.'); return false; }
    const auth = req.headers.authorization ?? '';
    if (!tokenMatches(auth.startsWith('Bearer ') ? auth.slice(7) : '')) {
      deny(res, 401, 'HOST_TOKEN', 'Sessione del browser non valida: riaprire Sportello dal collegamento.');
      return false;
    }
    return true;
  }

  async function api(path: string, req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return deny(res, 405, 'METHOD', 'Metodo non ammesso.');
    if (!authorised(req, res)) return;
    const m = /^\/api\/call\/([a-zA-Z][a-zA-Z0-9.]*)$/.exec(path);
    if (!m) return deny(res, 404, 'CONTRACT_UNKNOWN', 'Operazione sconosciuta.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return deny(res, 415, 'HOST_CONTENT_TYPE', 'Formato della richiesta non ammesso.');
    }
    let input: unknown;
    const arrived = performance.now();
    let read = arrived;
    try {
      const body = await readBody(req);
      read = performance.now();
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return send(res, 400, { ok: false, error: { code: 'CONTRACT_INPUT', message: 'Richiesta non leggibile.' } });
    }
    const answer = await opts.app.dispatch(m[1], input);
    // For the caller's timing: waiting for the request's body, then the back end's own work.
    const timing = `body;dur=${(read - arrived).toFixed(1)}, app;dur=${(performance.now() - read).toFixed(1)}`;
    send(res, 200, answer, { 'Server-Timing': timing });
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || !extname(rel)) rel = '/index.html'; // single-page app
    const file = normalize(join(opts.staticDir, rel));
    if (!file.startsWith(normalize(opts.staticDir) + sep) || !existsSync(file) || !statSync(file).isFile()) {
      return deny(res, 404, 'NOT_FOUND', 'Risorsa non trovata.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': rel === '/index.html' ? 'no-store' : 'public, max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: origin,
    launchUrl: `${origin}/#token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        socket.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...extra });
  res.end(JSON.stringify(body));
}

function deny(res: ServerResponse, status: number, code: string, message: string) {
  send(res, status, { ok: false, error: { code, message } });
}
