/**
 * The simulated ANPR's certificate authority is rotated in the middle of a drain (as when the
 * Comune's ANPR certificate is revoked and renewed): the running demo Sportello (createApp, no
 * restart) pauses its ANPR lane as "Credenziali da verificare" with ANPR's words, keeps every
 * pratica queued (0 in "needs attention"), re-reads its credentials while paused, and once the
 * renewed certificate is handed out resumes by itself: every item applied exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { countByState } from '../../../electron/core/sync/outbox';
import { syncStatus } from '../../../electron/procedures/sync';
import { createAllSimulators } from '../../../simulators/all';
import { demoEndpoints } from '../../../simulators/demo';
import { startSimulators } from '../../../simulators/server';
import type { AnprSimulator } from '../../../simulators/anpr';
import { tempDir } from '../../support/tmp';

const N = 24;
let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(what: () => string, cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ANPR certificate authority rotated mid-drain', () => {
  it('pauses the lane, keeps every pratica queued, and applies each once after the renewed certificate arrives, with no restart', {
    timeout: 120_000,
  }, async () => {
    const all = createAllSimulators({ anprXsdDir: null });
    const sims = await startSimulators({
      simulators: all.simulators,
      credentials: all.credentials,
      authority: all.authority,
      faults: { latencyMs: 20 },
    });
    cleanup.push(() => sims.close());
    const anpr = await (all.simulators[0] as unknown as { ready: Promise<AnprSimulator> }).ready;
    const data = tempDir();
    cleanup.push(() => data.cleanup());
    const app: App = createApp({
      dataDir: data.dir,
      keys: keyFileProvider,
      demo: true,
      demoResidents: 60,
      endpoints: demoEndpoints(sims.url),
      syncTuning: { probeDownMs: 100, probeUpMs: 60_000, backoffBaseMs: 20, backoffCapMs: 200, credentialsRetryMs: 200 },
    });
    cleanup.push(() => app.close());
    const { db } = app.services;
    const lane = () => syncStatus(app.services).platforms.find((p) => p.platform === 'anpr')!;
    const counts = () => countByState(db).anpr;

    // N changes of civil status, one per resident (each its own ordering key), recorded at the counter.
    const persons = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT ?`)
      .all(N) as { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string }[];
    expect(persons).toHaveLength(N);
    const actor = { operatorId: 'clerk', workstationId: app.services.workstation.id };
    for (const p of persons) {
      createPratica(db, actor, {
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
    app.services.sync.kick('anpr');

    // Mid-drain: the CA changes; the renewed certificate is held back for now.
    await until(
      () => `first items applied: ${JSON.stringify(anpr.stats())}`,
      () => anpr.stats().applied >= 4,
    );
    const rotated = await fetch(`${sims.url}/_sim/rotate-ca`, { method: 'POST', body: JSON.stringify({ hold: true }) });
    expect(rotated.status).toBe(200);
    const appliedBeforeRotation = anpr.stats().applied;

    await until(
      () => `lane paused: ${JSON.stringify(lane())}`,
      () => lane().credentials !== null,
    );
    expect(lane().credentials).toMatchObject({ code: 'ANPR_REJECTED_BY_POLICY' });
    expect(lane().credentials!.text).toMatch(/Rejected by policy/);
    expect(anpr.lastRefusal()).toMatch(/CA riconosciuta/);

    // While paused (several credential re-reads and trials): nothing applied, nothing needs a person.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(lane().credentials, 'still paused: the renewed certificate is not out yet').not.toBeNull();
    expect(counts().attention).toBe(0);
    expect(anpr.stats().applied).toBeLessThanOrEqual(appliedBeforeRotation + 2); // answers already on the wire
    const queued = counts().pending + counts().waiting;
    expect(queued).toBeGreaterThan(0);
    expect(counts().done + queued).toBe(N);

    // The renewed certificate reaches the Comune: the lane resumes by itself, no restart, no resend by hand.
    await fetch(`${sims.url}/_sim/release-credentials`, { method: 'POST' });
    await until(
      () => `drained: ${JSON.stringify(counts())}`,
      () => counts().done === N,
      60_000,
    );
    expect(lane().credentials).toBeNull();
    expect(counts().attention).toBe(0);
    const applied = anpr.appliedOperations();
    expect(applied).toHaveLength(N);
    expect(new Set(applied.map((a) => a.idOperazioneComune)).size).toBe(N);
    expect(anpr.stats().appliedTwice).toBe(0);
  });
});
