import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateHub } from '../../../electron/platforms/hub/migrate';
import { HUB_MIGRATIONS } from '../../../electron/platforms/hub/schema';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub migrations: skipped — ${skip}`);

describe.skipIf(skip)('the hub schema on a real PostgreSQL', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  it('applies every migration once, in order, even when two run at the same time', async () => {
    const [a, b] = await Promise.all([admin(migrateHub), admin(migrateHub)]);
    const all = HUB_MIGRATIONS.map((m) => m.version);
    expect([...a.applied, ...b.applied].sort()).toEqual(all);
    expect(a.version).toBe(Math.max(...all));
    const again = await admin(migrateHub);
    expect(again.applied).toEqual([]);
    const rows = await admin((c) => c.query('SELECT version FROM sportello.schema_migrations ORDER BY version'));
    expect(rows.rows.map((r) => r.version)).toEqual(all);
  });

  it('refuses to run under a hub migrated by a newer Sportello', async () => {
    await admin((c) => c.query(`INSERT INTO sportello.schema_migrations (version, name) VALUES (9999, 'from the future')`));
    await expect(admin(migrateHub)).rejects.toMatchObject({ code: 'HUB_SCHEMA_NEWER' });
    await admin((c) => c.query('DELETE FROM sportello.schema_migrations WHERE version = 9999'));
  });

  it('keeps the schema across a restart of PostgreSQL (stopped and started by PID)', async () => {
    const before = server.pid();
    await server.restart();
    expect(server.pid()).not.toBe(before);
    expect((await admin(migrateHub)).applied).toEqual([]);
  });
});
