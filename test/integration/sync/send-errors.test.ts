/**
 * What the clerk reads when an adapter throws instead of answering: a typed error keeps its own
 * code and Italian message (here pagoPA's settings removed after start: PLATFORM_NOT_CONFIGURED),
 * and an untyped one (the demo certificates' server unreachable: fetch's English "fetch failed")
 * is stored as plain Italian, never as the raw text. Production wiring, real GPD and ANPR
 * simulators over HTTP, real encrypted SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { createLogger } from '../../../electron/core/log';
import type { Db } from '../../../electron/core/store/types';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { getItem } from '../../../electron/core/sync/outbox';
import type { Adapter } from '../../../electron/core/sync/types';
import { buildPlatforms, type PlatformEndpoints } from '../../../electron/platforms/wiring';
import { createAnprSimulator } from '../../../simulators/anpr';
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

async function until(what: () => string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function store() {
  const t = tempDir();
  cleanup.push(() => t.cleanup());
  const s = pagopaStore(t.dir);
  cleanup.push(() => {
    s.db.close();
  });
  return s;
}

function engineOn(db: Db, workstationId: string, endpoints: PlatformEndpoints, demo: boolean, platform: Adapter['platform']) {
  const system = systemActor(workstationId);
  const platforms = buildPlatforms({ db, endpoints, log: createLogger(null), systemActor: system, demo, onChange: () => undefined });
  const engine = new SyncEngine(
    db,
    platforms.adapters.filter((a) => a.platform === platform),
    platforms.outboxHandlers,
    {
      log: createLogger(null),
      systemActor: system,
      backoff: { baseMs: 60_000, capMs: 60_000 },
      probeDownMs: 100,
      probeUpMs: 60_000,
    },
  );
  cleanup.push(() => engine.stop());
  return engine;
}

describe('an adapter that throws', () => {
  it('a typed error keeps its code and Italian message', { timeout: 60_000 }, async () => {
    const { db, actor, workstation } = store();
    const sims = await startSimulators({ simulators: [createGpdSimulator()] });
    cleanup.push(() => sims.close());
    const engine = engineOn(db, workstation.id, { gpd: `${sims.url}/gpd` }, false, 'gpd');
    engine.start();
    await until(
      () => JSON.stringify(engine.health()),
      () => engine.health()[0].health === 'reachable',
    );
    const notice = issueCieFee(db, actor, 1);
    const itemId = (db.prepare('SELECT id FROM outbox WHERE business_id = ?').get(notice.id) as { id: string }).id;
    // The pagoPA settings are gone (a restored backup from before they were saved).
    db.prepare('DELETE FROM pagopa_settings').run();
    engine.kick('gpd');
    await until(
      () => JSON.stringify(getItem(db, itemId)),
      () => getItem(db, itemId)!.attempts > 0,
    );
    const item = getItem(db, itemId)!;
    expect(item).toMatchObject({ state: 'waiting', lastErrorCode: 'PLATFORM_NOT_CONFIGURED' });
    expect(item.lastErrorText).toBe('Collegamento con pagoPA GPD non ancora configurato: il responsabile lo imposta in Impostazioni.');
    expect(sims.stats().gpd.applied).toBe(0);
  });

  it('an untyped error is stored in plain Italian, not as its English text', { timeout: 60_000 }, async () => {
    const { db, actor, workstation } = store();
    const sim = createAnprSimulator({
      comuneIstat: '056003',
      trustedCaPem: [],
      xsdDir: null,
      strictSubjects: false,
      warn: () => undefined,
    });
    const sims = await startSimulators({ simulators: [sim] });
    cleanup.push(() => sims.close());
    // Demo mode whose certificate server cannot be reached (port 9: nothing listens).
    const engine = engineOn(
      db,
      workstation.id,
      { anpr: `${sims.url}/anpr`, demoCredentialsUrl: 'http://127.0.0.1:9/credentials' },
      true,
      'anpr',
    );
    const p = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 1`)
      .get() as { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string };
    const created = createPratica(db, actor, {
      code: '5008',
      testata: { tipoOperazione: 'C', dataDecorrenza: '2025-10-01' },
      richiesta: {
        generalitaPerRicerca: {
          codiceFiscale: { codFiscale: p.codice_fiscale },
          cognome: p.cognome,
          nome: p.nome,
          sesso: p.sesso,
          dataNascita: p.data_nascita,
          idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: '056003', idSchedaSoggetto: p.id },
        },
        statoCivile: { statoCivile: '2' },
        datiControllo: { tipoMutazione: ['07'] },
      },
    });
    engine.start();
    await until(
      () => JSON.stringify(getItem(db, created.outboxId)),
      () => getItem(db, created.outboxId)!.attempts > 0,
    );
    const item = getItem(db, created.outboxId)!;
    expect(item).toMatchObject({ state: 'waiting', lastErrorCode: 'SYNC_TRANSPORT' });
    expect(item.lastErrorText).not.toMatch(/fetch failed|demo credentials|Error/);
    expect(item.lastErrorText).toMatch(/Sportello riproverà da solo/);
  });
});
