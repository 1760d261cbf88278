/** EF.CardAccess (ICAO 9303-11 §9.2): which PACE protocols and domain parameters the chip offers. */
import { decodeOid, decodeSmallUnsigned } from './asn1';
import type { SmCipher } from './crypto';
import { parseTlv, parseTlvList } from './tlv';

export const ID_PACE = '0.4.0.127.0.7.2.2.4';

export type PaceMapping = 'DH-GM' | 'ECDH-GM' | 'DH-IM' | 'ECDH-IM' | 'ECDH-CAM';

export interface PaceInfo {
  oid: string;
  version: number;
  parameterId: number | null;
  mapping: PaceMapping;
  cipher: SmCipher;
  keyLength: 16 | 24 | 32;
}

const MAPPINGS: Record<string, PaceMapping> = { '1': 'DH-GM', '2': 'ECDH-GM', '3': 'DH-IM', '4': 'ECDH-IM', '6': 'ECDH-CAM' };
const CIPHERS: Record<string, { cipher: SmCipher; keyLength: 16 | 24 | 32 }> = {
  '1': { cipher: '3DES', keyLength: 16 },
  '2': { cipher: 'AES', keyLength: 16 },
  '3': { cipher: 'AES', keyLength: 24 },
  '4': { cipher: 'AES', keyLength: 32 },
};

export function describePaceOid(oid: string): Omit<PaceInfo, 'version' | 'parameterId' | 'oid'> | null {
  if (!oid.startsWith(ID_PACE + '.')) return null;
  const [m, c] = oid.slice(ID_PACE.length + 1).split('.');
  const mapping = MAPPINGS[m];
  const suite = CIPHERS[c];
  if (!mapping || !suite) return null;
  return { mapping, ...suite };
}

export function paceOid(mapping: PaceMapping, cipher: SmCipher, keyLength: 16 | 24 | 32): string {
  const m = Object.entries(MAPPINGS).find(([, v]) => v === mapping)![0];
  const c = Object.entries(CIPHERS).find(([, v]) => v.cipher === cipher && v.keyLength === keyLength)![0];
  return `${ID_PACE}.${m}.${c}`;
}

/** Parses the SecurityInfos SET and returns the PACEInfos it contains (other infos are ignored). */
export function parseCardAccess(bytes: Uint8Array): PaceInfo[] {
  const set = parseTlv(bytes);
  if (set.tag !== 0x31) throw new Error('EF.CardAccess is not a SET');
  const out: PaceInfo[] = [];
  for (const info of parseTlvList(set.value)) {
    if (info.tag !== 0x30) continue;
    const fields = parseTlvList(info.value);
    if (fields[0]?.tag !== 0x06) continue;
    const oid = decodeOid(fields[0].value);
    const d = describePaceOid(oid);
    if (!d || fields[1]?.tag !== 0x02) continue;
    const version = decodeSmallUnsigned(fields[1].value);
    const parameterId = fields[2]?.tag === 0x02 ? decodeSmallUnsigned(fields[2].value) : null;
    out.push({ oid, version, parameterId, ...d });
  }
  return out;
}
