/** BER-TLV as used by ISO 7816-4 and ICAO 9303 (multi-byte tags, definite lengths up to 4 bytes). */
import { asBuffer, concat } from './bytes';

export interface Tlv {
  tag: number;
  /** Offset of the tag inside the buffer that was parsed. */
  start: number;
  /** Offset of the value. */
  valueStart: number;
  /** Offset just past the value. */
  end: number;
  value: Buffer;
  /** Tag, length and value bytes. */
  raw: Buffer;
}

export class TlvError extends Error {}

export function isConstructed(tag: number): boolean {
  let first = tag;
  while (first > 0xff) first >>= 8;
  return (first & 0x20) !== 0;
}

/** Reads the tag and length at `offset`; returns the header without requiring the whole value. */
export function readTlvHeader(buf: Uint8Array, offset = 0): { tag: number; length: number; headerLength: number } {
  const b = asBuffer(buf);
  let p = offset;
  if (p >= b.length) throw new TlvError('TLV truncated: no tag');
  let tag = b[p++];
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    while (more) {
      if (p >= b.length) throw new TlvError('TLV truncated in tag');
      const next = b[p++];
      tag = tag * 256 + next;
      more = (next & 0x80) !== 0;
      if (tag > 0xffffffff) throw new TlvError('TLV tag too long');
    }
  }
  if (p >= b.length) throw new TlvError('TLV truncated: no length');
  let length = b[p++];
  if (length === 0x80) throw new TlvError('indefinite length not supported');
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 4) throw new TlvError('TLV length too long');
    if (p + n > b.length) throw new TlvError('TLV truncated in length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + b[p++];
  }
  return { tag, length, headerLength: p - offset };
}

export function parseTlv(buf: Uint8Array, offset = 0): Tlv {
  const b = asBuffer(buf);
  const { tag, length, headerLength } = readTlvHeader(b, offset);
  const valueStart = offset + headerLength;
  const end = valueStart + length;
  if (end > b.length) throw new TlvError(`TLV value truncated (tag ${tag.toString(16)})`);
  return { tag, start: offset, valueStart, end, value: b.subarray(valueStart, end), raw: b.subarray(offset, end) };
}

/** All TLVs in sequence (e.g. the children of a constructed value). Skips 00/FF padding between objects. */
export function parseTlvList(buf: Uint8Array): Tlv[] {
  const b = asBuffer(buf);
  const out: Tlv[] = [];
  let p = 0;
  while (p < b.length) {
    if (b[p] === 0x00 || b[p] === 0xff) {
      p++;
      continue;
    }
    const t = parseTlv(b, p);
    out.push(t);
    p = t.end;
  }
  return out;
}

export function findTlv(list: Tlv[], tag: number): Tlv | undefined {
  return list.find((t) => t.tag === tag);
}

export function requireTlv(list: Tlv[], tag: number, what: string): Tlv {
  const t = findTlv(list, tag);
  if (!t) throw new TlvError(`missing ${what} (tag ${tag.toString(16).toUpperCase()})`);
  return t;
}

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length <= 0xff) return Buffer.from([0x81, length]);
  if (length <= 0xffff) return Buffer.from([0x82, length >> 8, length & 0xff]);
  if (length <= 0xffffff) return Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  throw new TlvError('TLV value too long');
}

export function encodeTag(tag: number): Buffer {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Buffer.from(bytes);
}

export function tlv(tag: number, ...value: Uint8Array[]): Buffer {
  const v = concat(...value);
  return concat(encodeTag(tag), encodeLength(v.length), v);
}
