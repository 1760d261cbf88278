/**
 * The local registry's rows: persons, families, addresses and the per-person operation history.
 * Plain reads and writes; the rules live in rules.ts and the pratica-driven changes in apply.ts.
 */
import type { Actor, Db } from '../store/types';
import { recordAudit } from '../audit/log';
import { ValidationError } from '../errors';
import { normalizeText } from './text';
import { M } from './messages';
import type { TipoIndirizzo, TipoLuogoEvento } from './pratica-model';

export type PersonStatus = 'residente' | 'deceduto' | 'cancellato' | 'annullato';

export interface PersonRow {
  id: string;
  codice_fiscale: string | null;
  cognome: string | null;
  nome: string | null;
  sesso: string | null;
  data_nascita: string | null;
  luogo_nascita: string | null;
  cittadinanza: string | null;
  stato_civile: string | null;
  family_id: string | null;
  codice_legame: string | null;
  data_decorrenza_legame: string | null;
  status: PersonStatus;
  id_anpr: string | null;
  id_scheda_soggetto_anpr: string | null;
  validita_cf: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewPerson {
  id: string;
  codiceFiscale: string | null;
  cognome: string | null;
  nome: string | null;
  sesso: string | null;
  dataNascita: string | null;
  luogoNascita: TipoLuogoEvento | null;
  cittadinanza: unknown[] | null;
  statoCivile: string | null;
  familyId: string | null;
  codiceLegame: string | null;
  dataDecorrenzaLegame: string | null;
  status?: PersonStatus;
  idAnpr?: string | null;
  idSchedaSoggettoAnpr?: string | null;
}

export function insertPerson(db: Db, p: NewPerson, now: string): void {
  db.prepare(
    `INSERT INTO anagrafe_person (id, codice_fiscale, cognome, nome, cognome_norm, nome_norm, sesso, data_nascita, luogo_nascita,
       cittadinanza, stato_civile, family_id, codice_legame, data_decorrenza_legame, status, id_anpr, id_scheda_soggetto_anpr,
       created_at, updated_at)
     VALUES (@id, @codiceFiscale, @cognome, @nome, @cognomeNorm, @nomeNorm, @sesso, @dataNascita, @luogoNascita, @cittadinanza,
       @statoCivile, @familyId, @codiceLegame, @dataDecorrenzaLegame, @status, @idAnpr, @idSchedaSoggettoAnpr, @now, @now)`,
  ).run({
    ...p,
    codiceFiscale: p.codiceFiscale?.toUpperCase() ?? null,
    cognomeNorm: normalizeText(p.cognome),
    nomeNorm: normalizeText(p.nome),
    luogoNascita: p.luogoNascita ? JSON.stringify(p.luogoNascita) : null,
    cittadinanza: p.cittadinanza ? JSON.stringify(p.cittadinanza) : null,
    status: p.status ?? 'residente',
    idAnpr: p.idAnpr ?? null,
    idSchedaSoggettoAnpr: p.idSchedaSoggettoAnpr ?? null,
    now,
  });
}

export interface PersonPatch {
  codiceFiscale?: string | null;
  cognome?: string | null;
  nome?: string | null;
  sesso?: string | null;
  dataNascita?: string | null;
  luogoNascita?: TipoLuogoEvento | null;
  statoCivile?: string | null;
  familyId?: string | null;
  codiceLegame?: string | null;
  dataDecorrenzaLegame?: string | null;
  status?: PersonStatus;
  idAnpr?: string | null;
  idSchedaSoggettoAnpr?: string | null;
  validitaCf?: string | null;
}

const PATCH_COLUMNS: Record<keyof PersonPatch, string> = {
  codiceFiscale: 'codice_fiscale',
  cognome: 'cognome',
  nome: 'nome',
  sesso: 'sesso',
  dataNascita: 'data_nascita',
  luogoNascita: 'luogo_nascita',
  statoCivile: 'stato_civile',
  familyId: 'family_id',
  codiceLegame: 'codice_legame',
  dataDecorrenzaLegame: 'data_decorrenza_legame',
  status: 'status',
  idAnpr: 'id_anpr',
  idSchedaSoggettoAnpr: 'id_scheda_soggetto_anpr',
  validitaCf: 'validita_cf',
};

export function updatePerson(db: Db, id: string, patch: PersonPatch, now: string): void {
  const sets: string[] = [];
  const values: Record<string, unknown> = { id, now };
  for (const [k, v] of Object.entries(patch) as [keyof PersonPatch, unknown][]) {
    if (v === undefined) continue;
    const col = PATCH_COLUMNS[k];
    sets.push(`${col} = @${k}`);
    values[k] =
      k === 'luogoNascita' && v !== null ? JSON.stringify(v) : k === 'codiceFiscale' && typeof v === 'string' ? v.toUpperCase() : v;
    if (k === 'cognome') {
      sets.push('cognome_norm = @cognomeNorm');
      values.cognomeNorm = normalizeText(v as string | null);
    }
    if (k === 'nome') {
      sets.push('nome_norm = @nomeNorm');
      values.nomeNorm = normalizeText(v as string | null);
    }
  }
  if (sets.length === 0) return;
  db.prepare(`UPDATE anagrafe_person SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`).run(values);
}

export function getPersonRow(db: Db, id: string): PersonRow | undefined {
  return db.prepare('SELECT * FROM anagrafe_person WHERE id = ?').get(id) as PersonRow | undefined;
}

export function findPersonByCf(db: Db, cf: string): PersonRow | undefined {
  return db
    .prepare(`SELECT * FROM anagrafe_person WHERE codice_fiscale = ? AND status <> 'annullato' ORDER BY created_at DESC LIMIT 1`)
    .get(cf.toUpperCase()) as PersonRow | undefined;
}

/** Resolves a person by local id, else by codice fiscale; throws the clerk-facing error if absent. */
export function requirePerson(db: Db, ref: { id?: string; codiceFiscale?: string }, field: string): PersonRow {
  const p = (ref.id ? getPersonRow(db, ref.id) : undefined) ?? (ref.codiceFiscale ? findPersonByCf(db, ref.codiceFiscale) : undefined);
  if (!p) throw new ValidationError('ANAGRAFE_PERSON_NOT_FOUND', M.personNotFound, field);
  return p;
}

export interface FamilyRow {
  id: string;
  kind: 'famiglia' | 'convivenza';
  denominazione: string | null;
  specie_convivenza: string | null;
  id_famiglia_anpr: string | null;
  data_origine: string | null;
  state: 'attiva' | 'chiusa';
}

export function insertFamily(
  db: Db,
  f: {
    id: string;
    kind: 'famiglia' | 'convivenza';
    denominazione?: string | null;
    dataOrigine: string | null;
    idFamigliaAnpr?: string | null;
  },
  now: string,
): void {
  db.prepare(
    `INSERT INTO anagrafe_family (id, kind, denominazione, id_famiglia_anpr, data_origine, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'attiva', ?, ?)`,
  ).run(f.id, f.kind, f.denominazione ?? null, f.idFamigliaAnpr ?? null, f.dataOrigine, now, now);
}

export function getFamily(db: Db, id: string): FamilyRow | undefined {
  return db.prepare('SELECT * FROM anagrafe_family WHERE id = ?').get(id) as FamilyRow | undefined;
}

/** Members currently in the family (residents, and persons whose registration is still pending). */
export function familyMembers(db: Db, familyId: string): PersonRow[] {
  return db
    .prepare(`SELECT * FROM anagrafe_person WHERE family_id = ? AND status = 'residente' ORDER BY codice_legame, data_nascita`)
    .all(familyId) as PersonRow[];
}

export interface AddressRow {
  id: number;
  family_id: string;
  tipo_indirizzo: string;
  cap: string | null;
  comune_istat: string | null;
  comune_name: string | null;
  sigla_provincia: string | null;
  frazione: string | null;
  specie: string | null;
  denominazione: string;
  numero: string | null;
  lettera: string | null;
  scala: string | null;
  interno: string | null;
  piano: string | null;
  valid_from: string;
  valid_to: string | null;
}

export function currentAddress(db: Db, familyId: string): AddressRow | undefined {
  return db
    .prepare('SELECT * FROM anagrafe_address WHERE family_id = ? AND valid_to IS NULL ORDER BY valid_from DESC LIMIT 1')
    .get(familyId) as AddressRow | undefined;
}

/** Closes the family's current address (if any) and opens `addr` from `from`. */
export function setFamilyAddress(db: Db, familyId: string, tipoIndirizzo: string, addr: TipoIndirizzo, from: string): void {
  db.prepare('UPDATE anagrafe_address SET valid_to = ? WHERE family_id = ? AND valid_to IS NULL').run(from, familyId);
  const civico = addr.numeroCivico;
  db.prepare(
    `INSERT INTO anagrafe_address (family_id, tipo_indirizzo, cap, comune_istat, comune_name, sigla_provincia, frazione, specie,
       denominazione, denominazione_norm, numero, lettera, scala, interno, piano, valid_from, valid_to)
     VALUES (@familyId, @tipoIndirizzo, @cap, @comuneIstat, @comuneName, @sigla, @frazione, @specie, @denominazione, @denominazioneNorm,
       @numero, @lettera, @scala, @interno, @piano, @from, NULL)`,
  ).run({
    familyId,
    tipoIndirizzo,
    cap: addr.cap,
    comuneIstat: addr.comune.codiceIstat ?? null,
    comuneName: addr.comune.nomeComune,
    sigla: addr.comune.siglaProvinciaIstat,
    frazione: addr.frazione ?? null,
    specie: addr.toponimo.specie ?? null,
    denominazione: addr.toponimo.denominazioneToponimo ?? '',
    denominazioneNorm: normalizeText(addr.toponimo.denominazioneToponimo),
    numero: civico?.numero ?? civico?.metrico ?? null,
    lettera: civico?.lettera ?? null,
    scala: civico?.civicoInterno?.scala ?? null,
    interno: civico?.civicoInterno?.interno1 ?? null,
    piano: civico?.civicoInterno?.piano ?? null,
    from,
  });
}

export function addOperation(db: Db, personId: string, praticaId: string, code: string, decorrenza: string | null, now: string): void {
  db.prepare(
    `INSERT INTO anagrafe_operation (person_id, pratica_id, code, data_decorrenza, state, created_at) VALUES (?, ?, ?, ?, 'in_attesa', ?)`,
  ).run(personId, praticaId, code, decorrenza, now);
}

/** Decorrenza of the person's latest operation that is pending or applied (rejected/cancelled ones do not count). */
export function lastOperationDate(db: Db, personId: string, excludePraticaId?: string): string | null {
  const r = db
    .prepare(
      `SELECT max(data_decorrenza) AS d FROM anagrafe_operation
       WHERE person_id = ? AND state IN ('in_attesa', 'applicata') AND pratica_id <> coalesce(?, '')`,
    )
    .get(personId, excludePraticaId ?? null) as { d: string | null };
  return r.d;
}

export interface OperationRow {
  pratica_id: string;
  code: string;
  data_decorrenza: string | null;
  state: string;
  created_at: string;
}

export interface PersonRecord {
  person: PersonRow;
  address: AddressRow | null;
  family: FamilyRow | null;
  history: OperationRow[];
  /** Set while a pratica on this person waits for ANPR. */
  anprStatus: string | null;
}

/** Reads a person's full record for display. Every such read is audited. */
export function readPersonRecord(db: Db, actor: Actor, personId: string): PersonRecord {
  const person = requirePerson(db, { id: personId }, 'idSchedaSoggetto');
  const history = db
    .prepare(
      `SELECT pratica_id, code, data_decorrenza, state, created_at FROM anagrafe_operation WHERE person_id = ? ORDER BY created_at DESC, id DESC`,
    )
    .all(personId) as OperationRow[];
  const record: PersonRecord = {
    person,
    family: person.family_id ? (getFamily(db, person.family_id) ?? null) : null,
    address: person.family_id ? (currentAddress(db, person.family_id) ?? null) : null,
    history,
    anprStatus: history.some((h) => h.state === 'in_attesa') ? M.inAttesa : null,
  };
  recordAudit(db, actor, { action: 'person.read', entityType: 'person', entityId: personId, detail: {} });
  return record;
}
