/**
 * JSON over HTTPS to IO's API with the service's `Ocp-Apim-Subscription-Key`, one fresh connection
 * per request (no keep-alive), so that a failure says whether the request can have reached IO:
 * a failure before the connection was open (refused, DNS, TLS handshake, timeout while connecting)
 * means IO never saw it (`reached: false`); once the connection is open the request is written at
 * once, and a failure after that (reset, timeout, cut answer) may come after IO stored it
 * (`reached: true`).
 */
import http from 'node:http';
import https from 'node:https';
import { tlsRefusal, type TlsRefusal } from '../tls';

export interface IoAnswer {
  status: number;
  body: unknown;
  date: string | null;
  retryAfterMs: number | null;
}

/** A request that got no HTTP answer. `reached`: the request was on an open connection. */
export class IoTransportError extends Error {
  constructor(
    readonly reached: boolean,
    readonly code: string,
    readonly tls: TlsRefusal | null,
  ) {
    super(`IO ${reached ? 'request cut after it left' : 'not reached'}: ${code}`);
    this.name = 'IoTransportError';
  }
}

/** Retry-After: seconds or an HTTP date. */
export function parseRetryAfter(v: string | undefined | null, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

export interface IoRequest {
  endpoint: string;
  apiKey: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  timeoutMs: number;
  signal: AbortSignal;
}

export function callIo(r: IoRequest): Promise<IoAnswer> {
  const url = new URL(r.endpoint.replace(/\/+$/, '') + r.path);
  const payload = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<IoAnswer>((resolve, reject) => {
    let connected = false;
    let settled = false;
    /** The answer's status and headers, once they arrived (a body cut after them still tells the outcome). */
    let head: Omit<IoAnswer, 'body'> | null = null;
    const fail = (code: string, e?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.signal.removeEventListener('abort', onAbort);
      req.destroy();
      if (head) resolve({ ...head, body: null });
      else reject(new IoTransportError(connected, code, connected ? null : tlsRefusal(e)));
    };
    const req = lib.request(url, {
      method: r.method,
      agent: false,
      headers: {
        Accept: 'application/json',
        ...(r.apiKey ? { 'Ocp-Apim-Subscription-Key': r.apiKey } : {}),
        ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
      },
    });
    const timer = setTimeout(() => fail(connected ? 'IO_TIMEOUT' : 'IO_CONNECT_TIMEOUT'), r.timeoutMs);
    const onAbort = () => fail(connected ? 'IO_TIMEOUT' : 'IO_CONNECT_TIMEOUT');
    if (r.signal.aborted) return onAbort();
    r.signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (s) => {
      s.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'IO_NETWORK', e));
    req.on('response', (res) => {
      head = {
        status: res.statusCode ?? 0,
        date: typeof res.headers.date === 'string' ? res.headers.date : null,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'] as string | undefined),
      };
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? 'IO_CUT', e));
      res.on('aborted', () => fail('IO_CUT'));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.signal.removeEventListener('abort', onAbort);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = { title: 'NOT_JSON' };
        }
        resolve({ ...head!, body });
      });
    });
    req.end(payload);
  });
}
