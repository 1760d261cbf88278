/**
 * Key derivation of ICAO 9303-11 §9.7.1: K = hash(secret ‖ counter as 32-bit big-endian), SHA-1 for
 * 3DES and AES-128 (first 16 bytes), SHA-256 for AES-192/256. Plus the two password inputs (§9.7.2-3).
 */
import { createHash } from 'node:crypto';
import type { Cipher } from './block-cipher';
import { type MrzKeyFields, mrzKeyString } from './mrz-key';

export const COUNTER_ENC = 1;
export const COUNTER_MAC = 2;
export const COUNTER_PACE = 3;

export function deriveKey(secret: Uint8Array, counter: number, cipher: Cipher, keyLength = 16): Buffer {
  const c = Buffer.alloc(4);
  c.writeUInt32BE(counter);
  const hash = cipher === 'AES' && keyLength > 16 ? 'sha256' : 'sha1';
  const key = createHash(hash).update(secret).update(c).digest().subarray(0, keyLength);
  return cipher === '3DES' ? withOddParity(key) : key;
}

/** DES keys carry a parity bit in each byte (the lowest); 9303-11 §9.7.1 sets it to odd parity. */
function withOddParity(key: Buffer): Buffer {
  return Buffer.from(
    key.map((byte) => {
      let ones = 0;
      for (let b = byte >> 1; b > 0; b >>= 1) ones += b & 1;
      return (byte & 0xfe) | (ones % 2 === 0 ? 1 : 0);
    }),
  );
}

/** SHA-1 of the MRZ information: its first 16 bytes are the BAC seed, all 20 the PACE MRZ password. */
export function mrzHash(m: MrzKeyFields): Buffer {
  return createHash('sha1').update(mrzKeyString(m), 'ascii').digest();
}

/** What PACE hashes into K_pi: the CAN as ASCII digits, or the MRZ hash. */
export function pacePassword(ref: 'can' | 'mrz', can: string, mrz: MrzKeyFields): Buffer {
  return ref === 'can' ? Buffer.from(can, 'ascii') : mrzHash(mrz);
}
