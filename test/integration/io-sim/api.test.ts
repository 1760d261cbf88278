/**
 * The IO simulator speaks IO's API for services: profiles (found, 404, sender_allowed per service),
 * messages accepted and read back, ProblemJson 400s for what IO's OpenAPI refuses, APIM's 401.
 * Run with the official OpenAPI (when ../shared/data is there) and with the built-in checks.
 * Plain fetch over real HTTP; no client code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALL_OFF,
  ANAGRAFE,
  goodContent,
  HAS_OPENAPI,
  NO_OPENAPI,
  NOT_ON_IO,
  ON_IO,
  PAGAMENTI,
  PAYMENTS_OFF,
  startIo,
  type IoHarness,
} from './io-fixture';
import { DEMO_ORGANIZATION_FISCAL_CODE } from '../../../simulators/io';

let h: IoHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const NOTICE = { notice_number: '302000100000012345', amount: 1678, payee: { fiscal_code: DEMO_ORGANIZATION_FISCAL_CODE } };

async function problem(r: Response, detail: RegExp) {
  expect(r.status).toBe(400);
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
  const p = await r.json();
  expect(p).toMatchObject({ status: 400, title: expect.any(String) });
  expect(p.detail).toMatch(detail);
}

for (const mode of ['openapi', 'built-in'] as const) {
  const run = mode === 'openapi' && !HAS_OPENAPI ? describe.skip : describe;
  run(
    `IO simulator API (${mode === 'openapi' ? 'official OpenAPI' : 'built-in checks'})${mode === 'openapi' && !HAS_OPENAPI ? ` — ${NO_OPENAPI}` : ''}`,
    () => {
      const start = () => startIo(mode === 'built-in' ? { openapiPath: null } : {});

      it('says which checks it runs', async () => {
        h = await start();
        expect((await h.stats()).validation).toBe(mode);
      });

      it('finds profiles, 404s a citizen not on IO, and tells sender_allowed per service', async () => {
        h = await start();
        const get = async (cf: string, key: string) => {
          const r = await h!.call('GET', `/profiles/${cf}`, undefined, key);
          return { status: r.status, body: await r.json() };
        };
        expect(await get(ON_IO, ANAGRAFE.keys[0])).toEqual({ status: 200, body: { sender_allowed: true, preferred_languages: ['it_IT'] } });
        expect((await get(PAYMENTS_OFF, ANAGRAFE.keys[0])).body.sender_allowed).toBe(true);
        expect((await get(PAYMENTS_OFF, PAGAMENTI.keys[1])).body.sender_allowed).toBe(false);
        expect((await get(ALL_OFF, ANAGRAFE.keys[1])).body.sender_allowed).toBe(false);
        const missing = await get(NOT_ON_IO, ANAGRAFE.keys[0]);
        expect(missing.status).toBe(404);
        expect(missing.body).toMatchObject({ status: 404, title: 'Profile not found' });
        // The same look-up with the fiscal code in the body.
        const byPost = await h.call('POST', '/profiles', { fiscal_code: PAYMENTS_OFF }, PAGAMENTI.keys[0]);
        expect(await byPost.json()).toMatchObject({ sender_allowed: false });
        expect((await h.call('POST', '/profiles', { fiscal_code: NOT_ON_IO })).status).toBe(404);
        await problem(await h.call('POST', '/profiles', { fiscal_code: 'rssmra80a01h501u' }), /fiscal_code/);
        await problem(await h.call('GET', '/profiles/RSSMRA80A01H501'), /./);
        expect((await h.stats()).profileLookups).toBe(7);
      });

      it('accepts a good message by either path and gives it back with its status and payment data', async () => {
        h = await start();
        const content = { ...goodContent(1), due_date: '2027-01-15T09:30:00.000Z', payment_data: NOTICE };
        const r = await h.submit(content);
        expect(r.status).toBe(201);
        const { id } = await r.json();
        expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
        expect(r.headers.get('location')).toBe(`/api/v1/messages/${ON_IO}/${id}`);
        const byPath = await h.call('POST', `/messages/${ON_IO}`, { content: goodContent(2) });
        expect(byPath.status).toBe(201);

        const read = await h.call('GET', `/messages/${ON_IO}/${id}`);
        expect(read.status).toBe(200);
        const m = await read.json();
        expect(m.status).toBe('PROCESSED');
        expect(m.message).toMatchObject({ id, fiscal_code: ON_IO, sender_service_id: ANAGRAFE.id, feature_level_type: 'STANDARD' });
        expect(m.message.content.payment_data).toEqual({ ...NOTICE, invalid_after_due_date: false });
        expect(m.message.content.due_date).toBe('2027-01-15T09:30:00.000Z');

        const stored = await h.stored();
        expect(stored.map((s) => s.id)).toContain(id);
        expect(stored.find((s) => s.id === id)?.request).toEqual({ fiscal_code: ON_IO, content });
        const s = await h.stats();
        expect(s.messagesStored).toBe(2);
        expect(s.messagesPerFiscalCode[ON_IO]).toBe(2);
        expect(s.appliedTwice).toBe(0);
        // Another service may not read it; an unknown id or another citizen's path is a 404.
        expect((await h.call('GET', `/messages/${ON_IO}/${id}`, undefined, PAGAMENTI.keys[0])).status).toBe(403);
        expect((await h.call('GET', `/messages/${ON_IO}/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
        expect((await h.call('GET', `/messages/${PAYMENTS_OFF}/${id}`)).status).toBe(404);
      });

      it('accepts, then rejects, a message to a citizen not on IO or who turned the service off', async () => {
        h = await start();
        const ids: string[] = [];
        for (const [cf, key] of [
          [NOT_ON_IO, ANAGRAFE.keys[0]],
          [PAYMENTS_OFF, PAGAMENTI.keys[0]],
        ]) {
          const r = await h.submit(goodContent(3), cf, key);
          expect(r.status).toBe(201);
          ids.push((await r.json()).id);
        }
        expect((await (await h.call('GET', `/messages/${NOT_ON_IO}/${ids[0]}`)).json()).status).toBe('REJECTED');
        expect((await (await h.call('GET', `/messages/${PAYMENTS_OFF}/${ids[1]}`, undefined, PAGAMENTI.keys[0])).json()).status).toBe(
          'REJECTED',
        );
        expect((await h.stored()).map((m) => m.rejection)).toEqual(['recipient-not-on-io', 'sender-not-allowed']);
        expect((await h.stats()).messagesRejected).toBe(2);
      });

      it('refuses with a ProblemJson 400 what IO refuses, and stores nothing', async () => {
        h = await start();
        await problem(await h.submit({ ...goodContent(), subject: 'Nove car.' }), /root\.content\.subject.*10/);
        await problem(await h.submit({ ...goodContent(), subject: 'x'.repeat(121) }), /root\.content\.subject.*120/);
        await problem(await h.submit({ ...goodContent(), markdown: 'm'.repeat(79) }), /root\.content\.markdown.*80/);
        await problem(await h.submit({ ...goodContent(), markdown: 'm'.repeat(10_001) }), /root\.content\.markdown.*10000/);
        await problem(await h.submit(goodContent(), 'RSSMRA80A01H501'), /root\.fiscal_code/);
        await problem(await h.submit(goodContent(), 'RSSMRA80A01H50IU'), /root\.fiscal_code/);
        await problem(await h.call('POST', '/messages/rssmra80a01h501u', { content: goodContent() }), /./);
        await problem(await h.submit({ ...goodContent(), payment_data: { ...NOTICE, payee: {} } }), /payment_data\.payee.*fiscal_code/);
        await problem(
          await h.submit({ ...goodContent(), payment_data: { ...NOTICE, payee: { fiscal_code: '8000447056' } } }),
          /payee\.fiscal_code/,
        );
        await problem(
          await h.submit({ ...goodContent(), payment_data: { ...NOTICE, notice_number: '402000100000012345' } }),
          /notice_number/,
        );
        await problem(await h.submit({ ...goodContent(), payment_data: { ...NOTICE, amount: 16.78 } }), /amount/);
        await problem(await h.submit({ ...goodContent(), payment_data: { amount: 100, payee: NOTICE.payee } }), /notice_number/);
        await problem(
          await h.submit({ ...goodContent(), payment_data: { ...NOTICE, invalid_after_due_date: 'no' } }),
          /invalid_after_due_date/,
        );
        await problem(await h.submit({ ...goodContent(), due_date: '15/01/2027' }), /due_date/);
        await problem(await h.call('POST', '/messages', { content: goodContent() }), /fiscal_code/);
        await problem(await h.call('POST', '/messages', { fiscal_code: ON_IO, content: goodContent(), time_to_live: 60 }), /time_to_live/);
        const s = await h.stats();
        expect(s.messagesStored).toBe(0);
        expect(s.rejectionsByReason['invalid-payload']).toBe(16);
      });

      it("fills in the payee IO requires with the sending service's organization, as IO does, and keeps the request as sent", async () => {
        h = await start();
        const { payee: _p, ...withoutPayee } = NOTICE;
        const r = await h.submit({ ...goodContent(), payment_data: withoutPayee }, ON_IO, PAGAMENTI.keys[0]);
        expect(r.status).toBe(201);
        const [m] = await h.stored();
        expect(m.content.payment_data).toEqual({ ...NOTICE, invalid_after_due_date: false });
        expect((m.request as { content: { payment_data: unknown } }).content.payment_data).toEqual(withoutPayee);
      });

      it('keeps a message ACCEPTED while IO processes it, then PROCESSED', async () => {
        h = await startIo({ ...(mode === 'built-in' ? { openapiPath: null } : {}), processingMs: 300 });
        const { id } = await (await h.submit(goodContent())).json();
        const status = async () => (await (await h!.call('GET', `/messages/${ON_IO}/${id}`)).json()).status;
        expect(await status()).toBe('ACCEPTED');
        await new Promise((r) => setTimeout(r, 350));
        expect(await status()).toBe('PROCESSED');
      });

      it("answers APIM's 401 to a missing or unknown subscription key", async () => {
        h = await start();
        for (const key of [null, 'not-a-key']) {
          const r = await h.call('GET', `/profiles/${ON_IO}`, undefined, key);
          expect(r.status).toBe(401);
          expect(await r.json()).toMatchObject({ statusCode: 401, message: expect.stringMatching(/invalid subscription key/) });
        }
        expect((await h.submit(goodContent(), ON_IO, 'not-a-key')).status).toBe(401);
        const s = await h.stats();
        expect(s.rejectionsByReason['unknown-key']).toBe(3);
        expect(s.messagesStored).toBe(0);
      });
    },
  );
}
