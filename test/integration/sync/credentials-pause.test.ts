/**
 * A refusal of the Comune's credentials (HTTP 401/403 from pagoPA's or the booking system's
 * gateway) pauses that platform's lane: the items stay queued, none goes to "needs attention",
 * the platform's words are shown, nothing hammers the platform meanwhile, and the lane resumes by
 * itself when a probe (or one trial item) is accepted again, or at once when the credentials
 * change. Real HTTP to the simulators' gateway control (/_sim/refuse-credentials), real SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { agendaOutboxHandlers } from '../../../electron/core/cie/outbox-handlers';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { romeDate } from '../../../electron/core/rome-time';
import { systemActor } from '../../../electron/core/settings/workstation';
import type { Db } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import type { Adapter, OutboxHandler, Platform } from '../../../electron/core/sync/types';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createAgendaAdapter } from '../../../electron/platforms/agenda/adapter';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { createAgendaSimulator } from '../../../simulators/agenda';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(what: () => string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const SYSTEM = systemActor('ws-sync');

function engineFor(db: Db, adapter: Adapter, handlers: OutboxHandler[], credentialsRetryMs: number): SyncEngine {
  const engine = new SyncEngine(db, [adapter], handlers, {
    log: createLogger(null),
    systemActor: SYSTEM,
    backoff: { baseMs: 10, capMs: 50 },
    probeDownMs: 100,
    probeUpMs: 60_000,
    breakerThreshold: 3,
    breakerOpenMs: 200,
    credentialsRetryMs,
  });
  cleanup.push(() => engine.stop());
  return engine;
}

interface Case {
  p: Platform;
  status: 401 | 403;
  /** The platform's own words, as its gateway answers. */
  words: RegExp;
  /** How the lane comes back: the periodic probe/trial, or credentialsChanged() right away. */
  resume: 'probe' | 'credentialsChanged';
}

async function pausesAndResumes(c: Case, engine: SyncEngine, sims: RunningSimulators, db: Db, enqueueItems: () => number) {
  const lane = () => engine.health().find((h) => h.platform === c.p)!;
  const counts = () => countByState(db)[c.p];
  sims.refuseCredentials([c.p], c.status);
  engine.start();
  const n = enqueueItems();
  engine.kick(c.p);
  await until(
    () => `${c.p} paused for credentials: ${JSON.stringify(lane())}`,
    () => lane().credentials !== null,
  );
  expect(lane().credentials!.text).toMatch(c.words);
  expect(lane().credentials!.code).toBe(`${c.p.toUpperCase()}_AUTH_${c.status}`);

  // Paused: nothing is applied, nothing needs a person, and the platform is not hammered.
  await new Promise((r) => setTimeout(r, 300));
  const refusedSoFar = sims.stats()[c.p].injected[`credentials${c.status}`] ?? 0;
  await new Promise((r) => setTimeout(r, 600));
  const refusedLater = sims.stats()[c.p].injected[`credentials${c.status}`] ?? 0;
  expect(counts().attention).toBe(0);
  expect(counts().done).toBe(0);
  expect(counts().pending + counts().waiting).toBe(n);
  expect(sims.stats()[c.p].applied).toBe(0);
  expect(lane().credentials, 'still paused').not.toBeNull();
  // At most one probe and one trial per credentialsRetryMs (here never less than 300 ms).
  expect(refusedLater - refusedSoFar).toBeLessThanOrEqual(4);

  sims.refuseCredentials([c.p], null);
  if (c.resume === 'credentialsChanged') engine.credentialsChanged(c.p);
  await until(
    () => `${c.p} drained: ${JSON.stringify(counts())}`,
    () => counts().done === n,
    20_000,
  );
  expect(lane().credentials).toBeNull();
  expect(counts().attention).toBe(0);
  expect(sims.stats()[c.p].appliedTwice).toBe(0);
}

describe("a refusal of the Comune's credentials pauses the platform, not the items", () => {
  const gpdCase = (status: 401 | 403, resume: Case['resume']) => async () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const sims = await startSimulators({ simulators: [createGpdSimulator({ rateLimit: { calls: 10_000, perMs: 10_000 } })] });
    cleanup.push(() => sims.close());
    const adapter = createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE, timeoutMs: 2_000 });
    const engine = engineFor(store.db, adapter, gpdOutboxHandlers, resume === 'probe' ? 300 : 60_000);
    await pausesAndResumes(
      { p: 'gpd', status, resume, words: status === 401 ? /invalid subscription key/ : /not allowed to access/ },
      engine,
      sims,
      store.db,
      () => {
        for (let i = 0; i < 5; i++) issueCieFee(store.db, store.actor, i);
        return 5;
      },
    );
    expect(sims.stats().gpd.applied).toBe(5);
  };
  it("GPD 401: paused with pagoPA's words; resumes when a probe is accepted again", { timeout: 60_000 }, gpdCase(401, 'probe'));
  it('GPD 403: paused; resumes at once when the credentials change', { timeout: 60_000 }, gpdCase(403, 'credentialsChanged'));

  const agendaCase = (status: 401 | 403, resume: Case['resume']) => async () => {
    const t = openTestDb();
    cleanup.push(() => t.cleanup());
    const sims = await startSimulators({ simulators: [createAgendaSimulator()] });
    cleanup.push(() => sims.close());
    const stationId = createStation(t.db, clerk, {
      name: 'Postazione CIE 1',
      place: 'Piazza Municipio 1',
      remoteId: 'SEDE-1',
      onlineQuotaPercent: 0,
    }).id;
    setOpeningHours(t.db, clerk, stationId, [{ weekday: 2, start: '09:00', end: '12:00' }]);
    const now = new Date();
    let day = addDays(romeDate(now), 21);
    while (weekdayOf(day) !== 2) day = addDays(day, 1);
    const adapter = createAgendaAdapter({ baseUrl: `${sims.url}/agenda`, timeoutMs: 2_000 });
    const engine = engineFor(t.db, adapter, agendaOutboxHandlers(SYSTEM), resume === 'probe' ? 300 : 60_000);
    await pausesAndResumes(
      { p: 'agenda', status, resume, words: status === 401 ? /Token non valido o scaduto/ : /Ente non abilitato/ },
      engine,
      sims,
      t.db,
      () => {
        const times = ['09:00', '09:20', '09:40', '10:00'];
        for (const [i, time] of times.entries()) {
          bookAppointment(t.db, clerk, {
            stationId,
            date: day,
            startTime: time,
            people: [{ surname: 'Rossi', givenNames: `Anna ${i}` }],
            channel: 'counter',
            contactPhone: '3330000001',
            now,
          });
        }
        return times.length;
      },
    );
    expect(sims.stats().agenda.applied).toBe(4);
  };
  it(
    'booking system 401: paused with its words; resumes by itself (probe, then one trial item)',
    { timeout: 60_000 },
    agendaCase(401, 'probe'),
  );
  it('booking system 403: paused; resumes at once when the credentials change', { timeout: 60_000 }, agendaCase(403, 'credentialsChanged'));
});
