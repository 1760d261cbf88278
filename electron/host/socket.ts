/**
 * The page's channel in browser mode: one WebSocket per page carries its calls and the back end's
 * events, as IPC does in Electron. A fetch per call cost the page about 6 ms in Chromium's loader
 * on loopback, a socket message under 2 ms (bench/page-transport.ts).
 *
 * The upgrade is refused unless it names our Origin and a loopback Host, and carries the launch
 * token. A page's WebSocket cannot set headers, so the token travels as a second subprotocol
 * (`token.<token>`); the host answers with `sportello` only.
 *
 *   page → host  {"id": 7, "call": "pagopa.notices.issue", "input": {...}}
 *   host → page  {"id": 7, "answer": {"ok": true, ...}, "ms": 4.1}      ms: the back end's own work
 *   host → page  {"event": "sync", "payload": {...}}
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../app';
import { events, type EventName } from '../contract';
import { MAX_MESSAGE_BYTES } from '../contracts/limits';

export const SOCKET_PATH = '/api/socket';
export const SOCKET_PROTOCOL = 'sportello';
const TOKEN_PROTOCOL_PREFIX = 'token.';

export interface SocketGate {
  /** The page's own origin (http://127.0.0.1:port), known once the server listens. */
  origin(): string;
  hostAllowed(host: string | undefined): boolean;
  /** Whether this is the launch token (compared in constant time). */
  tokenMatches(given: string): boolean;
}

export interface CallSocket {
  close(): void;
}

export function attachCallSocket(server: Server, app: App, gate: SocketGate): CallSocket {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });

  server.on('upgrade', (req: IncomingMessage, raw: Duplex, head: Buffer) => {
    // Node stops watching a socket's errors once it asks to upgrade: a peer that resets it must
    // not take the host down.
    raw.on('error', () => raw.destroy());
    let refusal: string | null;
    try {
      refusal = refuse(req, gate);
    } catch {
      refusal = '400 Bad Request'; // a request target or header we cannot even read
    }
    if (refusal) {
      raw.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => raw.destroy());
      return;
    }
    wss.handleUpgrade(req, raw, head, (ws) => serve(ws, app));
  });

  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function refuse(req: IncomingMessage, gate: SocketGate): string | null {
  if (new URL(req.url ?? '/', 'http://host').pathname !== SOCKET_PATH) return '404 Not Found';
  if (!gate.hostAllowed(req.headers.host)) return '421 Misdirected Request';
  if (req.headers.origin !== gate.origin()) return '403 Forbidden';
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const token = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length) ?? '';
  if (!offered.includes(SOCKET_PROTOCOL) || !gate.tokenMatches(token)) {
    return '401 Unauthorized';
  }
  return null;
}

function serve(ws: WebSocket, app: App) {
  const offs = (Object.keys(events) as EventName[]).map((event) => app.on(event, (payload) => ws.send(JSON.stringify({ event, payload }))));
  ws.on('close', () => offs.forEach((off) => off()));
  // A frame over the size limit or broken framing: ws closes the socket (1009, 1002) and reports
  // it here; the host goes on serving.
  ws.on('error', (e) => app.services.log.warn('host.socket_closed', { reason: e.message }));
  ws.on('message', (data, isBinary) => {
    answer(ws, app, isBinary ? null : parse(data.toString())).catch((e) => {
      // Our own fault, not the page's: logged without the message, and the socket closed.
      app.services.log.error('host.socket_failed', { error: e instanceof Error ? e.name : 'unknown' });
      ws.terminate();
    });
  });
}

async function answer(ws: WebSocket, app: App, message: { id: number; call: string; input: unknown } | null) {
  if (!message) {
    // Not our page's message: nothing can be answered, and nothing is dispatched.
    app.services.log.warn('host.socket_closed', { reason: 'message not understood' });
    ws.close(1007, 'messaggio non valido');
    return;
  }
  const started = performance.now();
  const answer = await app.dispatch(message.call, message.input); // unknown names are refused there
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify({ id: message.id, answer, ms: Math.round((performance.now() - started) * 10) / 10 }));
}

function parse(text: string): { id: number; call: string; input: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { id, call, input } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(id) || (id as number) < 0 || typeof call !== 'string') return null;
  return { id: id as number, call, input: input ?? {} };
}
