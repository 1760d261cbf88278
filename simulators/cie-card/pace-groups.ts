/**
 * The PACE domain parameters this card offers (ICAO 9303-11 §9.5.1 standardized ids), as the card uses
 * them: id 0 and 2 are the RFC 5114 MODP groups with prime-order subgroups (2 is what CIEs advertise),
 * id 13 is brainpoolP256r1 (RFC 5639) from @noble/curves. The MODP values are typed in the RFC's layout;
 * a test checks them against OpenSSL's built-in copies (`dh_rfc5114`).
 */
import { randomBytes } from 'node:crypto';
import { brainpoolP256r1 } from '@noble/curves/misc.js';

/** A public key, a generator or a shared value: a bigint (MODP) or a curve point, opaque to the caller. */
export type Element = bigint | InstanceType<typeof brainpoolP256r1.Point>;

export interface CardGroup {
  readonly kind: 'DH' | 'EC';
  readonly q: bigint;
  readonly g: Element;
  pow(base: Element, k: bigint): Element;
  /** Generic mapping (§4.4.3.3.1): G~ = s·G + H, or g~ = g^s · h. */
  mapNonce(s: bigint, h: Element): Element;
  toBytes(e: Element): Buffer;
  /** A public key from the terminal, refused when it is not an element of the group. */
  fromBytes(b: Buffer): Element;
  /** The KDF input: the DH value, or the x-coordinate, left-padded to the field length. */
  secret(e: Element): Buffer;
}

const rfc = (text: string) => BigInt(`0x${text.replace(/\s+/g, '')}`);
const unsigned = (n: bigint, length: number) => Buffer.from(n.toString(16).padStart(length * 2, '0'), 'hex');

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function modpGroup(p: bigint, g: bigint, q: bigint): CardGroup {
  const length = (p.toString(16).length + 1) >> 1;
  return {
    kind: 'DH',
    q,
    g,
    pow: (base, k) => modPow(base as bigint, k, p),
    mapNonce: (s, h) => (modPow(g, s, p) * (h as bigint)) % p,
    toBytes: (e) => unsigned(e as bigint, length),
    fromBytes: (b) => {
      const y = BigInt(`0x${b.toString('hex') || '0'}`);
      // 1 < y < p-1 and y^q = 1: in the subgroup, so no small-subgroup confinement.
      if (y <= 1n || y >= p - 1n || modPow(y, q, p) !== 1n) throw new Error('DH public key outside the group');
      return y;
    },
    secret: (e) => unsigned(e as bigint, length),
  };
}

function brainpool256(): CardGroup {
  const { Point } = brainpoolP256r1;
  type P = InstanceType<typeof Point>;
  const q = Point.CURVE().n;
  return {
    kind: 'EC',
    q,
    g: Point.BASE,
    pow: (base, k) => (base as P).multiply(k % q),
    mapNonce: (s, h) => Point.BASE.multiply(s % q).add(h as P),
    toBytes: (e) => Buffer.from((e as P).toBytes(false)),
    fromBytes: (b) => {
      const point = Point.fromBytes(Uint8Array.from(b));
      point.assertValidity();
      return point;
    },
    secret: (e) => unsigned((e as P).toAffine().x, Point.Fp.BYTES),
  };
}

/** RFC 5114 §2.1, 1024-bit MODP Group with 160-bit Prime Order Subgroup. */
const RFC5114_1024_160 = {
  p: rfc(`
    B10B8F96 A080E01D DE92DE5E AE5D54EC 52C99FBC FB06A3C6 9A6A9DCA 52D23B61
    6073E286 75A23D18 9838EF1E 2EE652C0 13ECB4AE A9061123 24975C3C D49B83BF
    ACCBDD7D 90C4BD70 98488E9C 219A7372 4EFFD6FA E5644738 FAA31A4F F55BCCC0
    A151AF5F 0DC8B4BD 45BF37DF 365C1A65 E68CFDA7 6D4DA708 DF1FB2BC 2E4A4371`),
  g: rfc(`
    A4D1CBD5 C3FD3412 6765A442 EFB99905 F8104DD2 58AC507F D6406CFF 14266D31
    266FEA1E 5C41564B 777E690F 5504F213 160217B4 B01B886A 5E91547F 9E2749F4
    D7FBD7D3 B9A92EE1 909D0D22 63F80A76 A6A24C08 7A091F53 1DBF0A01 69B6A28A
    D662A4D1 8E73AFA3 2D779D59 18D08BC8 858F4DCE F97C2A24 855E6EEB 22B3B2E5`),
  q: rfc(`
    F518AA87 81A8DF27 8ABA4E7D 64B7CB9D 49462353`),
};

