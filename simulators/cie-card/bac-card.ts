/**
 * Basic Access Control, chip side (ICAO 9303-11 §4.3, worked example in Appendix D): keys from the
 * MRZ, then EXTERNAL/MUTUAL AUTHENTICATE with E_IFD ‖ M_IFD (32 + 8 bytes) answered by E_ICC ‖ M_ICC.
 */
import { cbc, padIso } from './block-cipher';
import type { SessionKeys } from './card-sm';
import { COUNTER_ENC, COUNTER_MAC, deriveKey, mrzHash } from './kdf';
import { retailMac } from './mac';
import type { MrzKeyFields } from './mrz-key';

export interface BacKeys {
  kEnc: Buffer;
  kMac: Buffer;
}

/** K_seed is the first 16 bytes of SHA-1(MRZ information); K_enc and K_mac come from it (§9.7.2). */
export function bacKeys(mrz: MrzKeyFields): BacKeys {
  const seed = mrzHash(mrz).subarray(0, 16);
  return { kEnc: deriveKey(seed, COUNTER_ENC, '3DES'), kMac: deriveKey(seed, COUNTER_MAC, '3DES') };
}

export interface BacAnswer {
  response: Buffer;
  session: SessionKeys;
  /** SSC = last 4 bytes of RND.ICC ‖ last 4 bytes of RND.IFD. */
  ssc: Buffer;
}

/**
 * The chip's answer to MUTUAL AUTHENTICATE, or null when the cryptogram's MAC or the echoed challenge
 * is wrong (the card then answers 6300). `rndIcc` is the challenge it gave; `kIcc` its key share.
 */
export function answerMutualAuthenticate(keys: BacKeys, rndIcc: Buffer, kIcc: Buffer, command: Buffer): BacAnswer | null {
  if (command.length !== 40) return null;
  const eIfd = command.subarray(0, 32);
  if (!retailMac(keys.kMac, padIso(eIfd, 8)).equals(command.subarray(32))) return null;
  const s = cbc('3DES', keys.kEnc, eIfd, 'decrypt'); // RND.IFD ‖ RND.ICC ‖ K.IFD
  const rndIfd = s.subarray(0, 8);
  if (!s.subarray(8, 16).equals(rndIcc)) return null;
  const eIcc = cbc('3DES', keys.kEnc, Buffer.concat([rndIcc, rndIfd, kIcc]), 'encrypt');
  const seed = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) seed[i] = s[16 + i] ^ kIcc[i];
  return {
    response: Buffer.concat([eIcc, retailMac(keys.kMac, padIso(eIcc, 8))]),
    session: { cipher: '3DES', ksEnc: deriveKey(seed, COUNTER_ENC, '3DES'), ksMac: deriveKey(seed, COUNTER_MAC, '3DES') },
    ssc: Buffer.concat([rndIcc.subarray(4), rndIfd.subarray(4)]),
  };
}
