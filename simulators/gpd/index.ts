/**
 * pagoPA GPD (Gestione Posizioni Debitorie) v1 as Sportello sees it, mounted under /gpd so that
 * `<sim>/gpd/debt-positions-service/v1/…` mirrors `https://api.platform.pagopa.it/gpd/debt-positions-service/v1/…`.
 * Requests are validated against gpd.json's schemas; GPD's status rules and 409s apply (creation is
 * NOT idempotent: a repeat gets 409, as on the real platform); 100 calls per 10 s per subscription
 * key, then 429 with Retry-After. `POST /gpd/_sim/pay/{nav}` plays a citizen paying at a PSP.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformSimulator, SimStats } from '../types';
import { validatePosition } from './validate';

type PositionStatus = 'DRAFT' | 'PUBLISHED' | 'VALID' | 'INVALID' | 'EXPIRED' | 'PARTIALLY_PAID' | 'PAID' | 'REPORTED';

interface Transfer {
  idTransfer: string;
  amount: number;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: unknown;
  organizationFiscalCode?: string;
  companyName?: string;
  transferMetadata?: unknown[];
  status: 'T_UNREPORTED';
}

interface Option {
  nav: string;
  iuv: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  retentionDate?: string;
  fee: number;
  notificationFee: number;
  insertedDate: string;
  lastUpdatedDate: string;
  paymentDate: string | null;
  reportingDate: null;
  paymentMethod: string | null;
  pspCompany: string | null;
  idReceipt: string | null;
  idFlowReporting: null;
  status: 'PO_UNPAID' | 'PO_PAID';
  paymentOptionMetadata: unknown[];
  transfer: Transfer[];
}

interface Position {
  organizationFiscalCode: string;
  /** The request as received, to recognise a byte-for-byte repeat. */
  requestCanonical: string;
  iupd: string;
  type: string;
  fiscalCode: string;
  fullName: string;
  companyName: string;
  officeName?: string;
  switchToExpired: boolean;
  payStandIn: boolean;
  debtor: Record<string, unknown>;
  insertedDate: string;
  publishDate: string | null;
  validityDate: string | null;
  paymentDate: string | null;
  lastUpdatedDate: string;
  status: PositionStatus;
  paymentOption: Option[];
}

export interface GpdSimulatorOptions {
  now?: () => Date;
  /** Subscription keys accepted, each with the CFs it may act for ('*' = any). Default: any key, any CF. */
  keys?: Record<string, string[] | '*'>;
  rateLimit?: { calls: number; perMs: number };
}

export interface CitizenPayment {
  nav: string;
  organizationFiscalCode?: string;
  pspCompany?: string;
  paymentMethod?: string;
}

export type CitizenPaymentResult =
  | { ok: true; receiptId: string; iupd: string; positionStatus: PositionStatus }
  | { ok: false; status: number; title: string; detail: string };

export interface GpdSimulator extends PlatformSimulator {
  /** A citizen pays a notice at a PSP (what POST /_sim/pay/{nav} does). */
  pay(p: CitizenPayment): CitizenPaymentResult;
  position(organizationFiscalCode: string, iupd: string): unknown;
  positionCount(): number;
}

