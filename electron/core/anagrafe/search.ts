/**
 * Search as you type over the local registry: by surname/name, by codice fiscale, by address.
 * Every branch is an index range scan (`col >= p AND col < p||U+FFFF`) with a LIMIT, so latency
 * does not grow with the registry. searchRegistry audits what was shown.
 */
import type { Actor, Db } from '../store/types';
import { recordAudit } from '../audit/log';
import { normalizeText, prefixEnd } from './text';

export interface SearchHit {
  id: string;
  cognome: string | null;
  nome: string | null;
  codiceFiscale: string | null;
  dataNascita: string | null;
  status: string;
  familyId: string | null;
  indirizzo: string | null;
  /** A pratica on this person waits for ANPR. */
  inAttesa: boolean;
}

export type SearchKind = 'nome' | 'codiceFiscale' | 'indirizzo' | 'vuota';

const STREET_KINDS = new Set([
  'VIA',
  'VIALE',
  'PIAZZA',
  'PIAZZALE',
  'CORSO',
  'VICOLO',
  'LARGO',
  'STRADA',
  'LOCALITA',
  'CONTRADA',
  'FRAZIONE',
  'BORGO',
  'SALITA',
  'PIAZZETTA',
  'LUNGOTEVERE',
  'VIALETTO',
]);

const HIT_COLUMNS = `p.id, p.cognome, p.nome, p.codice_fiscale AS codiceFiscale, p.data_nascita AS dataNascita, p.status, p.family_id AS familyId,
  (SELECT trim(coalesce(a.specie || ' ', '') || a.denominazione || coalesce(' ' || a.numero, '') || coalesce(a.lettera, ''))
     FROM anagrafe_address a WHERE a.family_id = p.family_id AND a.valid_to IS NULL LIMIT 1) AS indirizzo,
  EXISTS (SELECT 1 FROM anagrafe_operation o WHERE o.person_id = p.id AND o.state = 'in_attesa') AS inAttesa`;

export function classifyQuery(q: string): { kind: SearchKind; norm: string } {
  const norm = normalizeText(q);
  if (!norm) return { kind: 'vuota', norm };
  const compact = norm.replace(/ /g, '');
  // A CF prefix: 6 letters then digits/omocode letters, or at least 7 characters with a digit and no space.
  if (!norm.includes(' ') && /^[A-Z]{6}[0-9LMNPQRSTUV]/.test(compact) && /\d/.test(compact))
    return { kind: 'codiceFiscale', norm: compact };
  const first = norm.split(' ')[0];
  if (STREET_KINDS.has(first) || /\s\d+[A-Z]?$/.test(norm) || /^\d/.test(norm)) return { kind: 'indirizzo', norm };
  return { kind: 'nome', norm };
}

type Stmts = ReturnType<typeof prepare>;
const cache = new WeakMap<Db, Stmts>();

