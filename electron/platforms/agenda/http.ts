/** A small JSON-over-HTTP call with a timeout, for the booking system. */
import { SportelloError } from '../../core/errors';
import { tlsRefusal, tlsRefusalText } from '../tls';

export interface AgendaConfig {
  baseUrl: string;
  token?: string;
  timeoutMs?: number;
  concurrency?: number;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  date: string | null;
  retryAfterMs: number | null;
}

export async function callAgenda(
  cfg: AgendaConfig,
  method: string,
  path: string,
  opts: { body?: unknown; idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  if (cfg.token) headers.Authorization = `Bearer ${cfg.token}`;
  const timeout = AbortSignal.timeout(cfg.timeoutMs ?? 10_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let res: Response;
  try {
    res = await fetch(cfg.baseUrl.replace(/\/$/, '') + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
  } catch (e) {
    const timedOut = timeout.aborted;
    const tls = timedOut ? null : tlsRefusal(e);
    if (tls) {
      throw new SportelloError(
        'AGENDA_TLS_REFUSED',
        tlsRefusalText('il sistema di prenotazione CIE', tls),
        { method, tls: tls.code },
        { cause: e },
      );
    }
    throw new SportelloError(
      timedOut ? 'AGENDA_TIMEOUT' : 'AGENDA_UNREACHABLE',
      timedOut
        ? 'Il sistema di prenotazione CIE non ha risposto in tempo: Sportello riproverà da solo.'
        : 'Il sistema di prenotazione CIE non è raggiungibile: Sportello riproverà da solo quando torna la rete.',
      { method, path: path.replace(/\/bookings\/[^/]+/, '/bookings/:id') },
      { cause: e },
    );
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new SportelloError(
      'AGENDA_INTERRUPTED',
      'La risposta del sistema di prenotazione si è interrotta: Sportello riproverà da solo.',
      { method },
      { cause: e },
    );
  }
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { error: 'NOT_JSON', message: text.slice(0, 200) };
    }
  }
  const ra = res.headers.get('retry-after');
  return { status: res.status, body, date: res.headers.get('date'), retryAfterMs: ra && /^\d+$/.test(ra) ? Number(ra) * 1000 : null };
}
