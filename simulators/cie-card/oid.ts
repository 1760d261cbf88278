/** Object identifiers in DER (X.690 §8.19): the first two arcs folded into one, each arc base 128. */
import { tlv } from './ber-tlv';

/** The content octets only (what MSE:Set AT carries in its tag 80). */
export function oidContent(dotted: string): Buffer {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new Error(`not an OID: ${dotted}`);
  const octets: number[] = [];
  for (const arc of [arcs[0] * 40n + arcs[1], ...arcs.slice(2)]) {
    const groups = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
    octets.push(...groups);
  }
  return Buffer.from(octets);
}

/** The whole OBJECT IDENTIFIER, tag 06 included. */
export function oidObject(dotted: string): Buffer {
  return tlv(0x06, oidContent(dotted));
}
