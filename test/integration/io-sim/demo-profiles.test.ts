/**
 * Demo citizens have IO profiles without anyone seeding them: the demo registry Sportello seeds
 * (core/anagrafe/demo) and ANPR's simulated population get, from their codice fiscale alone, a mix
 * of citizens on IO with the Comune's services, with a service or all turned off, and not on IO —
 * the same in every run. The simulator is asked over HTTP, as demo Sportello would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComune } from '../../../electron/core/anagrafe/demo';
import { DEFAULT_POPULATION_SIZE, residentAt } from '../../../simulators/anpr/population';
import { createIoSimulator } from '../../../simulators/io';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import { openTestDb } from '../../support/db';
import { ANAGRAFE, PAGAMENTI } from './io-fixture';

/** As all.ts mounts it, with a rate limit that lets a census through. */
const LOOSE = { rateLimit: { calls: 100_000, perMs: 1_000 } };

type Kind = 'not-on-io' | 'all-off' | 'pagamenti-off' | 'allowed';

let sims: RunningSimulators;
beforeAll(async () => {
  sims = await startSimulators({ simulators: [createIoSimulator(LOOSE)] });
});
afterAll(() => sims.close());

async function kindOf(cf: string): Promise<Kind> {
  const ask = async (key: string) => {
    const r = await fetch(`${sims.url}/io/api/v1/profiles/${cf}`, { headers: { 'Ocp-Apim-Subscription-Key': key } });
    expect([200, 404]).toContain(r.status);
    return r.status === 404 ? null : ((await r.json()) as { sender_allowed: boolean }).sender_allowed;
  };
  const [anagrafe, pagamenti] = [await ask(ANAGRAFE.keys[0]), await ask(PAGAMENTI.keys[0])];
  if (anagrafe === null) return 'not-on-io';
  if (!anagrafe) return 'all-off';
  return pagamenti ? 'allowed' : 'pagamenti-off';
}

async function census(cfs: string[]): Promise<Record<Kind, number>> {
  const out: Record<Kind, number> = { 'not-on-io': 0, 'all-off': 0, 'pagamenti-off': 0, allowed: 0 };
  for (const cf of cfs) out[await kindOf(cf)]++;
  return out;
}

describe('IO profiles of the demo citizens', () => {
  it("gives the demo registry's citizens every kind of profile, in about the planned shares", async () => {
    const t = openTestDb();
    try {
      const cfs = seedDemoComune(t.db, { persons: 300 }).map((p) => p.codiceFiscale);
      const c = await census(cfs);
      // Planned: 20% not on IO, 10% all off, 10% Pagamenti off, 60% allowed.
      expect(c['not-on-io'] / cfs.length).toBeGreaterThan(0.1);
      expect(c['not-on-io'] / cfs.length).toBeLessThan(0.3);
      expect(c['all-off']).toBeGreaterThan(5);
      expect(c['pagamenti-off']).toBeGreaterThan(5);
      expect(c.allowed / cfs.length).toBeGreaterThan(0.45);
    } finally {
      t.cleanup();
    }
  });

  it("gives ANPR's simulated residents profiles too, the same on every run", async () => {
    const cfs = Array.from({ length: DEFAULT_POPULATION_SIZE }, (_, i) => residentAt(i, { size: DEFAULT_POPULATION_SIZE }).codiceFiscale);
    const first = await Promise.all(cfs.map(kindOf));
    expect(new Set(first).size).toBe(4);
    // A fresh simulator answers the same.
    const again = await startSimulators({ simulators: [createIoSimulator(LOOSE)] });
    try {
      const other = await Promise.all(
        cfs.map(
          async (cf) =>
            (await fetch(`${again.url}/io/api/v1/profiles/${cf}`, { headers: { 'Ocp-Apim-Subscription-Key': ANAGRAFE.keys[0] } })).status,
        ),
      );
      expect(other).toEqual(first.map((k) => (k === 'not-on-io' ? 404 : 200)));
    } finally {
      await again.close();
    }
  });

  it('lets a test seed a citizen over the demo rule, and turn the rule off', async () => {
    const cf = residentAt(0, { size: 1 }).codiceFiscale;
    const byRule = await kindOf(cf);
    const seed = (body: unknown) => fetch(`${sims.url}/_sim/io/profiles`, { method: 'POST', body: JSON.stringify(body) });
    await seed({ profiles: [{ fiscal_code: cf, blocked: [ANAGRAFE.id] }] });
    expect(await kindOf(cf)).toBe('all-off' satisfies Kind);
    await seed({ profiles: [{ fiscal_code: cf, on_io: false }] });
    expect(await kindOf(cf)).toBe('not-on-io');
    const other = residentAt(1, { size: 2 }).codiceFiscale;
    await seed({ implicit: 'none' });
    expect(await kindOf(other)).toBe('not-on-io');
    await fetch(`${sims.url}/_sim/reset`, { method: 'POST' });
    expect(await kindOf(cf)).toBe(byRule); // a reset forgets the seeds and brings the demo rule back
  });
});
