import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand } from '../../../electron/core/card/apdu';
import { fromHex, toHex } from '../../../electron/core/card/bytes';
import { cieChipFromAtr } from '../../../electron/core/card/atr';
import { parseCardAccess } from '../../../electron/core/card/card-access';
import { SecureChannel } from '../../../electron/core/card/secure-messaging';
import { CardSecureSession } from '../../../simulators/cie-card/card-sm';

describe('APDU coding', () => {
  it('encodes short and extended cases (ISO 7816-4 §5.1)', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0x81, p2: 0, ne: 12 }))).toBe('00B081000C');
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 }))).toBe('00B0000000');
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 0x1000 }))).toBe('00B00000001000');
    const ga = encodeCommand({ cla: 0x10, ins: 0x86, p1: 0, p2: 0, data: Buffer.alloc(264), ne: 65536 });
    expect(toHex(ga.subarray(0, 7))).toBe('10860000000108');
    expect(toHex(ga.subarray(ga.length - 2))).toBe('0000');
    expect(decodeCommand(ga)).toMatchObject({ extended: true, ne: 65536 });
    expect(decodeCommand(fromHex('00A4040C06A0000000003900'))).toMatchObject({ ne: 256, extended: false });
  });

  it('wraps extended commands under SM and the card side unwraps them (AES, both directions)', () => {
    const keys = {
      cipher: 'AES' as const,
      ksEnc: fromHex('F5F0E35C0D7161EE6724EE513A0D9A7F'),
      ksMac: fromHex('FE251C7858B356B24514B3BD5F4297D1'),
    };
    const terminal = new SecureChannel(keys, Buffer.alloc(16));
    const card = new CardSecureSession(keys, Buffer.alloc(16));
    const data = Buffer.alloc(300, 7);
    const plain = card.unwrapCommand(terminal.wrap({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data, ne: 0x1000 }));
    expect(plain).toMatchObject({ ins: 0xd6, ne: 0x1000 });
    expect(Buffer.from(plain.data!).equals(data)).toBe(true);
    const resp = terminal.unwrap(card.wrapResponse(Buffer.alloc(2000, 9), 0x9000));
    expect(resp.sw).toBe(0x9000);
    expect(resp.data.length).toBe(2000);
  });

  it('recognises CIE ATRs contiguously and parses the CIE EF.CardAccess', () => {
    expect(cieChipFromAtr(fromHex('3B8F800180318065B085040011120FFF8290008A'))).toBe('Gemalto');
    // Same bytes scattered: a multiset match would accept this, a contiguous one must not.
    expect(cieChipFromAtr(fromHex('3B8F8001B08031658004001185120FFF8290008A'))).toBeNull();
    expect(parseCardAccess(fromHex('31143012060A04007F00070202040101020102020102'))).toEqual([
      { oid: '0.4.0.127.0.7.2.2.4.1.1', version: 2, parameterId: 2, mapping: 'DH-GM', cipher: '3DES', keyLength: 16 },
    ]);
  });
});