/** RFC 5114 §2.3, 2048-bit MODP Group with 256-bit Prime Order Subgroup. */
const RFC5114_2048_256 = {
  p: rfc(`
    87A8E61D B4B6663C FFBBD19C 65195999 8CEEF608 660DD0F2 5D2CEED4 435E3B00
    E00DF8F1 D61957D4 FAF7DF45 61B2AA30 16C3D911 34096FAA 3BF4296D 830E9A7C
    209E0C64 97517ABD 5A8A9D30 6BCF67ED 91F9E672 5B4758C0 22E0B1EF 4275BF7B
    6C5BFC11 D45F9088 B941F54E B1E59BB8 BC39A0BF 12307F5C 4FDB70C5 81B23F76
    B63ACAE1 CAA6B790 2D525267 35488A0E F13C6D9A 51BFA4AB 3AD83477 96524D8E
    F6A167B5 A41825D9 67E144E5 14056425 1CCACB83 E6B486F6 B3CA3F79 71506026
    C0B857F6 89962856 DED4010A BD0BE621 C3A3960A 54E710C3 75F26375 D7014103
    A4B54330 C198AF12 6116D227 6E11715F 693877FA D7EF09CA DB094AE9 1E1A1597`),
  g: rfc(`
    3FB32C9B 73134D0B 2E775066 60EDBD48 4CA7B18F 21EF2054 07F4793A 1A0BA125
    10DBC150 77BE463F FF4FED4A AC0BB555 BE3A6C1B 0C6B47B1 BC3773BF 7E8C6F62
    901228F8 C28CBB18 A55AE313 41000A65 0196F931 C77A57F2 DDF463E5 E9EC144B
    777DE62A AAB8A862 8AC376D2 82D6ED38 64E67982 428EBC83 1D14348F 6F2F9193
    B5045AF2 767164E1 DFC967C1 FB3F2E55 A4BD1BFF E83B9C80 D052B985 D182EA0A
    DB2A3B73 13D3FE14 C8484B1E 052588B9 B7D2BBD2 DF016199 ECD06E15 57CD0915
    B3353BBB 64E0EC37 7FD02837 0DF92B52 C7891428 CDC67EB6 184B523D 1DB246C3
    2F630784 90F00EF8 D647D148 D4795451 5E2327CF EF98C582 664B4C0F 6CC41659`),
  q: rfc(`
    8CF83642 A709A097 B4479976 40129DA2 99B1A47D 1EB3750B A308B0FE 64F5FBD3`),
};
/** Parameter ids this card supports: what its EF.CardAccess can advertise. */
export const RFC5114 = { 0: RFC5114_1024_160, 2: RFC5114_2048_256 } as const;

export function cardGroup(parameterId: number): CardGroup {
  if (parameterId === 0 || parameterId === 2) {
    const { p, g, q } = RFC5114[parameterId];
    return modpGroup(p, g, q);
  }
  if (parameterId === 13) return brainpool256();
  throw new Error(`the virtual CIE does not offer PACE parameter id ${parameterId}`);
}

/** A private key in [1, q-1], from 8 more random bytes than q has, so the bias is negligible. */
export function randomPrivateKey(q: bigint): bigint {
  const bytes = randomBytes(((q.toString(16).length + 1) >> 1) + 8);
  return (BigInt(`0x${bytes.toString('hex')}`) % (q - 1n)) + 1n;
}
