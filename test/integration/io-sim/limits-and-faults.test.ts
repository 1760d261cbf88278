/**
 * IO's rate limit (per service, 429 with Retry-After) and the faults injected in front of IO,
 * told apart by when they strike a submission: before IO stores the message (nothing stored) or
 * after (stored, the answer lost). Plain fetch over real HTTP; no client code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ANAGRAFE, goodContent, ON_IO, PAGAMENTI, startIo, type IoHarness } from './io-fixture';

let h: IoHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);

describe("IO's rate limit", () => {
  it('answers 429 with Retry-After once a service exceeds its calls per window, per service, both keys in one window', async () => {
    h = await startIo();
    const set = await h.call('POST', '/_sim/io/rate-limit', { calls: 3, perMs: 60_000 });
    expect(await set.json()).toMatchObject({ ok: true, rateLimit: { calls: 3, perMs: 60_000 } });
    expect((await h.submit(goodContent(1))).status).toBe(201);
    expect((await h.call('GET', `/profiles/${ON_IO}`, undefined, ANAGRAFE.keys[1])).status).toBe(200);
    expect((await h.submit(goodContent(2), ON_IO, ANAGRAFE.keys[1])).status).toBe(201);
    const limited = await h.submit(goodContent(3));
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await limited.json()).toMatchObject({ statusCode: 429 });
    // Another service of the same Comune has its own window.
    expect((await h.submit(goodContent(4), ON_IO, PAGAMENTI.keys[0])).status).toBe(201);
    const s = await h.stats();
    expect(s.rateLimited).toBe(1);
    expect(s.messagesStored).toBe(3);
    expect(await h.call('POST', '/_sim/io/rate-limit', { calls: 0, perMs: 1 }).then((r) => r.status)).toBe(400);
  });

  it('opens a new window once the old one is over', async () => {
    h = await startIo();
    await h.call('POST', '/_sim/io/rate-limit', { calls: 1, perMs: 300 });
    expect((await h.submit(goodContent(1))).status).toBe(201);
    expect((await h.submit(goodContent(2))).status).toBe(429);
    await new Promise((r) => setTimeout(r, 350));
    expect((await h.submit(goodContent(3))).status).toBe(201);
  });
});

describe('faults in front of IO, before and after the store', () => {
  it('counts each injected fault on a submission as before or after the store, and the stored messages agree', {
    timeout: 60_000,
  }, async () => {
    h = await startIo(
      {},
      { seed: 7, faults: { dropRate: 0.12, errorRate: 0.1, tooManyRate: 0.08, resetRate: 0.12, timeoutRate: 0.06, duplicateRate: 0.1 } },
    );
    const N = 120;
    let created = 0;
    let failed = 0;
    for (let i = 0; i < N; i++) {
      try {
        const r = await fetch(`${h.api}/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': ANAGRAFE.keys[0] },
          body: JSON.stringify({ fiscal_code: ON_IO, content: goodContent(i) }),
          signal: AbortSignal.timeout(400),
        });
        await r.text().catch(() => '');
        if (r.status === 201) created++;
        else failed++;
      } catch {
        failed++; // reset, refused, or no answer in time
      }
    }
    const s = await h.stats();
    const before = s.faults.beforeStore;
    const after = s.faults.afterStore;
    // Every kind struck at least once with this seed, on its side of the store.
    for (const f of ['drop', 'error', 'tooMany']) expect(before[f], f).toBeGreaterThan(0);
    for (const f of ['reset', 'timeout', 'duplicate']) expect(after[f], f).toBeGreaterThan(0);
    expect(Object.keys(before).sort()).toEqual(['drop', 'error', 'tooMany']);
    expect(Object.keys(after).sort()).toEqual(['duplicate', 'reset', 'timeout']);
    expect(sum(before) + sum(after)).toBe(sum(s.injected));
    expect(s.faults.notStored).toEqual({});
    // What the client saw and what IO stored tell the same story.
    expect(created + failed).toBe(N);
    expect(failed).toBe(sum(before) + after.reset + after.timeout);
    expect(s.messagesStored).toBe(created + sum(after));
    expect(s.storedByInjectedDuplicate).toBe(after.duplicate);
    expect(s.appliedTwice).toBe(after.duplicate);
    const stored = await h.stored();
    expect(stored).toHaveLength(s.messagesStored);
    for (const f of ['reset', 'timeout', 'duplicate'] as const) expect(stored.filter((m) => m.answer_lost === f)).toHaveLength(after[f]);
    // Every content reached IO at most once, but for the injected duplicates.
    const perContent = new Map<string, number>();
    for (const m of stored) if (m.answer_lost !== 'duplicate') perContent.set(m.content_key, (perContent.get(m.content_key) ?? 0) + 1);
    expect(Math.max(...perContent.values())).toBe(1);
    expect(perContent.size).toBe(N - sum(before));
  });

  it('counts a platform down as before the store, and faults on look-ups apart from submissions', async () => {
    h = await startIo();
    h.sims.setDown(['io'], true);
    await expect(h.submit(goodContent(1))).rejects.toThrow();
    await expect(h.call('GET', `/profiles/${ON_IO}`)).rejects.toThrow();
    h.sims.setDown(['io'], false);
    h.sims.setFaults({ errorRate: 1 });
    expect((await h.call('GET', `/profiles/${ON_IO}`)).status).toBe(503);
    h.sims.setFaults({});
    const s = await h.stats();
    expect(s.faults.beforeStore).toEqual({ outage: 1 });
    expect(s.faults.otherRequests).toEqual({ outage: 1, error: 1 });
    expect(s.messagesStored).toBe(0);
  });

  it('counts an after-store fault on a submission IO refuses anyway as not stored', async () => {
    h = await startIo();
    h.sims.setFaults({ resetRate: 1 });
    await expect(h.submit({ ...goodContent(), subject: 'corto' })).rejects.toThrow();
    h.sims.setFaults({});
    const s = await h.stats();
    expect(s.faults).toMatchObject({ beforeStore: {}, afterStore: {}, notStored: { reset: 1 } });
    expect(s.messagesStored).toBe(0);
  });
});
