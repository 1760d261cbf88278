/**
 * Command and response APDUs as the card sees them (ISO/IEC 7816-4 §5.1): the four cases in short
 * form (Lc, Le one byte; Le 00 = 256) and in extended form (00 then two bytes; Le 0000 = 65536).
 */

export interface Command {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Buffer;
  /** Ne, the most response bytes the terminal accepts; absent when the command carries no Le. */
  ne?: number;
  extended: boolean;
}

export class ApduFormatError extends Error {}

const shortLe = (b: number) => (b === 0 ? 256 : b);
const extendedLe = (hi: number, lo: number) => (hi === 0 && lo === 0 ? 65536 : hi * 256 + lo);

export function parseCommand(raw: Buffer): Command {
  if (raw.length < 4) throw new ApduFormatError('APDU shorter than its header');
  const [cla, ins, p1, p2] = raw;
  const head = { cla, ins, p1, p2 };
  const body = raw.subarray(4);
  if (body.length === 0) return { ...head, extended: false }; // case 1
  if (body.length === 1) return { ...head, ne: shortLe(body[0]), extended: false }; // case 2S
  if (body[0] !== 0) {
    const lc = body[0];
    const data = body.subarray(1, 1 + lc);
    if (body.length === 1 + lc) return { ...head, data, extended: false }; // case 3S
    if (body.length === 2 + lc) return { ...head, data, ne: shortLe(body[1 + lc]), extended: false }; // case 4S
    throw new ApduFormatError('Lc does not match the APDU length');
  }
  if (body.length === 3) return { ...head, ne: extendedLe(body[1], body[2]), extended: true }; // case 2E
  const lc = body[1] * 256 + body[2];
  if (lc === 0) throw new ApduFormatError('extended Lc of zero');
  const data = body.subarray(3, 3 + lc);
  if (body.length === 3 + lc) return { ...head, data, extended: true }; // case 3E
  if (body.length === 5 + lc) return { ...head, data, ne: extendedLe(body[3 + lc], body[4 + lc]), extended: true }; // case 4E
  throw new ApduFormatError('extended Lc does not match the APDU length');
}

/** Response data followed by SW1 SW2. */
export function response(data: Uint8Array, sw: number): Buffer {
  return Buffer.concat([data, Buffer.from([sw >> 8, sw & 0xff])]);
}
