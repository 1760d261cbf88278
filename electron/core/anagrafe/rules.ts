/**
 * Rules checked before a pratica is queued, as strictly as ANPR would check them: the payload's
 * shape (pratica-model.ts), the codice fiscale against the data, the birthplace valid at the birth
 * date, the decorrenza not before the person's last operation, and family consistency (one
 * intestatario, nobody in two families). Every failure is a ValidationError whose message names
 * the field in Italian and whose `field` is the payload path. The checks that do not depend on each
 * other all run: a pratica with several problems is refused with all of them at once (`issues`).
 */
import type { z } from 'zod';
import type { Db } from '../store/types';
import { ValidationError, type FieldIssue } from '../errors';
import { birthShapeIssues, parentsFamily } from './birth-rules';
import { checkCodiceFiscale } from './codice-fiscale';
import { Problems } from '../forms/problems';
import { M, FIELD_LABELS, STATUS_LABELS, labelFor } from './messages';
import { resolveLuogo } from './places';
import { requiredIssues } from './required-fields';
import { praticaPayload, type PraticaPayload, type TipoGeneralita } from './pratica-model';
import { familyMembers, findPersonByCf, getFamily, lastOperationDate, requirePerson, type FamilyRow, type PersonRow } from './registry';

const HEAD = '1';

function italianIssue(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'manca. Compilare il campo.' : 'valore non valido.';
    case 'too_big':
      return `è troppo lungo (al massimo ${String(iss.maximum)} caratteri o elementi).`;
    case 'too_small':
      return iss.minimum === 1 ? 'manca. Compilare il campo.' : `è troppo corto (almeno ${String(iss.minimum)} caratteri o elementi).`;
    case 'invalid_value':
      return 'valore non ammesso. Sceglierlo dall’elenco.';
    case 'invalid_union':
      return 'tipo di pratica non riconosciuto.';
    case 'unrecognized_keys':
      return 'contiene dati non previsti.';
    default:
      return 'valore non valido.';
  }
}

/**
 * Validates the payload's shape and a birth's parents and family: every problem at once, in one
 * ValidationError whose `issues` name each field (its `field` and message are the first one's).
 */
export function parsePraticaPayload(input: unknown, formIssues: readonly FieldIssue[] = []): PraticaPayload {
  const r = praticaPayload.safeParse(input, { error: italianIssue });
  const issues: FieldIssue[] = [];
  // The form's own findings (a place typed but not found) first; then one issue per field.
  const found: (FieldIssue & { code?: string })[] = [
    ...formIssues,
    ...(r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: M.invalidField(labelFor(i.path), i.message) }))),
    ...requiredIssues(input),
    ...birthShapeIssues(input),
  ];
  let code = 'ANAGRAFE_FIELD_INVALID';
  for (const i of found)
    if (!issues.some((x) => x.path === i.path)) {
      if (issues.length === 0 && i.code) code = i.code;
      issues.push({ path: i.path, message: i.message });
    }
  if (r.success && issues.length === 0) return r.data;
  const first = issues[0];
  const message = issues.length === 1 ? first.message : M.manyInvalid(issues.length);
  throw new ValidationError(code, message, first.path, undefined, issues);
}

/** What the rules learned about the pratica, for apply.ts. */
export interface CheckedPratica {
  payload: PraticaPayload;
  /** The date the operation takes effect (checked against the subjects' history). */
  decorrenza: string | null;
  /** Existing persons the pratica acts on (first = main subject). */
  subjects: PersonRow[];
  /** Existing family the pratica acts on (the subject's, or the one joined). */
  family: FamilyRow | null;
}

export interface RuleContext {
  /** Today's date (Europe/Rome) as YYYY-MM-DD. */
  today: string;
  /** When re-validating a corrected pratica: its own operations do not count as "last operation". */
  excludePraticaId?: string;
  /** Problems the form found before sending (a place it could not resolve): refused with the rest. */
  formIssues?: readonly FieldIssue[];
}

function fail(code: string, message: string, field: string): never {
  throw new ValidationError(code, message, field);
}

