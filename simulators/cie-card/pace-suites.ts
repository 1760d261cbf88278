/**
 * The PACE protocols the virtual CIE can advertise (BSI TR-03110-3 §A.1.1.1, ICAO 9303-11 §9.2.1):
 * id-PACE = 0.4.0.127.0.7.2.2.4, then the mapping (1 DH-GM, 2 ECDH-GM) and the cipher suite
 * (1 3DES-CBC-CBC, 2 AES-CBC-CMAC-128). EF.CardAccess lists one PACEInfo (9303-11 §9.2.1).
 */
import { tlv } from './ber-tlv';
import type { Cipher } from './block-cipher';
import { oidObject } from './oid';

export type PaceSuiteName = 'dh-gm-3des' | 'ecdh-gm-aes';

export interface PaceSuite {
  oid: string;
  cipher: Cipher;
  keyLength: 16;
  /** Standardized domain parameter id (9303-11 §9.5.1). */
  parameterId: number;
}

export const PACE_SUITES: Record<PaceSuiteName, PaceSuite> = {
  // What every CIE trace shows: DH generic mapping, 3DES, RFC 5114 2048/256 (research/cie.md §0).
  'dh-gm-3des': { oid: '0.4.0.127.0.7.2.2.4.1.1', cipher: '3DES', keyLength: 16, parameterId: 2 },
  // The ICAO 9303-11 Appendix G.1 suite: ECDH generic mapping, AES-128, brainpoolP256r1.
  'ecdh-gm-aes': { oid: '0.4.0.127.0.7.2.2.4.2.2', cipher: 'AES', keyLength: 16, parameterId: 13 },
};

/** EF.CardAccess: SET OF { PACEInfo ::= SEQUENCE { protocol OID, version INTEGER (2), parameterId INTEGER } }. */
export function cardAccessFile(suite: PaceSuite): Buffer {
  const integer = (n: number) => tlv(0x02, Buffer.from([n]));
  return tlv(0x31, tlv(0x30, oidObject(suite.oid), integer(2), integer(suite.parameterId)));
}
