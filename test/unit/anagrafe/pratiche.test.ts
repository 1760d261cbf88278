import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComune, type DemoPerson } from '../../../electron/core/anagrafe/demo';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { allocateIdOperazioneComune } from '../../../electron/core/anagrafe/id-operazione';
import { configureComune, getComuneSettings } from '../../../electron/core/comune/settings';
import { createPratica, getPratica } from '../../../electron/core/anagrafe/pratiche';
import { getPersonRow, lastOperationDate, readPersonRecord } from '../../../electron/core/anagrafe/registry';
import { listAudit, verifyAudit } from '../../../electron/core/audit/log';
import { ValidationError } from '../../../electron/core/errors';
import { withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { getItem, markAttention, resendCorrected } from '../../../electron/core/sync/outbox';
import { count } from './places';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { change, families, move } from './payloads';

const TABLES = [
  'anagrafe_pratica',
  'anagrafe_operation',
  'anagrafe_id_operazione',
  'anagrafe_family',
  'anagrafe_address',
  'outbox',
  'audit_log',
];
const snapshot = (db: Db) => ({
  ...Object.fromEntries(TABLES.map((t) => [t, count(db, t)])),
  settings: db.prepare('SELECT last_id_ms, next_local_id FROM anagrafe_settings').get(),
  persons: db
    .prepare("SELECT group_concat(id || status || coalesce(family_id, '') || coalesce(codice_legame, ''), ',') AS s FROM anagrafe_person")
    .get(),
});
const handler = (kind: string) => anagrafeOutboxHandlers.find((h) => h.kind === kind)!;

describe('createPratica and the anpr handlers', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Db;
  let persons: DemoPerson[];

  beforeAll(() => {
    t = openTestDb();
    db = t.db;
    persons = seedDemoComune(db, { persons: 300 });
  });
  afterAll(() => t.cleanup());

  it('allocates idOperazioneComune: numeric, ≤30 chars, increasing even if the clock goes back, workstation in the suffix', () => {
    const a = allocateIdOperazioneComune(db, 1_800_000_000_000);
    const b = allocateIdOperazioneComune(db, 1_700_000_000_000);
    expect(a).toMatch(/^\d{16}$/);
    expect(a.endsWith('001')).toBe(true);
    expect(BigInt(b)).toBeGreaterThan(BigInt(a));
    configureComune(db, { ...getComuneSettings(db), workstationSlot: 42 });
    const c = allocateIdOperazioneComune(db, 1_800_000_000_000);
    expect(c.endsWith('042')).toBe(true);
    expect(BigInt(c)).toBeGreaterThan(BigInt(b));
    configureComune(db, { ...getComuneSettings(db), workstationSlot: 1 });
  });

  it('writes pratica, pending registry state, outbox item and audit in one go', () => {
    const fam = families(persons, 2)[0];
    const r = createPratica(
      db,
      clerk,
      move({
        familyId: fam[0].familyId,
        members: fam.map((p) => ({ p, legame: p.codiceLegame })),
        decorrenza: '2025-09-01',
        via: 'DELLE ROSE',
        numero: '12',
      }),
    );
    expect(r.state).toBe('in_attesa');
    expect(r.statusText).toBe('In attesa di ANPR');
    const item = getItem(db, r.outboxId)!;
    expect(item).toMatchObject({
      platform: 'anpr',
      kind: 'anpr.5005',
      idempotencyKey: r.idOperazioneComune,
      orderingKey: `anpr:famiglia:${fam[0].familyId}`,
      businessType: 'pratica',
      businessId: r.praticaId,
      state: 'pending',
    });
    expect((item.payload as { code: string }).code).toBe('5005');
    const rec = readPersonRecord(db, clerk, fam[0].id);
    expect(rec.anprStatus).toBe('In attesa di ANPR');
    expect(rec.address).toMatchObject({ denominazione: 'DELLE ROSE', numero: '12', valid_from: '2025-09-01' });
    expect(rec.history[0]).toMatchObject({ pratica_id: r.praticaId, code: '5005', state: 'in_attesa', data_decorrenza: '2025-09-01' });
    expect(listAudit(db, { entityType: 'pratica', entityId: r.praticaId })[0].action).toBe('pratica.create');
    expect(listAudit(db, { entityType: 'person', entityId: fam[0].id })[0].action).toBe('person.read');
    expect(verifyAudit(db).ok).toBe(true);
  });

  it('a failure anywhere in the transaction leaves nothing behind', () => {
    const p = persons.find((x) => x.codiceLegame === '3')!;
    const before = snapshot(db);
    const lastBefore = lastOperationDate(db, p.id);
    // 1. a rule fails
    expect(() => createPratica(db, clerk, change({ p, decorrenza: '2099-01-01' }))).toThrow(ValidationError);
    expect(snapshot(db)).toEqual(before);
    // 2. the last write (audit) fails after registry, pratica and outbox were written
    db.exec(`CREATE TRIGGER audit_fail BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      const fam = families(persons, 3)[0];
      const kid = fam.find((x) => x.codiceLegame !== '1')!;
      expect(() =>
        createPratica(
          db,
          clerk,
          move({ familyId: fam[0].familyId, members: [{ p: kid, legame: '1' }], decorrenza: '2025-09-02', tipoScheda: '2' }),
        ),
      ).toThrow(/disk full/);
      expect(() => createPratica(db, clerk, change({ p, decorrenza: '2025-09-02' }))).toThrow(/disk full/);
    } finally {
      db.exec('DROP TRIGGER audit_fail');
    }
    expect(snapshot(db)).toEqual(before);
    expect(lastOperationDate(db, p.id)).toBe(lastBefore);
  });

  it('on done stores ANPR ids as text (above 2^31) and clears the pending state', () => {
    const p = persons.filter((x) => x.codiceLegame === '2')[5];
    const r = createPratica(db, clerk, change({ p, decorrenza: '2025-10-01' }));
    const item = getItem(db, r.outboxId)!;
    withTx(db, (tx) =>
      handler('anpr.5008').onDone!(tx, item, {
        testataRisposta: { idOperazioneANPR: '2148534884123', esitoOperazione: '2' },
        listaSoggettiVariati: {
          datiSoggetto: [
            {
              identificativi: { idANPR: 'AB12345CD' },
              generalitaAttuali: {
                idSchedaSoggettoComune: { idSchedaSoggetto: p.id },
                idSchedaSoggettoANPR: '9007199254740993',
                codiceFiscale: { codFiscale: p.codiceFiscale, validitaCF: '1' },
              },
              famigliaConvivenza: { idFamigliaConvivenzaANPR: '3000000001', tipoScheda: '3' },
            },
          ],
        },
      }),
    );
    expect(getPratica(db, r.praticaId)).toMatchObject({ state: 'applicata', id_operazione_anpr: '2148534884123' });
    const row = getPersonRow(db, p.id)!;
    expect(row).toMatchObject({ id_anpr: 'AB12345CD', id_scheda_soggetto_anpr: '9007199254740993', validita_cf: '1', stato_civile: '2' });
    expect(readPersonRecord(db, clerk, p.id).anprStatus).toBeNull();
    expect(
      (db.prepare('SELECT id_famiglia_anpr FROM anagrafe_family WHERE id = ?').get(p.familyId) as { id_famiglia_anpr: string })
        .id_famiglia_anpr,
    ).toBe('3000000001');
  });

  it('on attention marks the pratica rejected with ANPR’s code; a correction gets a new idOperazioneComune and is re-validated', () => {
    const p = persons.filter((x) => x.codiceLegame === '3')[3];
    const r = createPratica(db, clerk, change({ p, decorrenza: '2025-10-02' }));
    const item = getItem(db, r.outboxId)!;
    withTx(db, (tx) => {
      markAttention(db, item.id, 'EN240', 'Data decorrenza non valida');
      handler('anpr.5008').onAttention!(tx, item, 'EN240', 'Data decorrenza non valida');
    });
    expect(getPratica(db, r.praticaId)).toMatchObject({ state: 'respinta', esito_code: 'EN240', esito_text: 'Data decorrenza non valida' });
    // EN240 concerns the decorrenza: a correction of anything else is refused.
    expect(() =>
      withTx(db, (tx) =>
        handler('anpr.5008').prepareCorrection!(tx, getItem(db, item.id)!, change({ p, decorrenza: '2025-10-03', statoCivile: '4' })),
      ),
    ).toThrow(expect.objectContaining({ code: 'ANAGRAFE_CORRECTION_FIELD' }));
    // A bad correction is refused with the field named.
    expect(() =>
      withTx(db, (tx) => handler('anpr.5008').prepareCorrection!(tx, getItem(db, item.id)!, change({ p, decorrenza: '2099-01-01' }))),
    ).toThrow(ValidationError);
    const corrected = withTx(db, (tx) => {
      const next = handler('anpr.5008').prepareCorrection!(tx, getItem(db, item.id)!, change({ p, decorrenza: '2025-10-03' }));
      resendCorrected(db, item.id, next.payload, next.idempotencyKey);
      return next;
    });
    expect(corrected.idempotencyKey).not.toBe(r.idOperazioneComune);
    expect(getItem(db, item.id)).toMatchObject({ state: 'pending', idempotencyKey: corrected.idempotencyKey });
    expect(getPratica(db, r.praticaId)).toMatchObject({
      state: 'in_attesa',
      id_operazione_comune: corrected.idempotencyKey,
      data_decorrenza: '2025-10-03',
    });
    const ids = db
      .prepare('SELECT id_operazione_comune FROM anagrafe_id_operazione WHERE pratica_id = ? ORDER BY allocated_at')
      .all(r.praticaId);
    expect(ids).toHaveLength(2);
  });

  it('on discard cancels the pratica and restores a cancelled person', () => {
    const fam = families(persons, 1).find((f) => f.length === 1)!;
    const solo = fam[0];
    const r = createPratica(db, clerk, {
      code: '2003',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        datiCancellazione: { motivoCancellazione: '6', dataDecorrenzaCancellazione: '2025-11-01' },
        generalitaPerRicerca: {
          cognome: solo.cognome,
          nome: solo.nome,
          codiceFiscale: { codFiscale: solo.codiceFiscale },
          idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: '056003', idSchedaSoggetto: solo.id },
        },
        datiControllo: { ruoloSoggetto: '1' },
      },
    });
    expect(getPersonRow(db, solo.id)!.status).toBe('cancellato');
    withTx(db, (tx) => handler('anpr.2003').onDiscarded!(tx, getItem(db, r.outboxId)!, 'Pratica ritirata dal cittadino'));
    expect(getPratica(db, r.praticaId)!.state).toBe('annullata');
    expect(getPersonRow(db, solo.id)!.status).toBe('residente');
    expect(lastOperationDate(db, solo.id)).toBeNull();
  });
});
