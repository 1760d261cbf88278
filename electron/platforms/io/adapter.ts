/**
 * The IO Adapter for the sync engine. For each message: the citizen's profile for the sending
 * service first (getProfile: IO's own 404 ProblemJson or `sender_allowed: false` → the item ends
 * as "not on IO", the clerk gives the paper; any other 404 is a wrong address, for the clerk), then submitMessageforUser (POST /messages, fiscal_code in the body).
 * IO has no idempotency key and no look-up by a reference of ours, so a message is never resent
 * once it may have reached IO: see README.md for which failures are retried and which are held
 * as "esito incerto" for the clerk.
 */
import { IO_KIND_MESSAGE, IO_OUTCOME_UNCERTAIN, IO_REJECTED, type IoMessagePayload, type IoResult } from '../../core/io/model';
import type { Adapter, OutboxItem, ProbeResult, SendContext, SendOutcome } from '../../core/sync/types';
import { tlsRefusalText } from '../tls';
import { callIo, type IoAnswer, IoTransportError } from './client';

export interface IoAdapterConfig {
  /** IO's API host, the parent of /api/v1 (demo: the simulator's /io), read at each send. */
  endpoint(): string;
  /** The API key of one of the Comune's services, read at each send; undefined when the service is gone. */
  apiKey(serviceId: string): string | undefined;
  /**
   * The "leaving now" note (core/io/submissions.ts), committed before each POST: found again on a
   * later attempt, it means Sportello stopped while the message was on its way.
   */
  journal?: {
    wasSubmitting(outboxId: string): boolean;
    markSubmitting(outboxId: string): boolean;
    clearSubmitting(outboxId: string): void;
  };
  /** False while the Comune has no IO service: nothing is queued, so nothing is watched (no call to IO). */
  configured(): boolean;
  timeoutMs?: number;
  concurrency?: number;
  rateLimit?: { calls: number; perMs: number };
}

/** IO's basePath. */
const API = '/api/v1';

const RETRY_LATER = 'Sportello riproverà da solo.';

function rateLimited(retryAfterMs: number): SendOutcome {
  return {
    kind: 'retry',
    failure: 'item',
    code: 'IO_RATE_LIMITED',
    text: `IO chiede di rallentare gli invii: ${RETRY_LATER}`,
    retryAfterMs,
  };
}

/**
 * IO's rate limit is per service: after a 429 the service stays quiet until Retry-After has passed,
 * for every message it sends (not only the one that got the 429), so the engine waits, not IO.
 */
class QuietServices {
  private readonly until = new Map<string, number>();
  remainingMs(serviceId: string): number {
    return Math.max(0, (this.until.get(serviceId) ?? 0) - Date.now());
  }
  limited(serviceId: string, ans: IoAnswer): SendOutcome {
    const wait = ans.retryAfterMs ?? 10_000;
    this.until.set(serviceId, Math.max(this.until.get(serviceId) ?? 0, Date.now() + wait));
    return rateLimited(wait);
  }
}

function refusedKey(ans: IoAnswer): SendOutcome {
  return {
    kind: 'retry',
    failure: 'credentials',
    code: `IO_AUTH_${ans.status}`,
    text: 'IO non accetta la chiave del servizio di questo Comune: il responsabile la verifichi in Impostazioni › App IO. I messaggi restano in coda e partono da soli appena la chiave è accettata.',
  };
}

/** A failure before the request could reach IO: safe to retry as it is. */
function notReached(e: IoTransportError): SendOutcome {
  if (e.tls) return { kind: 'retry', failure: 'credentials', code: 'IO_TLS_REFUSED', text: tlsRefusalText('IO', e.tls) };
  return { kind: 'retry', failure: 'transport', code: 'IO_UNREACHABLE', text: `IO non è raggiungibile: ${RETRY_LATER}` };
}

const uncertain = (why: string): SendOutcome => ({
  kind: 'attention',
  code: IO_OUTCOME_UNCERTAIN,
  text: `Esito incerto: ${why}. IO potrebbe aver ricevuto il messaggio; Sportello non lo invia di nuovo da solo.`,
});

/**
 * IO's ProblemJson for a 404 (status 404 and a title or detail): the only 404 that means what IO
 * says it means. A wrong address (a web server, a proxy, a path with /api/v1 twice) answers 404 to
 * everything, and that must not read as "the citizen is not on IO".
 */
