/**
 * How a counter (or the admin CLI) reaches the hub: a postgresql:// address, parsed here rather
 * than by pg, so nothing in the address can turn certificate checking off. Over the network the
 * connection is always TLS with verify-full semantics: the hub's certificate must chain to the
 * Comune's CA (imported PEM) and name the host in the address. A Unix socket (?host=/path) is
 * local to the hub's machine and needs no TLS.
 */
import pg from 'pg';
import { SportelloError } from '../../core/errors';
import type { HubConnection } from '../../core/settings/hub';
import type { FailureKind } from '../../core/sync/types';
import { tlsRefusal } from '../tls';
import { HUB_REFUSAL_SQLSTATE } from './schema';

const NUMBER_TAKEN_TEXT =
  "Il numero di postazione di questo PC è già registrato sul server del Comune per un'altra postazione: usarlo due volte darebbe numeri di avviso doppi. Se è questo stesso PC che aderisce di nuovo, chiedere al referente informatico un codice per il suo numero (sportello-admin hub code --postazione N). Altrimenti cambiare prima il numero di questo PC in «Postazione» con uno che nessun altro PC usa, oppure aderire accettando un numero nuovo dal 900 in su.";

/** What the clerk reads for each refusal the hub's functions raise (schema.ts). */
export const HUB_REFUSALS: Record<string, string> = {
  HUB_JOIN_CODE_UNKNOWN:
    'Codice di adesione non riconosciuto dal server del Comune: controllarlo, o chiedere al responsabile un codice nuovo (sportello-admin hub code).',
  HUB_JOIN_CODE_USED: 'Questo codice di adesione è già stato usato: chiedere al responsabile un codice nuovo (sportello-admin hub code).',
  HUB_JOIN_CODE_EXPIRED: 'Il codice di adesione è scaduto: chiedere al responsabile un codice nuovo (sportello-admin hub code).',
  HUB_JOIN_CODE_MALFORMED: 'Il codice di adesione non è scritto correttamente: sono 12 caratteri (lettere e cifre).',
  HUB_JOIN_CODE_VALIDITY: 'La validità del codice di adesione va da pochi minuti a 7 giorni.',
  HUB_NUMBERS_EXHAUSTED: 'Il server del Comune ha già assegnato tutti i 999 numeri di postazione: rivolgersi al referente informatico.',
  HUB_WORKSTATION_UNKNOWN: 'Postazione non trovata sul server del Comune: controllare il numero.',
  HUB_NUMBER_TAKEN: NUMBER_TAKEN_TEXT,
};

export interface HubEndpoint {
  url: string;
  /** Override the user and password in the address. */
  user?: string;
  password?: string;
  /** PEM of the Comune's CA; without it, the system's CAs. */
  ca?: string;
  connectTimeoutMs?: number;
}

export function hubClientConfig(e: HubEndpoint): pg.ClientConfig {
  let u: URL;
  try {
    u = new URL(e.url);
  } catch {
    throw new SportelloError('HUB_URL', 'Indirizzo del server del Comune non valido: scriverlo come postgresql://server/database.');
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new SportelloError('HUB_URL', "L'indirizzo del server del Comune deve iniziare con postgresql://");
  }
  const socket = u.searchParams.get('host');
  const host = socket ?? u.hostname.replace(/^\[(.*)\]$/, '$1');
  const local = host.startsWith('/');
  return {
    host,
    port: Number(u.searchParams.get('port') ?? u.port) || 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: e.user ?? (decodeURIComponent(u.username) || undefined),
    password: e.password ?? (decodeURIComponent(u.password) || undefined),
    ssl: local ? false : { rejectUnauthorized: true, ...(e.ca ? { ca: e.ca } : {}) },
    connectionTimeoutMillis: e.connectTimeoutMs ?? 10_000,
    application_name: 'sportello',
  };
}

