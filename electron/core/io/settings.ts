/**
 * The Comune's IO services, set by the responsabile: each service has its API key (the
 * `Ocp-Apim-Subscription-Key` IO gave it) and says which messages it sends (CIE appointments,
 * pagoPA notices). Kept in the encrypted settings store; a key is never shown back in full, never
 * logged, never put in an audit entry; every change is audited (which fields, never the values).
 */
import { appendAudit } from '../audit/log';
import { ValidationError } from '../errors';
import { getSetting, setSetting } from '../settings/settings';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';

/** What a service sends: 'cie' = appointment messages, 'pagopa' = notices with their payment data. */
export type IoTopic = 'cie' | 'pagopa';

export interface IoService {
  id: string;
  /** The service's name as registered on IO («Servizi demografici — Carta d'identità»). */
  name: string;
  apiKey: string;
  topics: IoTopic[];
}

export interface IoSettings {
  /** IO's API host, the parent of its basePath /api/v1 (the production one when absent). */
  endpoint: string;
  services: IoService[];
}

/** What the Settings screen shows: the key only by its last four characters. */
export interface IoServiceView {
  id: string;
  name: string;
  keyHint: string;
  topics: IoTopic[];
}

export const IO_PRODUCTION_ENDPOINT = 'https://api.io.pagopa.it';
const KEY = 'io';

export function getIoSettings(db: Db): IoSettings | undefined {
  const s = getSetting<IoSettings>(db, KEY);
  return s && s.services.length > 0 ? s : undefined;
}

/** The service that sends a topic's messages, or undefined: then nothing is queued for IO. */
export function serviceFor(db: Db, topic: IoTopic): IoService | undefined {
  return getIoSettings(db)?.services.find((s) => s.topics.includes(topic));
}

export function serviceById(db: Db, id: string): IoService | undefined {
  return getIoSettings(db)?.services.find((s) => s.id === id);
}

const hint = (key: string) => `••••${key.slice(-4)}`;

export function ioSettingsView(db: Db): { endpoint: string; services: IoServiceView[] } {
  const s = getSetting<IoSettings>(db, KEY);
  return {
    endpoint: s?.endpoint ?? IO_PRODUCTION_ENDPOINT,
    services: (s?.services ?? []).map((v) => ({ id: v.id, name: v.name, keyHint: hint(v.apiKey), topics: v.topics })),
  };
}

export interface IoServiceInput {
  /** Absent for a new service. */
  id?: string;
  name: string;
  /** Empty or absent when editing: the key stays as it was. */
  apiKey?: string | null;
  topics: IoTopic[];
}

function requireName(v: unknown): string {
  const name = typeof v === 'string' ? v.trim() : '';
  if (name.length < 3 || name.length > 100)
    throw new ValidationError('IO_SERVICE_NAME', 'Indicare il nome del servizio come registrato su IO (da 3 a 100 caratteri).', 'name');
  return name;
}

function requireKey(v: unknown): string {
  const key = typeof v === 'string' ? v.trim() : '';
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(key))
    throw new ValidationError(
      'IO_SERVICE_KEY',
      'Chiave del servizio non valida: copiarla per intero dal portale IO (da 16 a 128 caratteri, senza spazi).',
      'apiKey',
    );
  return key;
}

function requireEndpoint(v: unknown): string {
  // The address is IO's host: the client adds /api/v1 itself, so a pasted base path is dropped.
  const s =
    typeof v === 'string'
      ? v
          .trim()
          .replace(/\/+$/, '')
          .replace(/\/api\/v1$/i, '')
      : '';
  try {
    const u = new URL(s);
    if (u.protocol === 'https:' || u.protocol === 'http:') return s;
  } catch {
    // falls through to the message
  }
  throw new ValidationError(
    'IO_ENDPOINT',
    'Indirizzo di IO non valido: scriverlo per intero, per esempio https://api.io.pagopa.it',
    'endpoint',
  );
}

/** Adds or changes one service; a topic moves to this service from any other (one service per topic). */
export function saveIoService(db: Db, actor: Actor, input: IoServiceInput, newId: () => string): IoServiceView {
  const name = requireName(input.name);
  const topics = [...new Set(input.topics ?? [])].filter((t): t is IoTopic => t === 'cie' || t === 'pagopa');
  if (topics.length === 0)
    throw new ValidationError(
      'IO_SERVICE_TOPICS',
      'Scegliere quali messaggi invia questo servizio: appuntamenti CIE, avvisi pagoPA o entrambi.',
      'topics',
    );
  return withTx(db, (tx) => {
    const s = getSetting<IoSettings>(db, KEY) ?? { endpoint: IO_PRODUCTION_ENDPOINT, services: [] };
    const before = input.id ? s.services.find((x) => x.id === input.id) : undefined;
    if (input.id && !before) throw new ValidationError('IO_SERVICE_UNKNOWN', 'Servizio non trovato: aggiornare la pagina.', 'id');
    const apiKey = input.apiKey?.trim() ? requireKey(input.apiKey) : before ? before.apiKey : requireKey('');
    const next: IoService = { id: before?.id ?? newId(), name, apiKey, topics };
    const services = s.services.filter((x) => x.id !== next.id).map((x) => ({ ...x, topics: x.topics.filter((t) => !topics.includes(t)) }));
    setSetting(db, KEY, { ...s, services: [...services, next] });
    const fields = before
      ? (['name', 'apiKey', 'topics'] as const).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]))
      : ['name', 'apiKey', 'topics'];
    appendAudit(tx, actor, {
      action: 'settings.change',
      entityType: 'settings',
      entityId: 'io',
      detail: { service: next.id, created: !before, fields, topics },
    });
    return { id: next.id, name, keyHint: hint(apiKey), topics };
  });
}

export function removeIoService(db: Db, actor: Actor, id: string): void {
  withTx(db, (tx) => {
    const s = getSetting<IoSettings>(db, KEY);
    if (!s?.services.some((x) => x.id === id))
      throw new ValidationError('IO_SERVICE_UNKNOWN', 'Servizio non trovato: aggiornare la pagina.', 'id');
    setSetting(db, KEY, { ...s, services: s.services.filter((x) => x.id !== id) });
    appendAudit(tx, actor, { action: 'settings.change', entityType: 'settings', entityId: 'io', detail: { service: id, removed: true } });
  });
}

export function saveIoEndpoint(db: Db, actor: Actor, endpoint: string): void {
  const next = requireEndpoint(endpoint);
  withTx(db, (tx) => {
    const s = getSetting<IoSettings>(db, KEY) ?? { endpoint: IO_PRODUCTION_ENDPOINT, services: [] };
    if (s.endpoint === next) return;
    setSetting(db, KEY, { ...s, endpoint: next });
    appendAudit(tx, actor, { action: 'settings.change', entityType: 'settings', entityId: 'io', detail: { fields: ['endpoint'] } });
  });
}
