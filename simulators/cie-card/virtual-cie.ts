/**
 * The card logic of the virtual CIE: APDU in, APDU out. No I/O: vpcd-card.ts puts it on the wire.
 * Models the IAS side (DF_CIE: NIS, Kpub, SOD, INTERNAL AUTHENTICATE) and the eMRTD application
 * (EF.CardAccess, PACE DH-GM/ECDH-GM, BAC, secure messaging, DG1/DG2/DG11/EF.COM/EF.SOD).
 */
import { constants, createPrivateKey, privateEncrypt, randomBytes } from 'node:crypto';
import { type CommandApdu, decodeCommand, encodeResponse } from '../../electron/core/card/apdu';
import { encodeOidValue } from '../../electron/core/card/asn1';
import { bigintFromBytes, concat, equalBytes, fromHex, xor } from '../../electron/core/card/bytes';
import { type PaceInfo, parseCardAccess } from '../../electron/core/card/card-access';
import { kdf, KDF_ENC, KDF_MAC, KDF_PACE, pad, retailMac, tdesCbc } from '../../electron/core/card/crypto';
import { bacKeys } from '../../electron/core/card/bac';
import { authToken, encryptNonce, passwordBytes } from '../../electron/core/card/pace';
import { type GroupElement, type PaceGroup, paceGroup } from '../../electron/core/card/pace-domain';
import { parseTlv, parseTlvList, tlv } from '../../electron/core/card/tlv';
import { CardSecureSession, CardSmError } from './card-sm';
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

interface PaceState {
  info: PaceInfo;
  group: PaceGroup;
  step: number;
  s?: bigint;
  mapKey?: bigint;
  mapped?: GroupElement;
  ephKey?: bigint;
  ephPub?: Buffer;
  pcdPub?: Buffer;
  ksEnc?: Buffer;
  ksMac?: Buffer;
}

interface R {
  data?: Buffer;
  sw: number;
}

export class VirtualCie {
  apduCount = 0;
  private df: Df = 'mf';
  private ef: string | null = null;
  private sm: CardSecureSession | null = null;
  private pwdRef: number | null = null;
  private pace: PaceState | null = null;
  private challenge: Buffer | null = null;
  private readonly files: Record<Df, Map<string, Buffer>>;
  private readonly iaKey;

