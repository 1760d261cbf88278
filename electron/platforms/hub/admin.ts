/**
 * What `sportello-admin hub init` and `hub code` do (electron/admin/cli.ts prints it).
 *
 * init, with the admin address (a superuser, or the database's owner with CREATEROLE): applies the
 * migrations and creates the first responsabile's access, the login role sportello_resp_1 (member
 * of sportello_responsabili: reads everything, issues join codes, removes workstations) with a
 * random password shown once. A second run applies what is missing and leaves that access as it is.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { formatJoinCode, generateJoinCode } from './codes';
import { connectHub, type HubEndpoint, HubError, hubError } from './connect';
import { migrateHub } from './migrate';
import { FIRST_RESPONSABILE, RESPONSABILI_GROUP } from './schema';

export interface InitOutcome {
  applied: number[];
  version: number;
  responsabile: { role: string; password: string | null };
}

async function withHub<T>(e: HubEndpoint, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connectHub(e);
  try {
    return await fn(c);
  } catch (err) {
    throw hubError(err);
  } finally {
    await c.end().catch(() => {});
  }
}

export function initHub(e: HubEndpoint): Promise<InitOutcome> {
  return withHub(e, async (c) => {
    const me = (
      await c.query<{ rolsuper: boolean; rolcreaterole: boolean }>(
        'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
      )
    ).rows[0];
    if (!me?.rolsuper && !me?.rolcreaterole) {
      throw new HubError(
        'HUB_ADMIN_RIGHTS',
        "Per preparare il database del Comune serve l'utente amministratore di PostgreSQL (postgres) o un proprietario del database con CREATEROLE.",
        'refused',
      );
    }
    const m = await migrateHub(c);
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [FIRST_RESPONSABILE])).rowCount! > 0;
    let password: string | null = null;
    if (!exists) {
      password = randomBytes(18).toString('base64url');
      // Sent as a SCRAM verifier: even a server logging every statement never sees the password.
      await c.query(`CREATE ROLE ${FIRST_RESPONSABILE} LOGIN PASSWORD '${scramVerifier(password)}' IN ROLE ${RESPONSABILI_GROUP}`);
    }
    return { ...m, responsabile: { role: FIRST_RESPONSABILE, password } };
  });
}

/** PostgreSQL's SCRAM-SHA-256 verifier of a password (RFC 5802/7677), what CREATE ROLE … PASSWORD accepts pre-hashed. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface IssuedCode {
  /** XXXX-XXXX-XXXX */
  code: string;
  expiresAt: Date;
}

/** A one-time join code (admin or responsabile address); join roles of used or expired codes are dropped first. */
export function issueJoinCode(
  e: HubEndpoint,
  opts: {
    name?: string;
    validHours?: number /** The number of a registered workstation joining again (it keeps it). */;
    forNumber?: number;
  } = {},
): Promise<IssuedCode> {
  return withHub(e, async (c) => {
    await c.query('SELECT sportello.purge_join_roles()');
    const code = generateJoinCode();
    // Only the code's hash and SCRAM verifier reach the hub: no statement or log line there holds the code.
    const r = await c.query<{ expires_at: Date }>(
      'SELECT expires_at FROM sportello.create_join_code($1, $2, $3, make_interval(hours => $4), $5)',
      [sha256Hex(code), scramVerifier(code), opts.name?.trim() || null, opts.validHours ?? 24, opts.forNumber ?? null],
    );
    return { code: formatJoinCode(code), expiresAt: r.rows[0].expires_at };
  });
}

export interface WorkstationRow {
  number: number;
  name: string;
  joinedAt: Date;
  lastContactAt: Date | null;
  removedAt: Date | null;
}

export function listHubWorkstations(e: HubEndpoint): Promise<WorkstationRow[]> {
  return withHub(e, async (c) => {
    const r = await c.query(
      `SELECT number, name, joined_at AS "joinedAt", last_contact_at AS "lastContactAt", removed_at AS "removedAt"
         FROM sportello.workstations ORDER BY number`,
    );
    return r.rows as WorkstationRow[];
  });
}

export function removeHubWorkstation(e: HubEndpoint, number: number): Promise<void> {
  return withHub(e, async (c) => {
    await c.query('SELECT sportello.remove_workstation($1)', [number]);
  });
}