function isIoProblem404(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const b = body as { status?: unknown; title?: unknown; detail?: unknown };
  return b.status === 404 && (typeof b.title === 'string' || typeof b.detail === 'string');
}

/** A 404 that is not IO's: the configured address does not answer like IO. Nothing was stored. */
const notIo = (status: number): SendOutcome => ({
  kind: 'attention',
  code: `IO_HTTP_${status}`,
  text: 'L’indirizzo di IO configurato non risponde come IO: verificare Impostazioni › App IO, poi riprovare l’invio.',
});

function done(result: IoResult): SendOutcome {
  return { kind: 'done', result };
}

/** The message as IO's NewMessage (io-services-api.yaml), fiscal code in the body. */
export function newMessage(p: IoMessagePayload) {
  return {
    fiscal_code: p.fiscalCode,
    content: {
      subject: p.subject,
      markdown: p.markdown,
      ...(p.dueDate ? { due_date: p.dueDate } : {}),
      ...(p.paymentData
        ? {
            payment_data: {
              amount: p.paymentData.amount,
              notice_number: p.paymentData.noticeNumber,
              invalid_after_due_date: false,
              payee: { fiscal_code: p.paymentData.payeeFiscalCode },
            },
          }
        : {}),
    },
  };
}

async function sendMessage(cfg: IoAdapterConfig, quiet: QuietServices, item: OutboxItem, signal: AbortSignal): Promise<SendOutcome> {
  const p = item.payload as IoMessagePayload;
  if (p.sendAfter && Date.parse(p.sendAfter) > Date.now()) {
    // The engine releases waiting items when a platform comes back: a reminder still waits for its day.
    return {
      kind: 'retry',
      failure: 'item',
      code: 'IO_NOT_YET',
      text: 'Promemoria programmato per il giorno prima dell’appuntamento.',
      retryAfterMs: Date.parse(p.sendAfter) - Date.now(),
      local: true,
    };
  }
  // Outcomes concluded here, without IO, are `local`: the engine does not count them as a contact.
  if (cfg.journal?.wasSubmitting(item.id)) return { ...uncertain('Sportello si è chiuso mentre il messaggio partiva'), local: true };
  const wait = quiet.remainingMs(p.serviceId);
  if (wait > 0) return { ...rateLimited(wait), local: true };
  const apiKey = cfg.apiKey(p.serviceId);
  if (!apiKey) {
    return {
      kind: 'attention',
      code: 'IO_SERVICE_GONE',
      text: 'Il servizio IO che doveva inviare questo messaggio non è più nelle Impostazioni: annullare indicando il motivo e consegnare la ricevuta o l’avviso stampato.',
      local: true,
    };
  }
  const base = { endpoint: cfg.endpoint(), apiKey, timeoutMs: cfg.timeoutMs ?? 15_000, signal };
  const at = () => new Date().toISOString();

  // 1. The profile: a read, safe to repeat whatever happens.
  let profile: IoAnswer;
  try {
    profile = await callIo({ ...base, method: 'GET', path: `${API}/profiles/${encodeURIComponent(p.fiscalCode)}` });
  } catch (e) {
    if (e instanceof IoTransportError) {
      if (!e.reached) return notReached(e);
      return { kind: 'retry', failure: 'transport', code: 'IO_INTERRUPTED', text: `La risposta di IO si è interrotta: ${RETRY_LATER}` };
    }
    throw e;
  }
  if (profile.status === 404) return isIoProblem404(profile.body) ? done({ outcome: 'not_on_io', at: at() }) : notIo(404);
  if (profile.status === 429) return quiet.limited(p.serviceId, profile);
  if (profile.status === 401 || profile.status === 403) return refusedKey(profile);
  if (profile.status >= 500 || profile.status === 0)
    return {
      kind: 'retry',
      failure: 'transport',
      code: `IO_HTTP_${profile.status}`,
      text: `IO ha un problema temporaneo: ${RETRY_LATER}`,
      retryAfterMs: profile.retryAfterMs ?? undefined,
    };
  if (profile.status !== 200)
    return {
      kind: 'attention',
      code: `IO_HTTP_${profile.status}`,
      text: `IO ha risposto in modo inatteso (${profile.status}) alla verifica del cittadino: avvisare il referente informatico.`,
    };
  const allowed =
    profile.body && typeof profile.body === 'object' ? (profile.body as { sender_allowed?: unknown }).sender_allowed : undefined;
  if (allowed === false) return done({ outcome: 'not_allowed', at: at() });
  // A 200 whose body was cut, slow or not IO's JSON tells nothing: the profile is read again later.
  if (allowed !== true)
    return { kind: 'retry', failure: 'transport', code: 'IO_INTERRUPTED', text: `La risposta di IO si è interrotta: ${RETRY_LATER}` };

  // 2. The message: from here on, a request that may have reached IO is never sent again by itself.
  let sent: IoAnswer;
  // The note is refused when the item was withdrawn meanwhile (appointment moved, notice cancelled):
  // then nothing leaves, and the engine leaves the withdrawn item as it is.
  if (cfg.journal && !cfg.journal.markSubmitting(item.id))
    return { kind: 'attention', code: 'IO_WITHDRAWN', text: 'Messaggio ritirato prima dell’invio: non è partito.', local: true };
  /** The request provably did not create a message: the note goes, the engine may retry. */
  const safe = (o: SendOutcome): SendOutcome => {
    cfg.journal?.clearSubmitting(item.id);
    return o;
  };
  try {
    sent = await callIo({ ...base, method: 'POST', path: `${API}/messages`, body: newMessage(p) });
  } catch (e) {
    if (e instanceof IoTransportError)
      return e.reached ? uncertain('il collegamento si è interrotto dopo la partenza del messaggio') : safe(notReached(e));
    throw e;
  }
  if (sent.status === 201) {
    const id = (sent.body as { id?: unknown } | null)?.id;
    return done({ outcome: 'sent', messageId: typeof id === 'string' ? id : null, at: at() });
  }
  // Answers IO documents as not creating the message: safe to retry, or to say no.
  if (sent.status === 429) return safe(quiet.limited(p.serviceId, sent));
  if (sent.status === 401 || sent.status === 403) return safe(refusedKey(sent));
  // IO documents 404 as "no such profile": nothing stored, but the profile was there a moment ago,
  // or the address is not IO's. Either way the clerk decides; the message is not recorded as not on IO.
  if (sent.status === 404) return safe(notIo(404));
  if (sent.status === 400)
    return { kind: 'attention', code: IO_REJECTED, text: `IO ha rifiutato il messaggio (${problemText(sent.body)}).` };
  // A 5xx (or anything else) after the message left: IO may have stored it.
  return uncertain(`IO ha risposto con un errore (${sent.status}) dopo aver ricevuto il messaggio`);
}

