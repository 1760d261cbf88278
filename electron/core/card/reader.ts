/**
 * What the card code needs from a PC/SC reader. native/ implements it over the real PC/SC stack;
 * nothing in core/card knows which binding is used.
 */

/** Why a transmit or connect failed, in terms the card code can act on. */
export type ReaderFailure =
  | 'card-removed' // the card left the field (or was reset) during the exchange
  | 'no-card' // no card on the reader
  | 'no-reader' // no reader attached, or the named reader is gone
  | 'service-down' // pcscd / the Windows smart-card service is not reachable
  | 'sharing-violation' // another program holds the card
  | 'extended-unsupported' // the reader or its driver refused an extended-length APDU
  | 'transmit'; // any other transport failure

export class ReaderError extends Error {
  constructor(
    readonly failure: ReaderFailure,
    message: string,
    readonly pcscCode?: number,
  ) {
    super(message);
    this.name = 'ReaderError';
  }
}

/** An exclusive connection to the card in one reader. */
export interface CardConnection {
  readonly readerName: string;
  /** The PC/SC ATR (for contactless cards, built by the reader from the ATS or ATQB). */
  readonly atr: Buffer;
  /** Sends one C-APDU (short or extended) and returns the full R-APDU including SW1 SW2. */
  transmit(apdu: Uint8Array): Promise<Buffer>;
  /** Releases the card (leaving it powered). Safe to call twice. */
  close(): Promise<void>;
}

export type ReaderEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-detached'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Buffer }
  | { type: 'card-removed'; reader: string }
  /** The PC/SC service went away; the reader layer keeps trying to come back. */
  | { type: 'service-lost' }
  | { type: 'service-restored' };

export interface Reader {
  /** Reader names currently attached. */
  readers(): string[];
  /** Readers that currently hold a card. */
  readersWithCard(): string[];
  /** Subscribes to reader and card events; returns the unsubscribe function. */
  onEvent(listener: (event: ReaderEvent) => void): () => void;
  /** Connects exclusively to the card in `readerName` (or the first reader holding a card). */
  connect(readerName?: string): Promise<CardConnection>;
  /** Stops monitoring and releases the PC/SC context. */
  close(): Promise<void>;
}