const BASE = '/debt-positions-service/v1';
const IUPD_PATH = /^[\w*\s-]+$/;

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function createGpdSimulator(opts: GpdSimulatorOptions = {}): GpdSimulator {
  const now = opts.now ?? (() => new Date());
  const limit = opts.rateLimit ?? { calls: 100, perMs: 10_000 };
  let keys = opts.keys;
  /** organizationFiscalCode → iupd → position */
  let orgs = new Map<string, Map<string, Position>>();
  let windows = new Map<string, { start: number; count: number }>();
  let appliedCreates = new Map<string, number>();
  let paidOptions = new Set<string>();
  let stats: SimStats = { requests: 0, applied: 0, repeats: 0, rejections: 0, appliedTwice: 0 };

  const positionsOf = (cf: string) => {
    let m = orgs.get(cf);
    if (!m) orgs.set(cf, (m = new Map()));
    return m;
  };

  /** VALID → EXPIRED once every due date has passed, if the position asked for it (GPD batch "Rule 6"). */
  function refresh(p: Position): Position {
    if (p.status === 'VALID' && p.switchToExpired && p.paymentOption.every((o) => o.status === 'PO_UNPAID')) {
      const maxDue = Math.max(...p.paymentOption.map((o) => Date.parse(o.dueDate)));
      if (maxDue < now().getTime()) {
        p.status = 'EXPIRED';
        p.lastUpdatedDate = iso(now());
      }
    }
    return p;
  }

  function view(p: Position): unknown {
    const { requestCanonical: _r, debtor, ...rest } = refresh(p);
    return { ...rest, ...debtor };
  }

  function reject(status: number, title: string, detail: string): never {
    stats.rejections++;
    throw new Problem(status, title, detail);
  }

  function fail(status: number, title: string, detail: string): never {
    throw new Problem(status, title, detail);
  }

  /** GPD's checks beyond the schema (AppError DEBT_POSITION_REQUEST_DATA_ERROR, UNIQUE_VIOLATION). */
  function businessRules(body: Record<string, unknown>, cf: string): void {
    const n = now().getTime();
    const options = (body.paymentOption ?? []) as Record<string, unknown>[];
    if (options.length === 0) fail(400, 'Bad Request', 'paymentOption: at least one payment option is required');
    const validity = body.validityDate ? Date.parse(String(body.validityDate)) : null;
    if (validity !== null && validity <= n) fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'validity date must be in the future');
    const seen = new Set<string>();
    for (const o of options) {
      const due = Date.parse(String(o.dueDate));
      if (due < n) fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', `due date ${o.dueDate} is in the past`);
      if (validity !== null && due < validity) fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'due date before validity date');
      if (o.retentionDate && Date.parse(String(o.retentionDate)) < due)
        fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'retention date before due date');
      const transfers = (o.transfer ?? []) as Record<string, unknown>[];
      if (transfers.length < 1 || transfers.length > 5)
        fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'a payment option needs 1 to 5 transfers');
      const ids = new Set(transfers.map((t) => t.idTransfer));
      if (ids.size !== transfers.length) fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'duplicate idTransfer');
      const sum = transfers.reduce((a, t) => a + Number(t.amount), 0);
      if (sum !== o.amount)
        fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', `option ${o.iuv}: amount ${o.amount} differs from transfers total ${sum}`);
      for (const t of transfers) {
        const hasIban = Boolean(t.iban) || Boolean(t.postalIban);
        if (hasIban === Boolean(t.stamp)) fail(400, 'DEBT_POSITION_REQUEST_DATA_ERROR', 'each transfer needs an iban or a stamp, not both');
      }
      for (const code of [String(o.iuv), String(o.nav ?? `3${o.iuv}`)]) {
        if (seen.has(code)) fail(409, 'DEBT_POSITION_UNIQUE_VIOLATION', `duplicate code ${code} within the position`);
        seen.add(code);
      }
    }
    // IUPD, IUV and NAV are unique for the organization across all its positions.
    const codes = new Set<string>();
    for (const p of positionsOf(cf).values())
      for (const o of p.paymentOption) {
        codes.add(o.iuv);
        codes.add(o.nav);
      }
    if (positionsOf(cf).has(String(body.iupd)) || [...seen].some((c) => codes.has(c))) {
      throw new Problem(
        409,
        'DEBT_POSITION_UNIQUE_VIOLATION',
        `Already exists a debt position for the Organization Fiscal Code ${cf} or one of its payment options is not unique`,
      );
    }
  }

  function create(cf: string, body: unknown, toPublish: boolean): Position {
    const errors = validatePosition(body);
    if (errors.length) reject(400, 'Bad Request', errors.join('; '));
    const b = body as Record<string, unknown>;
    if (!IUPD_PATH.test(String(b.iupd))) reject(400, 'Bad Request', 'iupd must contain only letters, digits, "_" and "-"');
    const existing = positionsOf(cf).get(String(b.iupd));
    try {
      businessRules(b, cf);
    } catch (e) {
      // Same request again (a lost answer, a crash): GPD still answers 409; we count it as a repeat.
      if (e instanceof Problem && e.status === 409 && existing && existing.requestCanonical === canonical(body)) stats.repeats++;
      else stats.rejections++;
      throw e;
    }
    const t = iso(now());
    const validity = b.validityDate ? String(b.validityDate) : null;
    const status: PositionStatus = !toPublish ? 'DRAFT' : validity ? 'PUBLISHED' : 'VALID';
    const debtorKeys = ['streetName', 'civicNumber', 'postalCode', 'city', 'province', 'region', 'country', 'email', 'phone'];
    const p: Position = {
      organizationFiscalCode: cf,
      requestCanonical: canonical(body),
      iupd: String(b.iupd),
      type: String(b.type),
      fiscalCode: String(b.fiscalCode),
      fullName: String(b.fullName),
      companyName: String(b.companyName),
      officeName: b.officeName as string | undefined,
      switchToExpired: Boolean(b.switchToExpired),
      payStandIn: b.payStandIn === undefined ? true : Boolean(b.payStandIn),
      debtor: Object.fromEntries(debtorKeys.filter((k) => b[k] !== undefined).map((k) => [k, b[k]])),
      insertedDate: t,
      publishDate: toPublish ? t : null,
      validityDate: toPublish ? (validity ?? t) : validity,
      paymentDate: null,
      lastUpdatedDate: t,
      status,
      paymentOption: ((b.paymentOption ?? []) as Record<string, unknown>[]).map((o) => ({
        nav: String(o.nav ?? `3${o.iuv}`),
        iuv: String(o.iuv),
        amount: Number(o.amount),
        description: String(o.description),
        isPartialPayment: Boolean(o.isPartialPayment),
        dueDate: String(o.dueDate),
        retentionDate: o.retentionDate as string | undefined,
        fee: 0,
        notificationFee: 0,
        insertedDate: t,
        lastUpdatedDate: t,
        paymentDate: null,
        reportingDate: null,
        paymentMethod: null,
        pspCompany: null,
        idReceipt: null,
        idFlowReporting: null,
        status: 'PO_UNPAID',
        paymentOptionMetadata: (o.paymentOptionMetadata as unknown[]) ?? [],
        transfer: ((o.transfer ?? []) as Record<string, unknown>[]).map(
          (tr) => ({ ...(tr as object), status: 'T_UNREPORTED' }) as Transfer,
        ),
      })),
    };
    positionsOf(cf).set(p.iupd, p);
    const key = `${cf}/${p.iupd}`;
    const n = (appliedCreates.get(key) ?? 0) + 1;
    appliedCreates.set(key, n);
    if (n > 1) stats.appliedTwice++;
    stats.applied++;
    return p;
  }

  function find(cf: string, iupd: string): Position {
    const p = positionsOf(cf).get(iupd);
    if (!p) reject(404, 'DEBT_POSITION_NOT_FOUND', `Not found a debt position for Organization Fiscal Code ${cf} and IUPD ${iupd}`);
    return refresh(p);
  }

  function invalidate(cf: string, iupd: string): Position {
    const p = find(cf, iupd);
    if (p.status !== 'PUBLISHED' && p.status !== 'VALID') {
      reject(409, 'DEBT_POSITION_NOT_INVALIDABLE', `Debt position with IUPD ${iupd} is in status ${p.status} and cannot be invalidated`);
    }
    p.status = 'INVALID';
    p.lastUpdatedDate = iso(now());
    stats.applied++;
    return p;
  }

  function publish(cf: string, iupd: string): Position {
    const p = find(cf, iupd);
    if (p.status !== 'DRAFT') reject(409, 'DEBT_POSITION_NOT_PUBLISHABLE', `Debt position with IUPD ${iupd} is in status ${p.status}`);
    const t = iso(now());
    p.publishDate = t;
    if (!p.validityDate) p.validityDate = t;
    p.status = Date.parse(p.validityDate) > now().getTime() ? 'PUBLISHED' : 'VALID';
    p.lastUpdatedDate = t;
    stats.applied++;
    return p;
  }

  function remove(cf: string, iupd: string): void {
    const p = find(cf, iupd);
    if (p.status === 'PARTIALLY_PAID' || p.status === 'PAID' || p.status === 'REPORTED') {
      reject(409, 'DEBT_POSITION_PAYMENT_FOUND', `Debt position with IUPD ${iupd} has payments`);
    }
    positionsOf(cf).delete(iupd);
    stats.applied++;
  }

  function list(cf: string, q: URLSearchParams): unknown {
    const lim = Number(q.get('limit') ?? 10);
    const page = Number(q.get('page') ?? 0);
    if (!Number.isInteger(lim) || lim < 1 || lim > 50 || !Number.isInteger(page) || page < 0)
      reject(400, 'Bad Request', 'limit must be 1..50, page ≥ 0');
    const status = q.get('status');
    const from = q.get('payment_date_from');
    const to = q.get('payment_date_to');
    let all = [...positionsOf(cf).values()].map(refresh);
    if (status) all = all.filter((p) => p.status === status);
    if (from) all = all.filter((p) => p.paymentDate !== null && p.paymentDate.slice(0, 10) >= from);
    if (to) all = all.filter((p) => p.paymentDate !== null && p.paymentDate.slice(0, 10) <= to);
    const slice = all.slice(page * lim, page * lim + lim);
    return {
      payment_position_list: slice.map(view),
      page_info: { page, limit: lim, items_found: slice.length, total_pages: Math.max(1, Math.ceil(all.length / lim)) },
    };
  }

  function pay(input: CitizenPayment): CitizenPaymentResult {
    for (const [cf, positions] of orgs) {
      if (input.organizationFiscalCode && input.organizationFiscalCode !== cf) continue;
      for (const p of positions.values()) {
        const o = p.paymentOption.find((x) => x.nav === input.nav);
        if (!o) continue;
        refresh(p);
        if (o.status === 'PO_PAID')
          return { ok: false, status: 409, title: 'PAYMENT_OPTION_ALREADY_PAID', detail: `notice ${o.nav} already paid` };
        if (p.status !== 'VALID' && p.status !== 'PARTIALLY_PAID') {
          return { ok: false, status: 422, title: 'PAYMENT_OPTION_NOT_PAYABLE', detail: `position is ${p.status}` };
        }
        if (!o.isPartialPayment && p.paymentOption.some((x) => x.isPartialPayment && x.status === 'PO_PAID')) {
          return { ok: false, status: 422, title: 'PAYMENT_OPTION_NOT_PAYABLE', detail: 'an instalment is already paid' };
        }
        if (o.isPartialPayment && p.paymentOption.some((x) => !x.isPartialPayment && x.status === 'PO_PAID')) {
          return { ok: false, status: 422, title: 'PAYMENT_OPTION_NOT_PAYABLE', detail: 'the whole amount is already paid' };
        }
        const t = iso(now());
        const receiptId = randomUUID().replace(/-/g, '');
        Object.assign(o, {
          status: 'PO_PAID',
          paymentDate: t,
          idReceipt: receiptId,
          pspCompany: input.pspCompany ?? 'PSP Simulato',
          paymentMethod: input.paymentMethod ?? 'CP',
          lastUpdatedDate: t,
        });
        const key = `${cf}/${o.nav}`;
        if (paidOptions.has(key)) stats.appliedTwice++;
        paidOptions.add(key);
        const partials = p.paymentOption.filter((x) => x.isPartialPayment);
        const fully = !o.isPartialPayment || partials.every((x) => x.status === 'PO_PAID');
        p.status = fully ? 'PAID' : 'PARTIALLY_PAID';
        if (fully) p.paymentDate = t;
        p.lastUpdatedDate = t;
        stats.applied++;
        return { ok: true, receiptId, iupd: p.iupd, positionStatus: p.status };
      }
    }
    return { ok: false, status: 404, title: 'PAYMENT_OPTION_NOT_FOUND', detail: `no notice ${input.nav}` };
  }

  /** Fixed window per subscription key, like APIM's rate-limit-by-key. */
  function rateLimited(key: string): number | null {
    const t = Date.now();
    let w = windows.get(key);
    if (!w || t - w.start >= limit.perMs) windows.set(key, (w = { start: t, count: 0 }));
    if (w.count >= limit.calls) return Math.max(1, Math.ceil((w.start + limit.perMs - t) / 1000));
    w.count++;
    return null;
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
    res.end(text);
  }

  function problem(res: ServerResponse, e: Problem): void {
    send(res, e.status, { title: e.title, status: e.status, detail: e.detail });
  }

  async function handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse): Promise<void> {
    // `path` has the mount prefix removed but no query string: the query comes from the request itself.
    const url = new URL(path, 'http://gpd');
    url.search = new URL(req.url ?? '/', 'http://gpd').search;
    const method = req.method ?? 'GET';

    if (url.pathname === '/_sim/keys' && method === 'POST') {
      // The subscription keys APIM accepts from now on, each with the CFs it may act for ('*' = any).
      keys = JSON.parse(body.toString('utf8')).keys as Record<string, string[] | '*'>;
      return send(res, 200, { ok: true });
    }
    const payMatch = /^\/_sim\/pay\/(\d{18})$/.exec(url.pathname);
    if (payMatch && method === 'POST') {
      const extra = body.length ? (JSON.parse(body.toString('utf8')) as Partial<CitizenPayment>) : {};
      const r = pay({ ...extra, nav: payMatch[1] });
      return r.ok ? send(res, 200, r) : send(res, r.status, { title: r.title, status: r.status, detail: r.detail });
    }

    if (!url.pathname.startsWith(`${BASE}/organizations/`))
      return send(res, 404, { title: 'Not Found', status: 404, detail: 'no such resource' });
    const key = req.headers['ocp-apim-subscription-key'];
    if (typeof key !== 'string' || !key || (keys && !(key in keys))) {
      return send(res, 401, { statusCode: 401, message: 'Access denied due to missing or invalid subscription key.' });
    }
    const retryAfter = rateLimited(key);
    if (retryAfter !== null) {
      res.setHeader('Retry-After', String(retryAfter));
      return send(res, 429, { statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfter} seconds.` });
    }
    stats.requests++;

    const parts = url.pathname.slice(`${BASE}/organizations/`.length).split('/').map(decodeURIComponent);
    const [cf, collection, iupd, action] = parts;
    const allowed = keys?.[key];
    if (allowed && allowed !== '*' && !allowed.includes(cf)) {
      return send(res, 403, { statusCode: 403, message: 'You are not allowed to access this resource.' });
    }
    try {
      if (collection !== 'debtpositions' || parts.length > 4) throw new Problem(404, 'Not Found', 'no such resource');
      if (iupd === undefined) {
        if (method === 'POST') {
          let parsed: unknown;
          try {
            parsed = JSON.parse(body.toString('utf8'));
          } catch {
            reject(400, 'Bad Request', 'body is not JSON');
          }
          const p = create(cf, parsed, url.searchParams.get('toPublish') === 'true');
          return send(res, 201, view(p));
        }
        if (method === 'GET') return send(res, 200, list(cf, url.searchParams));
      } else if (action === undefined) {
        if (method === 'GET') return send(res, 200, view(find(cf, iupd)));
        if (method === 'DELETE') {
          remove(cf, iupd);
          return send(res, 200, 'OK');
        }
      } else if (method === 'POST' && action === 'invalidate') {
        return send(res, 200, view(invalidate(cf, iupd)));
      } else if (method === 'POST' && action === 'publish') {
        return send(res, 200, view(publish(cf, iupd)));
      }
      throw new Problem(405, 'Method Not Allowed', `${method} not supported here`);
    } catch (e) {
      if (e instanceof Problem) return problem(res, e);
      throw e;
    }
  }

  return {
    name: 'gpd',
    prefix: '/gpd',
    handle,
    pay,
    position: (cf, iupd) => {
      const p = orgs.get(cf)?.get(iupd);
      return p ? view(p) : undefined;
    },
    positionCount: () => [...orgs.values()].reduce((a, m) => a + m.size, 0),
    stats: () => ({ ...stats }),
    reset() {
      orgs = new Map();
      windows = new Map();
      appliedCreates = new Map();
      paidOptions = new Set();
      stats = { requests: 0, applied: 0, repeats: 0, rejections: 0, appliedTwice: 0 };
    },
  };
}
