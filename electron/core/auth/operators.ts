import { randomUUID } from 'node:crypto';
import { SportelloError, ValidationError } from '../errors';
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db, Migration } from '../store/types';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { ROLES, type Role } from './roles';

export const operatorMigrations: Migration[] = [
  {
    version: 2,
    name: 'operators',
    up(db) {
      db.exec(`
        CREATE TABLE operators (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE COLLATE NOCASE,
          display_name TEXT NOT NULL,
          codice_fiscale TEXT,
          roles TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          active INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
];

export interface Operator {
  id: string;
  username: string;
  displayName: string;
  /** Needed as SAML NameID when this operator's work is sent to ANPR. */
  codiceFiscale: string | null;
  roles: Role[];
  active: boolean;
}

interface OperatorRow {
  id: string;
  username: string;
  display_name: string;
  codice_fiscale: string | null;
  roles: string;
  password_hash: string;
  active: number;
}

const toOperator = (r: OperatorRow): Operator => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  codiceFiscale: r.codice_fiscale,
  roles: JSON.parse(r.roles) as Role[],
  active: r.active === 1,
});

export function countOperators(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n;
}

export function listOperators(db: Db): Operator[] {
  return (db.prepare('SELECT * FROM operators ORDER BY username').all() as OperatorRow[]).map(toOperator);
}

export function getOperator(db: Db, id: string): Operator | undefined {
  const r = db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorRow | undefined;
  return r && toOperator(r);
}

export interface NewOperator {
  username: string;
  displayName: string;
  codiceFiscale?: string | null;
  roles: Role[];
  password: string;
}

/**
 * Creates an operator. `actor` is null only for the very first account (the responsabile made
 * at first start), which must then carry the responsabile role.
 */
export async function createOperator(db: Db, actor: Actor | null, input: NewOperator, workstationId: string): Promise<Operator> {
  const problem = passwordProblem(input.password);
  if (problem) throw new ValidationError('AUTH_WEAK_PASSWORD', problem, 'password');
  if (!input.roles.length || input.roles.some((r) => !ROLES.includes(r))) {
    throw new ValidationError('AUTH_ROLES', 'Scegliere almeno un ruolo valido.', 'roles');
  }
  const hash = await hashPassword(input.password);
  const id = randomUUID();
  const now = new Date().toISOString();
  withTx(db, (tx) => {
    if (actor === null) {
      if (countOperators(db) > 0)
        throw new SportelloError('AUTH_ALREADY_SET_UP', 'Il responsabile è già stato creato: accedere con le proprie credenziali.');
      if (!input.roles.includes('responsabile'))
        throw new ValidationError('AUTH_ROLES', 'Il primo account deve essere del responsabile.', 'roles');
    }
    const taken = db.prepare('SELECT 1 FROM operators WHERE username = ?').get(input.username);
    if (taken) throw new ValidationError('AUTH_USERNAME_TAKEN', 'Questo nome utente è già in uso: sceglierne un altro.', 'username');
    db.prepare(
      `INSERT INTO operators (id, username, display_name, codice_fiscale, roles, password_hash, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(id, input.username, input.displayName, input.codiceFiscale ?? null, JSON.stringify(input.roles), hash, now, now);
    appendAudit(tx, actor ?? { operatorId: id, workstationId }, {
      action: 'operator.create',
      entityType: 'operator',
      entityId: id,
      detail: { roles: input.roles },
    });
  });
  return getOperator(db, id)!;
}

/** Checks credentials; returns the operator or undefined (unknown user, wrong password, inactive). */
export async function checkCredentials(db: Db, username: string, password: string): Promise<Operator | undefined> {
  const r = db.prepare('SELECT * FROM operators WHERE username = ?').get(username) as OperatorRow | undefined;
  // Hash anyway when the user is unknown, so timing does not tell which usernames exist.
  const ok = await verifyPassword(password, r?.password_hash ?? DUMMY_HASH);
  if (!r || !ok || r.active !== 1) return undefined;
  return toOperator(r);
}

export function setOperatorActive(db: Db, actor: Actor, id: string, active: boolean): void {
  withTx(db, (tx) => {
    const res = db
      .prepare('UPDATE operators SET active = ?, updated_at = ? WHERE id = ?')
      .run(active ? 1 : 0, new Date().toISOString(), id);
    if (res.changes === 0) throw new SportelloError('AUTH_NO_OPERATOR', 'Operatore non trovato.');
    appendAudit(tx, actor, { action: active ? 'operator.enable' : 'operator.disable', entityType: 'operator', entityId: id });
  });
}

const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
