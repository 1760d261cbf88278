/**
 * A published notice that GPD no longer knows (404 on every poll) is not asked about silently
 * forever: after NOT_FOUND_LIMIT consecutive 404s it is set aside for a person (gpd_state
 * 'attention', code GPD_POSITION_NOT_FOUND, audited, shown on the notices list) and no longer
 * polled. A found answer in between starts the count again. Real SQLite, real HTTP to the GPD simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { getNotice } from '../../../electron/core/pagopa/notices';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { positionsPath } from '../../../electron/platforms/gpd/client';
import { NOT_FOUND_CODE, NOT_FOUND_LIMIT, pollGpdOnce } from '../../../electron/platforms/gpd/poller';
import { createGpdSimulator } from '../../../simulators/gpd';
import { startSimulators } from '../../../simulators/server';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('GPD polling of a position pagoPA no longer knows', () => {
  it(`is surfaced after ${NOT_FOUND_LIMIT} consecutive 404s and not asked again`, { timeout: 60_000 }, async () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const gpd = createGpdSimulator({ rateLimit: { calls: 10_000, perMs: 10_000 } });
    const sims = await startSimulators({ simulators: [gpd] });
    cleanup.push(() => sims.close());
    const cfg = { endpoint: `${sims.url}/gpd`, subscriptionKey: 'k' };
    const engine = new SyncEngine(store.db, [createGpdAdapter({ ...cfg, cfEnte: DEMO_CF_ENTE })], gpdOutboxHandlers, {
      log: createLogger(null),
      systemActor: systemActor('sync'),
      probeDownMs: 100,
    });
    cleanup.push(() => engine.stop());
    const lost = issueCieFee(store.db, store.actor, 1);
    const kept = issueCieFee(store.db, store.actor, 2);
    engine.start();
    const end = Date.now() + 15_000;
    while (countByState(store.db).gpd.done < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(countByState(store.db).gpd.done).toBe(2);

    // Someone removed the position on pagoPA's side (simulator set-up traffic).
    const removed = await fetch(`${sims.url}/gpd${positionsPath(DEMO_CF_ENTE, lost.iupd)}`, {
      method: 'DELETE',
      headers: { 'Ocp-Apim-Subscription-Key': 'k', 'X-Sim-Setup': '1' },
    });
    expect(removed.status).toBe(200);

    const misses = new Map<string, number>();
    const poll = () => pollGpdOnce(store.db, cfg, store.actor, { misses });
    for (let i = 1; i < NOT_FOUND_LIMIT; i++) {
      const r = await poll();
      expect(r).toMatchObject({ notFound: 1, setAside: [] });
      expect(getNotice(store.db, lost.id)!.gpdState).toBe('published');
    }
    const last = await poll();
    expect(last.setAside).toEqual([lost.iupd]);
    expect(getNotice(store.db, lost.id)).toMatchObject({ gpdState: 'attention', gpdErrorCode: NOT_FOUND_CODE });
    expect(getNotice(store.db, kept.id)!.gpdState).toBe('published');
    const audited = store.db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'pagopa.notice.not_found' AND entity_id = ?`)
      .get(lost.id) as { n: number };
    expect(audited.n).toBe(1);

    // Not asked again: the next cycles only ask about the notice GPD still knows.
    const requestsBefore = gpd.stats().requests;
    const after = await poll();
    expect(after).toMatchObject({ checked: 1, notFound: 0, setAside: [] });
    expect(gpd.stats().requests - requestsBefore).toBe(1);
  });

  it('a 401 stops the cycle instead of skipping every notice silently', { timeout: 60_000 }, async () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const sims = await startSimulators({ simulators: [createGpdSimulator()] });
    cleanup.push(() => sims.close());
    const cfg = { endpoint: `${sims.url}/gpd`, subscriptionKey: 'k' };
    for (let i = 0; i < 3; i++) issueCieFee(store.db, store.actor, i);
    store.db.prepare(`UPDATE pagopa_notice SET gpd_state = 'published'`).run();
    sims.refuseCredentials(['gpd'], 401);
    const r = await pollGpdOnce(store.db, cfg, store.actor);
    expect(r).toMatchObject({ checked: 0, stoppedBy: 'GPD_HTTP_401' });
    expect(sims.stats().gpd.injected.credentials401).toBe(1);
  });
});
