// The card room's procedures through the real dispatcher and encrypted store: the CSCA list
// (PEM, DER, ICAO master list, refusals, demo trust), roles, and PC/SC being unreachable.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../electron/app';
import { tlv } from '../../../electron/core/card/tlv';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { DEMO_CSCA_ENV } from '../../../electron/procedures/card';
import { tempDir } from '../../support/tmp';

const certs = tempDir('sportello-csca-');
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: certs.dir, stdio: ['ignore', 'pipe', 'pipe'] });

function makeCert(name: string, ca: boolean): { pem: string; der: Buffer } {
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
    '365',
    '-subj',
    `/C=IT/O=Sportello TEST/CN=${name}`,
    '-addext',
    `basicConstraints=critical,CA:${ca ? 'TRUE' : 'FALSE'}`,
  );
  openssl('x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`);
  return { pem: readFileSync(join(certs.dir, `${name}.pem`), 'utf8'), der: readFileSync(join(certs.dir, `${name}.der`)) };
}

/**
 * An ICAO CSCA master list (CMS SignedData, eContentType id-icao-cscaMasterList) signed with openssl
 * by a master list signer that `signerIssuer` issued (ICAO 9303-12 §9), or self-signed when null.
 */
function masterList(signerIssuer: string | null, ...ders: Buffer[]): Buffer {
  const content = tlv(0x30, Buffer.from([0x02, 0x01, 0x00]), tlv(0x31, ...ders));
  writeFileSync(join(certs.dir, 'ml-content.der'), content);
  if (signerIssuer) {
    openssl(
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ML Signer.key',
      '-out',
      'ml.csr',
      '-subj',
      '/C=IT/O=Sportello TEST/CN=ML Signer',
    );
    openssl(
      'x509',
      '-req',
      '-in',
      'ml.csr',
      '-CA',
      `${signerIssuer}.pem`,
      '-CAkey',
      `${signerIssuer}.key`,
      '-set_serial',
      '7',
      '-days',
      '365',
      '-out',
      'ML Signer.pem',
    );
  } else makeCert('ML Signer', false);
  openssl(
    'cms',
    '-sign',
    '-nodetach',
    '-binary',
    '-in',
    'ml-content.der',
    '-econtent_type',
    '2.23.136.1.1.2',
    '-signer',
    'ML Signer.pem',
    '-inkey',
    'ML Signer.key',
    '-outform',
    'DER',
    '-out',
    'ml.der',
  );
  return readFileSync(join(certs.dir, 'ml.der'));
}

const b64 = (x: string | Buffer) => Buffer.from(x).toString('base64');

