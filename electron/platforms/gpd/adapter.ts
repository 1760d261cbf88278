/**
 * The GPD Adapter for the sync engine. GPD creation is not idempotent: a resend after a lost
 * answer gets 409, so a 409 becomes a GET by iupd and a comparison with what we sent (same →
 * done, different → a person decides). 429 and 5xx are retried, honouring Retry-After.
 */
import { isSportelloError } from '../../core/errors';
import {
  GPD_KIND_CREATE,
  GPD_KIND_INVALIDATE,
  type GpdCreatePayload,
  type GpdInvalidatePayload,
  type GpdPosition,
  type GpdPositionResponse,
} from '../../core/pagopa/gpd-model';
import { gpdInstant } from '../../core/pagopa/status';
import type { Adapter, OutboxItem, ProbeResult, SendContext, SendOutcome } from '../../core/sync/types';
import { callGpd, positionsPath, problemText, type GpdAnswer, type GpdConfig } from './client';

export interface GpdAdapterConfig extends GpdConfig {
  /** The Comune's CF, used by the probe. */
  cfEnte: string;
  concurrency?: number;
  /** Share of GPD's 100 calls / 10 s per key left to the adapter; the poller uses the rest. */
  rateLimit?: { calls: number; perMs: number };
}

/** What must match for a found position to be the one we sent: codes, amounts, dates, money routing. */
export function samePosition(sent: GpdPosition, found: GpdPositionResponse): boolean {
  if (found.iupd !== sent.iupd) return false;
  const f = found as GpdPositionResponse & { fiscalCode?: string };
  if (f.fiscalCode !== undefined && f.fiscalCode !== sent.fiscalCode) return false;
  const key = (o: {
    iuv: string;
    nav?: string;
    amount: number;
    dueDate?: string;
    transfer?: { idTransfer: string; amount: number; iban?: string; category?: string }[];
  }) =>
    JSON.stringify([
      o.iuv,
      o.nav ?? `3${o.iuv}`,
      o.amount,
      gpdInstant(o.dueDate ?? null),
      (o.transfer ?? []).map((t) => [t.idTransfer, t.amount, t.iban ?? null, t.category ?? null]).sort(),
    ]);
  const a = sent.paymentOption.map(key).sort();
  const b = (found.paymentOption ?? []).map(key).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function transient(ans: GpdAnswer, what: string): SendOutcome | null {
  if (ans.status === 429) {
    return {
      kind: 'retry',
      failure: 'item',
      code: 'GPD_RATE_LIMITED',
      text: 'pagoPA chiede di rallentare: Sportello riproverà tra poco.',
      retryAfterMs: ans.retryAfterMs ?? 10_000,
    };
  }
  if (ans.status >= 500) {
    return {
      kind: 'retry',
      failure: 'transport',
      code: `HTTP_${ans.status}`,
      text: `pagoPA ha un problema temporaneo (${what}): Sportello riproverà da solo.`,
      retryAfterMs: ans.retryAfterMs ?? undefined,
    };
  }
  if (ans.status === 401 || ans.status === 403) {
    return { kind: 'retry', failure: 'credentials', code: `GPD_AUTH_${ans.status}`, text: authText(ans) };
  }
  return null;
}

/** The responsabile reads pagoPA's own words (APIM's message) next to ours. */
function authText(ans: GpdAnswer): string {
  const said = problemText(ans.body) || `HTTP ${ans.status}`;
  return `pagoPA non accetta la chiave di accesso (subscription key) di questo Comune: «${said}». Verificare la chiave nelle Impostazioni pagoPA o avvisare il referente informatico. Gli avvisi restano in coda e partono da soli appena la chiave è accettata.`;
}

function networkOutcome(e: unknown): SendOutcome {
  if (isSportelloError(e) && e.code === 'GPD_TLS_REFUSED')
    return { kind: 'retry', failure: 'credentials', code: e.code, text: e.userMessage };
  const text = isSportelloError(e) ? e.userMessage : 'Collegamento con pagoPA non riuscito: Sportello riproverà da solo.';
  return { kind: 'retry', failure: 'transport', code: isSportelloError(e) ? e.code : 'GPD_UNREACHABLE', text };
}

async function sendCreate(cfg: GpdAdapterConfig, p: GpdCreatePayload, signal: AbortSignal): Promise<SendOutcome> {
  const created = await callGpd(cfg, 'POST', `${positionsPath(p.cfEnte)}?toPublish=true`, { body: p.position, signal });
  if (created.status === 201) return { kind: 'done', result: { status: (created.body as GpdPositionResponse).status } };
  const t = transient(created, 'pubblicazione');
  if (t) return t;
  if (created.status === 409) {
    // Maybe our own earlier attempt got through and its answer was lost: look and compare.
    const found = await callGpd(cfg, 'GET', positionsPath(p.cfEnte, p.position.iupd), { signal });
    if (found.status === 200) {
      const pos = found.body as GpdPositionResponse;
      if (samePosition(p.position, pos)) return { kind: 'done', result: { status: pos.status, recovered: true } };
      return {
        kind: 'attention',
        code: 'GPD_CONFLICT',
        text: "Su pagoPA esiste già una posizione con questo identificativo ma con dati diversi: verificare con la ragioneria prima di ristampare o annullare l'avviso.",
      };
    }
    if (found.status === 404) {
      return {
        kind: 'attention',
        code: 'GPD_CODE_TAKEN',
        text: "Il codice avviso risulta già usato su pagoPA da un'altra posizione: annullare questo avviso ed emetterne uno nuovo, poi avvisare il referente informatico (numerazione delle postazioni).",
      };
    }
    return (
      transient(found, 'verifica') ?? {
        kind: 'retry',
        failure: 'item',
        code: `GPD_HTTP_${found.status}`,
        text: 'Verifica su pagoPA non riuscita: Sportello riproverà da solo.',
      }
    );
  }
  return {
    kind: 'attention',
    code: created.status === 400 ? 'GPD_REJECTED' : `GPD_HTTP_${created.status}`,
    text: `pagoPA ha rifiutato l'avviso (${problemText(created.body) || created.status}). Controllare i dati, annullare l'avviso ed emetterne uno corretto.`,
  };
}

async function sendInvalidate(cfg: GpdAdapterConfig, p: GpdInvalidatePayload, signal: AbortSignal): Promise<SendOutcome> {
  const ans = await callGpd(cfg, 'POST', positionsPath(p.cfEnte, p.iupd, 'invalidate'), { signal });
  if (ans.status === 200) return { kind: 'done', result: { status: 'INVALID' } };
  // Never published (its creation was discarded): nothing to invalidate.
  if (ans.status === 404) return { kind: 'done', result: { status: null, notFound: true } };
  const t = transient(ans, 'annullamento');
  if (t) return t;
  if (ans.status === 409) {
    const found = await callGpd(cfg, 'GET', positionsPath(p.cfEnte, p.iupd), { signal });
    const status = found.status === 200 ? (found.body as GpdPositionResponse).status : null;
    if (status === 'INVALID' || status === 'EXPIRED') return { kind: 'done', result: { status } };
    if (status === 'PAID' || status === 'PARTIALLY_PAID' || status === 'REPORTED') {
      return {
        kind: 'attention',
        code: 'GPD_ALREADY_PAID',
        text: 'Il cittadino ha già pagato questo avviso, quindi non si può annullare su pagoPA: per la restituzione seguire la procedura della ragioneria.',
      };
    }
    if (found.status !== 200)
      return (
        transient(found, 'verifica') ?? {
          kind: 'retry',
          failure: 'item',
          code: `GPD_HTTP_${found.status}`,
          text: 'Verifica su pagoPA non riuscita: Sportello riproverà da solo.',
        }
      );
  }
  return {
    kind: 'attention',
    code: `GPD_HTTP_${ans.status}`,
    text: `pagoPA non ha accettato l'annullamento (${problemText(ans.body) || ans.status}): avvisare il referente informatico.`,
  };
}

export function createGpdAdapter(cfg: GpdAdapterConfig): Adapter {
  return {
    platform: 'gpd',
    concurrency: cfg.concurrency ?? 4,
    rateLimit: cfg.rateLimit ?? { calls: 80, perMs: 10_000 },
    async send(item: OutboxItem, ctx: SendContext): Promise<SendOutcome> {
      try {
        // The engine has parsed the payload with the kind's schema (core/pagopa/gpd-model).
        if (item.kind === GPD_KIND_CREATE) return await sendCreate(cfg, item.payload as GpdCreatePayload, ctx.signal);
        if (item.kind === GPD_KIND_INVALIDATE) return await sendInvalidate(cfg, item.payload as GpdInvalidatePayload, ctx.signal);
        return { kind: 'attention', code: 'GPD_UNKNOWN_KIND', text: 'Operazione pagoPA sconosciuta: avvisare il referente informatico.' };
      } catch (e) {
        return networkOutcome(e);
      }
    },
    async probe(signal: AbortSignal): Promise<ProbeResult> {
      const t0 = Date.now();
      try {
        const ans = await callGpd(cfg, 'GET', `${positionsPath(cfg.cfEnte)}?limit=1&page=0`, { signal });
        const refused = ans.status === 401 || ans.status === 403;
        return {
          reachable: ans.status < 500,
          serverDate: ans.date ?? undefined,
          latencyMs: Date.now() - t0,
          // The probe presents the subscription key: its answer says whether the key is accepted.
          ...(ans.status < 500 ? { credentialsAccepted: !refused } : {}),
          ...(refused ? { code: `GPD_AUTH_${ans.status}` } : {}),
          error: refused ? authText(ans) : ans.status >= 400 ? `HTTP ${ans.status}` : undefined,
        };
      } catch (e) {
        if (isSportelloError(e) && e.code === 'GPD_TLS_REFUSED')
          return { reachable: true, credentialsAccepted: false, code: e.code, error: e.userMessage };
        return { reachable: false, latencyMs: Date.now() - t0, error: isSportelloError(e) ? e.code : 'GPD_NETWORK' };
      }
    },
  };
}