/** A connected client; the caller ends it. Failures come out as hubError's SportelloErrors. */
export async function connectHub(e: HubEndpoint): Promise<pg.Client> {
  const client = new pg.Client(hubClientConfig(e));
  client.on('error', () => {
    /* a dropped connection surfaces on the next query */
  });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw hubError(err);
  }
  return client;
}

/**
 * How a hub failure is to be handled: the outbox's failure kinds for a retry (credentials,
 * transport, item), or 'refused' — the hub answered no to this operation (one of its rules), which
 * resending will not change.
 */
export type HubFailure = FailureKind | 'refused';

export class HubError extends SportelloError {
  readonly failure: HubFailure;
  constructor(code: string, userMessage: string, failure: HubFailure, details?: Record<string, unknown>, cause?: unknown) {
    super(code, userMessage, details, { cause });
    this.name = 'HubError';
    this.failure = failure;
  }
}

const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT',
  'EPIPE',
]);

/**
 * A refused certificate or login is a credentials problem (resending will not help until someone
 * fixes it); an unreachable or restarting server is the network's (retry); a refusal by the hub's
 * own rules carries its code (the message of a RAISE in schema.ts).
 */
export function hubError(err: unknown): SportelloError {
  if (err instanceof SportelloError) return err;
  const e = err as { code?: string; message?: string };
  const tls = tlsRefusal(err);
  if (tls) {
    return new HubError(
      'HUB_TLS_REFUSED',
      `Il certificato del server del Comune non è riconosciuto da questo PC (${tls.code}). Verificare l'indirizzo e il certificato della CA del Comune nelle Impostazioni: le operazioni restano in coda.`,
      'credentials',
      { tls: tls.code },
      err,
    );
  }
  if (/server does not support SSL|no encryption/i.test(e.message ?? '')) {
    return new HubError(
      'HUB_TLS_REQUIRED',
      'Il server del Comune non accetta una connessione cifrata (TLS) da questo PC: il referente informatico deve attivare TLS e la riga hostssl in pg_hba.conf.',
      'credentials',
      {},
      err,
    );
  }
  if (e.code === '28P01' || e.code === '28000') {
    return new HubError(
      'HUB_LOGIN_REFUSED',
      'Il server del Comune ha rifiutato le credenziali di questa postazione. Chiedere al responsabile di verificarla: le operazioni restano in coda.',
      'credentials',
      { sqlstate: e.code },
      err,
    );
  }
  if (e.code === '40001' || e.code === '40P01' || e.code === '55P03') {
    return new HubError(
      'HUB_BUSY',
      'Il server del Comune era occupato con le operazioni di altre postazioni: si riprova da soli tra poco.',
      'item',
      { sqlstate: e.code },
      err,
    );
  }
  if (
    (e.code && TRANSPORT_CODES.has(e.code)) ||
    /^(08|57P|53)/.test(e.code ?? '') ||
    /timeout|terminated|not queryable/i.test(e.message ?? '')
  ) {
    return new HubError(
      'HUB_UNREACHABLE',
      'Il server del Comune non risponde. Si continua a lavorare su questo PC: le operazioni partono da sole quando torna raggiungibile.',
      'transport',
      { code: e.code },
      err,
    );
  }
  if (e.code === HUB_REFUSAL_SQLSTATE && e.message && e.message in HUB_REFUSALS) {
    return new HubError(e.message, HUB_REFUSALS[e.message], 'refused', {}, err);
  }
  return new HubError(
    'HUB_ERROR',
    `Il server del Comune ha risposto con un errore (${e.code ?? 'sconosciuto'}).`,
    'refused',
    { code: e.code },
    err,
  );
}

/** How this counter reaches the hub with what it keeps in its settings (core/settings/hub.ts). */
export function endpointOf(h: HubConnection, connectTimeoutMs?: number): HubEndpoint {
  return { url: h.url, user: h.role, password: h.password, ca: h.ca, connectTimeoutMs };
}
