import { describe, expect, it } from 'vitest';
import { daysLeft } from '../../../electron/core/settings/certificate-expiry';
import { inspectPkcs12 } from '../../../electron/core/settings/certificates';
import { isSportelloError } from '../../../electron/core/errors';
import { comunePki, makeCa, makeP12 } from '../../support/pki';

const NOW = new Date('2026-03-10T10:00:00Z');
const pki = comunePki('056003', '058091', NOW);
const expect0 = (role: 'comune' | 'postazione') => ({ role, codiceIstat: '056003', comuneName: 'Comune di Bagnoregio', now: NOW });

function refusal(fn: () => unknown): { code: string; message: string; field?: string } {
  try {
    fn();
  } catch (e) {
    if (isSportelloError(e)) return { code: e.code, message: e.userMessage, field: (e as { field?: string }).field };
    throw e;
  }
  throw new Error('accepted');
}

describe('a PKCS#12 is checked before it is kept', () => {
  it("accepts the Comune's and the workstation's certificates, showing subject, issuer and expiry", () => {
    const info = inspectPkcs12(pki.comune.bytes, pki.comune.password, expect0('comune'));
    expect(info.commonName).toBe('056003-CO-0001');
    expect(info.subject).toContain('CN=056003-CO-0001');
    expect(info.issuer).toContain('CN=Comune Test CA');
    expect(info.notAfter).toBe(pki.comune.notAfter.toISOString());
    expect(daysLeft(info, NOW)).toBe(20);
    expect(daysLeft(info, new Date(NOW.getTime() + 1000))).toBe(19);
    expect(inspectPkcs12(pki.postazione.bytes, pki.postazione.password, expect0('postazione')).commonName).toBe('056003-PC-0001');
    // Machine-to-machine installations use the CO certificate as the workstation's too.
    expect(inspectPkcs12(pki.comune.bytes, pki.comune.password, expect0('postazione')).commonName).toBe('056003-CO-0001');
  });

  it('refuses a wrong password, naming the password field', () => {
    const r = refusal(() => inspectPkcs12(pki.comune.bytes, 'sbagliata', expect0('comune')));
    expect(r).toMatchObject({ code: 'CERT_WRONG_PASSWORD', field: 'password' });
    expect(r.message).toMatch(/password .* non è corretta/);
  });

  it('refuses a file that is not PKCS#12 (a PEM certificate, random bytes, empty)', () => {
    for (const bytes of [
      Buffer.from(pki.ca.pem),
      Buffer.from('not a certificate at all'),
      Buffer.alloc(0),
      Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]),
    ]) {
      expect(refusal(() => inspectPkcs12(bytes, 'x', expect0('comune')))).toMatchObject({ code: 'CERT_NOT_PKCS12', field: 'file' });
    }
  });

  it('refuses an expired certificate, saying when it expired', () => {
    const r = refusal(() => inspectPkcs12(pki.expired.bytes, pki.expired.password, expect0('comune')));
    expect(r.code).toBe('CERT_EXPIRED');
    expect(r.message).toMatch(/è scaduto il \d{2}\/\d{2}\/\d{4}/);
  });

  it("refuses a certificate of another Comune, and a workstation certificate in the Comune's place", () => {
    const other = refusal(() => inspectPkcs12(pki.otherComune.bytes, pki.otherComune.password, expect0('comune')));
    expect(other.code).toBe('CERT_OTHER_COMUNE');
    expect(other.message).toContain('058091-CO-0001');
    expect(other.message).toContain('056003-CO-');
    expect(refusal(() => inspectPkcs12(pki.postazione.bytes, pki.postazione.password, expect0('comune'))).code).toBe('CERT_WRONG_ROLE');
    const unnamed = makeP12(makeCa('x', NOW), 'Mario Rossi', { from: new Date(NOW.getTime() - 1000), to: new Date(NOW.getTime() + 1e10) });
    expect(refusal(() => inspectPkcs12(unnamed.bytes, unnamed.password, expect0('comune'))).code).toBe('CERT_OTHER_COMUNE');
  });
});
