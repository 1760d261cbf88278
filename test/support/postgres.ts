/**
 * A real PostgreSQL (the Debian package) for one test: a fresh cluster in a temp folder, listening on
 * a Unix socket in that folder (and, when asked, on 127.0.0.1 with or without TLS), started with
 * pg_ctl and stopped by the postmaster's PID. As root the cluster belongs to the `postgres` user
 * (initdb refuses root). Built for speed: fsync off, small buffers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BIN_CANDIDATES = [
  process.env.SPORTELLO_PG_BIN,
  '/usr/lib/postgresql/17/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/15/bin',
];

export function postgresBin(): string | undefined {
  return BIN_CANDIDATES.find((d): d is string => !!d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

const asRoot = () => userInfo().uid === 0;

function pgUser(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

let skipReason: string | null | undefined;
/**
 * Why PostgreSQL cannot be started here (null when it can): the caller skips with this message,
 * e.g. `describe.skipIf(postgresOrSkipReason())`. Checks the binaries and runs `postgres --version`
 * as the user the cluster would run as.
 */
export function postgresOrSkipReason(): string | null {
  if (skipReason !== undefined) return skipReason;
  const bin = postgresBin();
  if (!bin) {
    skipReason = 'PostgreSQL is not installed (no /usr/lib/postgresql/<15|16|17>/bin/initdb): run scripts/install-system-deps.sh';
  } else if (asRoot() && !pgUser()) {
    skipReason = 'running as root and there is no `postgres` user to own the test cluster (initdb refuses root)';
  } else {
    const r = run(bin, 'postgres', ['--version'], false);
    skipReason = r.status === 0 ? null : `PostgreSQL cannot run here: ${(r.stderr || r.stdout).trim()}`;
  }
  return skipReason;
}

