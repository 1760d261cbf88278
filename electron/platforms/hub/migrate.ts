/**
 * Applies the hub's migrations (schema.ts) in order, in one transaction holding an advisory lock,
 * so two `hub init` runs (or a hub init and a newer Sportello) never apply the same one twice.
 * Needs an admin connection (owner of the database, CREATEROLE).
 */
import type pg from 'pg';
import { SportelloError } from '../../core/errors';
import { HUB_MIGRATIONS, HUB_SCHEMA, type HubMigration } from './schema';

/** pg_advisory_xact_lock key of the hub's migrations ("SPORTHUB" in ASCII). */
export const MIGRATION_LOCK_KEY = '6004375263208362306';

export interface MigrationOutcome {
  /** Versions applied by this call, in order (empty when the hub was already current). */
  applied: number[];
  version: number;
}

export async function hubSchemaVersion(client: pg.ClientBase): Promise<number> {
  const t = await client.query<{ t: string | null }>(`SELECT to_regclass('${HUB_SCHEMA}.schema_migrations')::text AS t`);
  if (!t.rows[0].t) return 0;
  const r = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${HUB_SCHEMA}.schema_migrations`);
  return r.rows[0].v ?? 0;
}

export async function migrateHub(client: pg.ClientBase, migrations: HubMigration[] = HUB_MIGRATIONS): Promise<MigrationOutcome> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${HUB_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${HUB_SCHEMA}.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT session_user)`);
    await client.query(`SET LOCAL search_path = ${HUB_SCHEMA}, public`);
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${HUB_SCHEMA}.schema_migrations`)).rows.map((r) => r.version),
    );
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new SportelloError(
        'HUB_SCHEMA_NEWER',
        `Il database del Comune è stato aggiornato da una versione di Sportello più recente (schema ${newest}, questa conosce fino a ${known}): aggiornare Sportello su questo PC.`,
        { newest, known },
      );
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${HUB_SCHEMA}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return { applied, version: Math.max(newest, ...applied) };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
