import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGpdSimulator, type GpdSimulator } from '../../../simulators/gpd';
import { GPD_SCHEMAS } from '../../../simulators/gpd/schema';
import { serveSimulator, type SimHttp } from './sim-http';

const GPD_JSON = '/work/shared/data/pagopa/gpd.json';
const CF = '03334231200';
const KEY = 'test-key';

describe.skipIf(!existsSync(GPD_JSON))('GPD simulator schema copy', () => {
  it('equals gpd.json components (descriptions and examples aside)', () => {
    const spec = JSON.parse(readFileSync(GPD_JSON, 'utf8'));
    // drop documentation keys, but not properties that happen to be called "description"
    const strip = (o: unknown, propertyMap = false): unknown =>
      Array.isArray(o)
        ? o.map((x) => strip(x))
        : o && typeof o === 'object'
          ? Object.fromEntries(
              Object.entries(o)
                .filter(([k]) => propertyMap || (k !== 'description' && k !== 'example'))
                .map(([k, v]) => [k, strip(v, !propertyMap && k === 'properties')]),
            )
          : o;
    for (const name of Object.keys(GPD_SCHEMAS)) expect(GPD_SCHEMAS[name], name).toEqual(strip(spec.components.schemas[name]));
    expect(GPD_SCHEMAS.PaymentOptionModel.properties?.description).toEqual({ maxLength: 140, minLength: 0, type: 'string' });
    // every $ref the copy uses is in the copy
    const refs = JSON.stringify(GPD_SCHEMAS).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const r of refs) expect(Object.keys(GPD_SCHEMAS)).toContain(r.split('/').pop());
  });
});

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
let seq = 0;
function position(over: Record<string, unknown> = {}, opt: Record<string, unknown> = {}) {
  const n = ++seq;
  const iuv = `02${String(n).padStart(13, '0')}00`;
  return {
    iupd: `${CF}-test-${n}`,
    type: 'F',
    fiscalCode: 'RSSMRA80A01H501U',
    fullName: 'Mario Rossi',
    switchToExpired: false,
    companyName: 'Comune di Esempio',
    paymentOption: [
      {
        iuv,
        amount: 2221,
        description: 'CIE',
        isPartialPayment: false,
        dueDate: future(30),
        transfer: [
          {
            idTransfer: '1',
            amount: 1679,
            remittanceInformation: 'CIE Stato',
            category: '9/0101108TS/',
            iban: 'IT60X0542811101000000123456',
          },
          {
            idTransfer: '2',
            amount: 542,
            remittanceInformation: 'CIE Comune',
            category: '9/0101108TS/',
            iban: 'IT60X0542811101000000123456',
          },
        ],
        ...opt,
      },
    ],
    ...over,
  };
}

let sim: GpdSimulator;
let http: SimHttp;
const base = () => `${http.url}/gpd/debt-positions-service/v1/organizations/${CF}/debtpositions`;
const call = async (method: string, url: string, body?: unknown, key = KEY) => {
  const r = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, retryAfter: r.headers.get('retry-after') };
};

beforeAll(async () => {
  sim = createGpdSimulator({ rateLimit: { calls: 100, perMs: 10_000 } });
  http = await serveSimulator(sim);
});
afterAll(() => http.close());
beforeEach(() => sim.reset());

