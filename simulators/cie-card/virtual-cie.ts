/**
 * The card logic of the virtual CIE: APDU in, APDU out. No I/O: vpcd-card.ts puts it on the wire.
 * Models the IAS side (DF_CIE: NIS, Kpub, SOD, INTERNAL AUTHENTICATE) and the eMRTD application
 * (EF.CardAccess, PACE DH-GM/ECDH-GM, BAC, secure messaging, DG1/DG2/DG11/EF.COM/EF.SOD).
 */
import { constants, createPrivateKey, privateEncrypt, randomBytes } from 'node:crypto';
import { type Command, parseCommand, response } from './apdu-codec';
import { answerMutualAuthenticate, bacKeys } from './bac-card';
import { readObject, readObjects } from './ber-tlv';
import { CardSecureSession, CardSmError, type PlainCommand } from './card-sm';
import { pacePassword } from './kdf';
import { oidContent } from './oid';
import { PaceChip } from './pace-chip';
import { PACE_SUITES } from './pace-suites';
import type { CardProfile } from './personalise';

export interface CardBehaviour {
  /** Serve the forged DG1 and SOD. */
  forgedSod?: boolean;
  /** Answer 6700 to any extended-length APDU, like a reader that cannot pass them. */
  noExtendedApdu?: boolean;
  /** Answer 6A82 to SELECT IAS (newer chip types); the client must then SELECT MF. */
  iasNotFound?: boolean;
  /** Largest response data (Ne) the card returns in one READ BINARY. */
  maxReadLength?: number;
}

type Df = 'mf' | 'cie' | 'emrtd';
const AIDS: Record<string, Df> = { A0000000308000000009816001: 'cie', A00000000039: 'cie', A0000002471001: 'emrtd' };
const SFI: Record<Df, Record<number, string>> = {
  mf: { 0x1c: '011C' },
  cie: { 0x01: '1001', 0x05: '1005', 0x06: '1006' },
  emrtd: { 0x1e: '011E', 0x01: '0101', 0x02: '0102', 0x0b: '010B', 0x1d: '011D' },
};

interface R {
  data?: Buffer;
  sw: number;
}

export class VirtualCie {
  apduCount = 0;
  private df: Df = 'mf';
  private ef: string | null = null;
  private sm: CardSecureSession | null = null;
  private pace: PaceChip | null = null;
  private challenge: Buffer | null = null;
  private readonly files: Record<Df, Map<string, Buffer>>;
  private readonly iaKey;

