/**
 * A CardConnection that replays a published APDU exchange: every command must match the next expected
 * one byte for byte, and gets the published response. Used for the ICAO/gmrtd worked examples.
 */
import { fromHex, toHex } from '../../../electron/core/card/bytes';
import type { CardConnection } from '../../../electron/core/card/reader';

export class ScriptedCard implements CardConnection {
  readonly readerName = 'scripted';
  readonly atr = Buffer.alloc(0);
  private step = 0;
  readonly sent: string[] = [];
  constructor(private readonly script: Array<[command: string, response: string]>) {}
  async transmit(apdu: Uint8Array): Promise<Buffer> {
    const expected = this.script[this.step];
    this.sent.push(toHex(apdu));
    if (!expected) throw new Error(`unexpected extra command ${toHex(apdu)}`);
    if (toHex(apdu) !== expected[0].replace(/\s/g, '').toUpperCase())
      throw new Error(`command ${this.step} differs:\n got ${toHex(apdu)}\nwant ${expected[0]}`);
    this.step++;
    return fromHex(expected[1]);
  }
  get finished(): boolean {
    return this.step === this.script.length;
  }
  async close(): Promise<void> {}
}
