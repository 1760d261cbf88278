/**
 * What ANPR requires of a birth (1001) beyond the XSD's shape: the parents (EN140, ES042, ES043,
 * ES044), and the family the newborn joins, which gives it its address — a 1001 carries no address
 * of its own (Richiesta1001 has no `residenza`), so a newborn without a family would have none.
 * attribuzioneFamiglia: 1 the parents' family, 2 the father's, 3 the mother's, 4 a convivenza,
 * 5 another family (famConv and legameSoggetto required, EF030).
 *
 * `birthShapeIssues` reads the raw payload (before or without a successful parse), so its problems
 * are reported together with the form's other errors; `birthFamily` then finds the family in the
 * register.
 */
import type { Db } from '../store/types';
import { ValidationError, type FieldIssue } from '../errors';
import { M } from './messages';
import type { Pratica1001, TipoGeneralita } from './pratica-model';
import { findPersonByCf, getFamily, getPersonRow, type FamilyRow, type PersonRow } from './registry';

export const BIRTH_PATHS = {
  parents: 'richiesta.genitori',
  father: 'richiesta.paternita',
  mother: 'richiesta.maternita',
  family: 'richiesta.famConv',
  legame: 'richiesta.legameSoggetto.codiceLegame',
} as const;

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A parent is given when its generalita has a surname, a name, a CF or a local id. */
function parentGiven(v: unknown): boolean {
  const g = obj(obj(v)?.generalita);
  if (!g) return false;
  return Boolean(g.cognome || g.nome || obj(g.codiceFiscale)?.codFiscale || obj(g.idSchedaSoggettoComune)?.idSchedaSoggetto);
}

/** A parent the register can find: with a codice fiscale or the Comune's id of its record. */
function parentFindable(v: unknown): boolean {
  const g = obj(obj(v)?.generalita);
  return Boolean(obj(g?.codiceFiscale)?.codFiscale || obj(g?.idSchedaSoggettoComune)?.idSchedaSoggetto);
}

/** The birth's structural problems, all of them (empty when none, or when `input` is not a 1001). */
export function birthShapeIssues(input: unknown): FieldIssue[] {
  const p = obj(input);
  if (p?.code !== '1001') return [];
  const r = obj(p.richiesta) ?? {};
  const attribuzione = String(obj(r.datiControllo)?.attribuzioneFamiglia ?? '1');
  const father = parentGiven(r.paternita);
  const mother = parentGiven(r.maternita);
  const issues: FieldIssue[] = [];
  if (!father && !mother) issues.push({ path: BIRTH_PATHS.parents, message: M.birthParentsMissing });
  else {
    if ((attribuzione === '1' || attribuzione === '2') && !father) issues.push({ path: BIRTH_PATHS.father, message: M.birthFatherMissing });
    if ((attribuzione === '1' || attribuzione === '3') && !mother) issues.push({ path: BIRTH_PATHS.mother, message: M.birthMotherMissing });
  }
  if (attribuzione === '4' || attribuzione === '5') {
    const fam = obj(obj(r.famConv)?.idFamigliaConvivenzaComune)?.idFamigliaConvivenza;
    if (!fam) issues.push({ path: BIRTH_PATHS.family, message: M.birthFamilyMissing });
    else if (!obj(r.legameSoggetto)?.codiceLegame) issues.push({ path: BIRTH_PATHS.legame, message: M.birthLegameMissing });
  } else {
    // The parents' family: only a parent the register can find gives the newborn a family and an address.
    const own = attribuzione === '2' ? [r.paternita] : attribuzione === '3' ? [r.maternita] : [r.maternita, r.paternita];
    if (!own.some(parentFindable)) issues.push({ path: BIRTH_PATHS.family, message: M.birthFamilyMissing });
  }
  return issues;
}

function findParent(db: Db, g: TipoGeneralita | undefined): PersonRow | undefined {
  if (!g) return undefined;
  const id = g.idSchedaSoggettoComune?.idSchedaSoggetto;
  const cf = g.codiceFiscale?.codFiscale;
  return (id ? getPersonRow(db, id) : undefined) ?? (cf ? findPersonByCf(db, cf) : undefined);
}

/**
 * The family of a parent (attribuzioneFamiglia 1, 2, 3): the first parent the register knows as a
 * resident with an active family. The family joined through famConv (4, 5) is the caller's.
 */
export function parentsFamily(db: Db, r: Pratica1001['richiesta']): FamilyRow {
  const a = r.datiControllo.attribuzioneFamiglia;
  const candidates = a === '2' ? [r.paternita] : a === '3' ? [r.maternita] : [r.maternita, r.paternita];
  for (const c of candidates) {
    const p = findParent(db, c?.generalita);
    if (p?.status !== 'residente' || !p.family_id) continue;
    const f = getFamily(db, p.family_id);
    if (f && f.state === 'attiva') return f;
  }
  throw new ValidationError('ANAGRAFE_BIRTH_NO_FAMILY', M.birthParentNotResident, BIRTH_PATHS.family);
}
