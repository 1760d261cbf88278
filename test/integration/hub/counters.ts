/**
 * A counter for the hub's tests, in this process: its own encrypted SQLite file, the hub's adapter,
 * puller and the real sync engine, with the same CIE station (remote id SEDE-1) as every counter.
 */
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { hubOutboxHandlers } from '../../../electron/core/cie/hub-handlers';
import { HUB_SETTING_KEY } from '../../../electron/core/cie/hub-push';
import { agendaOutboxHandlers } from '../../../electron/core/cie/outbox-handlers';
import { createStation, setOpeningHours } from '../../../electron/core/cie/stations';
import { createLogger } from '../../../electron/core/log';
import { romeDate } from '../../../electron/core/rome-time';
import { setSetting } from '../../../electron/core/settings/settings';
import { operatorActor, systemActor } from '../../../electron/core/settings/workstation';
import type { Actor } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { listItems } from '../../../electron/core/sync/outbox';
import { createHubAdapter } from '../../../electron/platforms/hub/adapter';
import { createHubPool, fromUrl, type HubPool } from '../../../electron/platforms/hub/connection';
import { createHubPuller, type HubPuller } from '../../../electron/platforms/hub/puller';
import { openTestDb, type TestDb } from '../../support/db';

export interface Counter {
  t: TestDb;
  number: number;
  clerk: Actor;
  stationId: string;
  engine: SyncEngine;
  puller: HubPuller;
  pool: HubPool;
  /** Open hub items (pending or waiting). */
  unsent(): number;
  close(): Promise<void>;
}

/** A Tuesday three weeks ahead, whatever day the test runs. */
export const DAY = ((d) => {
  while (weekdayOf(d) !== 2) d = addDays(d, 1);
  return d;
})(addDays(romeDate(), 21));

export function openCounter(joined: { number: number; url: string }, opts: { hub?: boolean } = {}): Counter {
  const t = openTestDb({ prefix: `sportello-ws${joined.number}-` });
  const ws = { id: `ws-${joined.number}`, number: joined.number, name: `Sportello ${joined.number}` };
  setSetting(t.db, 'workstation', ws);
  if (opts.hub !== false) setSetting(t.db, HUB_SETTING_KEY, { url: joined.url });
  const clerk = operatorActor({ id: `op-${joined.number}` }, ws.id);
  const system = systemActor(ws.id);
  const stationId = createStation(t.db, clerk, {
    name: 'Postazione CIE',
    place: 'Municipio',
    remoteId: 'SEDE-1',
    onlineQuotaPercent: 0,
  }).id;
  setOpeningHours(
    t.db,
    clerk,
    stationId,
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
  );
  const pool = createHubPool({ client: fromUrl(joined.url), timeoutMs: 2_000 });
  const log = createLogger(null);
  let engine: SyncEngine;
  const puller = createHubPuller({ db: t.db, pool: () => pool, system, now: () => new Date(), intervalMs: 500, log, onChange: () => {} });
  engine = new SyncEngine(
    t.db,
    [createHubAdapter({ pool: () => pool, onPushed: () => puller.pullSoon() })],
    [...agendaOutboxHandlers(system), ...hubOutboxHandlers(system)],
    {
      log,
      systemActor: system,
      backoff: { baseMs: 50, capMs: 300 },
      probeDownMs: 100,
      probeUpMs: 60_000,
      breakerThreshold: 100,
    },
  );
  return {
    t,
    number: joined.number,
    clerk,
    stationId,
    engine,
    puller,
    pool,
    unsent: () => listItems(t.db, { platform: 'hub', states: ['pending', 'waiting'] }).length,
    async close() {
      await puller.stop();
      await engine.stop();
      await pool.end().catch(() => {});
      t.cleanup();
    },
  };
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
