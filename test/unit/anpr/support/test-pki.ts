/**
 * Test certificates made with the openssl CLI at test time: a test CA, the Comune's PKCS#12
 * (assertion signer), the workstation's PKCS#12 (IdPostazione signer), and a rogue pair from
 * another CA for negative tests. Everything lives in a temp dir the caller removes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caPem: string;
  caCertPath: string;
  comuneP12: Buffer;
  comunePassword: string;
  comuneCertPem: string;
  postazioneP12: Buffer;
  postazionePassword: string;
  postazioneCertPem: string;
  rogueP12: Buffer;
  roguePassword: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function issue(dir: string, name: string, cn: string, ca: string, days: string, password: string): void {
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', `/C=IT/O=Comune di Prova/CN=${cn}`, '-out', `${name}.csr`],
    dir,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      days,
      '-sha256',
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
  openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      `${name}.key`,
      '-in',
      `${name}.crt`,
      '-certfile',
      `${ca}.crt`,
      '-name',
      cn,
      '-passout',
      `pass:${password}`,
      '-out',
      `${name}.p12`,
    ],
    dir,
  );
}

function selfSignedCa(dir: string, name: string, cn: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-subj',
      `/C=IT/O=Test/CN=${cn}`,
      '-days',
      '30',
      '-sha256',
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sportello-anpr-pki-'));
  selfSignedCa(dir, 'ca', 'Test CA Ministero');
  selfSignedCa(dir, 'rogueca', 'Rogue CA');
  issue(dir, 'comune', '058091-CO-9999', 'ca', '30', 'comune-pw');
  issue(dir, 'postazione', '058091-PC-0001', 'ca', '30', 'postazione-pw');
  issue(dir, 'rogue', '058091-CO-6666', 'rogueca', '30', 'rogue-pw');
  writeFileSync(join(dir, 'README'), 'test certificates, safe to delete\n');
  return {
    dir,
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    caCertPath: join(dir, 'ca.crt'),
    comuneP12: readFileSync(join(dir, 'comune.p12')),
    comunePassword: 'comune-pw',
    comuneCertPem: readFileSync(join(dir, 'comune.crt'), 'utf8'),
    postazioneP12: readFileSync(join(dir, 'postazione.p12')),
    postazionePassword: 'postazione-pw',
    postazioneCertPem: readFileSync(join(dir, 'postazione.crt'), 'utf8'),
    rogueP12: readFileSync(join(dir, 'rogue.p12')),
    roguePassword: 'rogue-pw',
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
