/**
 * A TLS certificate refused is a credentials failure, not the network's: the platform's server
 * alerting that our client certificate is missing or bad, and our refusal of the platform's
 * certificate, both pause the lane (GPD over real TLS here) instead of counting as an outage.
 * Certificates made with the openssl CLI at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { countByState } from '../../../electron/core/sync/outbox';
import { DEMO_CF_ENTE } from '../../../electron/demo';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { tlsRefusal } from '../../../electron/platforms/tls';
import { issueCieFee, pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let dir: string;
let key: Buffer;
let cert: Buffer;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=127.0.0.1'],
    { cwd: dir, stdio: 'pipe' },
  );
  key = readFileSync(join(dir, 'key.pem'));
  cert = readFileSync(join(dir, 'cert.pem'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tlsServer(requestCert: boolean) {
  const server = createHttpsServer({ key, cert, requestCert, rejectUnauthorized: requestCert, ca: [cert] }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  return new Promise<{ port: number; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

describe('TLS certificate refusals are credentials failures', () => {
  it('the platform refusing our (missing) client certificate is told apart from a network failure', async () => {
    const srv = await tlsServer(true);
    try {
      const err = await new Promise<unknown>((resolve) => {
        const s = connect(
          { host: '127.0.0.1', port: srv.port, ca: [cert], servername: 'localhost', checkServerIdentity: () => undefined },
          () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        s.on('error', resolve);
        s.on('data', () => undefined);
        s.on('end', () => resolve(null));
      });
      expect(tlsRefusal(err)).toMatchObject({ side: 'ours' });
      // A refused connection is the network's.
      const refused = await fetch('http://127.0.0.1:9/').catch((e: unknown) => e);
      expect(tlsRefusal(refused)).toBeNull();
    } finally {
      await srv.close();
    }
  });

  it('GPD over TLS with a certificate this PC does not trust: the lane pauses, the notice stays queued', { timeout: 30_000 }, async () => {
    const srv = await tlsServer(false);
    const t = tempDir();
    const store = pagopaStore(t.dir);
    const engine = new SyncEngine(
      store.db,
      [createGpdAdapter({ endpoint: `https://127.0.0.1:${srv.port}/gpd`, subscriptionKey: 'k', cfEnte: DEMO_CF_ENTE })],
      gpdOutboxHandlers,
      {
        log: createLogger(null),
        systemActor: systemActor('sync'),
        probeDownMs: 100,
        credentialsRetryMs: 60_000,
      },
    );
    try {
      issueCieFee(store.db, store.actor, 1);
      engine.start();
      const lane = () => engine.health().find((h) => h.platform === 'gpd')!;
      const end = Date.now() + 10_000;
      while (!lane().credentials && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(lane().credentials).toMatchObject({ code: 'GPD_TLS_REFUSED' });
      expect(lane().credentials!.text).toMatch(/certificato di pagoPA non è riconosciuto/);
      expect(lane().health).not.toBe('down');
      expect(countByState(store.db).gpd.attention).toBe(0);
    } finally {
      await engine.stop();
      store.db.close();
      await srv.close();
      t.cleanup();
    }
  });
});
