/**
 * Browser-mode host: binds the contract on 127.0.0.1 only. The page calls over one WebSocket
 * (./socket.ts); scripts and tests call `POST /api/call/<name>`. Every call needs the per-launch
 * token (Authorization: Bearer, or the socket's subprotocol), an Origin equal to our own, and a
 * Host header naming loopback (DNS rebinding). The built renderer is served with the strict CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import type { App } from '../app';
import { SECURITY_HEADERS } from '../security/csp';
import { MAX_MESSAGE_BYTES } from '../contracts/limits';
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

const MAX_BODY = MAX_MESSAGE_BYTES;
/** Longer request targets are refused with 414; Node itself answers 431 past its 16 KiB of headers. */
const MAX_URL_LENGTH = 8 * 1024;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

export async function startHttpHost(opts: HttpHostOptions): Promise<RunningHttpHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenBuf = Buffer.from(token);
  let origin = '';
  let allowedHosts = new Set<string>();

  // Nothing a request carries may end the host: every path answers a typed error, and a fault in
  // our own code is answered 500 rather than thrown out of the event loop.
  const server = createServer((req, res) => {
    try {
      route(req, res).catch((e) => internalError(res, e));
    } catch (e) {
      internalError(res, e);
    }
  });
  server.on('clientError', answerClientError);
  // `Expect: 100-continue`: the client waits for our go-ahead before sending the body, so a refused
  // request (too large, no token…) is answered without the body ever being sent.
  const waitingForContinue = new WeakSet<IncomingMessage>();
  server.on('checkContinue', (req, res) => {
    waitingForContinue.add(req);
    server.emit('request', req, res);
  });
  server.on('checkExpectation', (req, res) => deny(res, 417, 'HOST_EXPECTATION', 'Richiesta non ammessa (Expect).', req));

  async function route(req: IncomingMessage, res: ServerResponse) {
    if ((req.url ?? '').length > MAX_URL_LENGTH) return deny(res, 414, 'HOST_URL_TOO_LONG', 'Indirizzo della richiesta troppo lungo.', req);
    const pathname = pathnameOf(req.url);
    if (pathname === null) return deny(res, 400, 'HOST_BAD_URL', 'Indirizzo della richiesta non valido.', req);
    if (!allowedHosts.has(req.headers.host ?? '')) return deny(res, 421, 'HOST', 'Host non ammesso.', req);
    if (pathname.startsWith('/api/')) return api(pathname, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'METHOD', 'Metodo non ammesso.', req);
    return serveStatic(pathname, req, res);
  }
  /** The launch token, compared in constant time. */
  const tokenMatches = (given: string) => {
    const g = Buffer.from(given);
    return g.length === tokenBuf.length && timingSafeEqual(g, tokenBuf);
  };
  const socket = attachCallSocket(server, opts.app, { origin: () => origin, hostAllowed: (h) => allowedHosts.has(h ?? ''), tokenMatches });

  function authorised(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers.origin !== origin) {
      deny(res, 403, 'HOST_ORIGIN', 'Origine della richiesta non ammessa.', req);
      return false;
    }
    const auth = req.headers.authorization ?? '';
    if (!tokenMatches(auth.startsWith('Bearer ') ? auth.slice(7) : '')) {
      deny(res, 401, 'HOST_TOKEN', 'Sessione del browser non valida: riaprire Sportello dal collegamento.', req);
      return false;
    }
    return true;
  }

  async function api(path: string, req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return deny(res, 405, 'METHOD', 'Metodo non ammesso.', req);
    if (!authorised(req, res)) return;
    const m = /^\/api\/call\/([a-zA-Z][a-zA-Z0-9.]*)$/.exec(path);
    if (!m) return deny(res, 404, 'CONTRACT_UNKNOWN', 'Operazione sconosciuta.', req);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return deny(res, 415, 'HOST_CONTENT_TYPE', 'Formato della richiesta non ammesso.', req);
    }
    // A declared length over the limit is refused before a byte of the body is read.
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge(req, res);
    let input: unknown;
    const arrived = performance.now();
    let read = arrived;
    if (waitingForContinue.has(req)) res.writeContinue();
    const body = await readBody(req);
    if (body === 'too-large') return tooLarge(req, res);
    if (body === 'failed') return; // the peer went away: nobody to answer
    try {
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

  function serveStatic(pathname: string, req: IncomingMessage, res: ServerResponse) {
    let rel = decodePath(pathname);
    if (rel === null) return deny(res, 400, 'HOST_BAD_URL', 'Indirizzo della richiesta non valido.', req);
    if (rel === '/' || !extname(rel)) rel = '/index.html'; // single-page app
    const file = normalize(join(opts.staticDir, rel));
    if (!file.startsWith(normalize(opts.staticDir) + sep) || !isFile(file)) {
      return deny(res, 404, 'NOT_FOUND', 'Risorsa non trovata.', req);
    }
    const stream = createReadStream(file);
    // Opened before the head is written: a file that vanished since the check is still a 404.
    stream.once('error', () => {
      if (!res.headersSent) deny(res, 404, 'NOT_FOUND', 'Risorsa non trovata.', req);
      else res.destroy();
    });
    stream.once('open', () => {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': rel === '/index.html' ? 'no-store' : 'public, max-age=3600',
      });
      if (req.method === 'HEAD') {
        stream.destroy();
        res.end();
        return;
      }
      stream.pipe(res);
    });
    res.once('close', () => stream.destroy());
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

