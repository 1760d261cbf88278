/**
 * The two MACs of ICAO 9303-11 (§9.8.3, §9.8.6): the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC")
 * with DES for 3DES suites, and AES-CMAC (NIST SP 800-38B, RFC 4493) cut to 8 bytes for AES suites.
 */
import { type Cipher, cbc, encryptBlock } from './block-cipher';

/**
 * Retail MAC over data already padded to 8 bytes: single-DES CBC under K1 up to the last block, then
 * E_K1(D_K2(E_K1(·))) on the last one, which is two-key 3DES.
 */
export function retailMac(key: Uint8Array, padded: Uint8Array): Buffer {
  if (padded.length === 0 || padded.length % 8) throw new Error('retail MAC wants whole 8-byte blocks');
  const k1 = key.subarray(0, 8);
  const singleDes = Buffer.concat([k1, k1]); // K1 K1 K1 in EDE is plain DES under K1
  const head = padded.subarray(0, padded.length - 8);
  const chain = head.length ? cbc('3DES', singleDes, head, 'encrypt').subarray(-8) : Buffer.alloc(8);
  return cbc('3DES', key, padded.subarray(-8), 'encrypt', chain);
}

/** Doubling in GF(2^128) for the CMAC subkeys (RFC 4493 §2.3). */
function double(block: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i] << 1) | (i < 15 ? block[i + 1] >> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[15] ^= 0x87;
  return out;
}

/** Full 16-byte AES-CMAC (RFC 4493 §2.4). */
export function aesCmac(key: Uint8Array, message: Uint8Array): Buffer {
  const k1 = double(encryptBlock('AES', key, Buffer.alloc(16)));
  const k2 = double(k1);
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = Buffer.alloc(16);
  const tailStart = complete ? message.length - 16 : message.length - (message.length % 16);
  Buffer.from(message.subarray(tailStart)).copy(last);
  if (!complete) last[message.length - tailStart] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= subkey[i];
  const chain = tailStart ? cbc('AES', key, message.subarray(0, tailStart), 'encrypt').subarray(-16) : Buffer.alloc(16);
  return cbc('AES', key, last, 'encrypt', chain);
}

/** The 8-byte MAC of a suite, over data the caller has padded (3DES needs it; CMAC pads by itself). */
export function suiteMac(cipher: Cipher, key: Uint8Array, data: Uint8Array): Buffer {
  return cipher === '3DES' ? retailMac(key, data) : aesCmac(key, data).subarray(0, 8);
}
