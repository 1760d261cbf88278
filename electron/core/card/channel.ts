/**
 * One conversation with a card: sends commands (plain or through secure messaging), counts APDUs,
 * follows 61xx with GET RESPONSE, and turns transport failures into the clerk-facing card errors.
 */
import type { SportelloError } from '../errors';
import { type CommandApdu, encodeCommand, needsExtendedLength, parseResponse, type ResponseApdu, swHex } from './apdu';
import { CardErrorCode, cardError } from './card-errors';
import { type CardConnection, ReaderError } from './reader';
import { SecureChannel, SecureMessagingError } from './secure-messaging';

export interface ChannelOptions {
  /** False for readers known to refuse extended-length APDUs: reads then use short chunks. */
  extendedLength?: boolean;
}

export class CardChannel {
  apduCount = 0;
  sm: SecureChannel | null = null;
  readonly extendedLength: boolean;

  constructor(
    readonly connection: CardConnection,
    options: ChannelOptions = {},
  ) {
    this.extendedLength = options.extendedLength ?? true;
  }

  /** Sends a command (wrapped when secure messaging is active). */
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    if (this.sm) {
      const wrapped = this.sm.wrap(cmd);
      const raw = await this.transmit(wrapped, wrapped.length > 261);
      try {
        return this.sm.unwrap(raw);
      } catch (e) {
        if (e instanceof SecureMessagingError) {
          this.sm = null;
          throw cardError(
            e.kind === 'dropped' ? CardErrorCode.removed : CardErrorCode.protocol,
            { sm: e.kind, sw: e.sw ? swHex(e.sw) : undefined },
            e,
          );
        }
        throw e;
      }
    }
    const extended = needsExtendedLength(cmd);
    if (extended && !this.extendedLength) throw cardError(CardErrorCode.noExtendedApdu, { ins: cmd.ins });
    let resp = parseResponse(await this.transmit(encodeCommand(cmd), extended));
    const collected: Buffer[] = [];
    while (resp.sw >> 8 === 0x61) {
      collected.push(resp.data);
      const le = resp.sw & 0xff;
      resp = parseResponse(await this.transmit(encodeCommand({ cla: 0x00, ins: 0xc0, p1: 0, p2: 0, ne: le === 0 ? 256 : le }), false));
    }
    if (collected.length) resp = { data: Buffer.concat([...collected, resp.data]), sw: resp.sw };
    return resp;
  }

  private async transmit(apdu: Buffer, extended: boolean): Promise<Buffer> {
    this.apduCount++;
    let raw: Buffer;
    try {
      raw = await this.connection.transmit(apdu);
    } catch (e) {
      throw readerErrorToCardError(e, extended);
    }
    // No status word at all: the card left the field while answering (what vpcd and real readers report).
    if (raw.length < 2) throw cardError(CardErrorCode.removed, { reason: 'empty response' });
    return raw;
  }
}

export function readerErrorToCardError(e: unknown, extended = false): SportelloError | unknown {
  if (!(e instanceof ReaderError)) return e;
  const details = { pcsc: e.pcscCode !== undefined ? '0x' + e.pcscCode.toString(16) : undefined, failure: e.failure };
  switch (e.failure) {
    case 'card-removed':
      return cardError(CardErrorCode.removed, details, e);
    case 'no-card':
      return cardError(CardErrorCode.noCard, details, e);
    case 'no-reader':
      return cardError(CardErrorCode.noReader, details, e);
    case 'service-down':
      return cardError(CardErrorCode.serviceDown, details, e);
    case 'sharing-violation':
      return cardError(CardErrorCode.busy, details, e);
    case 'extended-unsupported':
      return cardError(CardErrorCode.noExtendedApdu, details, e);
    default:
      return cardError(extended ? CardErrorCode.noExtendedApdu : CardErrorCode.protocol, details, e);
  }
}

/** Throws the protocol error for an unexpected status word. */
export function expectOk(resp: ResponseApdu, what: string): Buffer {
  if (resp.sw !== 0x9000) throw cardError(CardErrorCode.protocol, { step: what, sw: swHex(resp.sw) });
  return resp.data;
}
