// Passive authentication by the book: the document signer is the certificate the SignerInfo names
// (issuerAndSerialNumber or subjectKeyIdentifier), wherever it sits in the SOD's certificate set;
// a DS no trusted CSCA issued is refused. SODs come from openssl and pkijs (test/support/sod-fixture.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCertificates, parseSignedData, passiveAuthentication } from '../../../electron/core/card/passive-auth';
import { buildDg1, buildLds, TEST_HOLDER } from '../../../simulators/cie-card/personalise';
import { testPki, type TestPki } from '../../support/sod-fixture';

let dir: string;
let pki: TestPki;
const dg1 = buildDg1(TEST_HOLDER);
const lds = buildLds([[1, dg1]]);
const groups = new Map([[1, dg1]]);
const trusted = () => loadCertificates(pki.pem('CSCA Italia'));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-sod-'));
  pki = testPki(dir);
  pki.csca('CSCA Italia');
  pki.csca('CSCA Altrove');
  pki.documentSigner('DS Italia', 'CSCA Italia', 2);
  pki.documentSigner('DS Secondo', 'CSCA Italia', 3);
  pki.documentSigner('DS Altrove', 'CSCA Altrove', 2);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passive authentication', () => {
  it('still verifies when the certificate set is reordered and carries extra certificates', () => {
    const plain = passiveAuthentication(pki.sod(lds, 'DS Italia'), groups, trusted()); // as openssl signs it
    expect(plain).toMatchObject({ ok: true, failures: [], checkedGroups: [1] });
    const sod = pki.sod(lds, 'DS Italia', { certificates: ['DS Secondo', 'CSCA Italia', 'DS Italia'] });
    expect(parseSignedData(sod).certificates).toHaveLength(3);
    const r = passiveAuthentication(sod, groups, trusted());
    expect(r).toMatchObject({ ok: true, signatureValid: true, chainValid: true, failures: [] });
    expect(r.documentSigner).toContain('CN=DS Italia');
    // DS Secondo has the same issuer: only the serial number tells them apart.
    expect(r.documentSigner).not.toContain('DS Secondo');
  });

  it('finds the signer by subjectKeyIdentifier too', () => {
    const sod = pki.sod(lds, 'DS Italia', { keyid: true, certificates: ['DS Secondo', 'DS Italia'] });
    expect(passiveAuthentication(sod, groups, trusted())).toMatchObject({ ok: true, failures: [] });
  });

  it('refuses a SOD signed by a DS no trusted CSCA issued, wherever the trusted DS sits in the set', () => {
    const alone = passiveAuthentication(pki.sod(lds, 'DS Altrove'), groups, trusted());
    expect(alone).toMatchObject({ ok: false, signatureValid: true, chainValid: false });
    expect(alone.failures).toContain('ds-not-issued-by-known-csca');
    // A trusted DS placed first in the set does not lend its trust to the one that signed.
    const disguised = passiveAuthentication(pki.sod(lds, 'DS Altrove', { certificates: ['DS Italia', 'DS Altrove'] }), groups, trusted());
    expect(disguised).toMatchObject({ ok: false, chainValid: false });
    expect(disguised.documentSigner).toContain('CN=DS Altrove');
  });

  it('refuses a SOD whose signer is not in its certificate set', () => {
    const r = passiveAuthentication(pki.sod(lds, 'DS Italia', { certificates: ['DS Secondo'] }), groups, trusted());
    expect(r).toMatchObject({ ok: false, signatureValid: false });
    expect(r.failures).toEqual(expect.arrayContaining(['sod-signature', 'ds-certificate-missing']));
  });
});
