/**
 * One small pool of connections to the Comune hub, shared by the adapter (pushes) and the puller,
 * and the hub's failures told apart the engine's way (SendOutcome.failure): the network's, the
 * workstation's access (credentials), or the item's.
 */
import pg from 'pg';
import { HubError, type HubFailure, hubError } from './connect';

export interface HubConnectionConfig {
  /** Where and as whom: host (or Unix socket folder), port, database, the workstation's role and password, TLS. */
  client: pg.ClientConfig;
  /** Connect and statement timeout (ms). */
  timeoutMs?: number;
}

/** The pool's client settings from a postgresql:// address with the role and password in it (tests, scripts). */
export const fromUrl = (connectionString: string): pg.ClientConfig => ({ connectionString });

export interface HubPool {
  /** Runs `fn` in one transaction on a pooled connection (ROLLBACK on a throw). */
  tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Runs `fn` on a pooled connection, no transaction. */
  use<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

export function createHubPool(cfg: HubConnectionConfig): HubPool {
  const timeout = cfg.timeoutMs ?? 5_000;
  const pool = new pg.Pool({
    ...cfg.client,
    max: 3,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: timeout,
    query_timeout: timeout,
    statement_timeout: timeout,
    application_name: 'sportello',
  });
  // A connection dropped while idle (the hub restarted): the pool forgets it; the next use reconnects.
  pool.on('error', () => {});
  // A connection cut while in use fails its query (the caller sees it); its 'error' event must not end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const use = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(c);
    } catch (e) {
      if (failureOf(e).kind === 'transport') broken = e as Error;
      throw e;
    } finally {
      c.release(broken);
    }
  };
  return {
    use,
    tx: (fn) =>
      use(async (c) => {
        await c.query('BEGIN');
        try {
          const r = await fn(c);
          await c.query('COMMIT');
          return r;
        } catch (e) {
          await c.query('ROLLBACK').catch(() => {});
          throw e;
        }
      }),
    end: () => pool.end(),
  };
}

/** Whose failure a hub error is (connect.ts hubError, shared with the join and the admin commands), and its code. */
export function failureOf(e: unknown): { kind: HubFailure; code: string } {
  // 42501: the role may no longer act (a removed workstation: my_workstation() is NULL under row-level security).
  if ((e as { code?: string })?.code === '42501') return { kind: 'credentials', code: 'HUB_WORKSTATION_REMOVED' };
  const h = hubError(e);
  return { kind: h instanceof HubError ? h.failure : 'refused', code: h.code };
}
