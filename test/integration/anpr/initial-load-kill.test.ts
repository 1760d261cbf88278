/**
 * Done-when (issue 16): a full load of 20,000 persons from the ANPR simulator, the browser-mode
 * host killed with SIGKILL twice while loading and restarted each time, resumed by the
 * responsabile, ends with exactly the simulator's population: every codice fiscale once, none
 * missing, the planted wrong rows refused once each.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { residentAt, type PopulationSpec } from '../../../simulators/anpr/population';
import { callHost, serveSportello, type ServedSportello } from '../../support/serve';
import { startSimProcess } from '../../support/sim-process';
import { tempDir } from '../../support/tmp';

const SPEC: PopulationSpec = { size: 20_000, faults: { 17: 'cf', 12_345: 'nascita' } };
const RESPONSABILE = { displayName: 'Paola Verdi', username: 'paola', password: 'segreta123', codiceFiscale: 'VRDPLA70A41H501X' };

const data = tempDir();
let sim: Awaited<ReturnType<typeof startSimProcess>> | undefined;
let host: ServedSportello | undefined;
afterAll(async () => {
  await host?.stop();
  await sim?.stop();
  data.cleanup();
});

/** Batches of 200 in parts of 500: a kill lands inside a part, and the resume starts mid-part (part_done > 0). */
const BATCH = 200;
const PART = 500;
const hostArgs = () => [
  '--data',
  data.dir,
  '--sim-url',
  sim!.url,
  '--demo-residents',
  '5',
  '--probe-ms',
  '200',
  '--load-batch',
  String(BATCH),
];

async function call(name: string, input: unknown = {}) {
  const { body } = await callHost(host!, name, input);
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.data;
}

/** Persons of the load read so far (loaded or refused); not a multiple of PART: the load is inside a part. */
const processed = (s: { loaded: number; refused: number }) => s.loaded + s.refused;
const midPart = (s: { loaded: number; refused: number }) => processed(s) % PART !== 0;

/** Polls the load's state until `done` says so (or the time is up). */
async function until(done: (s: any) => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await call('anagrafe.load.status');
    if (s && done(s)) return s;
    if (Date.now() > end || s?.state === 'interrupted')
      throw new Error(`load state not reached: ${JSON.stringify(s)}\n${host!.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('initial load killed twice', () => {
  it('SIGKILL while loading, twice; after the last resume the registry holds exactly the population', { timeout: 300_000 }, async () => {
    sim = await startSimProcess(['--faults', 'latency']);
    const planted = await fetch(`${sim.url}/anpr/_control/population`, {
      method: 'POST',
      headers: { 'x-sim-setup': '1' },
      body: JSON.stringify({ ...SPEC, partSize: PART }),
    });
    expect(planted.status).toBe(200);

    host = await serveSportello(hostArgs());
    await call('session.setup', RESPONSABILE);
    const started = await call('anagrafe.load.start', { source: 'anpr-4001' });
    await until((s) => s.loaded >= 3000 && midPart(s), 120_000);
    await host.kill();

    const killedAt: number[] = [];
    for (const next of [10_000, null]) {
      host = await serveSportello(hostArgs());
      await call('session.login', { username: RESPONSABILE.username, password: RESPONSABILE.password });
      const before = await call('anagrafe.load.status');
      expect(before.state).toBe('interrupted');
      expect(before.id).toBe(started.id);
      killedAt.push(processed(before));
      await call('anagrafe.load.resume', { id: started.id });
      if (next === null) break;
      await until((s) => s.loaded >= next && midPart(s), 120_000);
      await host.kill();
    }
    const done = await until((s) => s.state !== 'running', 180_000);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ state: 'done', loaded: SPEC.size - 2, refused: 2 });
    const refused = await call('anagrafe.load.refused', { id: started.id });
    expect(refused.rows.map((r: { codiceFiscale: string }) => r.codiceFiscale).sort()).toEqual(
      [residentAt(17, SPEC).codiceFiscale, residentAt(12_345, SPEC).codiceFiscale].sort(),
    );
    // A resume started inside a part at least once (its cursor's part_done > 0), not only at a part boundary.
    expect(
      killedAt.some((n) => n % PART !== 0),
      `killed at ${killedAt.join(', ')}`,
    ).toBe(true);
    // Both kills landed mid-load.
    expect(killedAt[0]).toBeGreaterThan(0);
    expect(killedAt[1]).toBeGreaterThan(killedAt[0]);
    expect(killedAt[1]).toBeLessThan(SPEC.size);
    await host.stop();
    host = undefined;

    const db = openStore(data.dir, keyFileProvider).db;
    try {
      const loaded = db.prepare("SELECT codice_fiscale FROM anagrafe_person WHERE id_anpr LIKE 'SIM%'").pluck().all() as string[];
      const expected: string[] = [];
      for (let i = 0; i < SPEC.size; i++) if (!SPEC.faults![i]) expected.push(residentAt(i, SPEC).codiceFiscale);
      expect(loaded.length).toBe(expected.length);
      expect([...new Set(loaded)].sort()).toEqual(expected.sort());
      expect(db.prepare('SELECT count(*) FROM anagrafe_load_refused').pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });
});
