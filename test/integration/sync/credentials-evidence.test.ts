/**
 * A lane paused for credentials resumes only on evidence: an answer to a send, or a probe that
 * presented the credentials. ANPR's probe (its WSDL) presents none, so with nothing left to try
 * (here the only queued pratica turned out corrupt and was set aside) the lane stays paused, and
 * the next pratica queued goes as the trial at once. Real demo Sportello (createApp), real ANPR
 * simulator with its certificate authority rotated, real encrypted SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { countByState, getItem } from '../../../electron/core/sync/outbox';
import { syncStatus } from '../../../electron/procedures/sync';
import { createAllSimulators } from '../../../simulators/all';
import { demoEndpoints } from '../../../simulators/demo';
import { startSimulators } from '../../../simulators/server';
import type { AnprSimulator } from '../../../simulators/anpr';
import { tempDir } from '../../support/tmp';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function until(what: () => string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a paused lane resumes only on evidence', () => {
  it('stays paused when nothing is left to try, and the next item queued is the trial', { timeout: 120_000 }, async () => {
    const all = createAllSimulators({ anprXsdDir: null });
    const sims = await startSimulators({ simulators: all.simulators, credentials: all.credentials, authority: all.authority });
    cleanup.push(() => sims.close());
    const anpr = await (all.simulators[0] as unknown as { ready: Promise<AnprSimulator> }).ready;
    const data = tempDir();
    cleanup.push(() => data.cleanup());
    const app: App = createApp({
      dataDir: data.dir,
      keys: keyFileProvider,
      demo: true,
      demoResidents: 10,
      endpoints: demoEndpoints(sims.url),
      syncTuning: { probeDownMs: 100, probeUpMs: 60_000, backoffBaseMs: 20, backoffCapMs: 200, credentialsRetryMs: 150 },
    });
    cleanup.push(() => app.close());
    const { db } = app.services;
    const lane = () => syncStatus(app.services).platforms.find((p) => p.platform === 'anpr')!;
    const persons = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 2`)
      .all() as { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string }[];
    const actor = { operatorId: 'clerk', workstationId: app.services.workstation.id };
    const marry = (p: (typeof persons)[number]) =>
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

    // The Comune's certificate is no longer accepted (CA rotated, renewal held back).
    expect((await fetch(`${sims.url}/_sim/rotate-ca`, { method: 'POST', body: JSON.stringify({ hold: true }) })).status).toBe(200);
    const first = marry(persons[0]);
    app.services.sync.kick('anpr');
    await until(
      () => `lane paused: ${JSON.stringify(lane())}`,
      () => lane().credentials !== null,
    );
    expect(lane().credentials).toMatchObject({ code: 'ANPR_REJECTED_BY_POLICY' });

    // The only queued item turns out corrupt (a damaged disk): the next trial sets it aside.
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run('{"code": "50', first.outboxId);
    await until(
      () => JSON.stringify(getItem(db, first.outboxId)),
      () => getItem(db, first.outboxId)!.state === 'attention',
    );
    expect(getItem(db, first.outboxId)!.lastErrorCode).toBe('SYNC_PAYLOAD_CORRUPT');

    // Several probes later (every 150 ms, none presenting the credentials): still paused.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(lane().credentials, 'nothing was accepted: the lane stays paused').toMatchObject({ code: 'ANPR_REJECTED_BY_POLICY' });

    // The next pratica is the trial: refused again, it stays queued (no "needs attention").
    const second = marry(persons[1]);
    app.services.sync.kick('anpr');
    await until(
      () => JSON.stringify(getItem(db, second.outboxId)),
      () => getItem(db, second.outboxId)!.attempts >= 1,
    );
    expect(getItem(db, second.outboxId)).toMatchObject({ state: 'waiting', lastErrorCode: 'ANPR_REJECTED_BY_POLICY' });
    expect(lane().credentials).not.toBeNull();
    expect(anpr.stats().applied).toBe(0);

    // The renewed certificate arrives: the trial is accepted, the lane resumes.
    await fetch(`${sims.url}/_sim/release-credentials`, { method: 'POST' });
    await until(
      () => JSON.stringify(countByState(db).anpr),
      () => countByState(db).anpr.done === 1,
    );
    expect(lane().credentials).toBeNull();
    expect(getItem(db, second.outboxId)!.state).toBe('done');
  });
});
