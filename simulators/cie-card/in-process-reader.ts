/**
 * A Reader whose only card is a VirtualCie in the same process: for unit tests and benchmarks that
 * exercise the card protocol without pcscd. Integration tests use the real PC/SC stack instead.
 */
import type { CardConnection, Reader, ReaderEvent } from '../../electron/core/card/reader';
import { ReaderError } from '../../electron/core/card/reader';
import type { VirtualCie } from './virtual-cie';

export class InProcessReader implements Reader {
  private card: VirtualCie | null;
  private listeners = new Set<(e: ReaderEvent) => void>();
  readonly name = 'Sportello virtual reader 0';

  constructor(card: VirtualCie | null) {
    this.card = card;
  }

  setCard(card: VirtualCie | null): void {
    const had = this.card;
    this.card = card;
    if (had) this.emit({ type: 'card-removed', reader: this.name });
    if (card) this.emit({ type: 'card-inserted', reader: this.name, atr: card.atr });
  }

  private emit(e: ReaderEvent) {
    for (const l of this.listeners) l(e);
  }

  readers(): string[] {
    return [this.name];
  }
  readersWithCard(): string[] {
    return this.card ? [this.name] : [];
  }
  onEvent(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async connect(): Promise<CardConnection> {
    const card = this.card;
    if (!card) throw new ReaderError('no-card', 'no card');
    card.reset();
    const self = this;
    return {
      readerName: this.name,
      atr: card.atr,
      async transmit(apdu: Uint8Array) {
        if (self.card !== card) throw new ReaderError('card-removed', 'card removed');
        return card.process(Buffer.from(apdu));
      },
      async close() {},
    };
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}
