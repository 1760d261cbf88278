/** ISO 7816-4 command and response APDUs, short and extended length. */
import { asBuffer, concat } from './bytes';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length Ne: omitted = none; 256 (short) or 65536 (extended) = "as much as you have". */
  ne?: number;
}

export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

export const SW_OK = 0x9000;

/** True when the command cannot be sent as a short APDU. */
export function needsExtendedLength(cmd: CommandApdu): boolean {
  return (cmd.data?.length ?? 0) > 255 || (cmd.ne ?? 0) > 256;
}

/**
 * Encodes a command; switches to extended length when needed or when `forceExtended` is set
 * (ISO 7816-4 §5.1: Lc as 00 hi lo, Le as hi lo after Lc, or 00 hi lo alone).
 */
export function encodeCommand(cmd: CommandApdu, forceExtended = false): Buffer {
  const header = Buffer.from([cmd.cla, cmd.ins, cmd.p1, cmd.p2]);
  const data = cmd.data ? asBuffer(cmd.data) : Buffer.alloc(0);
  const ne = cmd.ne;
  if (data.length > 65535) throw new Error('APDU data too long');
  if (ne !== undefined && (ne < 1 || ne > 65536)) throw new Error('invalid Ne');
  const extended = forceExtended || needsExtendedLength(cmd);
  const parts: Buffer[] = [header];
  if (!extended) {
    if (data.length > 0) parts.push(Buffer.from([data.length]), data);
    if (ne !== undefined) parts.push(Buffer.from([ne === 256 ? 0 : ne]));
  } else {
    if (data.length > 0) parts.push(Buffer.from([0, data.length >> 8, data.length & 0xff]), data);
    if (ne !== undefined) {
      const le = ne === 65536 ? 0 : ne;
      parts.push(data.length > 0 ? Buffer.from([le >> 8, le & 0xff]) : Buffer.from([0, le >> 8, le & 0xff]));
    }
  }
  return concat(...parts);
}

/** Decodes a command APDU (used by the virtual card). */
export function decodeCommand(bytes: Uint8Array): CommandApdu & { extended: boolean } {
  const b = asBuffer(bytes);
  if (b.length < 4) throw new Error('APDU shorter than its header');
  const base = { cla: b[0], ins: b[1], p1: b[2], p2: b[3] };
  const body = b.subarray(4);
  if (body.length === 0) return { ...base, extended: false };
  if (body.length === 1) return { ...base, ne: body[0] === 0 ? 256 : body[0], extended: false };
  if (body[0] !== 0 || body.length === 1) {
    const lc = body[0];
    if (body.length === 1 + lc) return { ...base, data: body.subarray(1, 1 + lc), extended: false };
    if (body.length === 2 + lc) {
      const le = body[1 + lc];
      return { ...base, data: body.subarray(1, 1 + lc), ne: le === 0 ? 256 : le, extended: false };
    }
    throw new Error('inconsistent short APDU length');
  }
  // Extended: body[0] == 0
  if (body.length === 3) {
    const le = (body[1] << 8) | body[2];
    return { ...base, ne: le === 0 ? 65536 : le, extended: true };
  }
  const lc = (body[1] << 8) | body[2];
  if (body.length === 3 + lc) return { ...base, data: body.subarray(3, 3 + lc), extended: true };
  if (body.length === 5 + lc) {
    const le = (body[3 + lc] << 8) | body[4 + lc];
    return { ...base, data: body.subarray(3, 3 + lc), ne: le === 0 ? 65536 : le, extended: true };
  }
  throw new Error('inconsistent extended APDU length');
}

export function parseResponse(bytes: Uint8Array): ResponseApdu {
  const b = asBuffer(bytes);
  if (b.length < 2) throw new Error('response shorter than a status word');
  return { data: b.subarray(0, b.length - 2), sw: (b[b.length - 2] << 8) | b[b.length - 1] };
}

export function encodeResponse(data: Uint8Array, sw: number): Buffer {
  return concat(data, Buffer.from([sw >> 8, sw & 0xff]));
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
