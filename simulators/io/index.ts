/**
 * The IO app's API for PA services (io-functions-services, Swagger 2.0, basePath /api/v1) as a
 * Comune sees it, mounted under /io so that `<sim>/io/api/v1/…` mirrors `https://api.io.pagopa.it/api/v1/…`:
 * profile look-up (GET /profiles/{fiscal_code}, POST /profiles), message submission (POST /messages,
 * POST /messages/{fiscal_code}) and message status (GET /messages/{fiscal_code}/{id}). One
 * subscription key per IO service (two, primary and secondary); an unknown key gets APIM's 401;
 * each service has its own rate limit window (429 with Retry-After). Requests are validated against
 * IO's OpenAPI (schema.ts) and refused with a ProblemJson 400. IO has no idempotency key: the same
 * message submitted twice is stored twice, and the stats show it (appliedTwice, per content).
 * Test controls under /_sim/io/: services, profiles, messages, rate-limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformSimulator, SimStats } from '../types';
import { DEMO_IO_SERVICES, demoProfile, senderAllowed, type IoProfile, type IoService } from './profiles';
import { loadIoValidator, type IoShape, type IoValidator } from './schema';

export { DEMO_IO_SERVICES, DEMO_ORGANIZATION_FISCAL_CODE, type IoService, type IoProfile } from './profiles';

export type MessageStatus = 'ACCEPTED' | 'PROCESSED' | 'REJECTED';

/** A message as IO keeps it, with what the tests need to judge the client. */
export interface StoredMessage {
  id: string;
  fiscal_code: string;
  sender_service_id: string;
  created_at: string;
  time_to_live: number;
  feature_level_type: string;
  /** The content as IO stores it (payment_data.payee filled in with the service's organization when absent). */
  content: Record<string, unknown>;
  /** REJECTED: the citizen is not on IO or turned the service off (IO accepts the message, then rejects it). */
  rejection: 'recipient-not-on-io' | 'sender-not-allowed' | null;
  /** The request body exactly as it arrived, and the path it came by. */
  request: unknown;
  path: string;
  /** Same fiscal code and content: the key tests count duplicates by. */
  content_key: string;
  /** Stored, and then its answer never reached the client (an injected fault after the store). */
  answer_lost: 'reset' | 'timeout' | 'duplicate' | null;
}

/** Faults the server injected in front of IO, by when they struck (server.ts → faultInjected). */
export interface IoFaultStats {
  /** A message submission stopped before IO stored anything (refused connection, reset before the body, 5xx, 429). */
  beforeStore: Record<string, number>;
  /** A message stored, whose answer was then lost (reset mid-answer, never answered, the first of a duplicated pair). */
  afterStore: Record<string, number>;
  /** A submission whose answer was lost, but that IO refused anyway (invalid, 429, 401): nothing stored. */
  notStored: Record<string, number>;
  /** Profile look-ups, status reads and anything else that is not a submission. */
  otherRequests: Record<string, number>;
}

export interface IoStats extends SimStats {
  validation: IoValidator['source'];
  profileLookups: number;
  messagesStored: number;
  /** Stored then REJECTED (citizen not on IO / service turned off). */
  messagesRejected: number;
  messagesPerFiscalCode: Record<string, number>;
  /** content_key → how many messages with that fiscal code and content are stored. */
  messagesPerContent: Record<string, number>;
  /** Messages stored by the first copy of an injected duplicate: subtract them to judge the client. */
  storedByInjectedDuplicate: number;
  /** Refusals by reason (invalid-payload, unknown-key, profile-not-found, message-not-found, forbidden, …). */
  rejectionsByReason: Record<string, number>;
  /** 429s from IO's own rate limit (injected ones are in `injected`). */
  rateLimited: number;
  faults: IoFaultStats;
}

export interface IoSimulatorOptions {
  services?: IoService[];
  /** Citizens nobody seeded: decided by their codice fiscale ('demo', profiles.ts) or not on IO ('none'). */
  implicitProfiles?: 'demo' | 'none';
  /** Requests per service per window; IO does not publish its figure: 100 per 10 s by default, like GPD. */
  rateLimit?: { calls: number; perMs: number };
  /** The OpenAPI to validate against; null: the built-in schemas. Default ../shared/data/io/io-services-api.yaml. */
  openapiPath?: string | null;
  /** A message stays ACCEPTED this long before it is PROCESSED (or REJECTED); default 0. */
  processingMs?: number;
}