describe('GPD simulator over HTTP', () => {
  it('creates VALID with toPublish=true, DRAFT without; GET returns the position', async () => {
    const p = position();
    const r = await call('POST', `${base()}?toPublish=true`, p);
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('VALID');
    expect(r.body.paymentOption[0]).toMatchObject({ nav: `3${p.paymentOption[0].iuv}`, status: 'PO_UNPAID' });
    expect((await call('GET', `${base()}/${p.iupd}`)).body.iupd).toBe(p.iupd);
    expect((await call('POST', base(), position())).body.status).toBe('DRAFT');
    expect(sim.stats()).toMatchObject({ applied: 2, rejections: 0, appliedTwice: 0 });
  });

  it('validates against the schema: required fields, enums, patterns, lengths', async () => {
    const bad = [
      position({ fullName: undefined }),
      position({ type: 'X' }),
      position({}, { description: 'x'.repeat(141) }),
      position({}, { amount: 0 }),
      position(
        {},
        {
          transfer: [
            { idTransfer: '7', amount: 2221, remittanceInformation: 'x', category: '9/0101108TS/', iban: 'IT60X0542811101000000123456' },
          ],
        },
      ),
      position(
        {},
        { transfer: [{ idTransfer: '1', amount: 2221, remittanceInformation: 'x', category: '9/0101108TS/', iban: 'IT60-X054' }] },
      ),
      position({ country: 'italy' }),
    ];
    for (const b of bad) {
      const r = await call('POST', `${base()}?toPublish=true`, b);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body).toMatchObject({ status: 400 });
    }
    expect(sim.positionCount()).toBe(0);
    expect(sim.stats().rejections).toBe(bad.length);
  });

  it('applies GPD business rules: transfers sum, due date not past, iban xor stamp', async () => {
    expect((await call('POST', `${base()}?toPublish=true`, position({}, { amount: 2222 }))).status).toBe(400);
    expect((await call('POST', `${base()}?toPublish=true`, position({}, { dueDate: '2020-01-01T00:00:00Z' }))).status).toBe(400);
    const noIban = position();
    delete (noIban.paymentOption[0].transfer[0] as { iban?: string }).iban;
    expect((await call('POST', `${base()}?toPublish=true`, noIban)).status).toBe(400);
  });

  it('answers 409 to a repeat (counted as repeat) and to a clash on IUV (counted as rejection)', async () => {
    const p = position();
    await call('POST', `${base()}?toPublish=true`, p);
    const again = await call('POST', `${base()}?toPublish=true`, p);
    expect(again.status).toBe(409);
    expect(again.body.title).toBe('DEBT_POSITION_UNIQUE_VIOLATION');
    const clash = position({}, { iuv: p.paymentOption[0].iuv });
    expect((await call('POST', `${base()}?toPublish=true`, clash)).status).toBe(409);
    expect(sim.stats()).toMatchObject({ applied: 1, repeats: 1, rejections: 1, appliedTwice: 0 });
  });

  it('status rules: invalidate VALID → INVALID, not twice; an invalid notice cannot be paid', async () => {
    const p = position();
    await call('POST', `${base()}?toPublish=true`, p);
    expect((await call('POST', `${base()}/${p.iupd}/invalidate`)).body.status).toBe('INVALID');
    const twice = await call('POST', `${base()}/${p.iupd}/invalidate`);
    expect(twice.status).toBe(409);
    expect(twice.body.title).toBe('DEBT_POSITION_NOT_INVALIDABLE');
    const pay = await call('POST', `${http.url}/gpd/_sim/pay/3${p.paymentOption[0].iuv}`, undefined, '');
    expect(pay.status).toBe(422);
    expect((await call('POST', `${base()}/nope/invalidate`)).status).toBe(404);
  });

  it('a citizen pays: PO_PAID with date and receipt, position PAID; paying again is refused', async () => {
    const p = position();
    await call('POST', `${base()}?toPublish=true`, p);
    const nav = `3${p.paymentOption[0].iuv}`;
    const paid = await call('POST', `${http.url}/gpd/_sim/pay/${nav}`, { pspCompany: 'Banca Test' }, '');
    expect(paid.status).toBe(200);
    const got = (await call('GET', `${base()}/${p.iupd}`)).body;
    expect(got.status).toBe('PAID');
    expect(got.paymentDate).toBeTruthy();
    expect(got.paymentOption[0]).toMatchObject({ status: 'PO_PAID', idReceipt: paid.body.receiptId, pspCompany: 'Banca Test' });
    expect((await call('POST', `${http.url}/gpd/_sim/pay/${nav}`, undefined, '')).status).toBe(409);
    expect((await call('POST', `${base()}/${p.iupd}/invalidate`)).status).toBe(409);
    const list = await call('GET', `${base()}?status=PAID&limit=50`);
    expect(list.body.payment_position_list.map((x: { iupd: string }) => x.iupd)).toEqual([p.iupd]);
  });

  it('instalments: PARTIALLY_PAID until all are paid; the rata unica is then not payable', async () => {
    const p = position();
    const t = (amount: number) => [
      { idTransfer: '1', amount, remittanceInformation: 'x', category: '9/0101108TS/', iban: 'IT60X0542811101000000123456' },
    ];
    const o = p.paymentOption[0];
    const inst = [1, 2].map((k) => ({
      ...o,
      iuv: o.iuv.slice(0, 15) + String(10 + k),
      amount: k === 1 ? 1111 : 1110,
      isPartialPayment: true,
      transfer: t(k === 1 ? 1111 : 1110),
    }));
    p.paymentOption.push(...inst);
    expect((await call('POST', `${base()}?toPublish=true`, p)).status).toBe(201);
    expect((await call('POST', `${http.url}/gpd/_sim/pay/3${inst[0].iuv}`, undefined, '')).body.positionStatus).toBe('PARTIALLY_PAID');
    expect((await call('POST', `${http.url}/gpd/_sim/pay/3${o.iuv}`, undefined, '')).status).toBe(422);
    expect((await call('POST', `${http.url}/gpd/_sim/pay/3${inst[1].iuv}`, undefined, '')).body.positionStatus).toBe('PAID');
  });

  it('needs a subscription key, and rate-limits 100 calls per 10 s per key with Retry-After', async () => {
    expect((await call('GET', `${base()}?limit=1`, undefined, '')).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await call('GET', `${base()}?limit=1`, undefined, 'burst-key')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    const last = await call('GET', `${base()}?limit=1`, undefined, 'burst-key');
    expect(last.status).toBe(429);
    expect(Number(last.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(last.retryAfter)).toBeLessThanOrEqual(10);
    expect((await call('GET', `${base()}?limit=1`, undefined, 'other-key')).status).toBe(200);
  });

  it('expires a VALID position with switchToExpired after its due date', async () => {
    let now = new Date();
    const s2 = createGpdSimulator({ now: () => now });
    const h2 = await serveSimulator(s2);
    try {
      const p = position({ switchToExpired: true });
      const url = `${h2.url}/gpd/debt-positions-service/v1/organizations/${CF}/debtpositions`;
      await call('POST', `${url}?toPublish=true`, p);
      now = new Date(Date.now() + 40 * 86_400_000);
      expect((await call('GET', `${url}/${p.iupd}`)).body.status).toBe('EXPIRED');
    } finally {
      await h2.close();
    }
  });
});
