/**
 * Secure messaging, terminal side (ICAO 9303-11 §9.8). The SSC is incremented before wrapping each
 * command and again before checking each response. 3DES uses a zero IV; AES uses IV = E(KSenc, SSC).
 */
import { type CommandApdu, encodeCommand, parseResponse, type ResponseApdu } from './apdu';
import { bigintFromBytes, bigintToBytes, concat, equalBytes } from './bytes';
import { aesCbc, aesCmac8, aesEcbEncrypt, blockSize, pad, retailMac, type SmCipher, tdesCbc, unpad } from './crypto';
import { parseTlvList, tlv } from './tlv';

export class SecureMessagingError extends Error {
  constructor(
    message: string,
    readonly kind: 'mac' | 'format' | 'dropped',
    readonly sw?: number,
  ) {
    super(message);
    this.name = 'SecureMessagingError';
  }
}

export interface SmKeys {
  cipher: SmCipher;
  ksEnc: Buffer;
  ksMac: Buffer;
}

/** Everything the cipher suite needs, shared by the terminal and the virtual card. */
export class SmCrypto {
  readonly bs: number;
  constructor(readonly keys: SmKeys) {
    this.bs = blockSize(keys.cipher);
  }
  iv(ssc: Buffer): Buffer {
    return this.keys.cipher === '3DES' ? Buffer.alloc(8) : aesEcbEncrypt(this.keys.ksEnc, ssc);
  }
  encrypt(ssc: Buffer, data: Uint8Array): Buffer {
    const padded = pad(data, this.bs);
    return this.keys.cipher === '3DES' ? tdesCbc(this.keys.ksEnc, padded, true) : aesCbc(this.keys.ksEnc, padded, true, this.iv(ssc));
  }
  decrypt(ssc: Buffer, data: Uint8Array): Buffer {
    if (data.length === 0 || data.length % this.bs) throw new SecureMessagingError('cryptogram length', 'format');
    const plain = this.keys.cipher === '3DES' ? tdesCbc(this.keys.ksEnc, data, false) : aesCbc(this.keys.ksEnc, data, false, this.iv(ssc));
    return unpad(plain);
  }
  /** MAC over pad(SSC || input). */
  mac(ssc: Buffer, input: Uint8Array): Buffer {
    const n = pad(concat(ssc, input), this.bs);
    return this.keys.cipher === '3DES' ? retailMac(this.keys.ksMac, n) : aesCmac8(this.keys.ksMac, n);
  }
}

/** DO'97' for an expected length (1 byte up to 256, 2 bytes beyond). */
export function encodeDo97(ne: number): Buffer {
  if (ne <= 256) return tlv(0x97, Buffer.from([ne === 256 ? 0 : ne]));
  return tlv(0x97, Buffer.from([ne === 65536 ? 0 : ne >> 8, ne === 65536 ? 0 : ne & 0xff]));
}

export function decodeDo97(value: Buffer): number {
  if (value.length === 1) return value[0] === 0 ? 256 : value[0];
  if (value.length === 2) {
    const n = (value[0] << 8) | value[1];
    return n === 0 ? 65536 : n;
  }
  throw new SecureMessagingError('DO97 length', 'format');
}

export class SecureChannel {
  private ssc: bigint;
  private readonly sscLength: number;
  private readonly crypto: SmCrypto;

  constructor(keys: SmKeys, ssc: Uint8Array) {
    this.crypto = new SmCrypto(keys);
    this.ssc = bigintFromBytes(ssc);
    this.sscLength = ssc.length;
  }

  get cipher(): SmCipher {
    return this.crypto.keys.cipher;
  }

  sscBytes(): Buffer {
    return bigintToBytes(this.ssc, this.sscLength);
  }

  private nextSsc(): Buffer {
    this.ssc = (this.ssc + 1n) % (1n << BigInt(this.sscLength * 8));
    return this.sscBytes();
  }

  /** Protects a plain command. Extended length is used when the protected command or Ne needs it. */
  wrap(cmd: CommandApdu): Buffer {
    const ssc = this.nextSsc();
    const header = Buffer.from([cmd.cla | 0x0c, cmd.ins, cmd.p1, cmd.p2]);
    const parts: Buffer[] = [];
    if (cmd.data && cmd.data.length > 0) {
      const cryptogram = this.crypto.encrypt(ssc, cmd.data);
      parts.push(cmd.ins & 1 ? tlv(0x85, cryptogram) : tlv(0x87, Buffer.from([0x01]), cryptogram));
    }
    if (cmd.ne !== undefined) parts.push(encodeDo97(cmd.ne));
    const macInput = concat(pad(header, this.crypto.bs), ...parts);
    parts.push(tlv(0x8e, this.crypto.mac(ssc, macInput)));
    const data = concat(...parts);
    const extended = data.length > 255 || (cmd.ne ?? 0) > 256;
    return encodeCommand({ cla: header[0], ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data, ne: extended ? 65536 : 256 }, extended);
  }

  /**
   * Checks and decrypts a protected response. A bare status word (no SM objects) is returned as is:
   * the card refused the command or dropped secure messaging (6987/6988), and the caller decides.
   */
  unwrap(responseBytes: Uint8Array): ResponseApdu {
    const ssc = this.nextSsc();
    const resp = parseResponse(responseBytes);
    if (resp.data.length === 0) {
      if (resp.sw === 0x9000) throw new SecureMessagingError('unprotected 9000 in a secure session', 'format', resp.sw);
      if (resp.sw === 0x6987 || resp.sw === 0x6988) throw new SecureMessagingError('the card dropped secure messaging', 'dropped', resp.sw);
      return resp;
    }
    let objects;
    try {
      objects = parseTlvList(resp.data);
    } catch {
      throw new SecureMessagingError('malformed protected response', 'format', resp.sw);
    }
    const macObj = objects.find((o) => o.tag === 0x8e);
    if (!macObj) throw new SecureMessagingError('response without MAC', 'format', resp.sw);
    const macInput = concat(...objects.filter((o) => o.end <= macObj.start && [0x85, 0x87, 0x99].includes(o.tag)).map((o) => o.raw));
    if (!equalBytes(this.crypto.mac(ssc, macInput), macObj.value))
      throw new SecureMessagingError('response MAC does not verify', 'mac', resp.sw);
    const do99 = objects.find((o) => o.tag === 0x99);
    const sw = do99 && do99.value.length === 2 ? (do99.value[0] << 8) | do99.value[1] : resp.sw;
    if (do99 && sw !== resp.sw) throw new SecureMessagingError('DO99 differs from the status word', 'format', resp.sw);
    const enc = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    let data: Buffer = Buffer.alloc(0);
    if (enc) {
      const cryptogram = enc.tag === 0x87 ? enc.value.subarray(1) : enc.value;
      if (enc.tag === 0x87 && enc.value[0] !== 0x01) throw new SecureMessagingError('unknown padding indicator', 'format');
      data = this.crypto.decrypt(ssc, cryptogram);
    }
    return { data, sw };
  }
}
