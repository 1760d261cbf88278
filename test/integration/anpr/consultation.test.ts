/**
 * "Cerca in ANPR" end to end below the UI: the real dispatcher and demo wiring of createApp, a real
 * encrypted store, the ANPR simulator over HTTP answering 3002 from its own population. Found, not
 * found (EN122), several found (homonyms by names and birth date), ANPR down (a typed Italian
 * error), and the audit entry of each consultation with its purpose. Every 3002 answer the
 * simulator gave is validated against the official XSD (../shared/data/anpr) when present.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../electron/app';
import { computeCodiceFiscale } from '../../../electron/core/anagrafe/codice-fiscale';
import type { AnprSimulator } from '../../../simulators/anpr';
import { createXsdValidator } from '../../../simulators/anpr/xsd-validate';
import type { RunningSimulators } from '../../../simulators/server';
import { ANPR_XSD_DIR, haveAnprXsd, startAnprApp, type AnprApp } from '../../support/anpr-app';

interface AuditRow {
  operator_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: string;
}

describe('Cerca in ANPR (3002) through the dispatcher, against the simulator', { timeout: 120_000 }, () => {
  let env: AnprApp;
  let sim: AnprSimulator;
  let sims: RunningSimulators;
  let app: App;
  let answers: string[];
  const call = (name: string, input: unknown = {}) => env.call(name, input);
  const consult = (criteria: unknown, purpose = 'identity_check') => call('anagrafe.anpr.consult', { criteria, purpose });
  const audits = () =>
    app.services.db
      .prepare("SELECT operator_id, action, entity_type, entity_id, detail FROM audit_log WHERE action = 'anpr.consult' ORDER BY seq")
      .all() as AuditRow[];

  const verdi = { cognome: 'VERDI', nome: 'GIUSEPPE', sesso: 'M' as const, dataNascita: '1975-03-12' };
  const verdiCf = computeCodiceFiscale({ ...verdi, belfiore: 'F205' });
  // Two persons with the same names and birth date, born in different Comuni (homonyms).
  const twin = { cognome: 'ESPOSITO', nome: 'ANNA', sesso: 'F' as const, dataNascita: '1990-07-01' };
  const twinCfs = [computeCodiceFiscale({ ...twin, belfiore: 'F839' }), computeCodiceFiscale({ ...twin, belfiore: 'H501' })];

  beforeAll(async () => {
    env = await startAnprApp();
    ({ app, sim, sims, answers } = env);
    sim.addSubject({ codiceFiscale: verdiCf, ...verdi });
    for (const cf of twinCfs) sim.addSubject({ codiceFiscale: cf, ...twin });
  }, 120_000);

  afterAll(async () => {
    await env?.close();
  });

  it('finds a person by codice fiscale, not in the local registry, and audits who, whom and why', async () => {
    const r = await consult({ by: 'codiceFiscale', codiceFiscale: verdiCf.toLowerCase() });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data.persons).toHaveLength(1);
    expect(r.data.persons[0]).toMatchObject({ codiceFiscale: verdiCf, cognome: 'VERDI', nome: 'GIUSEPPE', dataNascita: '1975-03-12' });
    expect(r.data.persons[0].localId).toBeNull();
    expect(r.data.persons[0].idANPR).toBe(sim.subject(verdiCf)!.idANPR);
    const last = audits().at(-1)!;
    const operatorId = (app.services.db.prepare("SELECT id FROM operators WHERE username = 'resp'").get() as { id: string }).id;
    expect(last).toMatchObject({ operator_id: operatorId, entity_type: 'anpr_person', entity_id: verdiCf });
    expect(JSON.parse(last.detail)).toMatchObject({
      purpose: 'identity_check',
      by: 'codiceFiscale',
      outcome: 'shown',
      idOperazioneComune: r.data.idOperazioneComune,
    });
  });

  it('finds the same person by ID ANPR', async () => {
    const idANPR = sim.subject(verdiCf)!.idANPR;
    const r = await consult({ by: 'idANPR', idANPR }, 'case_work');
    expect(r.data.persons.map((p: { codiceFiscale: string }) => p.codiceFiscale)).toEqual([verdiCf]);
    expect(audits().at(-1)).toMatchObject({ entity_id: verdiCf });
    expect(JSON.parse(audits().at(-1)!.detail)).toMatchObject({ purpose: 'case_work', by: 'idANPR' });
  });

  it('answers no one when ANPR finds no one (EN122), and audits the attempt', async () => {
    const unknown = computeCodiceFiscale({ cognome: 'NESSUNO', nome: 'MARIO', sesso: 'M', dataNascita: '1960-01-01', belfiore: 'L219' });
    const r = await consult({ by: 'codiceFiscale', codiceFiscale: unknown }, 'office_check');
    expect(r).toMatchObject({ ok: true, data: { persons: [] } });
    expect(audits().at(-1)).toMatchObject({ entity_id: unknown });
    expect(JSON.parse(audits().at(-1)!.detail)).toMatchObject({ purpose: 'office_check', outcome: 'none' });
  });

  it('shows every homonym found by names and birth date, one audit entry each', async () => {
    const before = audits().length;
    const r = await consult({ by: 'nomi', cognome: 'Esposito', nome: 'Anna', dataNascita: '1990-07-01' }, 'certificate');
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data.persons.map((p: { codiceFiscale: string }) => p.codiceFiscale).sort()).toEqual([...twinCfs].sort());
    const mine = audits().slice(before);
    expect(mine.map((a) => a.entity_id).sort()).toEqual([...twinCfs].sort());
    for (const a of mine) expect(JSON.parse(a.detail)).toMatchObject({ purpose: 'certificate', by: 'nomi', found: 2 });
    // Same names, another birth date: no one.
    const none = await consult({ by: 'nomi', cognome: 'ESPOSITO', nome: 'ANNA', dataNascita: '1990-07-02' });
    expect(none.data.persons).toEqual([]);
  });

  it('says which persons the local registry already has', async () => {
    const local = app.services.db
      .prepare(
        'SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person WHERE codice_fiscale IS NOT NULL LIMIT 1',
      )
      .get() as { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string };
    if (!sim.subject(local.codice_fiscale))
      sim.addSubject({
        codiceFiscale: local.codice_fiscale,
        cognome: local.cognome,
        nome: local.nome,
        sesso: local.sesso,
        dataNascita: local.data_nascita,
      });
    const r = await consult({ by: 'codiceFiscale', codiceFiscale: local.codice_fiscale });
    expect(r.data.persons[0]).toMatchObject({ codiceFiscale: local.codice_fiscale, localId: local.id });
  });

  it('refuses an empty criterion before calling ANPR, in Italian', async () => {
    const calls = sims.stats().anpr.requests;
    const r = await consult({ by: 'nomi', cognome: 'ROSSI', nome: '', dataNascita: '1980-01-01' });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r.error)).toContain('Indicare il nome.');
    expect(sims.stats().anpr.requests).toBe(calls);
  });

  it('with ANPR down: a typed Italian error, the attempt audited, nothing personal in the log', async () => {
    sims.setDown(['anpr'], true);
    try {
      const r = await consult({ by: 'codiceFiscale', codiceFiscale: verdiCf });
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('ANPR_UNREACHABLE');
      expect(r.error.message).toMatch(/^ANPR non risponde: la consultazione non è stata fatta\. Riprovare/);
      expect(audits().at(-1)).toMatchObject({ entity_id: verdiCf });
      expect(JSON.parse(audits().at(-1)!.detail)).toMatchObject({ outcome: 'ANPR_UNREACHABLE' });
    } finally {
      sims.setDown(['anpr'], false);
    }
    const logs = readdirSync(join(env.dataDir, 'logs'), { withFileTypes: true }).filter((f) => f.isFile());
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) {
      const text = readFileSync(join(f.parentPath, f.name), 'utf8');
      for (const cf of [verdiCf, ...twinCfs]) expect(text).not.toContain(cf);
      expect(text).not.toContain('ESPOSITO');
    }
  });

  it.skipIf(!haveAnprXsd)('every 3002 answer the simulator gave is valid against 3000consultazione.xsd', async () => {
    const xsd = createXsdValidator(ANPR_XSD_DIR, () => undefined);
    const risposte = answers.filter((a) => a.includes('Risposta3002'));
    expect(risposte.length).toBeGreaterThanOrEqual(5);
    for (const a of risposte) {
      const v = await xsd.validate(env.payloadOf(a), '3000consultazione.xsd');
      expect(v, a.slice(0, 400)).toEqual({ ok: true });
    }
  });
});
