/**
 * The renderer's one way to the back end. In Electron the preload exposes `window.sportello`
 * (IPC); in browser mode calls and events go over a WebSocket to the loopback host, with the
 * launch token. No screen knows which host it is in.
 */
import type { EventName, EventPayload, InputOf, OutputOf, ProcedureName } from '../electron/contract';
import type { Answer, ErrorAnswer } from '../electron/contracts/define';
import { MAX_MESSAGE_BYTES } from '../electron/contracts/limits';

export interface SportelloBridge {
  call(name: string, input: unknown): Promise<Answer<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    sportello?: SportelloBridge;
  }
}

/** A refused call: `code` is searchable, `message` is for the clerk, `field` names the form field. */
export class ApiError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly issues?: ErrorAnswer['issues'];
  constructor(e: ErrorAnswer) {
    super(e.message);
    this.code = e.code;
    this.field = e.field;
    this.issues = e.issues;
  }
}

const TOKEN_KEY = 'sportello.token';

function launchToken(): string {
  const m = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const UNREACHABLE: ErrorAnswer = { code: 'HOST_UNREACHABLE', message: 'Sportello non risponde: attendere qualche secondo e riprovare.' };
const TOO_LARGE: ErrorAnswer = {
  code: 'CONTRACT_INPUT',
  message: 'I dati da inviare sono troppo grandi (oltre 4 MB): ridurre il file allegato e riprovare.',
};
/** The socket's timing entries kept for DevTools and measurements; older ones are dropped. */
const CALL_MEASURES_KEPT = 500;
export const CALL_MEASURE_PREFIX = 'sportello.call ';

interface Reply {
  answer: Answer<unknown> /** The back end's own work on the call, in ms. */;
  ms?: number;
}

const measured = new Set<string>();
let measures = 0;
function measure(name: string, start: number, backEndMs: number | undefined) {
  if (++measures > CALL_MEASURES_KEPT) {
    for (const n of measured) performance.clearMeasures(n); // ours only
    measured.clear();
    measures = 1;
  }
  measured.add(CALL_MEASURE_PREFIX + name);
  performance.measure(CALL_MEASURE_PREFIX + name, { start, end: performance.now(), detail: { backEndMs: backEndMs ?? null } });
}

/**
 * Browser mode: one WebSocket to the loopback host carries calls and events (electron/host/socket.ts).
 * Each call is also a User Timing measure named `sportello.call <name>`, whose detail holds the back
 * end's own time, so DevTools and the day's scenario can split a save into page, wire and back end.
 */
function socketBridge(): SportelloBridge {
  const token = launchToken();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  let opening: Promise<WebSocket> | null = null;
  let retryMs = 1000;

  function connect(): Promise<WebSocket> {
    if (opening) return opening;
    const attempt = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/socket`, ['sportello', `token.${token}`]);
      ws.onopen = () => {
        retryMs = 1000;
        resolve(ws);
      };
      ws.onmessage = (m) => receive(String(m.data));
      ws.onclose = () => {
        opening = null;
        reject(new Error('closed'));
        // A call in flight has no answer coming: the clerk is told, as when the host is down.
        for (const settle of pending.values()) settle({ answer: { ok: false, error: UNREACHABLE } });
        pending.clear();
        // The back end restarted or the socket broke: the screens keep listening (less often while it lasts).
        if (listening()) setTimeout(() => void connect().catch(() => {}), retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      };
    });
    opening = attempt;
    return attempt;
  }

  const listening = () => [...listeners.values()].some((set) => set.size > 0);

  /**
   * The socket would not open. A browser does not say why, so ask the host over HTTP: a stale
   * launch token gets its own message (reopen Sportello from its link), anything else is "down".
   */
  async function whyRefused(): Promise<ErrorAnswer> {
    try {
      const res = await fetch('/api/call/session.get', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      const answer = (await res.json()) as Answer<unknown>;
      return !answer.ok && answer.error.code.startsWith('HOST_') ? answer.error : UNREACHABLE;
    } catch {
      return UNREACHABLE;
    }
  }

  function receive(text: string) {
    const message = JSON.parse(text) as Partial<Reply> & { id?: number; event?: string; payload?: unknown };
    if (message.event) {
      listeners.get(message.event)?.forEach((l) => l(message.payload));
      return;
    }
    const settle = message.id === undefined ? undefined : pending.get(message.id);
    if (!settle || !message.answer) return;
    pending.delete(message.id!);
    settle({ answer: message.answer, ms: message.ms });
  }

  return {
    async call(name, input) {
      const start = performance.now();
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch {
        return { ok: false, error: await whyRefused() };
      }
      if (ws.readyState !== WebSocket.OPEN) return { ok: false, error: UNREACHABLE }; // closed meanwhile
      const id = nextId++;
      const message = JSON.stringify({ id, call: name, input: input ?? {} });
      if (message.length > MAX_MESSAGE_BYTES / 3 && new Blob([message]).size > MAX_MESSAGE_BYTES) return { ok: false, error: TOO_LARGE };
      const reply = new Promise<Reply>((resolve) => pending.set(id, resolve));
      ws.send(message);
      const { answer, ms } = await reply;
      measure(name, start, ms);
      return answer;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      void connect().catch(() => {});
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

const bridge: SportelloBridge = window.sportello ?? socketBridge();

/** Calls a procedure; resolves with its output or throws ApiError. */
export async function call<N extends ProcedureName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const answer = await bridge.call(name, input);
  if (!answer.ok) throw new ApiError(answer.error);
  return answer.data as OutputOf<N>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge.on(event, listener as (p: unknown) => void);
}
