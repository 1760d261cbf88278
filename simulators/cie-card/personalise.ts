/**
 * Builds a test CIE "profile" into a folder: a test CSCA and document signer (openssl CLI, keys
 * generated now, test-only), the chip's internal-authentication key, NIS files and their SOD,
 * DG1/DG2/DG11/EF.COM/EF.SOD, and a forged variant (DG1 altered, hash patched, signature left stale).
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tlv } from './ber-tlv';
import { mrzCheckDigit } from './mrz-key';
import { oidObject } from './oid';
import { cardAccessFile, PACE_SUITES, type PaceSuiteName } from './pace-suites';

export interface Holder {
  surname: string;
  givenNames: string;
  sex: 'M' | 'F';
  /** YYYY-MM-DD */
  birthDate: string;
  birthPlace: string[];
  codiceFiscale: string;
  address: string[];
  documentNumber: string;
  /** YYYY-MM-DD */
  expiryDate: string;
}

export const TEST_HOLDER: Holder = {
  surname: 'ROSSI',
  givenNames: 'MARIO',
  sex: 'M',
  birthDate: '1980-01-01',
  birthPlace: ['ROMA', 'RM'],
  codiceFiscale: 'RSSMRA80A01H501U',
  address: ['VIA DEI MILLE 12', 'ROMA', 'RM'],
  documentNumber: 'CA00000AA',
  expiryDate: '2031-01-01',
};

/** Kept under its old name for the callers (tests, scenario, bench). */
export type PaceSuite = PaceSuiteName;

export interface CardProfile {
  atr: string;
  can: string;
  mrz: { documentNumber: string; dateOfBirth: string; dateOfExpiry: string };
  nis: string;
  paceSuite: PaceSuite;
  /** PKCS#8 PEM of the chip's internal-authentication key (test-only). */
  internalAuthKey: string;
  files: Record<'mf' | 'cie' | 'emrtd', Record<string, string>>;
  forged: Record<string, string>;
}

export interface Personalisation {
  dir: string;
  profilePath: string;
  cscaPemPath: string;
  profile: CardProfile;
  holder: Holder;
}

const CIE_ATR = '3B8F800180318065B085040011120FFF8290008A';
const SHA256 = '2.16.840.1.101.3.4.2.1';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

export function buildDg1(h: Holder): Buffer {
  const doc = h.documentNumber.padEnd(9, '<');
  const l1 = ('CI' + 'ITA' + doc + mrzCheckDigit(doc)).padEnd(30, '<');
  const dob = yymmdd(h.birthDate);
  const doe = yymmdd(h.expiryDate);
  const l2head = dob + mrzCheckDigit(dob) + h.sex + doe + mrzCheckDigit(doe) + 'ITA';
  const l2opt = l2head.padEnd(29, '<');
  const composite = mrzCheckDigit(l1.slice(5, 30) + l2opt.slice(0, 7) + l2opt.slice(8, 15) + l2opt.slice(18, 29));
  const l2 = l2opt + composite;
  const l3 = (h.surname.replace(/ /g, '<') + '<<' + h.givenNames.replace(/ /g, '<')).padEnd(30, '<').slice(0, 30);
  return tlv(0x61, tlv(0x5f1f, Buffer.from(l1 + l2 + l3, 'latin1')));
}

export function buildDg11(h: Holder): Buffer {
  const t = (tag: number, s: string) => tlv(tag, Buffer.from(s, 'utf8'));
  return tlv(
    0x6b,
    tlv(0x5c, Buffer.from('5F0E5F105F2B5F115F42', 'hex')),
    t(0x5f0e, h.surname.replace(/ /g, '<') + '<<' + h.givenNames.replace(/ /g, '<')),
    t(0x5f10, h.codiceFiscale),
    t(0x5f2b, h.birthDate.replace(/-/g, '')),
    t(0x5f11, h.birthPlace.join('<')),
    t(0x5f42, h.address.join('<')),
  );
}