describe('card procedures', () => {
  let app: App;
  const data = tempDir('sportello-card-procedures-');
  let cscaA: ReturnType<typeof makeCert>;
  let cscaB: ReturnType<typeof makeCert>;
  let cscaC: ReturnType<typeof makeCert>;
  let leaf: ReturnType<typeof makeCert>;

  const call = async (name: string, input: unknown = {}) => app.dispatch(name, input) as Promise<{ ok: boolean; data?: any; error?: any }>;

  beforeAll(async () => {
    // No pcscd behind this socket: the reader layer must report the service down, not crash.
    process.env.PCSCLITE_CSOCK_NAME = join(data.dir, 'no-pcscd.comm');
    cscaA = makeCert('CSCA Alfa', true);
    cscaB = makeCert('CSCA Beta', true);
    cscaC = makeCert('CSCA Gamma', true);
    leaf = makeCert('Not A CA', false);
    // Outside demo mode the demo CSCA file is ignored.
    process.env[DEMO_CSCA_ENV] = join(certs.dir, 'CSCA Gamma.pem');
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: false });
    const setup = await call('session.setup', { username: 'resp', displayName: 'Rita Responsabile', password: 'segreta123' });
    expect(setup.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    delete process.env[DEMO_CSCA_ENV];
    await app?.close();
    data.cleanup();
    certs.cleanup();
  });

  it('starts with an empty CSCA list (the demo file is ignored outside demo mode)', async () => {
    expect(await call('card.csca.list')).toEqual({ ok: true, data: [] });
  });

  it('imports PEM and DER, and says which were already there', async () => {
    const pem = await call('card.csca.import', { file: b64(cscaA.pem + '\n' + cscaB.pem) });
    expect(pem.data).toMatchObject({ added: 2, alreadyPresent: 0 });
    const der = await call('card.csca.import', { file: b64(cscaA.der) });
    expect(der.data).toMatchObject({ added: 0, alreadyPresent: 1 });
    const subjects = der.data.list.map((c: { subject: string }) => c.subject);
    expect(subjects).toEqual(['C=IT, O=Sportello TEST, CN=CSCA Alfa', 'C=IT, O=Sportello TEST, CN=CSCA Beta']);
    expect(der.data.list[0]).toMatchObject({ source: 'imported', expired: false });
  });

  it('refuses a master list whose own signature does not hold, importing nothing', async () => {
    const ml = masterList('CSCA Beta', cscaB.der, cscaC.der);
    // Someone alters a certificate inside the signed list (here the last byte of Gamma's signature).
    const tampered = Buffer.from(ml);
    const at = tampered.indexOf(cscaC.der);
    tampered[at + cscaC.der.length - 1] ^= 0x01;
    const r = await call('card.csca.import', { file: b64(tampered) });
    expect(r.error).toMatchObject({ code: 'CARD_CSCA_LIST_SIGNATURE' });
    expect(r.error.message).toMatch(/non ha una firma valida/);
    // A list signed by a signer no CSCA issued proves nothing about its content.
    const selfSigned = await call('card.csca.import', { file: b64(masterList(null, cscaB.der, cscaC.der)) });
    expect(selfSigned.error).toMatchObject({ code: 'CARD_CSCA_LIST_SIGNER' });
    expect((await call('card.csca.list')).data).toHaveLength(2);
  });

  it('imports the CSCAs of an ICAO master list (not its signer)', async () => {
    const r = await call('card.csca.import', { file: b64(masterList('CSCA Beta', cscaB.der, cscaC.der)) });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.data).toMatchObject({ added: 1, alreadyPresent: 1 });
    expect(r.data.list.map((c: { subject: string }) => c.subject).join()).toContain('CSCA Gamma');
    expect(r.data.list.map((c: { subject: string }) => c.subject).join()).not.toContain('ML Signer');
  });

  it('refuses a certificate that is not a CA, and a file that is not a certificate, in Italian', async () => {
    const notCa = await call('card.csca.import', { file: b64(leaf.pem) });
    expect(notCa.error).toMatchObject({ code: 'CARD_CSCA_NOT_CA' });
    expect(notCa.error.message).toMatch(/non è di un’autorità di certificazione/);
    const junk = await call('card.csca.import', { file: b64('questo non è un certificato') });
    expect(junk.error).toMatchObject({ code: 'CARD_CSCA_FILE' });
    expect((await call('card.csca.list')).data).toHaveLength(3);
  });

  it('removes a certificate, and says so when it is not there', async () => {
    const list = (await call('card.csca.list')).data;
    const gamma = list.find((c: { subject: string }) => c.subject.includes('Gamma'));
    expect(await call('card.csca.remove', { fingerprint: gamma.fingerprint })).toEqual({ ok: true, data: { ok: true } });
    expect((await call('card.csca.list')).data).toHaveLength(2);
    expect((await call('card.csca.remove', { fingerprint: gamma.fingerprint })).error.code).toBe('CARD_CSCA_UNKNOWN');
  });

  it('answers that the smart-card service is down instead of failing', async () => {
    const status = await call('card.status');
    expect(status).toEqual({ ok: true, data: { service: 'down', missing: null, readers: [], cardPresent: false, trustedCscas: 2 } });
    const read = await call('card.read', { can: '123456' });
    expect(read.error.code).toBe('CARD_SERVICE_DOWN');
    expect(read.error.message).toMatch(/non risponde/);
  });

  it('validates the CAN format before touching the card', async () => {
    const r = await call('card.read', { can: '12a45' });
    expect(r.error).toMatchObject({ code: 'CONTRACT_INPUT', field: 'can' });
    expect(r.error.issues[0].message).toBe('Il CAN è formato da 6 cifre.');
  });

  it('lets only anagrafe and cie operators read a card, and only the responsabile manage CSCAs', async () => {
    const created = await call('operators.create', {
      username: 'cassa1',
      displayName: 'Carlo Cassa',
      password: 'cassiere1',
      roles: ['cassa'],
    });
    expect(created.ok).toBe(true);
    await call('operators.create', { username: 'cie1', displayName: 'Clara Cie', password: 'operatore1', roles: ['cie'] });
    await call('session.logout');
    await call('session.login', { username: 'cassa1', password: 'cassiere1' });
    expect((await call('card.read', { can: '123456' })).error.code).toBe('AUTH_ROLE');
    expect((await call('card.csca.list')).error.code).toBe('AUTH_ROLE');
    await call('session.logout');
    await call('session.login', { username: 'cie1', password: 'operatore1' });
    // Past the role check: it reaches the (unreachable) reader.
    expect((await call('card.read', { can: '123456' })).error.code).toBe('CARD_SERVICE_DOWN');
    expect((await call('card.status')).ok).toBe(true);
  });
});

describe('demo mode trusts the virtual card’s test CSCA from a file', () => {
  const data = tempDir('sportello-card-demo-');
  const f = tempDir('sportello-card-demo-csca-');
  let app: App;

  afterAll(async () => {
    delete process.env[DEMO_CSCA_ENV];
    await app?.close();
    data.cleanup();
    f.cleanup();
  });

  it('lists it as a demo certificate and counts it as trusted', async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'k.pem',
        '-out',
        'csca.pem',
        '-days',
        '30',
        '-subj',
        '/C=IT/CN=Sportello Test CSCA',
      ],
      { cwd: f.dir, stdio: 'ignore' },
    );
    process.env[DEMO_CSCA_ENV] = join(f.dir, 'csca.pem');
    app = createApp({ dataDir: data.dir, keys: keyFileProvider, demo: true, demoResidents: 5 });
    await app.dispatch('session.setup', { username: 'resp', displayName: 'Rita Responsabile', password: 'segreta123' });
    const list = (await app.dispatch('card.csca.list', {})) as { ok: true; data: { subject: string; source: string }[] };
    expect(list.data).toEqual([expect.objectContaining({ subject: 'C=IT, CN=Sportello Test CSCA', source: 'demo' })]);
    const status = (await app.dispatch('card.status', {})) as { ok: true; data: { trustedCscas: number } };
    expect(status.data.trustedCscas).toBe(1);
  }, 60_000);
});
