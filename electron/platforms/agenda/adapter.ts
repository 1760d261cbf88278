/**
 * The outbox Adapter for the CIE booking system: PUT/POST per item kind with the item's
 * idempotency key, answers classified as done / retry / attention (see README.md).
 */
import { isSportelloError } from '../../core/errors';
import type { AgendaBookPayload, AgendaBookResult, AgendaCancelPayload, AgendaConfirmPayload } from '../../core/cie/types';
import type { Adapter, OutboxItem, ProbeResult, SendContext, SendOutcome } from '../../core/sync/types';
import { callAgenda, type AgendaConfig, type HttpAnswer } from './http';

const TRANSIENT = new Set(['AGENDA_TIMEOUT', 'AGENDA_UNREACHABLE', 'AGENDA_INTERRUPTED']);

const errorOf = (body: unknown): { error?: string; message?: string } =>
  body && typeof body === 'object' ? (body as { error?: string; message?: string }) : {};

/** The booking system's own words next to ours, for the responsabile. */
function authText(a: HttpAnswer): string {
  const err = errorOf(a.body);
  const said = [err.error, err.message].filter(Boolean).join(': ') || `HTTP ${a.status}`;
  return `Il sistema di prenotazione CIE non accetta le credenziali di questo Comune: «${said}». Verificare le credenziali nelle Impostazioni o avvisare il referente informatico. Le prenotazioni restano in coda e partono da sole appena sono accettate.`;
}

export function classify(kind: string, a: HttpAnswer): SendOutcome {
  const err = errorOf(a.body);
  if (a.status >= 200 && a.status < 300) return { kind: 'done', result: a.body };
  if (kind === 'agenda.book' && a.status === 409 && err.error === 'SLOT_TAKEN') {
    const b = a.body as { takenBy?: { bookingId: string; code: string }; times?: string[] };
    const result: AgendaBookResult = { outcome: 'conflict', takenBy: b.takenBy ?? null, times: b.times ?? [] };
    return { kind: 'done', result };
  }
  if (kind === 'agenda.cancel' && a.status === 404) return { kind: 'done', result: { outcome: 'not_found' } };
  if (a.status === 408 || a.status === 425 || a.status === 429 || a.status >= 500) {
    return {
      kind: 'retry',
      // 5xx: the booking system is failing as a whole (circuit breaker); 408/425/429: "not now" for this call.
      failure: a.status >= 500 ? 'transport' : 'item',
      code: `AGENDA_HTTP_${a.status}`,
      text: 'Il sistema di prenotazione CIE è momentaneamente occupato o non disponibile: Sportello riproverà da solo.',
      ...(a.retryAfterMs != null ? { retryAfterMs: a.retryAfterMs } : {}),
    };
  }
  if (a.status === 401 || a.status === 403) {
    return { kind: 'retry', failure: 'credentials', code: `AGENDA_AUTH_${a.status}`, text: authText(a) };
  }
  if (a.status === 409 && err.error === 'STALE_REVISION') {
    return {
      kind: 'attention',
      code: 'AGENDA_STALE',
      text: "La prenotazione è stata modificata nel sistema di prenotazione dopo questa modifica: aggiornare l'agenda e rifare lo spostamento.",
    };
  }
  if (a.status === 409 && err.error === 'BOOKING_CANCELLED') {
    return {
      kind: 'attention',
      code: 'AGENDA_CANCELLED',
      text: 'La prenotazione risulta già annullata nel sistema di prenotazione: verificare con il cittadino e, se serve, prenotare di nuovo.',
    };
  }
  return {
    kind: 'attention',
    code: `AGENDA_REFUSED_${a.status}`,
    text: `Il sistema di prenotazione CIE ha rifiutato l'operazione (${err.error ?? a.status}): controllare i dati della prenotazione e reinviarla, o avvisare l'assistenza.`,
  };
}

export function createAgendaAdapter(cfg: AgendaConfig): Adapter {
  async function send(item: OutboxItem, ctx: SendContext): Promise<SendOutcome> {
    const id = (item.payload as { bookingId?: unknown })?.bookingId;
    if (typeof id !== 'string' || !id) {
      return {
        kind: 'attention',
        code: 'AGENDA_PAYLOAD',
        text: "Dati della prenotazione incompleti: segnalare il problema all'assistenza Sportello.",
      };
    }
    const path = `/v1/bookings/${encodeURIComponent(id)}`;
    try {
      let answer: HttpAnswer;
      switch (item.kind) {
        case 'agenda.book':
          answer = await callAgenda(cfg, 'PUT', path, {
            body: item.payload as AgendaBookPayload,
            idempotencyKey: item.idempotencyKey,
            signal: ctx.signal,
          });
          break;
        case 'agenda.cancel':
          answer = await callAgenda(cfg, 'POST', `${path}/cancel`, {
            body: item.payload as AgendaCancelPayload,
            idempotencyKey: item.idempotencyKey,
            signal: ctx.signal,
          });
          break;
        case 'agenda.confirm':
          answer = await callAgenda(cfg, 'POST', `${path}/confirm`, {
            body: item.payload as AgendaConfirmPayload,
            idempotencyKey: item.idempotencyKey,
            signal: ctx.signal,
          });
          break;
        default:
          return {
            kind: 'attention',
            code: 'AGENDA_UNKNOWN_KIND',
            text: `Operazione "${item.kind}" non prevista per il sistema di prenotazione: segnalare il problema all'assistenza Sportello.`,
          };
      }
      return classify(item.kind, answer);
    } catch (e) {
      if (isSportelloError(e) && TRANSIENT.has(e.code)) return { kind: 'retry', failure: 'transport', code: e.code, text: e.userMessage };
      if (isSportelloError(e) && e.code === 'AGENDA_TLS_REFUSED')
        return { kind: 'retry', failure: 'credentials', code: e.code, text: e.userMessage };
      throw e;
    }
  }

  async function probe(signal: AbortSignal): Promise<ProbeResult> {
    const started = Date.now();
    try {
      const a = await callAgenda({ ...cfg, timeoutMs: Math.min(cfg.timeoutMs ?? 5000, 5000) }, 'GET', '/v1/health', { signal });
      if (a.status === 401 || a.status === 403) {
        return {
          reachable: true,
          credentialsAccepted: false,
          code: `AGENDA_AUTH_${a.status}`,
          serverDate: a.date ?? undefined,
          latencyMs: Date.now() - started,
          error: authText(a),
        };
      }
      return {
        reachable: a.status >= 200 && a.status < 300,
        serverDate: a.date ?? undefined,
        latencyMs: Date.now() - started,
        ...(a.status >= 300 ? { error: `HTTP ${a.status}` } : {}),
      };
    } catch (e) {
      if (isSportelloError(e) && e.code === 'AGENDA_TLS_REFUSED')
        return { reachable: true, credentialsAccepted: false, code: e.code, error: e.userMessage };
      return { reachable: false, error: isSportelloError(e) ? e.code : String(e) };
    }
  }

  return { platform: 'agenda', concurrency: cfg.concurrency ?? 2, send, probe };
}
