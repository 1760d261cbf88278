/**
 * One small pool of connections to the Comune hub, shared by the adapter (pushes) and the puller,
 * and the hub's failures told apart the engine's way (SendOutcome.failure): the network's, the
 * workstation's access (credentials), or the item's.
 */
import pg from 'pg';
import { tlsRefusal } from '../tls';

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

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOENT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

export interface HubFailure {
  kind: 'transport' | 'credentials' | 'refused';
  /** SQLSTATE or the network error's code. */
  code: string;
  constraint?: string;
}

/** Whose failure a hub error is: never guessed from its message where PostgreSQL gives a SQLSTATE. */
export function failureOf(e: unknown): HubFailure {
  const err = e as { code?: string; constraint?: string; message?: string };
  const code = typeof err?.code === 'string' ? err.code : '';
  if (NETWORK_CODES.has(code)) return { kind: 'transport', code };
  // A TLS certificate refused (the hub's by us, or ours by the hub): resending will not help.
  const tls = tlsRefusal(e);
  if (tls) return { kind: 'credentials', code: tls.code };
  // 08: connection exception; 57P0x: the server is shutting down, restarting or not accepting yet; 53: out of resources.
  if (/^(08|57P|53)/.test(code)) return { kind: 'transport', code };
  // 28000 / 28P01: this workstation's role or password refused; 42501: its role may no longer act (removed workstation).
  if (code === '28000' || code === '28P01' || code === '42501') return { kind: 'credentials', code };
  if (/^[0-9A-Z]{5}$/.test(code)) return { kind: 'refused', code, constraint: err.constraint };
  // No SQLSTATE: the socket closed, a connect or query timeout, a TLS failure before the server spoke.
  return { kind: 'transport', code: code || 'HUB_CONNECTION_LOST' };
}
