/** Parsers for the eMRTD files the CIE holds: DG1 (MRZ), DG11 (additional personal details), DG2 (face), EF.SOD. */
import { decodeOid, decodeSmallUnsigned } from './asn1';
import { parseTlv, parseTlvList, type Tlv } from './tlv';

export interface Dg1 {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** YYYY-MM-DD (century inferred). */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
  nationality: string;
  surname: string;
  givenNames: string;
  /** TD1 optional data of line 1 (on the CIE it may carry a code); never shown as is. */
  optionalData: string;
}

function names(field: string): { surname: string; givenNames: string } {
  const [surname, given = ''] = field.replace(/<+$/, '').split('<<');
  return { surname: surname.replace(/</g, ' ').trim(), givenNames: given.replace(/</g, ' ').trim() };
}

/** YYMMDD to YYYY-MM-DD: birth dates are never in the future; expiry dates are in 2000-2099. */
export function expandMrzDate(yymmdd: string, kind: 'birth' | 'expiry', now = new Date()): string {
  if (!/^\d{6}$/.test(yymmdd)) return '';
  const yy = Number(yymmdd.slice(0, 2));
  let year = 2000 + yy;
  if (kind === 'birth' && year > now.getUTCFullYear()) year -= 100;
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

export function parseDg1(bytes: Uint8Array, now = new Date()): Dg1 {
  const outer = parseTlv(bytes);
  if (outer.tag !== 0x61) throw new Error('DG1 tag');
  const mrzObj = parseTlvList(outer.value).find((t) => t.tag === 0x5f1f);
  if (!mrzObj) throw new Error('DG1 without MRZ');
  const mrz = mrzObj.value.toString('latin1');
  const sexOf = (c: string) => (c === 'M' || c === 'F' ? c : 'X') as Dg1['sex'];
  if (mrz.length === 90) {
    const l1 = mrz.slice(0, 30);
    const l2 = mrz.slice(30, 60);
    const l3 = mrz.slice(60, 90);
    return {
      documentCode: l1.slice(0, 2).replace(/</g, ''),
      issuingState: l1.slice(2, 5).replace(/</g, ''),
      documentNumber: l1.slice(5, 14).replace(/</g, ''),
      optionalData: l1.slice(15, 30).replace(/</g, ''),
      birthDate: expandMrzDate(l2.slice(0, 6), 'birth', now),
      sex: sexOf(l2[7]),
      expiryDate: expandMrzDate(l2.slice(8, 14), 'expiry', now),
      nationality: l2.slice(15, 18).replace(/</g, ''),
      ...names(l3),
    };
  }
  if (mrz.length === 88) {
    const l1 = mrz.slice(0, 44);
    const l2 = mrz.slice(44, 88);
    return {
      documentCode: l1.slice(0, 2).replace(/</g, ''),
      issuingState: l1.slice(2, 5).replace(/</g, ''),
      ...names(l1.slice(5, 44)),
      documentNumber: l2.slice(0, 9).replace(/</g, ''),
      nationality: l2.slice(10, 13).replace(/</g, ''),
      birthDate: expandMrzDate(l2.slice(13, 19), 'birth', now),
      sex: sexOf(l2[20]),
      expiryDate: expandMrzDate(l2.slice(21, 27), 'expiry', now),
      optionalData: l2.slice(28, 42).replace(/</g, ''),
    };
  }
  throw new Error(`unsupported MRZ length ${mrz.length}`);
}

export interface Dg11 {
  fullName?: { surname: string; givenNames: string };
  /** 5F10 "personal number": the codice fiscale on the CIE. */
  personalNumber?: string;
  birthDate?: string;
  /** 5F11, parts separated by '<' (e.g. comune and province). */
  birthPlace?: string[];
  /** 5F42, parts separated by '<' (e.g. street, comune, province). */
  address?: string[];
  telephone?: string;
  profession?: string;
}

const text = (t: Tlv | undefined) => (t ? t.value.toString('utf8').trim() : undefined);
const parts = (t: Tlv | undefined) =>
  t
    ? t.value
        .toString('utf8')
        .split('<')
        .map((p) => p.trim())
        .filter(Boolean)
    : undefined;

export function parseDg11(bytes: Uint8Array): Dg11 {
  const outer = parseTlv(bytes);
  if (outer.tag !== 0x6b) throw new Error('DG11 tag');
  const list = parseTlvList(outer.value);
  const get = (tag: number) => list.find((t) => t.tag === tag);
  const dob = text(get(0x5f2b));
  const name = text(get(0x5f0e));
  return {
    fullName: name ? names(name) : undefined,
    personalNumber: text(get(0x5f10))?.replace(/</g, ''),
    birthDate: dob && /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : undefined,
    birthPlace: parts(get(0x5f11)),
    address: parts(get(0x5f42)),
    telephone: text(get(0x5f12)),
    profession: text(get(0x5f13)),
  };
}

export interface FaceImage {
  format: 'jpeg2000' | 'jpeg';
  bytes: Buffer;
  width?: number;
  height?: number;
}

/** Finds the first face image in DG2 (biometric information template → ISO/IEC 19794-5 record). */
export function parseDg2(bytes: Uint8Array): FaceImage {
  const outer = parseTlv(bytes);
  if (outer.tag !== 0x75) throw new Error('DG2 tag');
  const group = parseTlvList(outer.value).find((t) => t.tag === 0x7f61);
  if (!group) throw new Error('DG2 without biometric group');
  const template = parseTlvList(group.value).find((t) => t.tag === 0x7f60);
  if (!template) throw new Error('DG2 without biometric template');
  const data = parseTlvList(template.value).find((t) => t.tag === 0x5f2e || t.tag === 0x7f2e);
  if (!data) throw new Error('DG2 without biometric data');
  const rec = data.value;
  if (rec.subarray(0, 4).toString('latin1') !== 'FAC\0') throw new Error('not an ISO 19794-5 record');
  // Header (14) + facial information block (20) + feature points (8 each) + image information (12).
  const featurePoints = rec.readUInt16BE(18);
  const imageInfo = 14 + 20 + featurePoints * 8;
  const dataType = rec[imageInfo + 1];
  const width = rec.readUInt16BE(imageInfo + 2);
  const height = rec.readUInt16BE(imageInfo + 4);
  const blockLength = rec.readUInt32BE(14);
  const image = rec.subarray(imageInfo + 12, 14 + blockLength);
  return { format: dataType === 1 ? 'jpeg2000' : 'jpeg', bytes: Buffer.from(image), width, height };
}

export interface LdsSecurityObject {
  hashAlgorithm: string;
  /** Data-group number (as an unsigned value of the INTEGER's bytes) to hash. */
  hashes: Map<number, Buffer>;
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues SEQUENCE OF DataGroupHash, ... } */
export function parseLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject {
  const seq = parseTlv(bytes);
  const [, alg, values] = parseTlvList(seq.value);
  const hashAlgorithm = decodeOid(parseTlvList(alg.value)[0].value);
  const hashes = new Map<number, Buffer>();
  for (const entry of parseTlvList(values.value)) {
    const [num, hash] = parseTlvList(entry.value);
    hashes.set(decodeSmallUnsigned(num.value), Buffer.from(hash.value));
  }
  return { hashAlgorithm, hashes };
}
