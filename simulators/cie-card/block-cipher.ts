/**
 * The two block ciphers of ICAO 9303-11 secure messaging, from node:crypto: two-key 3DES (K1 K2 K1,
 * 8-byte blocks) and AES (16-byte blocks). Padding is ISO/IEC 9797-1 method 2, done here, never by OpenSSL.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export type Cipher = '3DES' | 'AES';

export const blockSizeOf = (cipher: Cipher): number => (cipher === '3DES' ? 8 : 16);

/** 16 bytes K1‖K2 become the 24-byte key K1‖K2‖K1 that OpenSSL's des-ede3 expects. */
function tdesKey(key: Uint8Array): Buffer {
  if (key.length !== 16) throw new Error('two-key 3DES wants 16 bytes');
  return Buffer.concat([key, key.subarray(0, 8)]);
}

function algorithm(cipher: Cipher, key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  return cipher === '3DES' ? `des-ede3-${mode}` : `aes-${key.length * 8}-${mode}`;
}

/** CBC over whole blocks, no padding; `iv` defaults to zeros. */
export function cbc(cipher: Cipher, key: Uint8Array, data: Uint8Array, direction: 'encrypt' | 'decrypt', iv?: Uint8Array): Buffer {
  const k = cipher === '3DES' ? tdesKey(key) : key;
  const v = iv ?? Buffer.alloc(blockSizeOf(cipher));
  const c =
    direction === 'encrypt' ? createCipheriv(algorithm(cipher, key, 'cbc'), k, v) : createDecipheriv(algorithm(cipher, key, 'cbc'), k, v);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** One block in ECB: the AES IV of secure messaging is E(KSenc, SSC). */
export function encryptBlock(cipher: Cipher, key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv(algorithm(cipher, key, 'ecb'), cipher === '3DES' ? tdesKey(key) : key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** ISO/IEC 9797-1 padding method 2: 80, then zeros to the block boundary (always adds at least one byte). */
export function padIso(data: Uint8Array, blockSize: number): Buffer {
  const fill = blockSize - (data.length % blockSize);
  return Buffer.concat([data, Buffer.from([0x80]), Buffer.alloc(fill - 1)]);
}

export function unpadIso(data: Buffer): Buffer {
  let end = data.length - 1;
  while (end >= 0 && data[end] === 0) end--;
  if (end < 0 || data[end] !== 0x80) throw new Error('bad ISO 9797-1 padding');
  return data.subarray(0, end);
}
