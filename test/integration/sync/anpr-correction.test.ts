/**
 * A refused pratica corrected by the clerk (sync.resend) may never change the subject it concerns:
 * the Comune's or ANPR's record of the person (idSchedaSoggetto) and the codice fiscale by which
 * an existing person is looked up stay as they were; adding a missing one is allowed, and so is
 * correcting the data ANPR's answer concerns. Real encrypted SQLite, the real anagrafe handlers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { createLogger } from '../../../electron/core/log';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { getItem, markAttention } from '../../../electron/core/sync/outbox';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

type Person = { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string };
type Pratica5008 = {
  richiesta: {
    generalitaPerRicerca: Record<string, unknown> & {
      codiceFiscale: { codFiscale: string };
      idSchedaSoggettoComune: { idSchedaSoggetto: string };
    };
    statoCivile: { statoCivile: string };
  };
};

describe('a correction never changes whom the pratica is about', () => {
  it('refuses a changed subject or codice fiscale; accepts a corrected civil status', () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const { db } = store;
    const engine = new SyncEngine(db, [], anagrafeOutboxHandlers, {
      log: createLogger(null),
      systemActor: systemActor('sync'),
    });
    const [p, other] = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 2`)
      .all() as Person[];
    const created = createPratica(db, store.actor, {
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
        statoCivile: { statoCivile: '9' },
        datiControllo: { tipoMutazione: ['07'] },
      },
    });
    // ANPR's answer as the adapter classifies it: the civil status is not acceptable.
    db.transaction(() => markAttention(db, created.outboxId, 'EN165', 'ANPR: stato civile non coerente.'))();
    const original = getItem(db, created.outboxId)!.payload as Pratica5008;

    const otherPerson = structuredClone(original);
    otherPerson.richiesta.generalitaPerRicerca.idSchedaSoggettoComune.idSchedaSoggetto = other.id;
    expect(() => engine.resend(store.actor, created.outboxId, otherPerson)).toThrow(
      expect.objectContaining({
        code: 'ANAGRAFE_CORRECTION_IDENTITY',
        field: 'richiesta.generalitaPerRicerca.idSchedaSoggettoComune.idSchedaSoggetto',
        userMessage: expect.stringMatching(
          /^Una correzione non può cambiare la persona a cui si riferisce la pratica \(«Scheda della persona in ANPR»\)/,
        ),
      }),
    );
    const otherCf = structuredClone(original);
    otherCf.richiesta.generalitaPerRicerca.codiceFiscale.codFiscale = other.codice_fiscale;
    expect(() => engine.resend(store.actor, created.outboxId, otherCf)).toThrow(
      expect.objectContaining({
        code: 'ANAGRAFE_CORRECTION_IDENTITY',
        field: 'richiesta.generalitaPerRicerca.codiceFiscale.codFiscale',
        userMessage: expect.stringContaining('(«Codice fiscale»)'),
      }),
    );
    // Nothing changed by the refused attempts: the item still needs attention, the person is untouched.
    expect(getItem(db, created.outboxId)).toMatchObject({ state: 'attention', lastErrorCode: 'EN165' });
    const stillThere = db.prepare('SELECT status FROM anagrafe_person WHERE id = ?').get(p.id) as { status: string };
    expect(stillThere.status).toBe('residente');

    const married = structuredClone(original);
    married.richiesta.statoCivile.statoCivile = '2';
    engine.resend(store.actor, created.outboxId, married);
    const resent = getItem(db, created.outboxId)!;
    expect(resent.state).toBe('pending');
    expect((resent.payload as Pratica5008).richiesta.statoCivile.statoCivile).toBe('2');
    expect(resent.idempotencyKey).not.toBe(created.idOperazioneComune);
  });

  it('after an error whose subject is known (EN240, decorrenza) only the dates may change', () => {
    const t = tempDir();
    cleanup.push(() => t.cleanup());
    const store = pagopaStore(t.dir);
    cleanup.push(() => {
      store.db.close();
    });
    const { db } = store;
    const engine = new SyncEngine(db, [], anagrafeOutboxHandlers, {
      log: createLogger(null),
      systemActor: systemActor('sync'),
    });
    const p = db
      .prepare(`SELECT id, codice_fiscale, cognome, nome, sesso, data_nascita FROM anagrafe_person
      WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id LIMIT 1`)
      .get() as Person;
    const created = createPratica(db, store.actor, {
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
    db.transaction(() =>
      markAttention(
        db,
        created.outboxId,
        'EN240',
        "ANPR: la data decorrenza non può essere inferiore all'ultima operazione effettuata sul soggetto.",
      ),
    )();
    const original = getItem(db, created.outboxId)!.payload as Pratica5008 & { testata: { dataDecorrenza: string } };

    const otherStatus = structuredClone(original);
    otherStatus.richiesta.statoCivile.statoCivile = '3';
    expect(() => engine.resend(store.actor, created.outboxId, otherStatus)).toThrow(
      expect.objectContaining({
        code: 'ANAGRAFE_CORRECTION_FIELD',
        field: 'richiesta.statoCivile.statoCivile',
        userMessage: expect.stringMatching(
          /^La risposta di ANPR \(EN240\) riguarda solo le date \(decorrenza, evento\): «Stato civile» non si può cambiare/,
        ),
      }),
    );
    const later = structuredClone(original);
    later.testata.dataDecorrenza = '2025-11-03';
    engine.resend(store.actor, created.outboxId, later);
    expect(getItem(db, created.outboxId)).toMatchObject({ state: 'pending', payload: { testata: { dataDecorrenza: '2025-11-03' } } });
  });
});