/** The request's path, or null when the target cannot be parsed (an absolute form naming a bad host…). */
function pathnameOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://host').pathname;
  } catch {
    return null;
  }
}

/** The decoded path, or null for a broken percent-encoding (`/%`, `/%E0%A4%A`) or a NUL byte. */
function decodePath(pathname: string): string | null {
  try {
    const rel = decodeURIComponent(pathname);
    return rel.includes('\0') ? null : rel;
  } catch {
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // missing, or a name the file system refuses (too long, not a folder…)
  }
}

/** The body, 'too-large' as soon as it grows past the limit (the rest is never read), or 'failed'. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'failed'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.off('data', onData);
        req.pause();
        resolve('too-large');
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('failed'));
    req.on('aborted', () => resolve('failed'));
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse) {
  deny(res, 413, 'HOST_BODY_TOO_LARGE', 'Richiesta troppo grande: non è stata letta né eseguita.', req);
}

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(JSON.stringify(body));
}

/**
 * A refusal. When the request still has a body we did not read, the connection is closed after
 * the answer, so the rest of the body is never read (Node would otherwise drain it for keep-alive).
 */
function deny(res: ServerResponse, status: number, code: string, message: string, req?: IncomingMessage) {
  const unreadBody =
    req !== undefined && !req.complete && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  send(res, status, { ok: false, error: { code, message } }, unreadBody ? { Connection: 'close' } : {});
  if (unreadBody) lingerThenClose(req, res);
}

/**
 * Closes a connection whose body we refused to read ("lingering close"). Closing at once would
 * reset the connection while the client is still sending, and most clients then lose our answer
 * (EPIPE). So our side is half-closed after the answer, and what still arrives is discarded
 * unread — never buffered — until the client stops or LINGER_MS pass.
 */
function lingerThenClose(req: IncomingMessage, res: ServerResponse) {
  const socket = req.socket as IncomingMessage['socket'] & { destroySoon?: () => void };
  // Node ends a "Connection: close" answer with destroySoon(), which resets a client still sending.
  socket.destroySoon = () => socket.end();
  res.once('finish', () => {
    req.removeAllListeners('data');
    req.on('data', () => {});
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
const LINGER_MS = 10_000;

function internalError(res: ServerResponse, e: unknown) {
  // Logged to stderr without the request (it may carry personal data in its body).
  process.stderr.write(`host.request_failed ${e instanceof Error ? e.name : 'unknown'}\n`);
  if (!res.headersSent) deny(res, 500, 'INTERNAL', "Errore interno: riprovare; se si ripete, contattare l'assistenza.");
  else res.destroy();
}

/** Requests Node's parser refused (malformed, headers over 16 KiB, timed out): a typed answer, then close. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'HOST_HEADERS_TOO_LARGE', 'Intestazioni della richiesta troppo grandi.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'HOST_TIMEOUT', 'Richiesta incompleta: tempo scaduto.']
        : ['400 Bad Request', 'HOST_BAD_REQUEST', 'Richiesta non valida.'];
  const body = JSON.stringify({ ok: false, error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
