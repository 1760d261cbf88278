/**
 * Test-only SODs built with our own tools (the openssl CLI signs, pkijs re-encodes), never with the
 * client's parsing code: a CSCA, document signers it issued (or not), and SODs whose certificate
 * set is reordered or carries extra certificates.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkijs from 'pkijs';

export interface TestPki {
  dir: string;
  /** PEM of a CSCA. */
  pem(name: string): string;
  /** DER of a certificate. */
  der(name: string): Buffer;
  /** A self-signed CSCA. */
  csca(name: string): void;
  /** A document signer issued by `issuer`, with a subjectKeyIdentifier. */
  documentSigner(name: string, issuer: string, serial: number): void;
  /**
   * A SOD (tag 77 around CMS SignedData) over `lds`, signed by `signer`; `keyid` names the signer by
   * subjectKeyIdentifier instead of issuer and serial number; `certificates` replaces the set as given.
   */
  sod(lds: Buffer, signer: string, opts?: { keyid?: boolean; certificates?: string[] }): Buffer;
}

export function testPki(dir: string): TestPki {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const pki: TestPki = {
    dir,
    pem: (name) => readFileSync(join(dir, `${name}.pem`), 'utf8'),
    der: (name) => {
      openssl('x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`);
      return readFileSync(join(dir, `${name}.der`));
    },
    csca(name) {
      openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
        '-days',
        '3650',
        '-subj',
        `/C=IT/O=Sportello TEST/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      );
    },
    documentSigner(name, issuer, serial) {
      openssl(
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/C=IT/O=Sportello TEST/CN=${name}`,
      );
      writeFileSync(
        join(dir, `${name}.ext`),
        'keyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.pem`,
        '-CAkey',
        `${issuer}.key`,
        '-set_serial',
        String(serial),
        '-days',
        '1825',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      );
    },
    sod(lds, signer, opts = {}) {
      writeFileSync(join(dir, 'lds.der'), lds);
      openssl(
        'cms',
        '-sign',
        '-binary',
        '-nodetach',
        '-nosmimecap',
        '-in',
        'lds.der',
        '-signer',
        `${signer}.pem`,
        '-inkey',
        `${signer}.key`,
        '-econtent_type',
        '2.23.136.1.1.1',
        '-md',
        'sha256',
        '-outform',
        'DER',
        '-out',
        'sod.cms',
        ...(opts.keyid ? ['-keyid'] : []),
      );
      let cms: Buffer = readFileSync(join(dir, 'sod.cms'));
      if (opts.certificates)
        cms = withCertificates(
          cms,
          opts.certificates.map((n) => pki.der(n)),
        );
      return Buffer.concat([Buffer.from([0x77]), derLength(cms.length), cms]);
    },
  };
  return pki;
}

/** Re-encodes a ContentInfo with another certificate set; the SignerInfo is left as signed. */
function withCertificates(cms: Buffer, ders: Buffer[]): Buffer {
  const ci = pkijs.ContentInfo.fromBER(Uint8Array.from(cms));
  const sd = new pkijs.SignedData({ schema: ci.content });
  sd.certificates = ders.map((d) => pkijs.Certificate.fromBER(Uint8Array.from(d)));
  const out = new pkijs.ContentInfo({ contentType: ci.contentType, content: sd.toSchema(true) });
  return Buffer.from(out.toSchema().toBER());
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