  constructor(
    readonly profile: CardProfile,
    readonly behaviour: CardBehaviour = {},
  ) {
    const load = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k, fromHex(v)]));
    this.files = { mf: load(profile.files.mf), cie: load(profile.files.cie), emrtd: load(profile.files.emrtd) };
    if (behaviour.forgedSod) for (const [fid, hex] of Object.entries(profile.forged)) this.files.emrtd.set(fid, fromHex(hex));
    this.iaKey = createPrivateKey(profile.internalAuthKey);
  }

  get atr(): Buffer {
    return fromHex(this.profile.atr);
  }

  /** Power on / reset: back to the MF with no security state. */
  reset(): void {
    this.df = 'mf';
    this.ef = null;
    this.sm = null;
    this.pace = null;
    this.pwdRef = null;
    this.challenge = null;
  }

  process(raw: Buffer): Buffer {
    this.apduCount++;
    let cmd: CommandApdu & { extended: boolean };
    try {
      cmd = decodeCommand(raw);
    } catch {
      return encodeResponse(Buffer.alloc(0), 0x6700);
    }
    if (this.behaviour.noExtendedApdu && cmd.extended) return encodeResponse(Buffer.alloc(0), 0x6700);
    if ((cmd.cla & 0x0c) === 0x0c) {
      if (!this.sm) return encodeResponse(Buffer.alloc(0), 0x6882);
      let plain: CommandApdu;
      try {
        plain = this.sm.unwrapCommand(raw);
      } catch (e) {
        this.sm = null;
        return encodeResponse(Buffer.alloc(0), e instanceof CardSmError ? 0x6988 : 0x6987);
      }
      const r = this.execute(plain);
      return this.sm ? this.sm.wrapResponse(r.data ?? Buffer.alloc(0), r.sw) : encodeResponse(Buffer.alloc(0), 0x6988);
    }
    // A plain command ends any secure session (except inside PACE itself).
    if (this.sm && cmd.ins !== 0x86) this.sm = null;
    const r = this.execute(cmd);
    return encodeResponse(r.data ?? Buffer.alloc(0), r.sw);
  }

  private execute(cmd: CommandApdu): R {
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

  private select(cmd: CommandApdu): R {
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

  private readBinary(cmd: CommandApdu): R {
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

  private manageSecurityEnvironment(cmd: CommandApdu): R {
    const objs = parseTlvList(cmd.data ?? Buffer.alloc(0));
    if (cmd.p1 === 0x41 && cmd.p2 === 0xa4) return { sw: this.df === 'cie' ? 0x9000 : 0x6a88 }; // internal-auth key 83
    if (cmd.p1 !== 0xc1 || cmd.p2 !== 0xa4) return { sw: 0x6a86 };
    const oid = objs.find((o) => o.tag === 0x80);
    const ref = objs.find((o) => o.tag === 0x83);
    const [info] = parseCardAccess(this.files.mf.get('011C')!);
    if (!oid || !ref || ref.value.length !== 1) return { sw: 0x6a80 };
    const group = paceGroup(info.parameterId!)!;
    // Compare the OID as sent (value of tag 80) with the card's PACEInfo.
    const expected = encodeOidValue(info.oid);
    if (!equalBytes(oid.value, expected)) return { sw: 0x6a80 };
    if (ref.value[0] !== 0x01 && ref.value[0] !== 0x02) return { sw: 0x6a88 }; // PIN/PUK not allowed (as on the CIE)
    this.pwdRef = ref.value[0];
    this.pace = { info, group, step: 0 };
    this.sm = null;
    return { sw: 0x9000 };
  }

  private generalAuthenticate(cmd: CommandApdu): R {
    const p = this.pace;
    if (!p || this.pwdRef === null) return { sw: 0x6985 };
    let inner;
    try {
      const outer = parseTlv(cmd.data ?? Buffer.alloc(0));
      inner = parseTlvList(outer.value);
    } catch {
      return { sw: 0x6a80 };
    }
    const { info, group } = p;
    try {
      if (p.step === 0) {
        const sBytes = randomBytes(info.cipher === '3DES' ? 8 : 16);
        p.s = bigintFromBytes(sBytes);
        const password = this.pwdRef === 0x02 ? { can: this.profile.can } : { mrz: this.profile.mrz };
        const kPi = kdf(passwordBytes(password), KDF_PACE, info.cipher, info.keyLength);
        p.step = 1;
        return { data: tlv(0x7c, tlv(0x80, encryptNonce(info.cipher, kPi, sBytes))), sw: 0x9000 };
      }
      if (p.step === 1) {
        const pcdMap = inner.find((t) => t.tag === 0x81);
        if (!pcdMap) return { sw: 0x6a80 };
        p.mapKey = group.randomScalar();
        const h = group.multiply(group.decode(pcdMap.value), p.mapKey);
        p.mapped = group.map(p.s!, h);
        p.step = 2;
        return { data: tlv(0x7c, tlv(0x82, group.encode(group.multiply(group.generator(), p.mapKey)))), sw: 0x9000 };
      }
      if (p.step === 2) {
        const pcdPub = inner.find((t) => t.tag === 0x83);
        if (!pcdPub) return { sw: 0x6a80 };
        p.pcdPub = Buffer.from(pcdPub.value);
        p.ephKey = group.randomScalar();
        p.ephPub = group.encode(group.multiply(p.mapped!, p.ephKey));
        const k = group.sharedSecret(group.multiply(group.decode(pcdPub.value), p.ephKey));
        p.ksEnc = kdf(k, KDF_ENC, info.cipher, info.keyLength);
        p.ksMac = kdf(k, KDF_MAC, info.cipher, info.keyLength);
        p.step = 3;
        return { data: tlv(0x7c, tlv(0x84, p.ephPub)), sw: 0x9000 };
      }
      if (p.step === 3) {
        const token = inner.find((t) => t.tag === 0x85);
        this.pace = null;
        if (!token || !equalBytes(token.value, authToken(info, group, p.ksMac!, p.ephPub!))) return { sw: 0x6300 };
        this.sm = new CardSecureSession({ cipher: info.cipher, ksEnc: p.ksEnc!, ksMac: p.ksMac! }, Buffer.alloc(info.cipher === '3DES' ? 8 : 16));
        return { data: tlv(0x7c, tlv(0x86, authToken(info, group, p.ksMac!, p.pcdPub!))), sw: 0x9000 };
      }
    } catch {
      this.pace = null;
      return { sw: 0x6a80 };
    }
    return { sw: 0x6985 };
  }

  private mutualAuthenticate(cmd: CommandApdu): R {
    const data = cmd.data ?? Buffer.alloc(0);
    if (!this.challenge || data.length !== 40 || this.df !== 'emrtd') return { sw: 0x6985 };
    const keys = bacKeys(this.profile.mrz);
    const eIfd = data.subarray(0, 32);
    if (!equalBytes(retailMac(keys.kMac, pad(eIfd, 8)), data.subarray(32))) return { sw: 0x6300 };
    const s = tdesCbc(keys.kEnc, eIfd, false);
    if (!equalBytes(s.subarray(8, 16), this.challenge)) return { sw: 0x6300 };
    const rndIfd = s.subarray(0, 8);
    const kIc = randomBytes(16);
    const eIc = tdesCbc(keys.kEnc, concat(this.challenge, rndIfd, kIc), true);
    const seed = xor(s.subarray(16, 32), kIc);
    const ssc = concat(this.challenge.subarray(4, 8), rndIfd.subarray(4, 8));
    this.challenge = null;
    const response = concat(eIc, retailMac(keys.kMac, pad(eIc, 8)));
    this.sm = new CardSecureSession({ cipher: '3DES', ksEnc: kdf(seed, KDF_ENC, '3DES'), ksMac: kdf(seed, KDF_MAC, '3DES') }, ssc);
    return { data: response, sw: 0x9000 };
  }

  private internalAuthenticate(cmd: CommandApdu): R {
    if (this.df !== 'cie' || !cmd.data || cmd.data.length === 0) return { sw: 0x6985 };
    return { data: privateEncrypt({ key: this.iaKey, padding: constants.RSA_PKCS1_PADDING }, cmd.data), sw: 0x9000 };
  }
}
