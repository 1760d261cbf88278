/** Small byte helpers shared by the card modules (Buffers throughout: the card code runs in Node). */

export function fromHex(hex: string): Buffer {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`invalid hex string (${clean.length} chars)`);
  return Buffer.from(clean, 'hex');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function concat(...parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map(asBuffer));
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  if (a.length !== b.length) throw new Error('xor of buffers with different lengths');
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

/** Constant-time comparison for MACs and tokens. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function bigintFromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + asBuffer(bytes).toString('hex'));
}

/** Big-endian unsigned encoding; `length` left-pads (throws if the value does not fit). */
export function bigintToBytes(value: bigint, length?: number): Buffer {
  if (value < 0n) throw new Error('negative value');
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let out = Buffer.from(hex === '00' && length === undefined ? '00' : hex, 'hex');
  if (length !== undefined) {
    if (out.length > length) {
      const firstNonZero = out.findIndex((b) => b !== 0);
      out = firstNonZero < 0 ? Buffer.alloc(0) : out.subarray(firstNonZero);
      if (out.length > length) throw new Error('value does not fit');
    }
    out = Buffer.concat([Buffer.alloc(length - out.length), out]);
  }
  return out;
}

/** Removes leading zero bytes (minimal unsigned encoding, at least one byte). */
export function stripLeadingZeros(bytes: Uint8Array): Buffer {
  const b = asBuffer(bytes);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    b = (b * b) % modulus;
  }
  return result;
}
