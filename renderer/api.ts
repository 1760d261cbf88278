/**
 * The renderer's one way to the back end. In Electron the preload exposes `window.sportello`
 * (IPC); in browser mode calls go over HTTP to the loopback host with the launch token. No screen
 * knows which host it is in.
 */
import type { EventName, EventPayload, InputOf, OutputOf, ProcedureName } from '../electron/contract';
import type { Answer, ErrorAnswer } from '../electron/contracts/define';

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

function httpBridge(): SportelloBridge {
  const token = launchToken();
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let streaming = false;

  async function stream() {
    streaming = true;
    for (;;) {
      try {
        const res = await fetch('/api/events', { method: 'POST', headers });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let idx: number;
          while ((idx = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, idx);
            buf = buf.slice(idx + 2);
            const ev = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (ev && data) listeners.get(ev)?.forEach((l) => l(JSON.parse(data)));
          }
        }
      } catch {
        // The back end restarted or the stream broke: reconnect shortly.
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  return {
    async call(name, input) {
      try {
        const res = await fetch(`/api/call/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
        return (await res.json()) as Answer<unknown>;
      } catch {
        return { ok: false, error: { code: 'HOST_UNREACHABLE', message: 'Sportello non risponde: attendere qualche secondo e riprovare.' } };
      }
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      if (!streaming) void stream();
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

const bridge: SportelloBridge = window.sportello ?? httpBridge();

/** Calls a procedure; resolves with its output or throws ApiError. */
export async function call<N extends ProcedureName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
  const answer = await bridge.call(name, input);
  if (!answer.ok) throw new ApiError(answer.error);
  return answer.data as OutputOf<N>;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge.on(event, listener as (p: unknown) => void);
}
