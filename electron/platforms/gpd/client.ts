/** JSON over HTTPS to GPD v1 with the subscription key, a timeout and Retry-After parsing. */
import { SportelloError } from '../../core/errors';
import { tlsRefusal, tlsRefusalText } from '../tls';

export interface GpdConfig {
  /** GPD root, e.g. https://api.platform.pagopa.it/gpd (in demo mode the simulator's /gpd). */
  endpoint: string;
  subscriptionKey: string;
  timeoutMs?: number;
}

export interface GpdAnswer {
  status: number;
  body: unknown;
  date: string | null;
  retryAfterMs: number | null;
}

const API = '/debt-positions-service/v1';

export function positionsPath(cfEnte: string, iupd?: string, action?: 'invalidate' | 'publish'): string {
  let p = `${API}/organizations/${encodeURIComponent(cfEnte)}/debtpositions`;
  if (iupd) p += `/${encodeURIComponent(iupd)}`;
  if (action) p += `/${action}`;
  return p;
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(v: string | null, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

export async function callGpd(
  cfg: GpdConfig,
  method: string,
  path: string,
  opts: { body?: unknown; signal?: AbortSignal } = {},
): Promise<GpdAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Ocp-Apim-Subscription-Key': cfg.subscriptionKey };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const timeout = AbortSignal.timeout(cfg.timeoutMs ?? 15_000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const safePath = path.replace(/\/debtpositions\/[^/?]+/, '/debtpositions/:iupd');
  let res: Response;
  try {
    res = await fetch(cfg.endpoint.replace(/\/$/, '') + path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal,
    });
  } catch (e) {
    const timedOut = timeout.aborted;
    const tls = timedOut ? null : tlsRefusal(e);
    if (tls)
      throw new SportelloError('GPD_TLS_REFUSED', tlsRefusalText('pagoPA', tls), { method, path: safePath, tls: tls.code }, { cause: e });
    throw new SportelloError(
      timedOut ? 'GPD_TIMEOUT' : 'GPD_UNREACHABLE',
      timedOut
        ? 'pagoPA non ha risposto in tempo: Sportello riproverà da solo.'
        : 'pagoPA non è raggiungibile: Sportello riproverà da solo quando torna la rete.',
      { method, path: safePath },
      { cause: e },
    );
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw new SportelloError(
      'GPD_INTERRUPTED',
      'La risposta di pagoPA si è interrotta: Sportello riproverà da solo.',
      { method, path: safePath },
      { cause: e },
    );
  }
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { title: 'NOT_JSON', detail: text.slice(0, 200) };
    }
  }
  return { status: res.status, body, date: res.headers.get('date'), retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
}

/** The ProblemJson detail (English, from GPD) for an attention text; never contains our personal data. */
export function problemText(body: unknown): string {
  const b = body as { title?: string; detail?: string; message?: string } | null;
  return [b?.title, b?.detail ?? b?.message].filter(Boolean).join(': ').slice(0, 300);
}
