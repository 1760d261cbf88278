/**
 * Over the LAN the hub is reached with TLS and verify-full semantics: PostgreSQL on 127.0.0.1 with
 * ssl=on and a certificate from a test CA made with openssl; the Comune's CA is accepted, another
 * CA is refused as a credentials (certificate) problem, and a connection without TLS is refused.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initHub, issueJoinCode } from '../../../electron/platforms/hub/admin';
import { connectHub, type HubError, hubError } from '../../../electron/platforms/hub/connect';
import { joinHub } from '../../../electron/platforms/hub/join';
import { opensslTestCa, type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';
import { tempDir } from '../../support/tmp';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub TLS: skipped — ${skip}`);

describe.skipIf(skip)('the hub over TLS', () => {
  let server: PgServer;
  let comuneCa: string;
  let otherCa: string;
  const dirs = [tempDir(), tempDir()];
  beforeAll(async () => {
    const comune = opensslTestCa(dirs[0].dir, 'CA del Comune di Prova');
    otherCa = opensslTestCa(dirs[1].dir, 'Another CA').caPem;
    comuneCa = comune.caPem;
    server = await startPostgres({ tls: comune.server });
  });
  afterAll(async () => {
    await server?.stop();
    for (const d of dirs) d.cleanup();
  });
  const lan = () => `postgresql://127.0.0.1:${server.port}/postgres`;

  it("accepts the hub's certificate with the Comune's CA: init, a code and a join all over TLS", async () => {
    const init = await initHub({ url: lan(), user: 'postgres', password: server.adminPassword, ca: comuneCa });
    expect(init.version).toBeGreaterThanOrEqual(1);
    const { code } = await issueJoinCode({ url: lan(), user: 'postgres', password: server.adminPassword, ca: comuneCa });
    const joined = await joinHub({ url: lan(), code, name: 'Anagrafe', ca: comuneCa });
    const c = await connectHub({ url: lan(), user: joined.role, password: joined.password, ca: comuneCa });
    try {
      const r = await c.query('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(r.rows[0]).toMatchObject({ ssl: true });
    } finally {
      await c.end();
    }
  });

  it('refuses a certificate the Comune’s CA did not sign, as a credentials problem, before sending any password', async () => {
    const wrong = (await connectHub({ url: lan(), user: 'postgres', password: server.adminPassword, ca: otherCa }).catch(
      (e) => e,
    )) as HubError;
    expect(wrong.code).toBe('HUB_TLS_REFUSED');
    expect(wrong.failure).toBe('credentials');
    expect(wrong.userMessage).toMatch(/certificato del server del Comune non è riconosciuto/);
    // Without the Comune's CA (the system's CAs only): refused too.
    expect(await connectHub({ url: lan(), user: 'postgres', password: server.adminPassword }).catch((e) => e.code)).toBe('HUB_TLS_REFUSED');
    // Joining with the wrong CA never reaches the code check.
    const { code } = await issueJoinCode({ url: server.adminUrl });
    expect(await joinHub({ url: lan(), code, name: 'x', ca: otherCa }).catch((e) => e.code)).toBe('HUB_TLS_REFUSED');
    // The hub saw no join: the code is still unused.
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    expect((await c.query('SELECT count(*)::int AS n FROM sportello.join_codes WHERE used_at IS NULL')).rows[0].n).toBe(1);
    await c.end();
  });

  it("refuses a certificate of the Comune's CA issued for another name (verify-full, not only the chain)", async () => {
    const d = tempDir();
    dirs.push(d);
    const other = opensslTestCa(d.dir, 'CA del Comune di Prova', 'DNS:hub.comune.example');
    const misnamed = await startPostgres({ tls: other.server });
    try {
      const e = (await connectHub({
        url: `postgresql://127.0.0.1:${misnamed.port}/postgres`,
        user: 'postgres',
        password: misnamed.adminPassword,
        ca: other.caPem,
      }).catch((err) => err)) as HubError;
      expect(e).toMatchObject({ code: 'HUB_TLS_REFUSED', failure: 'credentials', details: { tls: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    } finally {
      await misnamed.stop();
    }
  });

  it('a connection without TLS is refused by the hub (pg_hba hostssl)', async () => {
    const plain = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', password: server.adminPassword, ssl: false });
    const e = await plain.connect().catch((err) => err);
    await plain.end().catch(() => {});
    expect(hubError(e)).toMatchObject({ code: 'HUB_TLS_REQUIRED', failure: 'credentials' });
  });
});
