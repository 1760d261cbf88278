// The whole read path (NIS verification, PACE-CAN with DH-GM-3DES and ECDH-GM-AES, BAC, data groups,
// passive authentication, photo decoding) against the virtual CIE, in process (no PC/SC).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardErrorCode } from '../../../electron/core/card/card-errors';
import { identityToPrefill } from '../../../electron/core/card/prefill';
import { loadCertificates } from '../../../electron/core/card/passive-auth';
import { CardService } from '../../../electron/core/card/service';
import { InProcessReader } from '../../../simulators/cie-card/in-process-reader';
import { personalise, type Personalisation } from '../../../simulators/cie-card/personalise';
import { VirtualCie, type CardBehaviour } from '../../../simulators/cie-card/virtual-cie';

let dir: string;
let dh: Personalisation;
let ec: Personalisation;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sportello-cie-unit-'));
  dh = await personalise(join(dir, 'dh'));
  ec = await personalise(join(dir, 'ec'), { paceSuite: 'ecdh-gm-aes' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function service(p: Personalisation, behaviour: CardBehaviour = {}, extra: Partial<ConstructorParameters<typeof CardService>[0]> = {}) {
  const logs: Array<[string, Record<string, unknown>]> = [];
  const svc = new CardService({
    reader: new InProcessReader(new VirtualCie(p.profile, behaviour)),
    cscas: () => loadCertificates(readFileSync(p.cscaPemPath, 'utf8')),
    log: (e, f) => logs.push([e, f]),
    ...extra,
  });
  return { svc, logs };
}

describe('CardService over the virtual CIE', () => {
  it('reads and verifies the NIS', async () => {
    const { svc } = service(dh);
    const r = await svc.readNis();
    expect(r.nis).toBe(dh.profile.nis);
    expect(r.verification).toMatchObject({ chipGenuine: true, passiveAuthentication: 'passed', failures: [] });
    expect(r.verification.csca).toContain('Sportello Test CSCA');
  });

  it('reads the NIS on chips that answer 6A82 to SELECT IAS', async () => {
    const { svc } = service(dh, { iasNotFound: true });
    expect((await svc.readNis()).nis).toBe(dh.profile.nis);
  });

  it.each([
    ['DH-GM-3DES', () => dh],
    ['ECDH-GM-AES brainpoolP256r1', () => ec],
  ])('reads the identity with PACE-CAN (%s), verified, without logging the CAN', async (_n, p) => {
    const { svc, logs } = service(p());
    const r = await svc.readIdentity({ can: p().profile.can });
    expect(r.access).toBe('PACE-CAN');
    expect(r.identity).toMatchObject({
      surname: 'ROSSI',
      givenNames: 'MARIO',
      sex: 'M',
      birthDate: '1980-01-01',
      birthPlace: 'ROMA RM',
      codiceFiscale: 'RSSMRA80A01H501U',
      address: ['VIA DEI MILLE 12', 'ROMA', 'RM'],
      documentNumber: 'CA00000AA',
      documentExpiry: '2031-01-01',
    });
    expect(r.verification).toMatchObject({ chipGenuine: true, passiveAuthentication: 'passed' });
    expect(r.photo?.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(r.photo).toMatchObject({ width: 180, height: 240 });
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(p().profile.can);
    expect(logged).not.toContain('RSSMRA');
    expect(logged).not.toContain('ROSSI');
  });

  it('falls back to BAC with the MRZ when the reader cannot pass extended APDUs', async () => {
    const { svc } = service(dh, {}, { extendedLength: false });
    const r = await svc.readIdentity({ mrz: { documentNumber: 'CA00000AA', dateOfBirth: '1980-01-01', dateOfExpiry: '2031-01-01' } });
    expect(r.access).toBe('BAC');
    expect(r.identity.codiceFiscale).toBe('RSSMRA80A01H501U');
  });

  it('uses PACE with the MRZ when it can', async () => {
    const { svc } = service(dh);
    const r = await svc.readIdentity({ mrz: { documentNumber: 'CA00000AA', dateOfBirth: '800101', dateOfExpiry: '310101' } });
    expect(r.access).toBe('PACE-MRZ');
  });

  it('says the CAN is wrong', async () => {
    const { svc } = service(dh);
    await expect(svc.readIdentity({ can: '654321' })).rejects.toMatchObject({ code: CardErrorCode.wrongCan });
  });

  it('says the MRZ data are wrong with BAC', async () => {
    const { svc } = service(dh, {}, { extendedLength: false });
    await expect(
      svc.readIdentity({ mrz: { documentNumber: 'CA00000AB', dateOfBirth: '800101', dateOfExpiry: '310101' } }),
    ).rejects.toMatchObject({ code: CardErrorCode.wrongMrz });
  });

  it('refuses a forged SOD', async () => {
    const { svc } = service(dh, { forgedSod: true });
    const err = await svc.readIdentity({ can: dh.profile.can }).catch((e) => e);
    expect(err.code).toBe(CardErrorCode.notGenuine);
    expect(err.details.failures).toContain('sod-signature');
  });

  it('refuses a card whose CSCA is not in the list', async () => {
    const { svc } = service(dh, {}, { cscas: () => loadCertificates(readFileSync(ec.cscaPemPath, 'utf8')) });
    const err = await svc.readNis().catch((e) => e);
    expect(err.code).toBe(CardErrorCode.notGenuine);
    expect(err.details.failures).toContain('ds-not-issued-by-known-csca');
  });

  it('tells the clerk the reader cannot do extended APDUs when only the CAN is given', async () => {
    const { svc } = service(dh, {}, { extendedLength: false });
    await expect(svc.readIdentity({ can: dh.profile.can })).rejects.toMatchObject({ code: CardErrorCode.noExtendedApdu });
  });

  it('falls back to short reads when the card refuses long ones', async () => {
    const small = service(dh, { maxReadLength: 0xe7 });
    const big = service(dh);
    const a = await small.svc.readIdentity({ can: dh.profile.can });
    const b = await big.svc.readIdentity({ can: dh.profile.can });
    expect(a.identity).toEqual(b.identity);
    expect(b.apduCount).toBeLessThan(a.apduCount);
  });

  it('maps the identity to form fields', async () => {
    const { svc } = service(dh);
    const r = await svc.readIdentity({ can: dh.profile.can });
    const f = identityToPrefill(r.identity, '2026-01-01');
    expect(f).toMatchObject({
      surname: 'Rossi',
      givenNames: 'Mario',
      sex: 'M',
      birthDate: '1980-01-01',
      codiceFiscale: 'RSSMRA80A01H501U',
      residenceAddress: { street: 'Via Dei Mille 12', comune: 'Roma', province: 'RM' },
      identityDocument: { type: 'CIE', number: 'CA00000AA', expiryDate: '2031-01-01' },
      warnings: [],
    });
    expect(identityToPrefill({ ...r.identity, sex: 'F' }, '2032-01-01').warnings).toEqual(['codice-fiscale-sex', 'document-expired']);
  });
});

describe('the virtual CIE is strict where a real chip is', () => {
  const apdu = (hex: string) => Buffer.from(hex, 'hex');
  const sw = (r: Buffer) => r.subarray(-2).toString('hex').toUpperCase();
  const MSE_CAN_DH = '0022C1A40F800A04007F00070202040101830102';

  it('refuses a PACE step sent outside command chaining, and an MSE for another protocol', () => {
    const card = new VirtualCie(dh.profile);
    expect(sw(card.process(apdu('0022C1A40F800A04007F00070202040202830102')))).toBe('6A80'); // ECDH-GM-AES: not what this card offers
    expect(sw(card.process(apdu(MSE_CAN_DH)))).toBe('9000');
    expect(sw(card.process(apdu('00860000027C0000')))).toBe('6883'); // step 1 must be chained (CLA 10)
    expect(sw(card.process(apdu(MSE_CAN_DH)))).toBe('9000');
    const nonce = card.process(apdu('10860000027C0000'));
    expect(sw(nonce)).toBe('9000');
    expect(nonce.subarray(0, 4).toString('hex').toUpperCase()).toBe('7C0A8008'); // 8-byte nonce under 3DES
  });

  it('refuses a protected command while no secure session is open', () => {
    const card = new VirtualCie(dh.profile);
    expect(sw(card.process(apdu('0CB000000D9701048E08ED6705417E96BA5500')))).toBe('6882');
  });
});
