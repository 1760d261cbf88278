/**
 * A network failure is a typed fact: each adapter (ANPR, GPD, booking system) reports a platform
 * that is down or does not answer as failure 'transport', and the engine's circuit breaker opens
 * on it — ANPR's and the booking system's own codes (ANPR_TIMEOUT, AGENDA_UNREACHABLE) included,
 * which the old prefix guess (SYNC_, HTTP_5, NET) never counted. A failed attempt is not a contact:
 * lastContactAt keeps the last real answer. Real HTTP to the simulators, real SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { bookAppointment } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { agendaOutboxHandlers } from '../../../electron/core/cie/outbox-handlers';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { romeDate } from '../../../electron/core/rome-time';
import { systemActor } from '../../../electron/core/settings/workstation';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { enqueue, listItems } from '../../../electron/core/sync/outbox';
import type { Adapter, OutboxHandler, Platform } from '../../../electron/core/sync/types';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createAgendaAdapter } from '../../../electron/platforms/agenda/adapter';
import { createAnprAdapter } from '../../../electron/platforms/anpr/adapter';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { createAgendaSimulator } from '../../../simulators/agenda';
import { createAnprSimulator } from '../../../simulators/anpr';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators, type RunningSimulators } from '../../../simulators/server';
import { anprConfig, OPERATOR_CF } from '../../unit/anpr/support/harness';
import { birth } from '../../unit/anpr/support/sample-requests';
import { makeTestPki } from '../../unit/anpr/support/test-pki';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';

const THRESHOLD = 3;
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(what: string | (() => string), cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Probes at start, then only after a send failed as 'transport' (60 s apart otherwise): whatever shows
 * the platform down here follows from the sends' failures being typed as transport.
 */
const SYSTEM = systemActor('ws-sync');

function engineFor(db: Db, adapter: Adapter, handlers: OutboxHandler[]): SyncEngine {
  const engine = new SyncEngine(db, [adapter], handlers, {
    log: createLogger(null),
    systemActor: SYSTEM,
    backoff: { baseMs: 10, capMs: 20 },
    probeDownMs: 60_000,
    probeUpMs: 60_000,
    breakerThreshold: THRESHOLD,
    breakerOpenMs: 60_000,
  });
  cleanup.push(() => engine.stop());
  return engine;
}

/**
 * Starts the engine on a reachable platform, then breaks the platform and queues `enqueue()`:
 * the breaker must open from the sends alone, keep lastContactAt, and stop further sends.
 */
async function opensBreaker(
  p: Platform,
  engine: SyncEngine,
  sims: RunningSimulators,
  db: Db,
  breakIt: () => void,
  enqueueItems: () => void,
  expectedCodes: string[],
) {
  engine.start();
  const health = () => engine.health().find((h) => h.platform === p)!;
  await until(
    () => `${p} reachable (${JSON.stringify(health())})`,
    () => health().health === 'reachable',
  );
  const contact = health().lastContactAt;
  expect(contact).not.toBeNull();

  breakIt();
  enqueueItems();
  engine.kick(p);
  await until(`${p} down by its circuit breaker`, () => health().health === 'down');

  const injected = () => Object.values(sims.stats()[p].injected).reduce((a, b) => a + b, 0);
  await new Promise((r) => setTimeout(r, 200)); // sends already on the wire when it opened arrive
  const attempts = injected();
  expect(attempts).toBeLessThanOrEqual(THRESHOLD + engine.health().length * 4);
  await new Promise((r) => setTimeout(r, 500));
  expect(injected(), 'an open circuit sends nothing more').toBe(attempts);
  expect(health().lastContactAt, 'a failed attempt is not a contact').toBe(contact);
  const items = listItems(db, { platform: p });
  expect(items.filter((i) => i.state === 'attention')).toEqual([]);
  const codes = new Set(items.filter((i) => i.state === 'waiting').map((i) => i.lastErrorCode));
  expect(
    [...codes].every((c) => expectedCodes.includes(c!)),
    [...codes].join(),
  ).toBe(true);
  expect(codes.size).toBeGreaterThan(0);
}

describe('circuit breaker opens on typed transport failures, per platform', () => {
  it('ANPR timing out (ANPR_TIMEOUT)', { timeout: 60_000 }, async () => {
    const pki = makeTestPki();
    cleanup.push(() => pki.cleanup());
    const sim = createAnprSimulator({ comuneIstat: '058091', trustedCaPem: [pki.caPem], xsdDir: null, warn: () => undefined });
    const sims = await startSimulators({ simulators: [sim] });
    cleanup.push(() => sims.close());
    const t = openTestDb();
    cleanup.push(() => t.cleanup());
    const adapter = createAnprAdapter(anprConfig(pki, `${sims.url}/anpr`, { timeoutMs: 1_000 }), {
      operatorCodiceFiscale: () => OPERATOR_CF,
    });
    await opensBreaker(
      'anpr',
      engineFor(t.db, adapter, anagrafeOutboxHandlers),
      sims,
      t.db,
      () => sims.setFaults({ timeoutRate: 1 }),
      () =>
        withTx(t.db, (tx) => {
          for (let i = 0; i < 6; i++) {
            enqueue(tx, {
              platform: 'anpr',
              kind: 'anpr.1001',
              orderingKey: `famiglia-${i}`,
              payload: birth(),
              payloadVersion: 1,
              idempotencyKey: `17356896000010${i}`,
              businessType: 'pratica',
              businessId: `p-${i}`,
              operatorId: 'op-1',
            });
          }
        }),
      ['ANPR_TIMEOUT'],
    );
  });

  it('GPD down (GPD_UNREACHABLE)', { timeout: 60_000 }, async () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const sims = await startSimulators({ simulators: [createGpdSimulator()] });
    cleanup.push(() => sims.close());
    const adapter = createGpdAdapter({ endpoint: `${sims.url}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE, timeoutMs: 1_000 });
    await opensBreaker(
      'gpd',
      engineFor(store.db, adapter, gpdOutboxHandlers),
      sims,
      store.db,
      () => sims.setDown(['gpd'], true),
      () => {
        for (let i = 0; i < 6; i++) issueCieFee(store.db, store.actor, i);
      },
      ['GPD_UNREACHABLE', 'GPD_INTERRUPTED'],
    );
  });

  it('the CIE booking system down (AGENDA_UNREACHABLE)', { timeout: 60_000 }, async () => {
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
    const adapter = createAgendaAdapter({ baseUrl: `${sims.url}/agenda`, timeoutMs: 1_000 });
    await opensBreaker(
      'agenda',
      engineFor(t.db, adapter, agendaOutboxHandlers(SYSTEM)),
      sims,
      t.db,
      () => sims.setDown(['agenda'], true),
      () => {
        for (const [i, time] of ['09:00', '09:20', '09:40', '10:00', '10:20'].entries()) {
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
      },
      ['AGENDA_UNREACHABLE', 'AGENDA_INTERRUPTED'],
    );
  });
});
