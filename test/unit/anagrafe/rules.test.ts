import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale, omocode } from '../../../electron/core/anagrafe/codice-fiscale';
import { seedDemoComune, type DemoPerson } from '../../../electron/core/anagrafe/demo';
import { createPratica } from '../../../electron/core/anagrafe/pratiche';
import { checkPratica } from '../../../electron/core/anagrafe/rules';
import { getPersonRow } from '../../../electron/core/anagrafe/registry';
import { resolveComune, resolveStato } from '../../../electron/core/anagrafe/places';
import { ValidationError } from '../../../electron/core/errors';
import type { Db } from '../../../electron/core/store/types';
import { hasAnprData, loadOfficialPlaces, NO_DATA_REASON } from './places';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';
import { birth, change, death, families, move } from './payloads';

const TODAY = '2026-11-23';

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

if (!hasAnprData) console.warn(NO_DATA_REASON);

describe.skipIf(!hasAnprData)('anagrafe rules (with ANPR places)', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Db;
  let persons: DemoPerson[];

  beforeAll(async () => {
    t = openTestDb();
    db = t.db;
    const loaded = await loadOfficialPlaces(db);
    expect(loaded.comuni).toBeGreaterThan(19000);
    expect(loaded.ceased).toBeGreaterThanOrEqual(5);
    persons = seedDemoComune(db, { persons: 400 });
  });
  afterAll(() => t.cleanup());
  /** A resident mother: the newborn joins her family (attribuzioneFamiglia 3). */
  const mum = () => persons.find((p) => p.sesso === 'F')!;

  describe('places valid at a date', () => {
    it('finds historical names and their validity intervals', () => {
      expect(resolveComune(db, { nomeComune: 'Bagnorea', siglaProvinciaIstat: 'RM' }, '1900-05-01').status).toBe('valid');
      expect(resolveComune(db, { nomeComune: 'Bagnorea' }, '1950-05-01')).toMatchObject({
        status: 'ceased',
        place: { valid_to: '1922-07-25' },
      });
      expect(resolveComune(db, { codiceIstat: '037061', nomeComune: 'Valsamoggia' }, '2000-01-01')).toMatchObject({
        status: 'not_yet',
        place: { valid_from: '2014-01-01' },
      });
      expect(resolveStato(db, { codiceStato: '235', descrizioneStato: 'Romania' }, '1990-01-01')).toMatchObject({
        status: 'valid',
        place: { belfiore: 'Z129' },
      });
      expect(resolveStato(db, { descrizioneStato: 'Repubblica Socialista Federale di Jugoslavia' }, '1975-01-01')).toMatchObject({
        status: 'valid',
        place: { belfiore: 'Z118' },
      });
    });

    it('rejects a comune that did not yet exist at the birth date, naming the field', () => {
      const luogo = { comune: { nomeComune: 'VALSAMOGGIA', codiceIstat: '037061', siglaProvinciaIstat: 'BO' } };
      const data = { cognome: 'Neri', nome: 'Luca', sesso: 'M' as const, dataNascita: '2010-04-02' };
      const e = rejection(() =>
        checkPratica(db, birth({ ...data, parent: mum(), luogo, cf: computeCodiceFiscale({ ...data, belfiore: 'M320' }) }), {
          today: TODAY,
        }),
      );
      expect(e.code).toBe('ANAGRAFE_PLACE_NOT_YET');
      expect(e.field).toBe('richiesta.generalita1001.generalita.luogoNascita');
      expect(e.userMessage).toContain('Luogo di nascita');
      expect(e.userMessage).toContain('01/01/2014');
      // Born after it was instituted: accepted.
      const ok = { ...data, dataNascita: '2015-04-02' };
      expect(() =>
        checkPratica(db, birth({ ...ok, parent: mum(), luogo, cf: computeCodiceFiscale({ ...ok, belfiore: 'M320' }) }), { today: TODAY }),
      ).not.toThrow();
    });

    it('rejects a ceased foreign state after it ceased and accepts it before', () => {
      const luogo = { localita: { descrizioneStato: 'Repubblica Socialista Federale di Jugoslavia', codiceStato: '999' } };
      const born2010 = { cognome: 'Petrovic', nome: 'Ana', sesso: 'F' as const, dataNascita: '2010-03-03' };
      const e = rejection(() =>
        checkPratica(db, birth({ ...born2010, parent: mum(), luogo, cf: computeCodiceFiscale({ ...born2010, belfiore: 'Z118' }) }), {
          today: TODAY,
        }),
      );
      expect(e.code).toBe('ANAGRAFE_PLACE_CEASED');
      expect(e.userMessage).toContain('non esisteva più');

      const born1980 = { ...born2010, dataNascita: '1980-03-03' };
      const p = {
        code: '1002',
        testata: { tipoOperazione: 'C', dataDecorrenza: '2025-02-01' },
        richiesta: {
          motivoIscrizione: { idMotivoIscrizione: '4' },
          generalita1002: {
            generalita: {
              ...born1980,
              luogoNascita: luogo,
              codiceFiscale: { codFiscale: computeCodiceFiscale({ ...born1980, belfiore: 'Z118' }) },
            },
          },
          cittadinanza: [{ descrizioneStato: 'SERBIA', codiceStato: '271' }],
          provenienza: { localita: { descrizioneStato: 'SERBIA', codiceStato: '271' } },
          residenza: [
            {
              tipoIndirizzo: '1',
              indirizzo: {
                cap: '01022',
                comune: { nomeComune: 'BAGNOREGIO', codiceIstat: '056003', siglaProvinciaIstat: 'VT' },
                toponimo: { specie: 'VIA', denominazioneToponimo: 'ROMA' },
                numeroCivico: { numero: '3' },
              },
            },
          ],
          datiControllo: { attribuzioneFamiglia: '1' },
        },
      };
      expect(() => checkPratica(db, p, { today: TODAY })).not.toThrow();
    });

    it('rejects a codice fiscale whose place code differs from the birthplace', () => {
      const data = { cognome: 'Neri', nome: 'Luca', sesso: 'M' as const, dataNascita: '2024-04-02' };
      const e = rejection(() =>
        checkPratica(db, birth({ ...data, parent: mum(), cf: computeCodiceFiscale({ ...data, belfiore: 'H501' }) }), { today: TODAY }),
      );
      expect(e.code).toBe('ANAGRAFE_CF_PLACE');
      expect(e.field).toBe('richiesta.generalita1001.generalita.luogoNascita');
    });
  });

  describe('codice fiscale on a pratica', () => {
    const data = { cognome: 'Fontana', nome: 'Giorgio', sesso: 'M' as const, dataNascita: '2024-06-30' };
    const cf = computeCodiceFiscale({ ...data, belfiore: 'A577' });

    it('accepts the computed code and an omocode', () => {
      expect(() => checkPratica(db, birth({ ...data, parent: mum(), cf }), { today: TODAY })).not.toThrow();
      expect(() => checkPratica(db, birth({ ...data, parent: mum(), cf: omocode(cf, 3) }), { today: TODAY })).not.toThrow();
    });

    it('rejects a wrong check character and a wrong name, naming the field in Italian', () => {
      const wrong = cf.slice(0, 15) + (cf[15] === 'A' ? 'B' : 'A');
      const e1 = rejection(() => checkPratica(db, birth({ ...data, parent: mum(), cf: wrong }), { today: TODAY }));
      expect(e1).toMatchObject({ code: 'ANAGRAFE_CF_CHECK_CHAR', field: 'richiesta.generalita1001.generalita.codiceFiscale.codFiscale' });
      expect(e1.userMessage).toMatch(/^Codice fiscale:/);
      const e2 = rejection(() => checkPratica(db, birth({ ...data, parent: mum(), nome: 'Gianni', cf }), { today: TODAY }));
      expect(e2).toMatchObject({ code: 'ANAGRAFE_CF_NAME', field: 'richiesta.generalita1001.generalita.nome' });
    });

    it('requires the CF unless ANPR is asked to attribute it, and then requires it empty', () => {
      expect(rejection(() => checkPratica(db, birth({ ...data, parent: mum() }), { today: TODAY })).code).toBe('ANAGRAFE_CF_MISSING');
      expect(() => checkPratica(db, birth({ ...data, parent: mum(), gestioneCF: '1' }), { today: TODAY })).not.toThrow();
      expect(rejection(() => checkPratica(db, birth({ ...data, parent: mum(), cf, gestioneCF: '1' }), { today: TODAY })).code).toBe(
        'ANAGRAFE_CF_MUST_BE_EMPTY',
      );
    });

    it('reports schema problems with the field path and an Italian label', () => {
      const p = birth({ ...data, parent: mum(), cf });
      (p.richiesta.generalita1001.generalita as Record<string, unknown>).cognome = 'R0ssi';
      const e = rejection(() => checkPratica(db, p, { today: TODAY }));
      expect(e.code).toBe('ANAGRAFE_FIELD_INVALID');
      expect(e.field).toBe('richiesta.generalita1001.generalita.cognome');
      expect(e.userMessage).toMatch(/^Cognome:/);
    });
  });

  describe('decorrenza and family consistency', () => {
    it('rejects a decorrenza before the person’s last operation, accepts the same day', () => {
      const fam = families(persons, 2)[0];
      const head = fam.find((p) => p.codiceLegame === '1')!;
      createPratica(
        db,
        clerk,
        move({ familyId: head.familyId, members: fam.map((p) => ({ p, legame: p.codiceLegame })), decorrenza: '2025-03-10' }),
      );
      const e = rejection(() => checkPratica(db, change({ p: head, decorrenza: '2025-03-01' }), { today: TODAY }));
      expect(e.code).toBe('ANAGRAFE_EFFECTIVE_DATE_BEFORE_LAST');
      expect(e.field).toBe('testata.dataDecorrenza');
      expect(e.userMessage).toContain('10/03/2025');
      expect(() => checkPratica(db, change({ p: head, decorrenza: '2025-03-10' }), { today: TODAY })).not.toThrow();
      expect(rejection(() => checkPratica(db, change({ p: head, decorrenza: '2027-01-01' }), { today: TODAY })).code).toBe(
        'ANAGRAFE_EFFECTIVE_DATE_FUTURE',
      );
    });

    it('refuses a birth without parents and without a family, with both problems at once', () => {
      const data = { cognome: 'Neri', nome: 'Luca', sesso: 'M' as const, dataNascita: '2025-05-05' };
      const cf = computeCodiceFiscale({ ...data, belfiore: 'A577' });
      const e = rejection(() => checkPratica(db, birth({ ...data, cf, noParents: true }), { today: TODAY }));
      expect(e.code).toBe('ANAGRAFE_FIELD_INVALID');
      expect(e.issues?.map((i) => i.path)).toEqual(['richiesta.genitori', 'richiesta.famConv']);
      expect(e.issues?.every((i) => /^(Genitori|Famiglia e indirizzo): /.test(i.message))).toBe(true);
      // A mother by name only, into the parents' family (1): the father is missing, and the family cannot be found.
      expect(rejection(() => checkPratica(db, birth({ ...data, cf }), { today: TODAY })).issues?.map((i) => i.path)).toEqual([
        'richiesta.paternita',
        'richiesta.famConv',
      ]);
      // A resident mother by codice fiscale: the newborn joins her family.
      expect(checkPratica(db, birth({ ...data, cf, parent: mum() }), { today: TODAY }).family?.id).toBe(mum().familyId);
    });

    it('refuses a birth without the newborn’s sex (ANPR EN081), next to the Sesso field', () => {
      const data = { cognome: mum().cognome, nome: 'Anna', sesso: 'F' as const, dataNascita: '2025-05-05' };
      const cf = computeCodiceFiscale({ ...data, belfiore: 'A577' });
      const p = birth({ ...data, cf, parent: mum() });
      expect(() => checkPratica(db, p, { today: TODAY })).not.toThrow();
      delete (p.richiesta.generalita1001.generalita as Record<string, unknown>).sesso;
      const e = rejection(() => checkPratica(db, p, { today: TODAY }));
      expect(e).toMatchObject({ code: 'ANAGRAFE_FIELD_INVALID', field: 'richiesta.generalita1001.generalita.sesso' });
      expect(e.userMessage).toMatch(/^Sesso: manca\./);
      // An iscrizione too: the same path under generalita1002.
      const i = rejection(() =>
        checkPratica(db, { code: '1002', testata: {}, richiesta: { generalita1002: { generalita: {} } } }, { today: TODAY }),
      );
      expect(i.issues?.map((x) => x.path)).toContain('richiesta.generalita1002.generalita.sesso');
    });

    it('collects every problem of the anagrafe’s own checks, not only the first: a wrong codice fiscale and a date to come', () => {
      const fam = families(persons, 2)[2];
      const data = { cognome: fam[0].cognome, nome: 'Marco', sesso: 'M' as const, dataNascita: '2026-12-01' };
      const right = computeCodiceFiscale({ ...data, belfiore: 'A577' });
      const cf = right.slice(0, 15) + (right[15] === 'A' ? 'B' : 'A');
      const e = rejection(() => checkPratica(db, birth({ ...data, cf, familyId: fam[0].familyId }), { today: TODAY }));
      expect(e.code).toBe('ANAGRAFE_CF_CHECK_CHAR');
      expect(e.userMessage).toBe('Ci sono 2 dati da correggere: sono indicati accanto a ciascun campo.');
      expect(e.issues?.map((i) => i.path)).toEqual([
        'richiesta.generalita1001.generalita.codiceFiscale.codFiscale',
        'richiesta.generalita1001.generalita.dataNascita',
      ]);
      expect(e.issues?.[1].message).toBe('Data di nascita: non può essere una data futura. Correggere la data.');
      // Alone, a problem keeps its own code and message, as before.
      const alone = rejection(() =>
        checkPratica(db, birth({ ...data, dataNascita: '2025-05-05', cf, familyId: fam[0].familyId }), { today: TODAY }),
      );
      expect(alone).toMatchObject({
        code: 'ANAGRAFE_CF_CHECK_CHAR',
        field: 'richiesta.generalita1001.generalita.codiceFiscale.codFiscale',
      });
      expect(alone.issues).toBeUndefined();

      // A death dated tomorrow, declared as the intestatario's by someone who is not: both.
      const member = fam.find((p) => p.codiceLegame !== '1')!;
      const death2 = rejection(() => checkPratica(db, death({ p: member, date: '2026-11-24', ruolo: '1' }), { today: TODAY }));
      expect(death2.issues?.map((i) => [i.path, death2.code])).toEqual([
        ['richiesta.datiDecesso.dataEvento', 'ANAGRAFE_EFFECTIVE_DATE_FUTURE'],
        ['richiesta.datiControllo.ruoloSoggetto', 'ANAGRAFE_EFFECTIVE_DATE_FUTURE'],
      ]);
    });

    it('keeps one intestatario when a child is born into a family', () => {
      const fam = families(persons, 2)[1];
      const data = { cognome: fam[0].cognome, nome: 'Noemi', sesso: 'F' as const, dataNascita: '2025-05-05' };
      const cf = computeCodiceFiscale({ ...data, belfiore: 'A577' });
      const e = rejection(() => checkPratica(db, birth({ ...data, cf, familyId: fam[0].familyId, legame: '1' }), { today: TODAY }));
      expect(e).toMatchObject({ code: 'ANAGRAFE_FAMILY_TWO_HEADS', field: 'richiesta.legameSoggetto.codiceLegame' });
      expect(() => checkPratica(db, birth({ ...data, cf, familyId: fam[0].familyId, legame: '3' }), { today: TODAY })).not.toThrow();
      expect(rejection(() => checkPratica(db, birth({ ...data, cf, familyId: 'F999XYZ' }), { today: TODAY })).code).toBe(
        'ANAGRAFE_FAMILY_NOT_FOUND',
      );
    });

    it('requires a new intestatario when the intestatario dies and others remain', () => {
      const fam = families(persons, 2)[2];
      const head = fam.find((p) => p.codiceLegame === '1')!;
      const other = fam.find((p) => p !== head)!;
      expect(rejection(() => checkPratica(db, death({ p: head, date: '2025-06-01', ruolo: '1' }), { today: TODAY })).code).toBe(
        'ANAGRAFE_FAMILY_NEW_HEAD_NEEDED',
      );
      expect(
        rejection(() => checkPratica(db, death({ p: head, date: '2025-06-01', ruolo: '2', newHead: other }), { today: TODAY })).code,
      ).toBe('ANAGRAFE_ROLE_MISMATCH');
      const stranger = families(persons, 2)[3][0];
      expect(
        rejection(() => checkPratica(db, death({ p: head, date: '2025-06-01', ruolo: '1', newHead: stranger }), { today: TODAY })).code,
      ).toBe('ANAGRAFE_FAMILY_NEW_HEAD_NOT_MEMBER');
      createPratica(db, clerk, death({ p: head, date: '2025-06-01', ruolo: '1', newHead: other }));
      expect(getPersonRow(db, head.id)!.status).toBe('deceduto');
      expect(getPersonRow(db, other.id)!.codice_legame).toBe('1');
      // The deceased cannot be the subject of another pratica.
      expect(rejection(() => checkPratica(db, change({ p: head, decorrenza: '2025-07-01' }), { today: TODAY })).code).toBe(
        'ANAGRAFE_PERSON_NOT_RESIDENT',
      );
    });

    it('never leaves a family without intestatario nor a person in two families when moving', () => {
      const [famA, famB] = families(persons, 3).slice(0, 2);
      const headA = famA.find((p) => p.codiceLegame === '1')!;
      const memberB = famB.find((p) => p.codiceLegame !== '1')!;
      // The head leaves alone for a new family while the others stay behind.
      expect(
        rejection(() =>
          checkPratica(
            db,
            move({ familyId: headA.familyId, members: [{ p: headA, legame: '1' }], decorrenza: '2025-04-01', tipoScheda: '2' }),
            { today: TODAY },
          ),
        ).code,
      ).toBe('ANAGRAFE_FAMILY_LEFT_WITHOUT_HEAD');
      // A person of family B listed in a move of family A (same family kept): not a member.
      expect(
        rejection(() =>
          checkPratica(
            db,
            move({
              familyId: headA.familyId,
              members: [
                { p: headA, legame: '1' },
                { p: memberB, legame: '2' },
              ],
              decorrenza: '2025-04-01',
            }),
            { today: TODAY },
          ),
        ).code,
      ).toBe('ANAGRAFE_FAMILY_MEMBER_UNKNOWN');
      // A new family with two intestatari, or none.
      const kids = famA.filter((p) => p.codiceLegame !== '1');
      expect(
        rejection(() =>
          checkPratica(
            db,
            move({ familyId: headA.familyId, members: kids.map((p) => ({ p, legame: '1' })), decorrenza: '2025-04-01', tipoScheda: '2' }),
            { today: TODAY },
          ),
        ).code,
      ).toBe('ANAGRAFE_FAMILY_MANY_HEADS');
      expect(
        rejection(() =>
          checkPratica(
            db,
            move({ familyId: headA.familyId, members: kids.map((p) => ({ p, legame: '3' })), decorrenza: '2025-04-01', tipoScheda: '2' }),
            { today: TODAY },
          ),
        ).code,
      ).toBe('ANAGRAFE_FAMILY_NO_HEAD');
      // The same person twice.
      expect(
        rejection(() =>
          checkPratica(
            db,
            move({
              familyId: headA.familyId,
              members: [
                { p: headA, legame: '1' },
                { p: headA, legame: '1' },
              ],
              decorrenza: '2025-04-01',
            }),
            { today: TODAY },
          ),
        ).code,
      ).toBe('ANAGRAFE_FAMILY_MEMBER_ELSEWHERE');
      // A child leaves to start a family of their own: fine, and they are then in exactly one family.
      const r = createPratica(
        db,
        clerk,
        move({ familyId: headA.familyId, members: [{ p: kids[0], legame: '1' }], decorrenza: '2025-04-01', tipoScheda: '2' }),
      );
      const moved = getPersonRow(db, kids[0].id)!;
      expect(moved.family_id).toBe(r.familyId);
      expect(moved.family_id).not.toBe(headA.familyId);
      expect(moved.codice_legame).toBe('1');
    });
  });
});
