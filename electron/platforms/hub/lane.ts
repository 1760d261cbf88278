/**
 * The hub's side of a counter, built on first use (wiring.ts loads this module only where a hub is
 * configured, so a single-PC Comune never loads `pg`): one pool on the connection kept in the
 * Settings (a new one when the join changes it), the outbox adapter and the puller.
 */
import type { Logger } from '../../core/log';
import { hubConnectionOf } from '../../core/settings/hub';
import type { Actor, Db } from '../../core/store/types';
import type { Adapter } from '../../core/sync/types';
import { createHubAdapter } from './adapter';
import { endpointOf, hubClientConfig } from './connect';
import { createHubPool, type HubPool } from './connection';
import { createHubPuller, type HubPuller } from './puller';

export interface HubLane {
  adapter: Adapter;
  puller: HubPuller;
  stop(): Promise<void>;
}

export function createHubLane(o: { db: Db; system: Actor; now: () => Date; intervalMs: number; log: Logger; onChange(): void }): HubLane {
  let current: { key: string; pool: HubPool } | null = null;
  const pool = (): HubPool | undefined => {
    const h = hubConnectionOf(o.db);
    if (!h?.url) return undefined;
    const key = JSON.stringify([h.url, h.role, h.password, h.ca]);
    if (current?.key !== key) {
      void current?.pool.end().catch(() => {});
      current = { key, pool: createHubPool({ client: hubClientConfig(endpointOf(h)) }) };
    }
    return current.pool;
  };
  const puller = createHubPuller({ ...o, pool });
  const adapter = createHubAdapter({ pool, onPushed: () => puller.pullSoon() });
  return {
    adapter,
    puller,
    async stop() {
      await puller.stop();
      await current?.pool.end().catch(() => {});
    },
  };
}
