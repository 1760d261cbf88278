/**
 * "Prova collegamento" answers one of its three outcomes in Italian, never an exception, when the
 * call fails before any answer: a platform's HTTPS certificate this PC does not trust (a real
 * HTTPS server with a self-signed certificate made by the openssl CLI), and ANPR's own
 * certificate that can no longer be used. Production settings in a real encrypted store, called
 * through the same wiring the Impostazioni screen uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getComuneSettings } from '../../../electron/core/comune/settings';
import { createLogger } from '../../../electron/core/log';
import { setSetting } from '../../../electron/core/settings/settings';
import { buildPlatforms, type PlatformSettings } from '../../../electron/platforms/wiring';
import { comunePki } from '../../support/pki';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { systemActor } from '../../../electron/core/settings/workstation';

let dir: string;
let server: { url: string; hits: () => number; close(): Promise<void> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-conn-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=127.0.0.1'],
    { cwd: dir, stdio: 'pipe' },
  );
  let hits = 0;
  const srv = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[]');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  server = {
    url: `https://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const CALLER = { operatorCodiceFiscale: 'DMEPTR80A01A577B' };

function production(settings: (istat: string) => PlatformSettings) {
  const t = tempDir();
  const store = pagopaStore(t.dir);
  setSetting(store.db, 'platforms', settings(getComuneSettings(store.db).comuneIstat));
  const platforms = buildPlatforms({
    db: store.db,
    endpoints: undefined,
    log: createLogger(null),
    systemActor: systemActor(store.workstation.id),
    demo: false,
    onChange: () => undefined,
  });
  return {
    test: platforms.jobs.testConnection,
    close: () => {
      store.db.close();
      t.cleanup();
    },
  };
}

function anprSettings(
  istat: string,
  comune: { bytes: Buffer; password: string },
  postazione: { bytes: Buffer; password: string },
): PlatformSettings['anpr'] {
  return {
    endpoint: `${server.url}/anpr`,
    tipoInvio: 'TEST',
    idPostazione: `${istat}-PC-0001`,
    comuneCertificate: { p12: comune.bytes.toString('base64'), password: comune.password },
    postazioneCertificate: { p12: postazione.bytes.toString('base64'), password: postazione.password },
  };
}

describe('Prova collegamento when the call fails before any answer', () => {
  it('a platform whose HTTPS certificate this PC does not trust: "not reached", saying why, for ANPR, pagoPA and the booking system', {
    timeout: 60_000,
  }, async () => {
    let pki: ReturnType<typeof comunePki> | undefined;
    const p = production((istat) => {
      pki = comunePki(istat, '055023', new Date());
      return {
        anpr: anprSettings(istat, pki.comune, pki.postazione),
        gpd: { endpoint: `${server.url}/gpd`, subscriptionKey: 'k' },
        agenda: { baseUrl: `${server.url}/agenda`, token: 't' },
      };
    });
    try {
      expect(pki).toBeDefined();
      for (const [platform, name] of [
        ['anpr', 'ANPR'],
        ['gpd', 'pagoPA'],
        ['agenda', 'Il sistema di prenotazione CIE'],
      ] as const) {
        const outcome = await p.test(platform, CALLER);
        expect(outcome, platform).toEqual({
          outcome: 'unreachable',
          detail: expect.stringContaining(
            `${name} non è raggiungibile in modo sicuro a questo indirizzo: il certificato HTTPS del server non è riconosciuto da questo PC (DEPTH_ZERO_SELF_SIGNED_CERT).`,
          ),
        });
      }
      expect(server.hits()).toBe(0); // nothing was said to a server this PC does not trust
    } finally {
      p.close();
    }
  });

  it('ANPR with the Comune\'s certificate expired: "not reached", nothing sent, with what to do', { timeout: 60_000 }, async () => {
    const p = production((istat) => {
      const pki = comunePki(istat, '055023', new Date());
      return { anpr: anprSettings(istat, pki.expired, pki.postazione) };
    });
    try {
      const outcome = await p.test('anpr', CALLER);
      expect(outcome.outcome).toBe('unreachable');
      expect(outcome.detail).toMatch(
        /^Sportello non ha chiamato ANPR\. Il certificato del Comune per ANPR non è valido in questa data \(scadenza \d{4}-\d{2}-\d{2}\)\. Installare il certificato rinnovato/,
      );
      expect(server.hits()).toBe(0);
    } finally {
      p.close();
    }
  });
});