export interface IoSimulator extends PlatformSimulator {
  stats(): IoStats;
  messages(): StoredMessage[];
  validator: IoValidator;
}

const API = '/api/v1';
const SUBMISSION = /^\/api\/v1\/messages(\/[^/]+)?$/;
const AFTER_STORE = new Set(['reset', 'timeout', 'duplicate']);

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly reason: string,
  ) {
    super(detail);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (the ids IO gives its messages): 48 bits of time, 80 random. */
function ulid(now: number): string {
  let time = '';
  for (let i = 0, t = now; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i] % 32];
  return time + rand;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

function emptyStats(validation: IoValidator['source']): IoStats {
  return {
    requests: 0,
    applied: 0,
    repeats: 0,
    rejections: 0,
    appliedTwice: 0,
    validation,
    profileLookups: 0,
    messagesStored: 0,
    messagesRejected: 0,
    messagesPerFiscalCode: {},
    messagesPerContent: {},
    storedByInjectedDuplicate: 0,
    rejectionsByReason: {},
    rateLimited: 0,
    faults: { beforeStore: {}, afterStore: {}, notStored: {}, otherRequests: {} },
  };
}

export function createIoSimulator(opts: IoSimulatorOptions = {}): IoSimulator {
  const validator = loadIoValidator(opts.openapiPath === undefined ? undefined : opts.openapiPath);
  let services = opts.services ?? DEMO_IO_SERVICES;
  const defaultLimit = opts.rateLimit ?? { calls: 100, perMs: 10_000 };
  let implicit = opts.implicitProfiles ?? 'demo';
  let limit = defaultLimit;
  const processingMs = opts.processingMs ?? 0;
  /** Seeded citizens: a profile, or null for "not on IO". */
  let seeded = new Map<string, IoProfile | null>();
  let messages = new Map<string, StoredMessage>();
  let windows = new Map<string, { start: number; count: number }>();
  /** Requests the server injected a fault into that strikes after IO has handled them. */
  let pendingFaults = new WeakMap<IncomingMessage, 'reset' | 'timeout' | 'duplicate'>();
  let stats = emptyStats(validator.source);

  const serviceByKey = (key: string) => services.find((s) => s.keys.includes(key));
  const profileOf = (cf: string): IoProfile | null =>
    seeded.has(cf) ? (seeded.get(cf) ?? null) : implicit === 'demo' ? demoProfile(cf, services) : null;

  function refuse(status: number, title: string, detail: string, reason: string): never {
    throw new Problem(status, title, detail, reason);
  }

  function check(shape: IoShape, value: unknown, title: string): void {
    const errors = validator.validate(shape, value);
    if (errors.length) refuse(400, title, errors.join('\n'), 'invalid-payload');
  }

  function rateLimited(service: IoService): number | null {
    const t = Date.now();
    let w = windows.get(service.id);
    if (!w || t - w.start >= limit.perMs) windows.set(service.id, (w = { start: t, count: 0 }));
    if (w.count >= limit.calls) return Math.max(1, Math.ceil((w.start + limit.perMs - t) / 1000));
    w.count++;
    return null;
  }

  function getProfile(cf: string, service: IoService): unknown {
    stats.profileLookups++;
    const p = profileOf(cf);
    if (!p) refuse(404, 'Profile not found', 'The profile you requested was not found in the system.', 'profile-not-found');
    return { sender_allowed: senderAllowed(p, service.id), preferred_languages: p.preferred_languages };
  }

  function submit(req: IncomingMessage, path: string, pathCf: string | undefined, raw: Buffer, service: IoService) {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      refuse(400, 'Invalid NewMessage', 'The request body is not valid JSON.', 'invalid-payload');
    }
    if (pathCf !== undefined) check('FiscalCodeParam', pathCf, 'Invalid fiscal_code');
    check('NewMessage', body, 'Invalid NewMessage');
    const b = body as Record<string, unknown>;
    const fiscalCode = pathCf ?? (b.fiscal_code as string | undefined);
    if (!fiscalCode) refuse(400, 'Invalid NewMessage', 'value at [root.fiscal_code] is required', 'invalid-payload');
    const content = structuredClone(b.content) as Record<string, unknown>;
    const payment = content.payment_data as Record<string, unknown> | undefined;
    if (payment) {
      // IO stores PaymentDataWithRequiredPayee: an absent payee becomes the sending service's organization.
      payment.payee ??= { fiscal_code: service.organization_fiscal_code };
      payment.invalid_after_due_date ??= false;
    }
    const profile = profileOf(fiscalCode);
    const now = Date.now();
    const contentKey = `${fiscalCode}:${createHash('sha256').update(canonical(content)).digest('hex').slice(0, 16)}`;
    const lost = pendingFaults.get(req) ?? null;
    pendingFaults.delete(req);
    const m: StoredMessage = {
      id: ulid(now),
      fiscal_code: fiscalCode,
      sender_service_id: service.id,
      created_at: new Date(now).toISOString(),
      time_to_live: (b.time_to_live as number | undefined) ?? 3600,
      feature_level_type: (b.feature_level_type as string | undefined) ?? 'STANDARD',
      content,
      rejection: !profile ? 'recipient-not-on-io' : senderAllowed(profile, service.id) ? null : 'sender-not-allowed',
      request: body,
      path,
      content_key: contentKey,
      answer_lost: lost,
    };
    messages.set(m.id, m);
    stats.applied++;
    stats.messagesStored++;
    if (m.rejection) stats.messagesRejected++;
    bump(stats.messagesPerFiscalCode, fiscalCode);
    if (bump(stats.messagesPerContent, contentKey) > 1) stats.appliedTwice++;
    if (lost) bump(stats.faults.afterStore, lost);
    if (lost === 'duplicate') stats.storedByInjectedDuplicate++;
    return m;
  }

  function statusOf(m: StoredMessage): MessageStatus {
    if (Date.now() - Date.parse(m.created_at) < processingMs) return 'ACCEPTED';
    return m.rejection ? 'REJECTED' : 'PROCESSED';
  }

  function getMessage(cf: string, id: string, service: IoService): unknown {
    check('FiscalCodeParam', cf, 'Invalid fiscal_code');
    const m = messages.get(id);
    if (!m || m.fiscal_code !== cf) refuse(404, 'Message not found', `No message found for the provided ID ${id}.`, 'message-not-found');
    if (m.sender_service_id !== service.id)
      refuse(403, 'You are not allowed here', 'The requested message was not sent by the calling service.', 'forbidden');
    const status = statusOf(m);
    return {
      message: {
        id: m.id,
        fiscal_code: m.fiscal_code,
        time_to_live: m.time_to_live,
        created_at: m.created_at,
        content: m.content,
        sender_service_id: m.sender_service_id,
        feature_level_type: m.feature_level_type,
      },
      ...(status === 'PROCESSED' ? { notification: { webhook: 'SENT' } } : {}),
      status,
    };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': status >= 400 && status !== 401 && status !== 429 ? 'application/problem+json' : 'application/json',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  function control(path: string, method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse) {
    const input = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    if (path === '/_sim/services' && method === 'GET') return send(res, 200, { services });
    if (path === '/_sim/services' && method === 'POST') {
      services = input.services as IoService[];
      return send(res, 200, { ok: true });
    }
    if (path === '/_sim/profiles' && method === 'POST') {
      // {profiles: [{fiscal_code, on_io?: false, blocked?: 'all' | [service ids]}], implicit?: 'demo'|'none', replace?: true}
      if (input.replace === true) seeded = new Map();
      if (input.implicit === 'demo' || input.implicit === 'none') implicit = input.implicit;
      for (const p of (input.profiles ?? []) as Record<string, unknown>[]) {
        const cf = String(p.fiscal_code);
        seeded.set(
          cf,
          p.on_io === false
            ? null
            : {
                fiscal_code: cf,
                blocked: p.blocked === 'all' ? 'all' : ((p.blocked as string[] | undefined) ?? []),
                preferred_languages: (p.preferred_languages as string[] | undefined) ?? ['it_IT'],
              },
        );
      }
      return send(res, 200, { ok: true, seeded: seeded.size, implicit });
    }
    const one = /^\/_sim\/profiles\/([A-Z0-9]+)$/.exec(path);
    if (one && method === 'GET') return send(res, 200, { fiscal_code: one[1], profile: profileOf(one[1]) });
    if (path === '/_sim/messages' && method === 'GET') {
      const cf = new URL(req.url ?? '/', 'http://io').searchParams.get('fiscal_code');
      return send(res, 200, { messages: [...messages.values()].filter((m) => !cf || m.fiscal_code === cf) });
    }
    if (path === '/_sim/rate-limit' && method === 'POST') {
      const calls = Number(input.calls);
      const perMs = Number(input.perMs);
      if (!Number.isInteger(calls) || calls < 1 || !Number.isInteger(perMs) || perMs < 1)
        return send(res, 400, { error: 'calls and perMs must be positive integers' });
      limit = { calls, perMs };
      windows = new Map();
      return send(res, 200, { ok: true, rateLimit: limit });
    }
    return send(res, 404, { error: 'unknown IO control endpoint' });
  }

  async function handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (path.startsWith('/_sim/')) return control(path, method, req, body, res);
    stats.requests++;
    const submission = method === 'POST' && SUBMISSION.test(path);
    try {
      const key = req.headers['ocp-apim-subscription-key'];
      const service = typeof key === 'string' ? serviceByKey(key) : undefined;
      if (!service) {
        // Azure APIM answers before IO sees the request.
        stats.rejections++;
        bump(stats.rejectionsByReason, 'unknown-key');
        return send(res, 401, {
          statusCode: 401,
          message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
        });
      }
      const retryAfter = rateLimited(service);
      if (retryAfter !== null) {
        stats.rateLimited++;
        return send(
          res,
          429,
          { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfter} seconds.` },
          { 'Retry-After': String(retryAfter) },
        );
      }
      if (!path.startsWith(`${API}/`)) refuse(404, 'Not Found', 'No such resource.', 'not-found');
      const parts = path
        .slice(API.length + 1)
        .split('/')
        .map(decodeURIComponent);
      if (parts[0] === 'profiles' && method === 'POST' && parts.length === 1) {
        let input: unknown;
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          refuse(400, 'Invalid FiscalCodePayload', 'The request body is not valid JSON.', 'invalid-payload');
        }
        check('FiscalCodePayload', input, 'Invalid FiscalCodePayload');
        return send(res, 200, getProfile((input as { fiscal_code: string }).fiscal_code, service));
      }
      if (parts[0] === 'profiles' && method === 'GET' && parts.length === 2) {
        check('FiscalCodeParam', parts[1], 'Invalid fiscal_code');
        return send(res, 200, getProfile(parts[1], service));
      }
      if (submission) {
        const m = submit(req, path, parts[1], body, service);
        return send(res, 201, { id: m.id }, { Location: `${API}/messages/${m.fiscal_code}/${m.id}` });
      }
      if (parts[0] === 'messages' && method === 'GET' && parts.length === 3) return send(res, 200, getMessage(parts[1], parts[2], service));
      refuse(404, 'Not Found', 'No such resource.', 'not-found');
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      stats.rejections++;
      bump(stats.rejectionsByReason, e.reason);
      return send(res, e.status, { type: 'about:blank', title: e.title, status: e.status, detail: e.detail });
    } finally {
      // A fault meant to strike after the store, on a submission IO refused: nothing was stored.
      const lost = pendingFaults.get(req);
      if (submission && lost) {
        pendingFaults.delete(req);
        bump(stats.faults.notStored, lost);
      }
    }
  }

  /** server.ts tells which fault it injects into a request, before it (maybe) hands it to handle(). */
  function faultInjected(req: IncomingMessage, path: string, fault: string): void {
    if (!(req.method === 'POST' && SUBMISSION.test(path))) return void bump(stats.faults.otherRequests, fault);
    if (AFTER_STORE.has(fault)) pendingFaults.set(req, fault as 'reset' | 'timeout' | 'duplicate');
    else bump(stats.faults.beforeStore, fault); // drop, error (5xx), tooMany (429), outage, a refused credential
  }

  return {
    name: 'io',
    prefix: '/io',
    validator,
    handle,
    faultInjected,
    messages: () => [...messages.values()],
    stats: () => structuredClone(stats),
    reset() {
      seeded = new Map();
      messages = new Map();
      windows = new Map();
      pendingFaults = new WeakMap();
      stats = emptyStats(validator.source);
      implicit = opts.implicitProfiles ?? 'demo';
      limit = defaultLimit;
      services = opts.services ?? DEMO_IO_SERVICES;
    },
  };
}
