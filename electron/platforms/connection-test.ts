/**
 * "Prova collegamento": one harmless, read-only call per platform with the settings the
 * responsabile saved, and its outcome in three kinds: reached and accepted; reached and refused
 * (with the platform's own words); not reached. Nothing is written on the platform.
 *  - ANPR: 3003 ricercaElenchiRichieste over the last hour (a consultation, signed like every call).
 *  - GPD: the first page (one item) of the Comune's debt positions.
 *  - Booking system: the first online change (the pull cursor is not moved).
 */
import { isSportelloError } from '../core/errors';
import { createAnprClient } from './anpr/client';
import type { AnprConfig } from './anpr/config';
import type { AnprRequest } from './anpr/messages/requests';
import { callAgenda } from './agenda/http';
import { callGpd, positionsPath, problemText } from './gpd/client';
import { tlsRefusal } from './tls';

export type ConnectionOutcome =
  | { outcome: 'accepted'; detail: string }
  | { outcome: 'refused'; detail: string; platformWords: string }
  | { outcome: 'unreachable'; detail: string };

const TIMEOUT_MS = 10_000;

/** The network's reason, in Italian, from the code under fetch's "fetch failed". */
const NETWORK_REASON: Record<string, string> = {
  ECONNREFUSED: 'connessione rifiutata',
  ENOTFOUND: 'nome del server sconosciuto',
  EAI_AGAIN: 'nome del server non risolto',
  ETIMEDOUT: 'tempo scaduto',
  ECONNRESET: 'connessione interrotta',
  EHOSTUNREACH: 'server irraggiungibile',
  ENETUNREACH: 'rete irraggiungibile',
};

/** The clients' codes for a TLS certificate refusal (platforms/tls.ts tells whose certificate). */
const TLS_REFUSED = new Set(['ANPR_TLS_REFUSED', 'GPD_TLS_REFUSED', 'AGENDA_TLS_REFUSED']);

function networkCode(e: unknown): string | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_REASON[code]) return code;
    if (c instanceof AggregateError) return c.errors.map(networkCode).find(Boolean);
  }
  return undefined;
}

function unreachable(e: unknown, what: string): ConnectionOutcome {
  const code = networkCode(e);
  const why = code ? ` (${NETWORK_REASON[code]})` : isSportelloError(e) && /TIMEOUT/.test(e.code) ? ' (tempo scaduto)' : '';
  return {
    outcome: 'unreachable',
    detail: `${what} non risponde a questo indirizzo${why}. Controllare l'indirizzo e la rete del Comune (proxy, firewall), poi riprovare.`,
  };
}

/**
 * A call that failed before any answer, as one of the three outcomes (never an exception: the
 * responsabile reads what happened and what to do). `what` starts a sentence.
 */
function failed(e: unknown, what: string): ConnectionOutcome {
  if (!isSportelloError(e)) throw e; // a defect of ours, not an outcome of the platform
  const tls = TLS_REFUSED.has(e.code) ? tlsRefusal(e) : null;
  if (tls?.side === 'ours') {
    return {
      outcome: 'refused',
      platformWords: tls.code,
      detail: `${what} ha rifiutato il collegamento sicuro (HTTPS) di questo PC: chiede un certificato che manca o che non riconosce. Verificare con il referente della piattaforma le abilitazioni del Comune.`,
    };
  }
  if (tls) {
    return {
      outcome: 'unreachable',
      detail: `${what} non è raggiungibile in modo sicuro a questo indirizzo: il certificato HTTPS del server non è riconosciuto da questo PC (${tls.code}). Controllare l'indirizzo; se è giusto, far verificare al tecnico del Comune la rete (un proxy che intercetta HTTPS) e i certificati di questo PC.`,
    };
  }
  // The Comune's own certificate cannot be used (expired, damaged): nothing was sent.
  if (e.code.startsWith('ANPR_CERT_')) return { outcome: 'unreachable', detail: `Sportello non ha chiamato ANPR. ${e.userMessage}` };
  return unreachable(e, what);
}

