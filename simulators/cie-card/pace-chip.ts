/**
 * PACE with generic mapping, chip side (ICAO 9303-11 §4.4, BSI TR-03110-2 §3.2): four GENERAL
 * AUTHENTICATE steps, each taking the terminal's dynamic authentication data (inside 7C) and answering:
 *   1. → 80 encrypted nonce z = E(K_pi, s)   2. 81 terminal mapping key → 82 chip mapping key
 *   3. 83 terminal ephemeral key → 84 chip ephemeral key   4. 85 terminal token → 86 chip token.
 */
import { randomBytes } from 'node:crypto';
import { type DataObject, tlv } from './ber-tlv';
import { cbc, padIso } from './block-cipher';
import { COUNTER_ENC, COUNTER_MAC, COUNTER_PACE, deriveKey } from './kdf';
import { suiteMac } from './mac';
import { oidObject } from './oid';
import { type CardGroup, cardGroup, type Element, randomPrivateKey } from './pace-groups';
import type { PaceSuite } from './pace-suites';
import type { SessionKeys } from './card-sm';

/** Fixed secrets instead of random ones: only for replaying published worked examples. */
export interface PaceChipSecrets {
  nonce?: Buffer;
  mappingKey?: bigint;
  ephemeralKey?: bigint;
}

export type PaceStep =
  | { kind: 'answer'; data: Buffer }
  | { kind: 'done'; data: Buffer; keys: SessionKeys }
  | { kind: 'refused'; sw: number };

const bigint = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
const answer = (tag: number, value: Buffer): PaceStep => ({ kind: 'answer', data: tlv(0x7c, tlv(tag, value)) });

/** Input of the authentication token (9303-11 §4.4.3.4, TR-03110-3 §D.3): 7F49 { OID, 84 y | 86 point }. */
export function tokenInput(suite: PaceSuite, group: CardGroup, publicKey: Buffer): Buffer {
  if (group.kind === 'EC') return tlv(0x7f49, oidObject(suite.oid), tlv(0x86, publicKey));
  let start = 0; // the DH value is an unsigned integer: no leading zero bytes
  while (start < publicKey.length - 1 && publicKey[start] === 0) start++;
  return tlv(0x7f49, oidObject(suite.oid), tlv(0x84, publicKey.subarray(start)));
}

/** T = MAC(KSmac, token input): the retail MAC pads (method 2), the CMAC takes the input as it is. */
export function authenticationToken(suite: PaceSuite, group: CardGroup, ksMac: Buffer, publicKey: Buffer): Buffer {
  const input = tokenInput(suite, group, publicKey);
  return suiteMac(suite.cipher, ksMac, suite.cipher === '3DES' ? padIso(input, 8) : input);
}

export class PaceChip {
  readonly group: CardGroup;
  private step = 1;
  private nonce = 0n;
  private mapped: Element | null = null;
  private chipPublic: Buffer | null = null;
  private terminalPublic: Buffer | null = null;
  private keys: SessionKeys | null = null;

  constructor(
    readonly suite: PaceSuite,
    private readonly password: Buffer,
    private readonly secrets: PaceChipSecrets = {},
  ) {
    this.group = cardGroup(suite.parameterId);
  }

  /** Steps 1-3 are chained commands (CLA b5 set, ISO 7816-4 §5.4.1); the token step ends the chain. */
  get expectsLastCommand(): boolean {
    return this.step === 4;
  }

  /** One GENERAL AUTHENTICATE; `objects` are the data objects inside the terminal's 7C. */
  next(objects: DataObject[]): PaceStep {
    const take = (tag: number) => objects.find((o) => o.tag === tag)?.value;
    switch (this.step++) {
      case 1:
        return this.encryptedNonce();
      case 2:
        return this.mapping(take(0x81));
      case 3:
        return this.agreement(take(0x83));
      case 4:
        return this.tokens(take(0x85));
      default:
        return { kind: 'refused', sw: 0x6985 };
    }
  }

  private encryptedNonce(): PaceStep {
    const s = this.secrets.nonce ?? randomBytes(this.suite.cipher === '3DES' ? 8 : 16);
    this.nonce = bigint(s);
    const kPi = deriveKey(this.password, COUNTER_PACE, this.suite.cipher, this.suite.keyLength);
    return answer(0x80, cbc(this.suite.cipher, kPi, s, 'encrypt'));
  }

  private mapping(terminalKey: Buffer | undefined): PaceStep {
    if (!terminalKey) return { kind: 'refused', sw: 0x6a80 };
    const g = this.group;
    const k = this.secrets.mappingKey ?? randomPrivateKey(g.q);
    const h = g.pow(g.fromBytes(terminalKey), k);
    this.mapped = g.mapNonce(this.nonce, h);
    return answer(0x82, g.toBytes(g.pow(g.g, k)));
  }

  private agreement(terminalKey: Buffer | undefined): PaceStep {
    if (!terminalKey || !this.mapped) return { kind: 'refused', sw: 0x6a80 };
    const g = this.group;
    const k = this.secrets.ephemeralKey ?? randomPrivateKey(g.q);
    const shared = g.secret(g.pow(g.fromBytes(terminalKey), k));
    this.terminalPublic = Buffer.from(terminalKey);
    this.chipPublic = g.toBytes(g.pow(this.mapped, k));
    // 9303-11 §4.4.3.3.2: the chip checks the two ephemeral public keys differ (a reflected key proves nothing).
    if (this.chipPublic.equals(this.terminalPublic)) return { kind: 'refused', sw: 0x6a80 };
    const { cipher, keyLength } = this.suite;
    this.keys = {
      cipher,
      ksEnc: deriveKey(shared, COUNTER_ENC, cipher, keyLength),
      ksMac: deriveKey(shared, COUNTER_MAC, cipher, keyLength),
    };
    return answer(0x84, this.chipPublic);
  }

  private tokens(terminalToken: Buffer | undefined): PaceStep {
    const { keys, chipPublic, terminalPublic } = this;
    if (!terminalToken || !keys || !chipPublic || !terminalPublic) return { kind: 'refused', sw: 0x6a80 };
    // The terminal MACs the chip's key; a wrong password gives other keys, so the token fails here.
    if (!authenticationToken(this.suite, this.group, keys.ksMac, chipPublic).equals(terminalToken)) return { kind: 'refused', sw: 0x6300 };
    const chipToken = authenticationToken(this.suite, this.group, keys.ksMac, terminalPublic);
    return { kind: 'done', data: tlv(0x7c, tlv(0x86, chipToken)), keys };
  }
}
