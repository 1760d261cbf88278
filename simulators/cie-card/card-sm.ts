/** Secure messaging, card side: unwrap protected commands, wrap responses (ICAO 9303-11 §9.8). */
import { type CommandApdu, decodeCommand, encodeResponse } from '../../electron/core/card/apdu';
import { bigintFromBytes, bigintToBytes, concat, equalBytes } from '../../electron/core/card/bytes';
import { pad } from '../../electron/core/card/crypto';
import { decodeDo97, SmCrypto, type SmKeys } from '../../electron/core/card/secure-messaging';
import { parseTlvList, tlv } from '../../electron/core/card/tlv';

export class CardSmError extends Error {}

export class CardSecureSession {
  private ssc: bigint;
  private readonly len: number;
  private readonly crypto: SmCrypto;
  constructor(keys: SmKeys, ssc: Buffer) {
    this.crypto = new SmCrypto(keys);
    this.ssc = bigintFromBytes(ssc);
    this.len = ssc.length;
  }
  private next(): Buffer {
    this.ssc = (this.ssc + 1n) % (1n << BigInt(this.len * 8));
    return bigintToBytes(this.ssc, this.len);
  }

  unwrapCommand(raw: Buffer): CommandApdu {
    const ssc = this.next();
    const cmd = decodeCommand(raw);
    const objects = parseTlvList(cmd.data ?? Buffer.alloc(0));
    const mac = objects.find((o) => o.tag === 0x8e);
    if (!mac) throw new CardSmError('no DO8E');
    const header = Buffer.from([cmd.cla, cmd.ins, cmd.p1, cmd.p2]);
    const covered = objects.filter((o) => o.tag !== 0x8e).map((o) => o.raw);
    if (!equalBytes(this.crypto.mac(ssc, concat(pad(header, this.crypto.bs), ...covered)), mac.value)) throw new CardSmError('bad MAC');
    const enc = objects.find((o) => o.tag === 0x87 || o.tag === 0x85);
    const le = objects.find((o) => o.tag === 0x97);
    const data = enc ? this.crypto.decrypt(ssc, enc.tag === 0x87 ? enc.value.subarray(1) : enc.value) : undefined;
    return { cla: cmd.cla & ~0x0c, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data, ne: le ? decodeDo97(le.value) : undefined };
  }

  wrapResponse(data: Buffer, sw: number): Buffer {
    const ssc = this.next();
    const parts: Buffer[] = [];
    if (data.length) parts.push(tlv(0x87, Buffer.from([1]), this.crypto.encrypt(ssc, data)));
    parts.push(tlv(0x99, Buffer.from([sw >> 8, sw & 0xff])));
    parts.push(tlv(0x8e, this.crypto.mac(ssc, concat(...parts))));
    return encodeResponse(concat(...parts), sw);
  }
}