function run(bin: string, tool: string, args: string[], check = true, env: NodeJS.ProcessEnv = {}) {
  const cmd = asRoot() ? 'runuser' : join(bin, tool);
  const full = asRoot() ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
  const r = spawnSync(cmd, full, { encoding: 'utf8', cwd: tmpdir(), timeout: 60_000, env: { ...process.env, ...env } });
  if (check && r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface PgTls {
  /** PEM of the server certificate (chain) and its key. */
  cert: string;
  key: string;
}

export interface PgOptions {
  /** Also listen on 127.0.0.1 (a free port); TLS on when `tls` is given. */
  tcp?: boolean;
  tls?: PgTls;
  /** Extra postgresql.conf lines. */
  conf?: string[];
}

export interface PgServer {
  /** The cluster's folder (data in data/, socket and log beside it). */
  dir: string;
  socketDir: string;
  port: number;
  /** Superuser `postgres` and its password. */
  adminPassword: string;
  /** postgresql://postgres:pw@localhost/postgres?host=<socketDir>&port=<port> (the socket wins over localhost, for `pg` and the hub). */
  adminUrl: string;
  /** Same database over 127.0.0.1 (only with `tcp`). */
  tcpUrl: string | null;
  /** A URL for `user`/`password` on `database` over the socket. */
  urlFor(user: string, password: string, database?: string): string;
  pid(): number;
  log(): string;
  /**
   * Runs a PostgreSQL client tool (pg_dump, pg_restore, psql, createdb…) as the cluster's user,
   * against this cluster's socket as `postgres`; returns its standard output, throws on failure.
   * Files it writes belong in `dir` (the cluster user's folder).
   */
  tool(name: string, args: string[], opts?: { password?: string }): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** initdb + start; remember to `stop()` (removes the folder too). */
export async function startPostgres(opts: PgOptions = {}): Promise<PgServer> {
  const bin = postgresBin();
  const reason = postgresOrSkipReason();
  if (!bin || reason) throw new Error(reason ?? 'PostgreSQL not found');
  const dir = mkdtempSync(join(tmpdir(), 'sportello-pg-'));
  const owner = asRoot() ? pgUser() : undefined;
  const own = (p: string) => owner && chownSync(p, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  own(dir);
  const data = join(dir, 'data');
  const adminPassword = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${adminPassword}\n`, { mode: 0o600 });
  own(pwfile);
  run(
    bin,
    'initdb',
    ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
    true,
  );
  rmSync(pwfile);
  const port = await freePort();
  const conf = [
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    `listen_addresses = '${opts.tcp || opts.tls ? '127.0.0.1' : ''}'`,
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'shared_buffers = 16MB',
    'max_connections = 60',
    "timezone = 'UTC'",
    'log_min_messages = warning',
  ];
  if (opts.tls) {
    for (const [name, pem] of [
      ['server.crt', opts.tls.cert],
      ['server.key', opts.tls.key],
    ] as const) {
      writeFileSync(join(data, name), pem, { mode: 0o600 });
      own(join(data, name));
    }
    conf.push('ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'");
  }
  appendFileSync(join(data, 'postgresql.conf'), `\n${[...conf, ...(opts.conf ?? [])].join('\n')}\n`);
  // Password (scram) everywhere; over TCP only TLS when the test gave a certificate.
  writeFileSync(
    join(data, 'pg_hba.conf'),
    ['local all all scram-sha-256', `${opts.tls ? 'hostssl' : 'host'} all all 127.0.0.1/32 scram-sha-256`, ''].join('\n'),
  );
  const logFile = join(dir, 'postgres.log');
  writeFileSync(logFile, '');
  own(logFile);

  const start = () => {
    run(bin, 'pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', 'start']);
  };
  const pid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stopByPid = async () => {
    if (!existsSync(join(data, 'postmaster.pid'))) return;
    const p = pid();
    try {
      process.kill(p, 'SIGINT'); // fast shutdown
    } catch {
      return;
    }
    const deadline = Date.now() + 30_000;
    while (alive(p)) {
      if (Date.now() > deadline) process.kill(p, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  start();
  running.add(pid);
  const enc = encodeURIComponent;
  const urlFor = (user: string, password: string, database = 'postgres') =>
    `postgresql://${enc(user)}:${enc(password)}@localhost/${database}?host=${enc(dir)}&port=${port}`;
  return {
    dir,
    socketDir: dir,
    port,
    adminPassword,
    adminUrl: urlFor('postgres', adminPassword),
    tcpUrl: opts.tcp || opts.tls ? `postgresql://postgres:${adminPassword}@127.0.0.1:${port}/postgres` : null,
    urlFor,
    pid,
    log: () => readFileSync(logFile, 'utf8'),
    tool: (name, args, o = {}) =>
      run(bin, name, args, true, { PGHOST: dir, PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: o.password ?? adminPassword }).stdout,
    async restart() {
      await stopByPid();
      start();
    },
    async stop() {
      await stopByPid();
      running.delete(pid);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Clusters still running when the test process exits (a crash, a failed hook) get an immediate shutdown. */
const running = new Set<() => number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid(), 'SIGQUIT');
    } catch {
      /* already gone */
    }
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A test CA and a server certificate (by default for 127.0.0.1 and localhost) made with openssl (PEM). */
export function opensslTestCa(
  dir: string,
  cn = 'Sportello Test CA',
  subjectAltName = 'IP:127.0.0.1, DNS:localhost',
): { caPem: string; server: PgTls } {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', `/CN=${cn}`, '-keyout', f('ca.key'), '-out', f('ca.crt'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', f('server.key'), '-out', f('server.csr'));
  writeFileSync(f('ext.cnf'), `subjectAltName = ${subjectAltName}\nbasicConstraints = CA:FALSE\n`);
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.crt'),
  );
  return {
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    server: { cert: readFileSync(f('server.crt'), 'utf8'), key: readFileSync(f('server.key'), 'utf8') },
  };
}
