/**
 * A Comune hub for tests: a real PostgreSQL (postgres.ts) with the hub's schema, and workstations
 * joined the way a counter joins (a one-time code, then join_workstation as the code's role).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateHub } from '../../electron/platforms/hub/migrate';
import { scramVerifier, sha256Hex } from '../../electron/platforms/hub/admin';
import { type PgServer, startPostgres } from './postgres';

export interface Joined {
  number: number;
  role: string;
  password: string;
  /** postgresql://role:password@/postgres?host=<socket folder>&port=<port> */
  url: string;
}

/** The connection a counter keeps after joining (core/settings/hub.ts), reaching the hub through the socket folder `socketDir`. */
export function hubSettingFor(j: Joined, socketDir: string, port: number) {
  return {
    url: `postgresql://localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${port}`,
    role: j.role,
    password: j.password,
    number: j.number,
    joinedAt: new Date().toISOString(),
  };
}

export interface TestHub {
  server: PgServer;
  /** Runs `fn` as the cluster's superuser. */
  admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T>;
  /** Joins a workstation; returns its number, its login and its connection string with them (over the Unix socket). */
  join(name: string, wanted?: number): Promise<Joined>;
  /** Rows of a hub table, as the superuser sees them. */
  count(sql: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

export async function startHub(server?: PgServer): Promise<TestHub> {
  const srv = server ?? (await startPostgres());
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: srv.adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await admin(migrateHub);
  return {
    server: srv,
    admin,
    async join(name, wanted) {
      const code = randomBytes(9).toString('hex').toUpperCase();
      const password = randomBytes(18).toString('base64url');
      const { join_role } = (
        await admin((c) =>
          c.query<{ join_role: string }>(`SELECT join_role FROM sportello.create_join_code($1, $2, $3, interval '1 hour')`, [
            sha256Hex(code),
            scramVerifier(code),
            name,
          ]),
        )
      ).rows[0];
      const c = new pg.Client({ connectionString: srv.urlFor(join_role, code) });
      await c.connect();
      try {
        const r = (
          await c.query<{ number: number; role_name: string }>('SELECT * FROM sportello.join_workstation($1, $2, $3, $4, $5)', [
            code,
            name,
            wanted ?? null,
            sha256Hex(password),
            scramVerifier(password),
          ])
        ).rows[0];
        return { number: r.number, role: r.role_name, password, url: srv.urlFor(r.role_name, password) };
      } finally {
        await c.end();
      }
    },
    async count(sql, params = []) {
      return Number((await admin((c) => c.query<{ n: string }>(sql, params))).rows[0].n);
    },
    async stop() {
      if (!server) await srv.stop();
    },
  };
}