function prepare(db: Db) {
  return {
    bySurnameExact: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.cognome_norm = @a AND p.nome_norm >= @b AND p.nome_norm < @be AND p.status <> 'annullato'
       ORDER BY p.nome_norm LIMIT @limit`,
    ),
    bySurname: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.cognome_norm >= @a AND p.cognome_norm < @ae AND p.nome_norm >= @b AND p.nome_norm < @be AND p.status <> 'annullato'
       ORDER BY p.cognome_norm, p.nome_norm LIMIT @limit`,
    ),
    bySurnameOnly: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.cognome_norm >= @a AND p.cognome_norm < @ae AND p.status <> 'annullato'
       ORDER BY p.cognome_norm, p.nome_norm LIMIT @limit`,
    ),
    byFirstNameExact: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.nome_norm = @a AND p.cognome_norm >= @b AND p.cognome_norm < @be AND p.status <> 'annullato'
       ORDER BY p.cognome_norm LIMIT @limit`,
    ),
    byFirstName: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.nome_norm >= @a AND p.nome_norm < @ae AND p.cognome_norm >= @b AND p.cognome_norm < @be AND p.status <> 'annullato'
       ORDER BY p.nome_norm LIMIT @limit`,
    ),
    byCf: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_person p
       WHERE p.codice_fiscale >= @a AND p.codice_fiscale < @ae AND p.status <> 'annullato'
       ORDER BY p.codice_fiscale LIMIT @limit`,
    ),
    byStreet: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM anagrafe_address a
       JOIN anagrafe_person p ON p.family_id = a.family_id AND p.status = 'residente'
       WHERE a.valid_to IS NULL AND a.denominazione_norm >= @a AND a.denominazione_norm < @ae AND (@numero IS NULL OR a.numero = @numero)
       ORDER BY a.denominazione_norm, a.numero LIMIT @limit`,
    ),
  };
}

function stmts(db: Db): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

function rows(stmt: { all(p: unknown): unknown[] }, params: Record<string, unknown>): SearchHit[] {
  return (stmt.all(params) as (Omit<SearchHit, 'inAttesa'> & { inAttesa: number })[]).map((r) => ({ ...r, inAttesa: !!r.inAttesa }));
}

/** The query as typed → at most `limit` persons. Pure read (see searchRegistry for the audited one). */
export function searchPersons(db: Db, query: string, limit = 20): SearchHit[] {
  const { kind, norm } = classifyQuery(query);
  const s = stmts(db);
  switch (kind) {
    case 'vuota':
      return [];
    case 'codiceFiscale':
      return rows(s.byCf, { a: norm, ae: prefixEnd(norm), limit });
    case 'indirizzo': {
      const words = norm.split(' ');
      if (STREET_KINDS.has(words[0])) words.shift();
      const numero = words.length > 1 && /^\d+$/.test(words[words.length - 1]) ? words.pop()! : null;
      const street = words.join(' ');
      if (!street) return [];
      return rows(s.byStreet, { a: street, ae: prefixEnd(street), numero, limit });
    }
    case 'nome': {
      const hits: SearchHit[] = [];
      const seen = new Set<string>();
      const add = (list: SearchHit[]) => {
        for (const h of list)
          if (!seen.has(h.id) && hits.length < limit) {
            seen.add(h.id);
            hits.push(h);
          }
      };
      // Whole text as surname (compound surnames: "DE LUCA"), then "surname name", then "name surname".
      add(rows(s.bySurnameOnly, { a: norm, ae: prefixEnd(norm), limit }));
      const [first, ...rest] = norm.split(' ');
      if (rest.length > 0 && hits.length < limit) {
        const second = rest.join(' ');
        // A complete surname followed by a name uses both index columns; only if it finds nobody is
        // the first word taken as a surname prefix (which scans that surname range).
        const exact = rows(s.bySurnameExact, { a: first, b: second, be: prefixEnd(second), limit });
        add(exact);
        if (exact.length === 0) add(rows(s.bySurname, { a: first, ae: prefixEnd(first), b: second, be: prefixEnd(second), limit }));
        if (hits.length < limit) {
          const exactName = rows(s.byFirstNameExact, { a: first, b: second, be: prefixEnd(second), limit });
          add(exactName);
          if (exactName.length === 0) add(rows(s.byFirstName, { a: first, ae: prefixEnd(first), b: second, be: prefixEnd(second), limit }));
        }
      } else if (hits.length < limit) {
        add(rows(s.byFirstName, { a: first, ae: prefixEnd(first), b: '', be: '\uffff', limit }));
      }
      return hits;
    }
  }
}

/** Search for the counter: what was shown is recorded in the audit log (ids and counts, no query text). */
export function searchRegistry(db: Db, actor: Actor, query: string, limit = 20): SearchHit[] {
  const hits = searchPersons(db, query, limit);
  recordAudit(db, actor, {
    action: 'person.search',
    entityType: 'person',
    entityId: '*',
    detail: { kind: classifyQuery(query).kind, count: hits.length, ids: hits.map((h) => h.id) },
  });
  return hits;
}