/** A synthetic face (no real person), JPEG 2000 in a JP2 file, inside an ISO/IEC 19794-5 record in DG2. */
export async function buildDg2(width = 180, height = 240): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  // biome-ignore lint/suspicious/noExplicitAny: the codec's wasm build ships no types
  const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (o: object) => Promise<any>;
  const m = await factory({ print: () => {}, printErr: () => {} });
  const enc = new m.J2KEncoder();
  const pixels: Uint8Array = enc.getDecodedBuffer({
    width,
    height,
    bitsPerSample: 8,
    componentCount: 3,
    isSigned: false,
    isUsingColorTransform: true,
  });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const dx = (x - width / 2) / (width * 0.32);
      const dy = (y - height * 0.45) / (height * 0.33);
      const face = dx * dx + dy * dy < 1;
      pixels[i] = face ? 224 : 90 + (y >> 2);
      pixels[i + 1] = face ? 180 : 120;
      pixels[i + 2] = face ? 150 : 200 - (x >> 2);
    }
  enc.setQuality(false, 12);
  enc.encode();
  const codestream = Buffer.from(enc.getEncodedBuffer());
  const box = (type: string, ...content: Buffer[]) => {
    const body = Buffer.concat(content);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length + 8, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const ihdr = Buffer.alloc(14);
  ihdr.writeUInt32BE(height, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt16BE(3, 8);
  ihdr[10] = 7; // 8 bits
  ihdr[11] = 7; // JPEG 2000 compression
  const colr = Buffer.from([1, 0, 0, 0, 0, 0, 0, 16]); // enumerated sRGB
  const jp2 = Buffer.concat([
    box('jP  ', Buffer.from('0D0A870A', 'hex')),
    box('ftyp', Buffer.from('jp2 ', 'latin1'), Buffer.alloc(4), Buffer.from('jp2 ', 'latin1')),
    box('jp2h', box('ihdr', ihdr), box('colr', colr)),
    box('jp2c', codestream),
  ]);
  const facial = Buffer.alloc(20);
  facial.writeUInt32BE(20 + 12 + jp2.length, 0);
  facial[6] = 1; // male (cosmetic)
  const imageInfo = Buffer.alloc(12);
  imageInfo[0] = 1; // full frontal
  imageInfo[1] = 1; // JPEG 2000
  imageInfo.writeUInt16BE(width, 2);
  imageInfo.writeUInt16BE(height, 4);
  imageInfo[6] = 1; // RGB24
  const header = Buffer.alloc(14);
  header.write('FAC\x00010\x00', 0, 'latin1');
  header.writeUInt32BE(14 + facial.length + imageInfo.length + jp2.length, 8);
  header.writeUInt16BE(1, 12);
  const record = Buffer.concat([header, facial, imageInfo, jp2]);
  const bht = tlv(
    0xa1,
    tlv(0x80, Buffer.from('0101', 'hex')),
    tlv(0x87, Buffer.from('0101', 'hex')),
    tlv(0x88, Buffer.from('0008', 'hex')),
  );
  return tlv(0x75, tlv(0x7f61, tlv(0x02, Buffer.from([1])), tlv(0x7f60, bht, tlv(0x5f2e, record))));
}

/** LDSSecurityObject with SHA-256; group numbers written as one-byte INTEGER contents, as the CIE does for A1/A5. */
export function buildLds(groups: Array<[number, Buffer]>): Buffer {
  const entries = groups.map(([n, content]) =>
    tlv(0x30, tlv(0x02, Buffer.from([n])), tlv(0x04, createHash('sha256').update(content).digest())),
  );
  return tlv(0x30, tlv(0x02, Buffer.from([0])), tlv(0x30, oidObject(SHA256), Buffer.from('0500', 'hex')), tlv(0x30, ...entries));
}

function signLds(dir: string, name: string, lds: Buffer, pss: boolean): Buffer {
  writeFileSync(join(dir, `${name}.lds`), lds);
  openssl(
    [
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-nosmimecap',
      '-in',
      `${name}.lds`,
      '-signer',
      'ds.pem',
      '-inkey',
      'ds.key',
      '-econtent_type',
      '2.23.136.1.1.1',
      '-md',
      'sha256',
      '-outform',
      'DER',
      '-out',
      `${name}.cms`,
      ...(pss ? ['-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:32'] : []),
    ],
    dir,
  );
  return tlv(0x77, readFileSync(join(dir, `${name}.cms`)));
}

export interface PersonaliseOptions {
  holder?: Holder;
  can?: string;
  nis?: string;
  paceSuite?: PaceSuite;
}

export async function personalise(dir: string, options: PersonaliseOptions = {}): Promise<Personalisation> {
  mkdirSync(dir, { recursive: true });
  const holder = options.holder ?? TEST_HOLDER;
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'csca.key',
      '-out',
      'csca.pem',
      '-days',
      '3650',
      '-sha256',
      '-subj',
      '/C=IT/O=Sportello TEST ONLY/OU=Virtual CIE/CN=Sportello Test CSCA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ds.key',
      '-out',
      'ds.csr',
      '-subj',
      '/C=IT/O=Sportello TEST ONLY/CN=Sportello Test Document Signer',
    ],
    dir,
  );
  writeFileSync(join(dir, 'ds.ext'), 'keyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'ds.csr',
      '-CA',
      'csca.pem',
      '-CAkey',
      'csca.key',
      '-set_serial',
      '2',
      '-days',
      '1825',
      '-sha256',
      '-sigopt',
      'rsa_padding_mode:pss',
      '-sigopt',
      'rsa_pss_saltlen:32',
      '-extfile',
      'ds.ext',
      '-out',
      'ds.pem',
    ],
    dir,
  );

  const nis = options.nis ?? '123456789012';
  const ia = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = ia.publicKey.export({ format: 'jwk' });
  const uint = (b64: string) => {
    const b = Buffer.from(b64, 'base64url');
    return b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
  };
  const kpubTlv = tlv(0x30, tlv(0x02, uint(jwk.n!)), tlv(0x02, uint(jwk.e!)));
  const kpubFile = Buffer.concat([kpubTlv, Buffer.alloc(16)]); // the file is larger than the key: trailing padding
  const nisRaw = Buffer.from(nis, 'ascii');
  const nisSod = signLds(
    dir,
    'nis',
    buildLds([
      [0xa1, nisRaw],
      [0xa5, kpubTlv],
    ]),
    true,
  );

  const dg1 = buildDg1(holder);
  const dg11 = buildDg11(holder);
  const dg2 = await buildDg2();
  const com = tlv(0x60, tlv(0x5f01, Buffer.from('0107')), tlv(0x5f36, Buffer.from('040000')), tlv(0x5c, Buffer.from('61756B', 'hex')));
  const sod = signLds(
    dir,
    'emrtd',
    buildLds([
      [1, dg1],
      [2, dg2],
      [11, dg11],
    ]),
    false,
  );

  // Forgery: someone rewrites DG1 and patches its hash in the SOD, but cannot re-sign.
  const forgedDg1 = buildDg1({ ...holder, surname: 'BIANCHI' });
  const forgedSod = Buffer.from(sod);
  const realHash = createHash('sha256').update(dg1).digest();
  const at = forgedSod.indexOf(realHash);
  createHash('sha256').update(forgedDg1).digest().copy(forgedSod, at);

  const paceSuite = options.paceSuite ?? 'dh-gm-3des';
  const cardAccess = cardAccessFile(PACE_SUITES[paceSuite]);
  const toHex = (b: Buffer) => b.toString('hex').toUpperCase();
  const profile: CardProfile = {
    atr: CIE_ATR,
    can: options.can ?? '123456',
    mrz: { documentNumber: holder.documentNumber, dateOfBirth: yymmdd(holder.birthDate), dateOfExpiry: yymmdd(holder.expiryDate) },
    nis,
    paceSuite,
    internalAuthKey: ia.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    files: {
      mf: { '011C': toHex(cardAccess) },
      cie: { '1001': toHex(nisRaw), '1005': toHex(kpubFile), '1006': toHex(nisSod) },
      emrtd: { '011E': toHex(com), '0101': toHex(dg1), '0102': toHex(dg2), '010B': toHex(dg11), '011D': toHex(sod) },
    },
    forged: { '0101': toHex(forgedDg1), '011D': toHex(forgedSod) },
  };
  const profilePath = join(dir, 'profile.json');
  writeFileSync(profilePath, JSON.stringify(profile));
  return { dir, profilePath, cscaPemPath: join(dir, 'csca.pem'), profile, holder };
}
