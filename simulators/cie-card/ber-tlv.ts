/**
 * BER-TLV as the card writes and reads it (ISO/IEC 7816-4 §5.2, X.690 §8.1): tags of one to three
 * bytes, definite lengths in short form or long form with one to three length bytes.
 */

export interface DataObject {
  tag: number;
  value: Buffer;
  /** The whole object, tag and length included (what a MAC covers). */
  raw: Buffer;
}

export class TlvFormatError extends Error {}

function tagBytes(tag: number): Buffer {
  const out: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) out.unshift(t & 0xff);
  return Buffer.from(out.length ? out : [0]);
}

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  if (n < 0x10000) return Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
}

/** One data object; several values are concatenated (a constructed object's children). */
export function tlv(tag: number, ...values: Uint8Array[]): Buffer {
  const value = Buffer.concat(values);
  return Buffer.concat([tagBytes(tag), lengthBytes(value.length), value]);
}

/** The data object starting at `at`. */
export function readObject(buf: Buffer, at = 0): DataObject {
  let i = at;
  const byte = () => {
    if (i >= buf.length) throw new TlvFormatError('TLV truncated');
    return buf[i++];
  };
  let tag = byte();
  // Low five bits all set: more tag bytes follow, each with b8 set except the last.
  if ((tag & 0x1f) === 0x1f) {
    let next: number;
    do {
      next = byte();
      tag = tag * 256 + next;
    } while (next & 0x80);
  }
  let length = byte();
  if (length === 0x80 || length > 0x83) throw new TlvFormatError('unsupported TLV length form');
  if (length > 0x80) {
    let count = length - 0x80;
    length = 0;
    while (count-- > 0) length = length * 256 + byte();
  }
  if (i + length > buf.length) throw new TlvFormatError('TLV value truncated');
  return { tag, value: buf.subarray(i, i + length), raw: buf.subarray(at, i + length) };
}

/** Every data object in `buf`, in order. */
export function readObjects(buf: Buffer): DataObject[] {
  const list: DataObject[] = [];
  for (let at = 0; at < buf.length; at += list[list.length - 1].raw.length) list.push(readObject(buf, at));
  return list;
}
