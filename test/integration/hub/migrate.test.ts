import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHub, hubError } from '../../../electron/platforms/hub/connect';
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

  it('keeps the schema across a restart of PostgreSQL (stopped and started by PID); the restart is the network’s failure', async () => {
    const before = server.pid();
    const open = await connectHub({ url: server.adminUrl });
    await server.restart();
    expect(server.pid()).not.toBe(before);
    // A connection cut by the restart is a transport failure (retry), not the item's or the credentials'.
    const cut = await open.query('SELECT 1').catch((e) => hubError(e));
    await open.end().catch(() => {});
    expect(cut).toMatchObject({ code: 'HUB_UNREACHABLE', failure: 'transport' });
    expect((await admin(migrateHub)).applied).toEqual([]);
  });

  it('a stopped hub is unreachable (transport), a wrong password is the credentials’', async () => {
    expect(await connectHub({ url: server.adminUrl, password: 'wrong' }).catch((e) => e)).toMatchObject({
      code: 'HUB_LOGIN_REFUSED',
      failure: 'credentials',
    });
    const stopped = await startPostgres();
    const url = stopped.adminUrl;
    await stopped.stop();
    expect(await connectHub({ url }).catch((e) => e)).toMatchObject({ code: 'HUB_UNREACHABLE', failure: 'transport' });
  });
});
