/**
 * Reading elementary files with as few APDUs as the card and reader allow: the first READ BINARY
 * selects by SFI and returns the TLV header (so the length is known), the rest comes in the largest
 * chunks secure messaging fits in one response (extended Le when the reader supports it).
 */
import { swHex } from './apdu';
import { CardErrorCode, cardError } from './card-errors';
import type { CardChannel } from './channel';
import { readTlvHeader } from './tlv';

/** Largest plaintext that fits a short (256-byte) protected response: DO87 header, padding, DO99, DO8E. */
export function maxShortSmRead(cipher: '3DES' | 'AES'): number {
  return cipher === '3DES' ? 0xe7 : 0xdf;
}

export interface ReadOptions {
  /** Bytes per READ BINARY when extended length is available (the card may answer 6700 and we shrink). */
  extendedChunk?: number;
}

export const DEFAULT_EXTENDED_CHUNK = 0x1000;

function chunkLimit(ch: CardChannel, opts: ReadOptions): number {
  if (ch.extendedLength) return opts.extendedChunk ?? DEFAULT_EXTENDED_CHUNK;
  return ch.sm ? maxShortSmRead(ch.sm.cipher) : 256;
}

function shortLimit(ch: CardChannel): number {
  return ch.sm ? maxShortSmRead(ch.sm.cipher) : 256;
}

/**
 * Reads a whole TLV-structured file. `sfi` selects it in the first READ BINARY (P1 = 80|SFI);
 * otherwise the file must already be selected.
 */
export async function readTlvFile(ch: CardChannel, sfi: number | null, opts: ReadOptions = {}): Promise<Buffer> {
  let chunk = chunkLimit(ch, opts);
  const parts: Buffer[] = [];
  let total = -1;
  let offset = 0;
  let first = true;
  for (;;) {
    const want = total < 0 ? chunk : Math.min(chunk, total - offset);
    if (want <= 0) break;
    if (offset > 0x7fff) throw cardError(CardErrorCode.unsupported, { step: 'read', reason: 'offset beyond 32767' });
    const p1 = first && sfi !== null ? 0x80 | sfi : offset >> 8;
    const p2 = first && sfi !== null ? 0 : offset & 0xff;
    const resp = await ch.send({ cla: 0x00, ins: 0xb0, p1, p2, ne: want });
    const sw1 = resp.sw >> 8;
    if (resp.sw === 0x6700 || (sw1 === 0x6c && (resp.sw & 0xff) === 0 && want > 256)) {
      // The card (or reader) will not return that much at once: fall back to short reads.
      const smaller = want > shortLimit(ch) ? shortLimit(ch) : Math.floor(want / 2);
      if (smaller < 1 || smaller === chunk) throw cardError(CardErrorCode.protocol, { step: 'read', sw: swHex(resp.sw) });
      chunk = smaller;
      continue;
    }
    if (sw1 === 0x6c) {
      chunk = resp.sw & 0xff || 256;
      continue;
    }
    if (resp.sw === 0x6a82) throw cardError(CardErrorCode.protocol, { step: 'read', sfi, sw: '6A82' });
    if (resp.sw !== 0x9000 && resp.sw !== 0x6282 && resp.sw !== 0x6b00)
      throw cardError(CardErrorCode.protocol, { step: 'read', sfi, sw: swHex(resp.sw) });
    first = false;
    parts.push(resp.data);
    offset += resp.data.length;
    if (total < 0) {
      const head = Buffer.concat(parts);
      if (head.length < 2) throw cardError(CardErrorCode.protocol, { step: 'read', reason: 'empty file' });
      try {
        const h = readTlvHeader(head);
        total = h.headerLength + h.length;
      } catch {
        if (head.length >= 6) throw cardError(CardErrorCode.protocol, { step: 'read', reason: 'not a TLV file' });
        if (resp.data.length === 0) break;
        continue;
      }
    }
    if (resp.sw !== 0x9000 || resp.data.length === 0 || offset >= total) break;
  }
  const data = Buffer.concat(parts);
  return total >= 0 ? data.subarray(0, total) : data;
}

/** Reads a transparent file of unknown structure until the card says it ended (plain IAS files). */
export async function readSelectedFile(ch: CardChannel, opts: ReadOptions = {}): Promise<Buffer> {
  let chunk = chunkLimit(ch, opts);
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    if (offset > 0x7fff) break;
    const resp = await ch.send({ cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, ne: chunk });
    const sw1 = resp.sw >> 8;
    if (resp.sw === 0x6700 && chunk > 256) {
      chunk = 256;
      continue;
    }
    if (sw1 === 0x6c) {
      chunk = resp.sw & 0xff || 256;
      continue;
    }
    if (resp.sw === 0x6b00 || (resp.sw === 0x6282 && resp.data.length === 0)) break;
    if (resp.sw !== 0x9000 && resp.sw !== 0x6282) throw cardError(CardErrorCode.protocol, { step: 'read', sw: swHex(resp.sw) });
    parts.push(resp.data);
    offset += resp.data.length;
    if (resp.sw === 0x6282 || resp.data.length < chunk) break;
  }
  return Buffer.concat(parts);
}