  constructor(
    readonly profile: CardProfile,
    readonly behaviour: CardBehaviour = {},
  ) {
    const load = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, Buffer.from(v, 'hex')]));
    this.files = { mf: load(profile.files.mf), cie: load(profile.files.cie), emrtd: load(profile.files.emrtd) };
    if (behaviour.forgedSod) for (const [fid, hex] of Object.entries(profile.forged)) this.files.emrtd.set(fid, Buffer.from(hex, 'hex'));
    this.iaKey = createPrivateKey(profile.internalAuthKey);
  }

  get atr(): Buffer {
    return Buffer.from(this.profile.atr, 'hex');
  }

  /** Power on / reset: back to the MF with no security state. */
  reset(): void {
    this.df = 'mf';
    this.ef = null;
    this.sm = null;
    this.pace = null;
    this.challenge = null;
  }

  process(raw: Buffer): Buffer {
    this.apduCount++;
    let cmd: Command;
    try {
      cmd = parseCommand(raw);
    } catch {
      return response(Buffer.alloc(0), 0x6700);
    }
    if (this.behaviour.noExtendedApdu && cmd.extended) return response(Buffer.alloc(0), 0x6700);
    if ((cmd.cla & 0x0c) === 0x0c) {
      if (!this.sm) return response(Buffer.alloc(0), 0x6882);
      let plain: PlainCommand;
      try {
        plain = this.sm.unwrapCommand(raw);
      } catch (e) {
        this.sm = null;
        return response(Buffer.alloc(0), e instanceof CardSmError ? 0x6988 : 0x6987);
      }
      const r = this.execute(plain);
      return this.sm ? this.sm.wrapResponse(r.data ?? Buffer.alloc(0), r.sw) : response(Buffer.alloc(0), 0x6988);
    }
    // A plain command ends any secure session (except inside PACE itself).
    if (this.sm && cmd.ins !== 0x86) this.sm = null;
    const r = this.execute(cmd);
    return response(r.data ?? Buffer.alloc(0), r.sw);
  }

  private execute(cmd: PlainCommand): R {
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd);
      case 0xb0:
        return this.readBinary(cmd);
      case 0x84:
        this.challenge = randomBytes(8);
        return { data: this.challenge, sw: 0x9000 };
      case 0x82:
        return this.mutualAuthenticate(cmd);
      case 0x22:
        return this.manageSecurityEnvironment(cmd);
      case 0x86:
        return this.generalAuthenticate(cmd);
      case 0x88:
        return this.internalAuthenticate(cmd);
      default:
        return { sw: 0x6d00 };
    }
  }

  private select(cmd: PlainCommand): R {
    const data = cmd.data ?? Buffer.alloc(0);
    if (cmd.p1 === 0x04) {
      const hex = data.toString('hex').toUpperCase();
      if (hex === 'A0000000308000000009816001' && this.behaviour.iasNotFound) return { sw: 0x6a82 };
      const df = AIDS[hex];
      if (!df) return { sw: 0x6a82 };
      this.df = df;
      this.ef = null;
      return { sw: 0x9000 };
    }
    if (cmd.p1 === 0x00 && (data.length === 0 || data.toString('hex').toUpperCase() === '3F00')) {
      this.df = 'mf';
      this.ef = null;
      return { sw: 0x9000 };
    }
    if (cmd.p1 === 0x02) {
      const fid = data.toString('hex').toUpperCase();
      if (!this.files[this.df].has(fid)) return { sw: 0x6a82 };
      if (this.df === 'emrtd' && !this.sm) return { sw: 0x6982 };
      this.ef = fid;
      return { sw: 0x9000 };
    }
    return { sw: 0x6a86 };
  }

  private readBinary(cmd: PlainCommand): R {
    let fid = this.ef;
    let offset: number;
    if (cmd.p1 & 0x80) {
      fid = SFI[this.df][cmd.p1 & 0x1f] ?? null;
      if (!fid) return { sw: 0x6a82 };
      this.ef = fid;
      offset = cmd.p2;
    } else offset = (cmd.p1 << 8) | cmd.p2;
    if (!fid) return { sw: 0x6986 };
    if (this.df === 'emrtd' && !this.sm) return { sw: 0x6982 };
    const file = this.files[this.df].get(fid)!;
    const ne = cmd.ne ?? 256;
    if (ne > (this.behaviour.maxReadLength ?? 0x1000)) return { sw: 0x6700 };
    if (offset > file.length) return { sw: 0x6b00 };
    const data = file.subarray(offset, offset + ne);
    return { data, sw: data.length < ne ? 0x6282 : 0x9000 };
  }

  private manageSecurityEnvironment(cmd: PlainCommand): R {
    if (cmd.p1 === 0x41 && cmd.p2 === 0xa4) return { sw: this.df === 'cie' ? 0x9000 : 0x6a88 }; // internal-auth key 83
    if (cmd.p1 !== 0xc1 || cmd.p2 !== 0xa4) return { sw: 0x6a86 };
    let objects;
    try {
      objects = readObjects(cmd.data ?? Buffer.alloc(0));
    } catch {
      return { sw: 0x6a80 };
    }
    const protocol = objects.find((o) => o.tag === 0x80);
    const ref = objects.find((o) => o.tag === 0x83);
    if (!protocol || !ref || ref.value.length !== 1) return { sw: 0x6a80 };
    // Tag 80 carries the protocol OID's content octets; it must be the one EF.CardAccess advertises.
    const suite = PACE_SUITES[this.profile.paceSuite];
    if (!protocol.value.equals(oidContent(suite.oid))) return { sw: 0x6a80 };
    // 01 MRZ, 02 CAN; PIN (03) and PUK (04) are not PACE passwords on the CIE.
    if (ref.value[0] !== 0x01 && ref.value[0] !== 0x02) return { sw: 0x6a88 };
    const password = pacePassword(ref.value[0] === 0x02 ? 'can' : 'mrz', this.profile.can, this.profile.mrz);
    this.pace = new PaceChip(suite, password);
    this.sm = null;
    return { sw: 0x9000 };
  }

  private generalAuthenticate(cmd: PlainCommand): R {
    const pace = this.pace;
    if (!pace) return { sw: 0x6985 };
    // 6883: the last command of a chain was expected; 6884: chaining where the card expects none.
    const last = (cmd.cla & 0x10) === 0;
    if (last !== pace.expectsLastCommand) {
      this.pace = null;
      return { sw: last ? 0x6883 : 0x6884 };
    }
    try {
      const outer = readObject(cmd.data ?? Buffer.alloc(0));
      if (outer.tag !== 0x7c) return { sw: 0x6a80 };
      const step = pace.next(readObjects(outer.value));
      if (step.kind === 'refused') {
        this.pace = null;
        return { sw: step.sw };
      }
      if (step.kind === 'done') {
        this.pace = null;
        this.sm = new CardSecureSession(step.keys, Buffer.alloc(step.keys.cipher === '3DES' ? 8 : 16));
      }
      return { data: step.data, sw: 0x9000 };
    } catch {
      this.pace = null;
      return { sw: 0x6a80 };
    }
  }

  private mutualAuthenticate(cmd: PlainCommand): R {
    if (!this.challenge || this.df !== 'emrtd' || cmd.data?.length !== 40) return { sw: 0x6985 };
    const kIcc = randomBytes(16);
    const bac = answerMutualAuthenticate(bacKeys(this.profile.mrz), this.challenge, kIcc, cmd.data);
    this.challenge = null;
    if (!bac) return { sw: 0x6300 };
    this.sm = new CardSecureSession(bac.session, bac.ssc);
    return { data: bac.response, sw: 0x9000 };
  }

  private internalAuthenticate(cmd: PlainCommand): R {
    if (this.df !== 'cie' || !cmd.data || cmd.data.length === 0) return { sw: 0x6985 };
    return { data: privateEncrypt({ key: this.iaKey, padding: constants.RSA_PKCS1_PADDING }, cmd.data), sw: 0x9000 };
  }
}