function checkBirthplace(db: Db, g: TipoGeneralita, path: string): string {
  if (!g.luogoNascita || !g.dataNascita) return '';
  const r = resolveLuogo(db, g.luogoNascita, g.dataNascita);
  const label = FIELD_LABELS.luogoNascita;
  const field = `${path}.luogoNascita`;
  if (r.status === 'exceptional') return '';
  if (r.status === 'unknown') fail('ANAGRAFE_PLACE_UNKNOWN', M.placeUnknown(label), field);
  if (r.status === 'not_yet')
    fail('ANAGRAFE_PLACE_NOT_YET', M.placeNotYet(label, r.place!.name, r.place!.valid_from, g.dataNascita), field);
  if (r.status === 'ceased') fail('ANAGRAFE_PLACE_CEASED', M.placeCeased(label, r.place!.name, r.place!.valid_to, g.dataNascita), field);
  return r.place!.belfiore ?? '';
}

/**
 * Birthplace valid at the birth date, then the codice fiscale against the data. `gestioneCF` 1/2
 * (ask ANPR to attribute a CF / an omocode) requires the CF to be absent (EN125); without a CF and
 * without gestioneCF the pratica cannot go (EN146).
 */
function checkIdentity(db: Db, g: TipoGeneralita, path: string, opts: { cfRequired: boolean; gestioneCF?: string }): void {
  const belfiore = checkBirthplace(db, g, path);
  const cf = g.codiceFiscale?.codFiscale;
  const cfField = `${path}.codiceFiscale.codFiscale`;
  if (opts.gestioneCF === '1' || opts.gestioneCF === '2') {
    if (cf) fail('ANAGRAFE_CF_MUST_BE_EMPTY', M.cfMustBeEmpty, cfField);
    return;
  }
  if (!cf) {
    if (opts.cfRequired && opts.gestioneCF !== '3') fail('ANAGRAFE_CF_MISSING', M.cfMissing, cfField);
    return;
  }
  if (!g.cognome || !g.nome || !g.sesso || !g.dataNascita) return; // senzaCognome/senzaNome: nothing to compare
  const check = checkCodiceFiscale(cf, { cognome: g.cognome, nome: g.nome, sesso: g.sesso, dataNascita: g.dataNascita, belfiore });
  if (!check.ok) fail(check.code, check.message, check.field === 'codiceFiscale' ? cfField : `${path}.${check.field}`);
}

function checkDecorrenza(db: Db, ctx: RuleContext, person: PersonRow, decorrenza: string, field: string): void {
  const label = labelFor(field.split('.'));
  if (decorrenza > ctx.today) fail('ANAGRAFE_EFFECTIVE_DATE_FUTURE', M.decorrenzaFuture(label), field);
  if (person.data_nascita && decorrenza < person.data_nascita)
    fail('ANAGRAFE_EFFECTIVE_DATE_BEFORE_BIRTH', M.decorrenzaBeforeBirth(label), field);
  const last = lastOperationDate(db, person.id, ctx.excludePraticaId);
  if (last && decorrenza < last) fail('ANAGRAFE_EFFECTIVE_DATE_BEFORE_LAST', M.decorrenzaBeforeLast(label, last), field);
}

function requireResident(db: Db, g: TipoGeneralita, field: string): PersonRow {
  const p = requirePerson(db, { id: g.idSchedaSoggettoComune?.idSchedaSoggetto, codiceFiscale: g.codiceFiscale?.codFiscale }, field);
  if (p.status !== 'residente') fail('ANAGRAFE_PERSON_NOT_RESIDENT', M.personNotResident(STATUS_LABELS[p.status] ?? p.status), field);
  return p;
}

function requireFamily(db: Db, id: string | undefined, field: string): FamilyRow {
  const f = id ? getFamily(db, id) : undefined;
  if (!f || f.state !== 'attiva') fail('ANAGRAFE_FAMILY_NOT_FOUND', M.familyNotFound, field);
  return f;
}

function notAlreadyResident(db: Db, g: TipoGeneralita, path: string): void {
  const cf = g.codiceFiscale?.codFiscale;
  if (!cf) return;
  const existing = findPersonByCf(db, cf);
  if (existing && existing.status === 'residente')
    fail('ANAGRAFE_PERSON_ALREADY_RESIDENT', M.personAlreadyResident, `${path}.codiceFiscale.codFiscale`);
}

/** A newcomer joining `family` with `codiceLegame`: the family keeps exactly one intestatario. */
function checkJoin(db: Db, family: FamilyRow, codiceLegame: string | undefined, field: string): void {
  const hasHead = familyMembers(db, family.id).some((m) => m.codice_legame === HEAD);
  if (codiceLegame === HEAD && hasHead) fail('ANAGRAFE_FAMILY_TWO_HEADS', M.familyTwoHeads, field);
  if (codiceLegame !== HEAD && !hasHead) fail('ANAGRAFE_FAMILY_NO_HEAD', M.familyNoHead, field);
}