/** ProblemJson's title/detail (IO's words, no personal data of ours). */
function problemText(body: unknown): string {
  const b = body as { title?: string; detail?: string } | null;
  return [b?.title, b?.detail].filter(Boolean).join(': ').slice(0, 200) || 'dati non validi';
}

export function createIoAdapter(cfg: IoAdapterConfig): Adapter {
  const quiet = new QuietServices();
  return {
    platform: 'io',
    concurrency: cfg.concurrency ?? 4,
    rateLimit: cfg.rateLimit,
    async send(item: OutboxItem, ctx: SendContext): Promise<SendOutcome> {
      if (item.kind !== IO_KIND_MESSAGE)
        return {
          kind: 'attention',
          code: 'IO_UNKNOWN_KIND',
          text: 'Operazione IO sconosciuta: avvisare il referente informatico.',
          local: true,
        };
      return sendMessage(cfg, quiet, item, ctx.signal);
    },
    async probe(signal: AbortSignal): Promise<ProbeResult> {
      // IO not set up: nothing is asked of IO, and nothing is learnt about it.
      if (!cfg.configured()) return { reachable: true, local: true };
      const t0 = Date.now();
      try {
        // Any HTTP answer means IO is there (no key is presented: the probe sends nothing of ours).
        const ans = await callIo({
          endpoint: cfg.endpoint(),
          apiKey: '',
          method: 'GET',
          path: '/',
          timeoutMs: cfg.timeoutMs ?? 15_000,
          signal,
        });
        return {
          reachable: ans.status > 0 && ans.status < 500,
          serverDate: ans.date ?? undefined,
          latencyMs: Date.now() - t0,
          error: ans.status >= 500 ? `HTTP ${ans.status}` : undefined,
        };
      } catch (e) {
        return { reachable: false, latencyMs: Date.now() - t0, error: e instanceof IoTransportError ? e.code : 'IO_NETWORK' };
      }
    },
  };
}