export async function testAnpr(
  config: AnprConfig,
  q: {
    comune: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
    operatorCodiceFiscale: string;
    idOperazioneComune: string;
    now: Date;
  },
): Promise<ConnectionOutcome> {
  const client = createAnprClient({ ...config, timeoutMs: TIMEOUT_MS }, { now: () => q.now });
  const request: AnprRequest = {
    code: '3003',
    testata: { tipoOperazione: 'C' },
    richiesta: {
      comuneRichiesta: q.comune,
      ricercaElenchiRichieste: {
        statoLavorazione: '7',
        periodoRiferimentoRichieste: {
          dataOraIniziale: new Date(q.now.getTime() - 3600_000).toISOString(),
          dataOraFinale: q.now.toISOString(),
        },
      },
    },
  };
  let res;
  try {
    res = await client.call(request, { idOperazioneComune: q.idOperazioneComune, operatorCodiceFiscale: q.operatorCodiceFiscale });
  } catch (e) {
    return failed(e, 'ANPR');
  }
  const p = res.parsed;
  switch (p.kind) {
    case 'ok':
    case 'multiple':
      return { outcome: 'accepted', detail: 'ANPR ha risposto e ha accettato i certificati del Comune e della postazione.' };
    case 'ko':
      // A refusal of the query itself (e.g. "nessun risultato") still means the credentials passed.
      return {
        outcome: 'accepted',
        detail: `ANPR ha accettato i certificati e ha risposto alla consultazione: ${p.errors.map((m) => `${m.code} ${m.text}`.trim()).join('; ')}`,
      };
    case 'fault':
      return {
        outcome: 'refused',
        platformWords: p.faultstring || p.faultcode,
        detail: /rejected by policy/i.test(p.faultstring)
          ? "ANPR ha rifiutato la richiesta per motivi di sicurezza: il certificato non è riconosciuto, l'indirizzo IP non è abilitato, l'operatore non è profilato o l'orologio del PC non è esatto. Verificare con il referente ANPR."
          : "ANPR ha rifiutato la richiesta. Verificare l'indirizzo e i certificati con il referente ANPR.",
      };
    default:
      return {
        outcome: 'refused',
        platformWords: `HTTP ${res.httpStatus}: ${p.reason}`,
        detail: "A questo indirizzo risponde un servizio che non è ANPR: controllare l'indirizzo.",
      };
  }
}

export async function testGpd(cfg: { endpoint: string; subscriptionKey: string }, cfEnte: string): Promise<ConnectionOutcome> {
  let a;
  try {
    a = await callGpd({ ...cfg, timeoutMs: TIMEOUT_MS }, 'GET', `${positionsPath(cfEnte)}?page=0&limit=1`);
  } catch (e) {
    return failed(e, 'pagoPA');
  }
  if (a.status >= 200 && a.status < 300)
    return {
      outcome: 'accepted',
      detail: "pagoPA ha risposto e ha accettato la chiave di sottoscrizione per il codice fiscale dell'ente.",
    };
  const words = problemText(a.body) || `HTTP ${a.status}`;
  const detail =
    a.status === 401
      ? "pagoPA ha rifiutato la chiave di sottoscrizione: ricopiarla dall'Area Riservata di PagoPA."
      : a.status === 403
        ? "pagoPA ha rifiutato l'accesso: la chiave non è abilitata per il codice fiscale di questo ente."
        : `pagoPA ha risposto con un errore (HTTP ${a.status}): controllare l'indirizzo.`;
  return { outcome: 'refused', platformWords: words, detail };
}

export async function testAgenda(cfg: { baseUrl: string; token?: string }): Promise<ConnectionOutcome> {
  let a;
  try {
    a = await callAgenda({ ...cfg, timeoutMs: TIMEOUT_MS }, 'GET', '/v1/online-changes?limit=1');
  } catch (e) {
    return failed(e, 'Il sistema di prenotazione CIE');
  }
  if (a.status === 200) return { outcome: 'accepted', detail: 'Il sistema di prenotazione CIE ha risposto e ha accettato le credenziali.' };
  const b = a.body as { error?: string; message?: string } | null;
  const words = [b?.error, b?.message].filter(Boolean).join(': ') || `HTTP ${a.status}`;
  return {
    outcome: 'refused',
    platformWords: words,
    detail:
      a.status === 401 || a.status === 403
        ? 'Il sistema di prenotazione CIE ha rifiutato le credenziali: ricopiarle da quanto ricevuto dal Ministero.'
        : `Il sistema di prenotazione CIE ha risposto con un errore (HTTP ${a.status}): controllare l'indirizzo.`,
  };
}
