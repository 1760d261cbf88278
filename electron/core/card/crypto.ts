/**
 * Block ciphers, MACs and key derivation for BAC/PACE/secure messaging (ICAO 9303-11 §9.7).
 * Only primitives that exist in both OpenSSL (Node) and BoringSSL (Electron): des-ede3-cbc,
 * aes-*-cbc, SHA-1/SHA-256. Single DES is 3DES with K1=K2=K3; CMAC comes from @noble/ciphers.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { cmac } from '@noble/ciphers/aes.js';
import { concat } from './bytes';

export type SmCipher = '3DES' | 'AES';

function run(alg: string, key: Buffer, iv: Buffer, data: Buffer, encrypt: boolean): Buffer {
  const c = encrypt ? createCipheriv(alg, key, iv) : createDecipheriv(alg, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** 2-key (16 bytes) or 3-key (24 bytes) triple DES key as a 24-byte des-ede3 key. */
function tdesKey(key: Uint8Array): Buffer {
  const k = Buffer.from(key);
  if (k.length === 16) return Buffer.concat([k, k.subarray(0, 8)]);
  if (k.length === 24) return k;
  throw new Error('3DES key must be 16 or 24 bytes');
}

export function tdesCbc(key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = Buffer.alloc(8)): Buffer {
  return run('des-ede3-cbc', tdesKey(key), Buffer.from(iv), Buffer.from(data), encrypt);
}

function desCbcEncrypt(key8: Buffer, data: Buffer, iv: Buffer): Buffer {
  return run('des-ede3-cbc', Buffer.concat([key8, key8, key8]), iv, data, true);
}

function aesAlg(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  if (![16, 24, 32].includes(key.length)) throw new Error('AES key must be 16, 24 or 32 bytes');
  return `aes-${key.length * 8}-${mode}`;
}

export function aesCbc(key: Uint8Array, data: Uint8Array, encrypt: boolean, iv: Uint8Array = Buffer.alloc(16)): Buffer {
  return run(aesAlg(key, 'cbc'), Buffer.from(key), Buffer.from(iv), Buffer.from(data), encrypt);
}

export function aesEcbEncrypt(key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv(aesAlg(key, 'ecb'), Buffer.from(key), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.from(block)), c.final()]);
}

/** ISO/IEC 9797-1 padding method 2: 80 then zeros up to a multiple of `blockSize`. */
export function pad(data: Uint8Array, blockSize: number): Buffer {
  const padLen = blockSize - (data.length % blockSize);
  const out = Buffer.alloc(data.length + padLen);
  Buffer.from(data).copy(out);
  out[data.length] = 0x80;
  return out;
}

export function unpad(data: Uint8Array): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80) throw new Error('bad ISO 9797-1 padding');
  return Buffer.from(data.subarray(0, i));
}

/** ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) over already padded data, 16-byte key. */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Buffer {
  const k = Buffer.from(key);
  const data = Buffer.from(paddedData);
  if (data.length === 0 || data.length % 8) throw new Error('retail MAC input must be padded to 8 bytes');
  const k1 = k.subarray(0, 8);
  let h: Buffer = Buffer.alloc(8);
  if (data.length > 8) {
    const chain = desCbcEncrypt(k1, data.subarray(0, data.length - 8), h);
    h = chain.subarray(chain.length - 8);
  }
  // Last block: E_K1(D_K2(E_K1(x ^ h))) = 3DES-EDE with (K1, K2, K1).
  return tdesCbc(k.subarray(0, 16), data.subarray(data.length - 8), true, h);
}

export function aesCmac8(key: Uint8Array, data: Uint8Array): Buffer {
  return Buffer.from(cmac(Uint8Array.from(data), Uint8Array.from(key))).subarray(0, 8);
}

export function blockSize(cipher: SmCipher): number {
  return cipher === '3DES' ? 8 : 16;
}

/** MAC as secure messaging and PACE tokens use it: retail MAC over padded input, or CMAC (no padding by the caller). */
export function smMac(cipher: SmCipher, key: Uint8Array, data: Uint8Array): Buffer {
  return cipher === '3DES' ? retailMac(key, pad(data, 8)) : aesCmac8(key, data);
}

/** Sets the DES odd-parity bit of every byte (only cosmetic for the cipher; vectors are published with it). */
export function adjustParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] & 0xfe;
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit) ones++;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PACE = 3;

/** ICAO 9303-11 §9.7.1: KDF(K, c) for 3DES (16 bytes) or AES-128/192/256. */
export function kdf(secret: Uint8Array, counter: number, cipher: SmCipher, keyLength = 16): Buffer {
  const c = Buffer.from([0, 0, 0, counter]);
  if (cipher === '3DES') {
    return adjustParity(createHash('sha1').update(concat(secret, c)).digest().subarray(0, 16));
  }
  if (keyLength === 16) return createHash('sha1').update(concat(secret, c)).digest().subarray(0, 16);
  return createHash('sha256').update(concat(secret, c)).digest().subarray(0, keyLength);
}
