/**
 * Production wiring: ANPR configured in the encrypted Settings. A certificate ANPR refuses
 * pauses the lane; once the responsabile installs the renewed certificate in the Settings,
 * SyncEngine.credentialsChanged('anpr') makes the adapter re-read them and the lane resumes at
 * once — the same engine, no restart. Real ANPR simulator over HTTP, real encrypted SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { createLogger } from '../../../electron/core/log';
import { setSetting } from '../../../electron/core/settings/settings';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import { buildPlatforms, type PlatformSettings } from '../../../electron/platforms/wiring';
import { createAnprSimulator } from '../../../simulators/anpr';
import { startSimulators } from '../../../simulators/server';
import { makeTestPki } from '../../unit/anpr/support/test-pki';
import { pagopaStore } from '../../support/pagopa-fixture';
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

describe('ANPR credentials from the Settings', () => {
  it('a refused certificate pauses ANPR; the renewed one saved in the Settings resumes it through credentialsChanged', {
    timeout: 90_000,
  }, async () => {
    const pki = makeTestPki();
    cleanup.push(() => pki.cleanup());
    const sim = createAnprSimulator({
      comuneIstat: '056003',
      trustedCaPem: [pki.caPem],
      xsdDir: null,
      strictSubjects: false,
      warn: () => undefined,
    });
    const sims = await startSimulators({ simulators: [sim] });
    cleanup.push(() => sims.close());
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const { db } = store;

    const anprSettings = (comune: { p12: Buffer; password: string }): PlatformSettings => ({
      anpr: {
        endpoint: `${sims.url}/anpr`,
        tipoInvio: 'TEST',
        idPostazione: '056003-PC-0001',
        comuneCertificate: { p12: comune.p12.toString('base64'), password: comune.password },
        postazioneCertificate: { p12: pki.postazioneP12.toString('base64'), password: pki.postazionePassword },
      },
    });
    // The certificate installed at first: from a CA ANPR does not (or no longer) trust.
    setSetting(db, 'platforms', anprSettings({ p12: pki.rogueP12, password: pki.roguePassword }));
    // Production signs each request with the operator's codice fiscale, as registered in ANPR.
    db.prepare(`INSERT INTO operators (id, username, display_name, codice_fiscale, roles, password_hash, active, created_at, updated_at)
      VALUES ('test-operator', 'prova', 'Operatore di prova', 'DMEPTR80A01A577B', '["operatore"]', 'x', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run();
    const system = systemActor(store.workstation.id);
    const platforms = buildPlatforms({
      db,
      endpoints: undefined,
      log: createLogger(null),
      systemActor: system,
      demo: false,
      onChange: () => undefined,
    });
    // Production has a lane per platform; those not configured yet are simply unreachable (IO's answers
    // reachable and is not shown until the responsabile sets it up; no hub lane without a hub).
    expect(platforms.adapters.map((a) => a.platform)).toEqual(['anpr', 'gpd', 'agenda', 'io']);
    const engine = new SyncEngine(db, platforms.adapters, platforms.outboxHandlers, {
      log: createLogger(null),
      systemActor: system,
      backoff: { baseMs: 20, capMs: 100 },
      probeDownMs: 100,
      credentialsRetryMs: 60_000,
    });
    cleanup.push(() => engine.stop());

    const persons = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 4`)
      .all() as { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string }[];
    for (const p of persons) {
      createPratica(db, store.actor, {
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
    }
    engine.start();
    const lane = () => engine.health().find((h) => h.platform === 'anpr')!;
    await until(
      () => `paused: ${JSON.stringify(lane())}`,
      () => lane().credentials !== null,
    );
    expect(lane().credentials!.code).toBe('ANPR_REJECTED_BY_POLICY');
    await new Promise((r) => setTimeout(r, 500));
    expect(countByState(db).anpr).toMatchObject({ attention: 0, done: 0 });
    expect(sim.stats().applied).toBe(0);

    // The responsabile installs the renewed certificate (what the settings screen will save).
    setSetting(db, 'platforms', anprSettings({ p12: pki.comuneP12, password: pki.comunePassword }));
    engine.credentialsChanged('anpr');
    await until(
      () => `drained: ${JSON.stringify(countByState(db).anpr)}`,
      () => countByState(db).anpr.done === persons.length,
    );
    expect(lane().credentials).toBeNull();
    expect(countByState(db).anpr.attention).toBe(0);
    expect(sim.stats()).toMatchObject({ applied: persons.length, appliedTwice: 0 });
  });
});
