/**
 * Puts a VirtualCie on the vsmartcard vpcd wire: each message is a 2-byte big-endian length and a
 * payload; a 1-byte payload is a control code (0 power off, 1 power on, 2 reset, 4 get ATR), anything
 * else is a C-APDU answered with the R-APDU. Reconnects when the link drops (pcscd restart).
 */
import { connect, type Socket } from 'node:net';
import type { VirtualCie } from './virtual-cie';

export interface VpcdCardOptions {
  host?: string;
  port?: number;
  /** Close the link after this many APDUs (card pulled away), stay away `awayMs`, then come back. */
  pullAfter?: number;
  awayMs?: number;
  onEvent?: (event: 'connected' | 'disconnected' | 'pulled' | 'returned', detail?: string) => void;
}

export class VpcdCard {
  private socket: Socket | null = null;
  private stopped = false;
  private buffer = Buffer.alloc(0);
  private sinceConnect = 0;
  private pulled = false;

  constructor(
    private readonly card: VirtualCie,
    private readonly options: VpcdCardOptions = {},
  ) {}

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.destroy();
  }

  private open(): void {
    if (this.stopped) return;
    const s = connect({ host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 0x8c7b });
    this.socket = s;
    this.buffer = Buffer.alloc(0);
    this.sinceConnect = 0;
    s.setNoDelay(true);
    s.on('connect', () => this.options.onEvent?.('connected'));
    s.on('data', (chunk) => this.onData(chunk));
    s.on('error', () => {});
    s.on('close', () => {
      if (this.socket !== s) return;
      this.socket = null;
      this.options.onEvent?.('disconnected');
      if (!this.stopped && !this.pulled) setTimeout(() => this.open(), 200);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 2) {
      const len = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + len) return;
      const payload = this.buffer.subarray(2, 2 + len);
      this.buffer = this.buffer.subarray(2 + len);
      this.handle(Buffer.from(payload));
    }
  }

  private send(payload: Buffer): void {
    const head = Buffer.alloc(2);
    head.writeUInt16BE(payload.length);
    this.socket?.write(Buffer.concat([head, payload]));
  }

  private handle(payload: Buffer): void {
    if (payload.length === 1) {
      const code = payload[0];
      if (code === 0x00 || code === 0x01 || code === 0x02) this.card.reset();
      if (code === 0x04) this.send(this.card.atr);
      return;
    }
    this.sinceConnect++;
    const { pullAfter, awayMs = 1500 } = this.options;
    if (pullAfter !== undefined && !this.pulled && this.sinceConnect > pullAfter) {
      // The card leaves the field: no answer, the link drops, the reader sees the card go.
      this.pulled = true;
      this.options.onEvent?.('pulled', String(this.sinceConnect));
      this.socket?.destroy();
      setTimeout(() => {
        this.pulled = false;
        this.options.pullAfter = undefined;
        this.card.reset();
        this.options.onEvent?.('returned');
        this.open();
      }, awayMs);
      return;
    }
    this.send(this.card.process(payload));
  }
}