/**
 * The subject leaves its family (death, cancellation): if it was the intestatario and others remain,
 * `list` must name exactly one new intestatario among them.
 */
function checkLeaving(
  db: Db,
  person: PersonRow,
  list: { generalita: TipoGeneralita; legameSoggetto: { codiceLegame: string } }[] | undefined,
  ruolo: string,
  path: string,
): void {
  const isHead = person.codice_legame === HEAD;
  if ((ruolo === '1') !== isHead) fail('ANAGRAFE_ROLE_MISMATCH', M.ruoloMismatch(isHead), 'richiesta.datiControllo.ruoloSoggetto');
  if (!isHead || !person.family_id) return;
  const others = familyMembers(db, person.family_id).filter((m) => m.id !== person.id);
  if (others.length === 0) return;
  const heads = (list ?? []).filter((s) => s.legameSoggetto.codiceLegame === HEAD);
  if (heads.length === 0) fail('ANAGRAFE_FAMILY_NEW_HEAD_NEEDED', M.familyNewHeadNeeded, path);
  if (heads.length > 1) fail('ANAGRAFE_FAMILY_MANY_HEADS', M.familyManyHeads, path);
  const g = heads[0].generalita;
  const id = g.idSchedaSoggettoComune?.idSchedaSoggetto;
  const cf = g.codiceFiscale?.codFiscale?.toUpperCase();
  if (!others.some((m) => (id && m.id === id) || (cf && m.codice_fiscale === cf)))
    fail('ANAGRAFE_FAMILY_NEW_HEAD_NOT_MEMBER', M.familyNewHeadNotMember, path);
}

