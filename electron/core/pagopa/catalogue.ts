/** The payment catalogue the responsabile configures: what the counter can charge, and where it goes. */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { requireCents, requireIban, requireTaxonomy, requireText } from './validate';

export interface CatalogueItem {
  id: string;
  /** Short code the clerk types, e.g. "CIE-STATO". */
  code: string;
  description: string;
  amountCents: number;
  taxonomy: string;
  iban: string;
  active: boolean;
}

export type CatalogueItemInput = Omit<CatalogueItem, 'id' | 'active'> & { active?: boolean };

function validate(input: CatalogueItemInput): Omit<CatalogueItem, 'id'> {
  const code = requireText(input.code, 'code', 'Codice', 20).toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9_-]*$/.test(code)) {
    throw new ValidationError('PAGOPA_CATALOGUE_CODE', 'Il codice può contenere solo lettere, cifre, trattino e trattino basso.', 'code');
  }
  return {
    code,
    description: requireText(input.description, 'description', 'Descrizione', 140),
    amountCents: requireCents(input.amountCents, 'amountCents', 'Importo'),
    taxonomy: requireTaxonomy(input.taxonomy),
    iban: requireIban(input.iban),
    active: input.active ?? true,
  };
}

interface Row {
  id: string;
  code: string;
  description: string;
  amount_cents: number;
  taxonomy: string;
  iban: string;
  active: number;
}

const toItem = (r: Row): CatalogueItem => ({
  id: r.id,
  code: r.code,
  description: r.description,
  amountCents: r.amount_cents,
  taxonomy: r.taxonomy,
  iban: r.iban,
  active: r.active === 1,
});

function codeTaken(e: unknown): boolean {
  return e instanceof Error && /UNIQUE constraint failed: pagopa_catalogue_item\.code/.test(e.message);
}

export function createCatalogueItem(db: Db, actor: Actor, input: CatalogueItemInput): CatalogueItem {
  const v = validate(input);
  const id = randomUUID();
  const now = new Date().toISOString();
  try {
    withTx(db, (tx) => {
      db.prepare(
        `INSERT INTO pagopa_catalogue_item (id, code, description, amount_cents, taxonomy, iban, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, v.code, v.description, v.amountCents, v.taxonomy, v.iban, v.active ? 1 : 0, now, now);
      appendAudit(tx, actor, {
        action: 'pagopa.catalogue.create',
        entityType: 'pagopa_catalogue_item',
        entityId: id,
        detail: { code: v.code, amountCents: v.amountCents, taxonomy: v.taxonomy },
      });
    });
  } catch (e) {
    if (codeTaken(e)) throw new ValidationError('PAGOPA_CATALOGUE_CODE_TAKEN', 'Esiste già una voce con questo codice.', 'code');
    throw e;
  }
  return { id, ...v };
}

/** Changing an item never touches notices already issued: they keep their own copy of each line. */
export function updateCatalogueItem(db: Db, actor: Actor, id: string, input: CatalogueItemInput): CatalogueItem {
  const v = validate(input);
  try {
    withTx(db, (tx) => {
      const r = db
        .prepare(
          `UPDATE pagopa_catalogue_item SET code = ?, description = ?, amount_cents = ?, taxonomy = ?, iban = ?, active = ?,
         updated_at = ? WHERE id = ?`,
        )
        .run(v.code, v.description, v.amountCents, v.taxonomy, v.iban, v.active ? 1 : 0, new Date().toISOString(), id);
      if (r.changes === 0)
        throw new SportelloError('PAGOPA_CATALOGUE_NOT_FOUND', 'Voce del catalogo non trovata: ricaricare la pagina.', { id });
      appendAudit(tx, actor, {
        action: 'pagopa.catalogue.update',
        entityType: 'pagopa_catalogue_item',
        entityId: id,
        detail: { code: v.code, amountCents: v.amountCents, taxonomy: v.taxonomy, active: v.active },
      });
    });
  } catch (e) {
    if (codeTaken(e)) throw new ValidationError('PAGOPA_CATALOGUE_CODE_TAKEN', 'Esiste già una voce con questo codice.', 'code');
    throw e;
  }
  return { id, ...v };
}

export function listCatalogue(db: Db, opts: { includeInactive?: boolean } = {}): CatalogueItem[] {
  const rows = db
    .prepare(`SELECT * FROM pagopa_catalogue_item ${opts.includeInactive ? '' : 'WHERE active = 1'} ORDER BY code`)
    .all() as Row[];
  return rows.map(toItem);
}

export function getCatalogueItem(db: Db, idOrCode: string): CatalogueItem | undefined {
  const r = db.prepare('SELECT * FROM pagopa_catalogue_item WHERE id = ? OR code = ?').get(idOrCode, idOrCode.toUpperCase()) as
    | Row
    | undefined;
  return r && toItem(r);
}
