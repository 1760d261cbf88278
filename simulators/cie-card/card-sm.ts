/**
 * Secure messaging, card side (ICAO 9303-11 §9.8, ISO/IEC 7816-4 §10): check and open protected
 * commands, protect responses. The SSC goes up by one before each command check and each response.
 * Objects: 87 (01 ‖ cryptogram) or 85 (odd INS) carry data, 97 the Le, 99 the status word, 8E the MAC.
 * 3DES uses a zero IV; AES uses IV = E(KSenc, SSC).
 */
import { type Command, parseCommand, response } from './apdu-codec';
import { readObjects, tlv } from './ber-tlv';
import { blockSizeOf, type Cipher, cbc, encryptBlock, padIso, unpadIso } from './block-cipher';
import { suiteMac } from './mac';

export interface SessionKeys {
  cipher: Cipher;
  ksEnc: Buffer;
  ksMac: Buffer;
}

export class CardSmError extends Error {}

/** A command as the card executes it: secure messaging removed, so no wire form (short/extended) left. */
export type PlainCommand = Omit<Command, 'extended'>;

/** DO'97': one byte (00 = 256) or two bytes (0000 = 65536), like Le itself. */
export function expectedLength(value: Buffer): number {
  if (value.length === 1) return value[0] || 256;
  if (value.length === 2) return value.readUInt16BE(0) || 65536;
  throw new CardSmError('DO97 of unexpected length');
}

export class CardSecureSession {
  private readonly ssc: Buffer;
  private readonly bs: number;
  constructor(
    private readonly keys: SessionKeys,
    initialSsc: Buffer,
  ) {
    this.ssc = Buffer.from(initialSsc);
    this.bs = blockSizeOf(keys.cipher);
  }

  /** The counter as it stands (after the last command or response). */
  counter(): Buffer {
    return Buffer.from(this.ssc);
  }

  private step(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = (this.ssc[i] + 1) & 0xff;
      if (this.ssc[i] !== 0) return;
    }
  }

  private mac(input: Uint8Array): Buffer {
    return suiteMac(this.keys.cipher, this.keys.ksMac, padIso(Buffer.concat([this.ssc, input]), this.bs));
  }

  private iv(): Buffer | undefined {
    return this.keys.cipher === 'AES' ? encryptBlock('AES', this.keys.ksEnc, this.ssc) : undefined;
  }

  /** The plain command inside a protected one; throws CardSmError on a wrong MAC or a malformed body. */
  unwrapCommand(raw: Buffer): PlainCommand {
    this.step();
    const cmd = parseCommand(raw);
    const objects = readObjects(cmd.data ?? Buffer.alloc(0));
    const macObject = objects.find((o) => o.tag === 0x8e);
    if (!macObject) throw new CardSmError('no DO8E');
    const covered = objects.filter((o) => o.tag === 0x87 || o.tag === 0x85 || o.tag === 0x97).map((o) => o.raw);
    const header = padIso(Buffer.from([cmd.cla, cmd.ins, cmd.p1, cmd.p2]), this.bs);
    if (!this.mac(Buffer.concat([header, ...covered])).equals(macObject.value)) throw new CardSmError('bad MAC');
    const crypto = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    const le = objects.find((o) => o.tag === 0x97);
    let data: Buffer | undefined;
    if (crypto) {
      if (crypto.tag === 0x87 && crypto.value[0] !== 0x01) throw new CardSmError('DO87 without padding indicator 01');
      const cryptogram = crypto.tag === 0x87 ? crypto.value.subarray(1) : crypto.value;
      if (cryptogram.length === 0 || cryptogram.length % this.bs) throw new CardSmError('cryptogram length');
      data = unpadIso(cbc(this.keys.cipher, this.keys.ksEnc, cryptogram, 'decrypt', this.iv()));
    }
    return { cla: cmd.cla & ~0x0c, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data, ne: le ? expectedLength(le.value) : undefined };
  }

  /** The protected response: 87 when there is data, 99, 8E, then the status word in clear. */
  wrapResponse(data: Buffer, sw: number): Buffer {
    this.step();
    const objects: Buffer[] = [];
    if (data.length) {
      const cryptogram = cbc(this.keys.cipher, this.keys.ksEnc, padIso(data, this.bs), 'encrypt', this.iv());
      objects.push(tlv(0x87, Buffer.from([0x01]), cryptogram));
    }
    objects.push(tlv(0x99, Buffer.from([sw >> 8, sw & 0xff])));
    const body = Buffer.concat(objects);
    return response(Buffer.concat([body, tlv(0x8e, this.mac(body))]), sw);
  }
}