/** Runs every rule for the pratica; returns what apply.ts needs. Reads only. */
export function checkPratica(db: Db, input: unknown, ctx: RuleContext): CheckedPratica {
  const payload = parsePraticaPayload(input, ctx.formIssues);
  const t = payload.testata;
  switch (payload.code) {
    case '1001': {
      const r = payload.richiesta;
      const g = r.generalita1001.generalita;
      const path = 'richiesta.generalita1001.generalita';
      const p = new Problems(M.manyInvalid);
      p.run(() => checkIdentity(db, g, path, { cfRequired: true, gestioneCF: r.datiControllo.gestioneCF }));
      p.run(() => notAlreadyResident(db, g, path));
      const nascita = p.run(() => {
        const d =
          g.dataNascita ??
          fail('ANAGRAFE_FIELD_INVALID', M.invalidField(FIELD_LABELS.dataNascita, 'manca. Compilare il campo.'), `${path}.dataNascita`);
        if (d > ctx.today) fail('ANAGRAFE_EFFECTIVE_DATE_FUTURE', M.decorrenzaFuture(FIELD_LABELS.dataNascita), `${path}.dataNascita`);
        return d;
      });
      // A newborn always joins a family (its address): a parent's (1, 2, 3) or the one named (4, 5).
      const a = r.datiControllo.attribuzioneFamiglia;
      const family = p.run(() =>
        a === '4' || a === '5'
          ? requireFamily(db, r.famConv?.idFamigliaConvivenzaComune?.idFamigliaConvivenza, 'richiesta.famConv')
          : parentsFamily(db, r),
      );
      if (family) p.run(() => checkJoin(db, family, r.legameSoggetto?.codiceLegame ?? '3', 'richiesta.legameSoggetto.codiceLegame'));
      p.settle();
      return { payload, decorrenza: t.dataDecorrenza ?? nascita!, subjects: [], family: family! };
    }
    case '1002': {
      const r = payload.richiesta;
      const g = r.generalita1002.generalita;
      const path = 'richiesta.generalita1002.generalita';
      const p = new Problems(M.manyInvalid);
      p.run(() => checkIdentity(db, g, path, { cfRequired: true, gestioneCF: r.datiControllo.gestioneCF }));
      p.run(() => notAlreadyResident(db, g, path));
      const decorrenza = p.run(() => {
        const d = t.dataDecorrenza ?? fail('ANAGRAFE_EFFECTIVE_DATE_MISSING', M.decorrenzaMissing, 'testata.dataDecorrenza');
        if (d > ctx.today)
          fail('ANAGRAFE_EFFECTIVE_DATE_FUTURE', M.decorrenzaFuture(FIELD_LABELS.dataDecorrenza), 'testata.dataDecorrenza');
        return d;
      });
      let family: FamilyRow | null = null;
      if (r.datiControllo.attribuzioneFamiglia === '1') {
        if (!r.residenza?.some((a) => a.indirizzo))
          p.run(() => fail('ANAGRAFE_ADDRESS_REQUIRED', M.addressRequired, 'richiesta.residenza'));
      } else {
        family =
          p.run(() =>
            requireFamily(
              db,
              r.famiglia?.famiglia.idFamigliaConvivenzaComune?.idFamigliaConvivenza,
              'richiesta.famiglia.famiglia.idFamigliaConvivenzaComune.idFamigliaConvivenza',
            ),
          ) ?? null;
        const joined = family;
        if (joined)
          p.run(() => checkJoin(db, joined, r.famiglia?.legameSoggetto.codiceLegame, 'richiesta.famiglia.legameSoggetto.codiceLegame'));
      }
      p.settle();
      return { payload, decorrenza: decorrenza!, subjects: [], family };
    }
    case '5005': {
      const r = payload.richiesta;
      const p = new Problems(M.manyInvalid);
      const decorrenza = p.run(
        () => t.dataDecorrenza ?? fail('ANAGRAFE_EFFECTIVE_DATE_MISSING', M.decorrenzaMissing, 'testata.dataDecorrenza'),
      );
      const family = p.run(() =>
        requireFamily(
          db,
          r.generalitaSchedaFamiglia.idFamigliaConvivenzaComune?.idFamigliaConvivenza,
          'richiesta.generalitaSchedaFamiglia',
        ),
      );
      if (!r.residenzaFamiglia.some((a) => a.indirizzo || a.localitaEstera))
        p.run(() => fail('ANAGRAFE_ADDRESS_REQUIRED', M.addressRequired, 'richiesta.residenzaFamiglia'));
      const found = r.elencoSoggettiFamiglia.map((s, i) =>
        p.run(() => requireResident(db, s.generalita, `richiesta.elencoSoggettiFamiglia.${i}.generalita`)),
      );
      // The family's composition is checked on persons that exist and a family that does.
      p.settle();
      const members = found as PersonRow[];
      const seen = new Set<string>();
      members.forEach((m, i) => {
        if (seen.has(m.id))
          p.run(() => fail('ANAGRAFE_FAMILY_MEMBER_ELSEWHERE', M.familyMemberElsewhere, `richiesta.elencoSoggettiFamiglia.${i}`));
        seen.add(m.id);
        p.run(() => checkDecorrenza(db, ctx, m, decorrenza!, 'testata.dataDecorrenza'));
      });
      p.settle();
      const heads = r.elencoSoggettiFamiglia.filter((s) => s.legameSoggetto.codiceLegame === HEAD).length;
      if (r.datiControllo.tipoScheda === '1') {
        // The family keeps its composition and moves: everyone listed must belong to it.
        members.forEach((m, i) => {
          if (m.family_id !== family!.id)
            fail('ANAGRAFE_FAMILY_MEMBER_UNKNOWN', M.familyMemberUnknown, `richiesta.elencoSoggettiFamiglia.${i}`);
        });
        if (heads > 1) fail('ANAGRAFE_FAMILY_MANY_HEADS', M.familyManyHeads, 'richiesta.elencoSoggettiFamiglia');
      } else {
        // A new family is formed by the listed persons: one intestatario, and the families they
        // leave must not stay without one.
        if (heads === 0) fail('ANAGRAFE_FAMILY_NO_HEAD', M.familyNoHead, 'richiesta.elencoSoggettiFamiglia');
        if (heads > 1) fail('ANAGRAFE_FAMILY_MANY_HEADS', M.familyManyHeads, 'richiesta.elencoSoggettiFamiglia');
        for (const m of members) {
          if (!m.family_id || m.codice_legame !== HEAD) continue;
          const remaining = familyMembers(db, m.family_id).filter((x) => !seen.has(x.id));
          if (remaining.length > 0) fail('ANAGRAFE_FAMILY_LEFT_WITHOUT_HEAD', M.familyLeftWithoutHead, 'richiesta.elencoSoggettiFamiglia');
        }
      }
      return { payload, decorrenza: decorrenza!, subjects: members, family: family! };
    }
    case '2001': {
      const r = payload.richiesta;
      const person = requireResident(db, r.generalitaPerRicerca, 'richiesta.generalitaPerRicerca');
      const decorrenza = r.datiDecesso?.dataEvento ?? r.datiSentenza?.dataValidita ?? t.dataDecorrenza ?? ctx.today;
      const field = r.datiDecesso
        ? 'richiesta.datiDecesso.dataEvento'
        : r.datiSentenza
          ? 'richiesta.datiSentenza.dataValidita'
          : 'testata.dataDecorrenza';
      const p = new Problems(M.manyInvalid);
      p.run(() => checkDecorrenza(db, ctx, person, decorrenza, field));
      p.run(() => checkLeaving(db, person, r.elencoSoggettiFamiglia, r.datiControllo.ruoloSoggetto, 'richiesta.elencoSoggettiFamiglia'));
      p.settle();
      return { payload, decorrenza, subjects: [person], family: person.family_id ? (getFamily(db, person.family_id) ?? null) : null };
    }
    case '2003': {
      const r = payload.richiesta;
      const person = requireResident(db, r.generalitaPerRicerca, 'richiesta.generalitaPerRicerca');
      const decorrenza = r.datiCancellazione.dataDecorrenzaCancellazione;
      const p = new Problems(M.manyInvalid);
      p.run(() => checkDecorrenza(db, ctx, person, decorrenza, 'richiesta.datiCancellazione.dataDecorrenzaCancellazione'));
      p.run(() => checkLeaving(db, person, r.elencoSoggetti, r.datiControllo.ruoloSoggetto, 'richiesta.elencoSoggetti'));
      p.settle();
      return { payload, decorrenza, subjects: [person], family: person.family_id ? (getFamily(db, person.family_id) ?? null) : null };
    }
    case '5008': {
      const r = payload.richiesta;
      const person = requireResident(db, r.generalitaPerRicerca, 'richiesta.generalitaPerRicerca');
      const decorrenza = t.dataDecorrenza ?? ctx.today;
      const p = new Problems(M.manyInvalid);
      p.run(() => checkDecorrenza(db, ctx, person, decorrenza, 'testata.dataDecorrenza'));
      const g = r.generalitaDaModificare?.generalita;
      if (g)
        p.run(() =>
          checkIdentity(db, g, 'richiesta.generalitaDaModificare.generalita', {
            cfRequired: false,
            gestioneCF: r.datiControllo.gestioneCF,
          }),
        );
      p.settle();
      return { payload, decorrenza, subjects: [person], family: person.family_id ? (getFamily(db, person.family_id) ?? null) : null };
    }
    case '5014': {
      const r = payload.richiesta;
      const person = requireResident(db, r.generalitaPerRicerca, 'richiesta.generalitaPerRicerca');
      const decorrenza = t.dataDecorrenza ?? ctx.today;
      const p = new Problems(M.manyInvalid);
      p.run(() => checkDecorrenza(db, ctx, person, decorrenza, 'testata.dataDecorrenza'));
      const luogo = r.tipoRettifica.richiestaRettifica105?.luogoNascita;
      const born = person.data_nascita;
      if (luogo && born)
        p.run(() =>
          checkBirthplace(
            db,
            { cognome: 'X', nome: 'X', luogoNascita: luogo, dataNascita: born },
            'richiesta.tipoRettifica.richiestaRettifica105',
          ),
        );
      p.settle();
      return { payload, decorrenza, subjects: [person], family: person.family_id ? (getFamily(db, person.family_id) ?? null) : null };
    }
    case '6001': {
      const g = payload.richiesta.soggettoIntestatario.generalita;
      const local = g.idSchedaSoggettoComune?.idSchedaSoggetto;
      const person = local ? requirePerson(db, { id: local }, 'richiesta.soggettoIntestatario') : undefined;
      return { payload, decorrenza: null, subjects: person ? [person] : [], family: null };
    }
    case '3002': {
      const c = payload.richiesta.criteriRicerca;
      const local = c.idSchedaSoggettoComune?.idSchedaSoggetto;
      const person = local ? requirePerson(db, { id: local }, 'richiesta.criteriRicerca') : undefined;
      return { payload, decorrenza: null, subjects: person ? [person] : [], family: null };
    }
  }
}
