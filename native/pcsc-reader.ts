/**
 * Reader over PC/SC with the `smartcard` package. Why `smartcard`: it is N-API (one build serves every
 * Node and Electron version, no per-ABI rebuild), maintained, typed, and exposes a native monitor
 * thread; `pcsclite` is context-aware but NAN-based and unmaintained since 2022 (research/cie.md §5).
 *
 * Neither binding recovers when pcscd (or the Windows smart-card service) restarts, so a watchdog
 * re-creates the context and the monitor until the service answers again.
 */
import { createRequire } from 'node:module';
import { type CardConnection, type Reader, ReaderError, type ReaderEvent, type ReaderFailure } from '../electron/core/card/reader';

// The parts of `smartcard`'s API used here, declared locally: the package is an optional dependency
// (its native build needs libpcsclite-dev), so the code must type-check and load without it.
interface PcscCard {
  readonly atr: Buffer | null;
  transmit(command: Buffer, options?: { maxRecvLength?: number }): Promise<Buffer>;
  getStatus(): { state: number };
  disconnect(disposition?: number): void;
}
interface PcscReaderHandle {
  readonly name: string;
  readonly state: number;
  connect(shareMode?: number, protocol?: number): Promise<PcscCard>;
}
interface ContextInterface {
  listReaders(): PcscReaderHandle[];
  close(): void;
}
interface MonitorEvent {
  type: 'reader-attached' | 'reader-detached' | 'card-inserted' | 'card-removed' | 'error';
  reader: string;
  state: number;
  atr: Buffer | null;
}
interface ReaderMonitorInterface {
  start(callback: (event: MonitorEvent) => void): void;
  stop(): void;
}
type CardInterface = PcscCard;

interface Binding {
  Context: new () => ContextInterface;
  ReaderMonitor: new () => ReaderMonitorInterface;
  SCARD_SHARE_EXCLUSIVE: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_STATE_PRESENT: number;
}

/**
 * Why PC/SC cannot be used on this computer at all (as opposed to a service that is down, which the
 * watchdog waits out): 'module-missing' the `smartcard` binding was not built (no libpcsclite-dev at
 * install time, or an optional install that failed); 'library-missing' the system's PC/SC library
 * (libpcsclite.so.1 / winscard.dll) is absent; 'load-failed' anything else the loader refused.
 */
export type PcscUnavailableReason = 'module-missing' | 'library-missing' | 'load-failed';

export type PcscLoad = { ok: true; binding: Binding } | { ok: false; reason: PcscUnavailableReason; detail: string };

/**
 * Test hook, never set in production: the module id the loader requires instead of `smartcard`
 * (a path to a missing module proves start-up and the card screen without PC/SC, through this very loader).
 */
export const PCSC_MODULE_ENV = 'SPORTELLO_PCSC_MODULE';

/** Classifies a failure to load the binding (exported for the loader's own unit test). */
export function unavailableReason(e: unknown): PcscUnavailableReason {
  const err = e as { code?: unknown; message?: unknown };
  const msg = String(err?.message ?? e);
  // The binding was built but the system library it links cannot be loaded (absent, or not a library).
  if (
    /libpcsclite|winscard/i.test(msg) &&
    (err?.code === 'ERR_DLOPEN_FAILED' || /shared object|cannot open|too short|specified module/i.test(msg))
  )
    return 'library-missing';
  if (
    err?.code === 'MODULE_NOT_FOUND' ||
    err?.code === 'ERR_MODULE_NOT_FOUND' ||
    /Cannot find module|\.node\b.*(no such file|not found)/i.test(msg)
  )
    return 'module-missing';
  return 'load-failed';
}

let loaded: PcscLoad | null = null;
/** Loads the `smartcard` binding once, lazily, and says why when it cannot (never throws). */
export function loadPcsc(): PcscLoad {
  if (loaded) return loaded;
  const id = process.env[PCSC_MODULE_ENV] || 'smartcard';
  try {
    loaded = { ok: true, binding: createRequire(import.meta.url)(id) as Binding };
  } catch (e) {
    // The first line only: the rest is a stack or a list of paths tried, no personal data either way.
    loaded = {
      ok: false,
      reason: unavailableReason(e),
      detail: String((e as Error)?.message ?? e)
        .split('\n')[0]
        .slice(0, 300),
    };
  }
  return loaded;
}

function pcsc(): Binding {
  const l = loadPcsc();
  if (!l.ok) throw new ReaderError('service-down', `PC/SC unavailable (${l.reason})`);
  return l.binding;
}

/** Large enough for an extended response (64 KiB data + SW). */
const MAX_RECV = 65538;

const PCSC_FAILURES: Record<number, ReaderFailure> = {
  0x80100069: 'card-removed', // SCARD_W_REMOVED_CARD
  0x80100068: 'card-removed', // SCARD_W_RESET_CARD
  0x80100067: 'card-removed', // SCARD_W_UNPOWERED_CARD
  0x80100066: 'card-removed', // SCARD_W_UNRESPONSIVE_CARD
  0x8010000c: 'no-card', // SCARD_E_NO_SMARTCARD
  0x80100009: 'no-reader', // SCARD_E_UNKNOWN_READER
  0x80100017: 'no-reader', // SCARD_E_READER_UNAVAILABLE
  0x8010002e: 'no-reader', // SCARD_E_NO_READERS_AVAILABLE
  0x8010001d: 'service-down', // SCARD_E_NO_SERVICE
  0x8010001e: 'service-down', // SCARD_E_SERVICE_STOPPED
  0x80100013: 'service-down', // SCARD_F_COMM_ERROR
  0x80100003: 'service-down', // SCARD_E_INVALID_HANDLE (context from a dead service)
  0x80100002: 'service-down', // SCARD_E_CANCELLED
  0x8010000b: 'sharing-violation', // SCARD_E_SHARING_VIOLATION
  0x80100016: 'extended-unsupported', // SCARD_E_NOT_TRANSACTED (reader refused the length)
  0x80100008: 'extended-unsupported', // SCARD_E_INSUFFICIENT_BUFFER
};

export function toReaderError(e: unknown, fallback: ReaderFailure = 'transmit'): ReaderError {
  if (e instanceof ReaderError) return e;
  const err = e as { code?: unknown; message?: string };
  const code = typeof err?.code === 'number' ? err.code >>> 0 : undefined;
  let failure = code !== undefined ? PCSC_FAILURES[code] : undefined;
  const msg = String(err?.message ?? e);
  if (!failure) {
    if (/removed|reset|unpowered|unresponsive/i.test(msg)) failure = 'card-removed';
    else if (/no smart ?card/i.test(msg)) failure = 'no-card';
    else if (/service|communication|transport|invalid handle|cancel/i.test(msg)) failure = 'service-down';
    else if (/sharing/i.test(msg)) failure = 'sharing-violation';
    else if (/unknown reader|reader.*unavailable|no readers/i.test(msg)) failure = 'no-reader';
  }
  return new ReaderError(failure ?? fallback, msg, code);
}

export interface PcscReaderOptions {
  /** Watchdog period while the service is down. */
  retryMs?: number;
}

export class PcscReader implements Reader {
  private context: ContextInterface | null = null;
  private monitor: ReaderMonitorInterface | null = null;
  private readonly listeners = new Set<(e: ReaderEvent) => void>();
  private readonly present = new Map<string, boolean>();
  private watchdog: NodeJS.Timeout | null = null;
  private closed = false;
  private serviceUp = false;
  private readonly connections = new Set<PcscConnection>();
  private readonly retryMs: number;

  constructor(options: PcscReaderOptions = {}) {
    this.retryMs = options.retryMs ?? 1000;
    if (!this.tryStart()) this.serviceLost();
  }

  /** True while the PC/SC service answers. */
  get available(): boolean {
    return this.serviceUp;
  }

  private emit(e: ReaderEvent) {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is not the reader's */
      }
    }
  }

  private tryStart(): boolean {
    try {
      const b = pcsc();
      const ctx = new b.Context();
      for (const r of ctx.listReaders()) this.present.set(r.name, (r.state & b.SCARD_STATE_PRESENT) !== 0);
      const monitor = new b.ReaderMonitor();
      monitor.start((ev: MonitorEvent) => this.onMonitor(ev));
      this.context = ctx;
      this.monitor = monitor;
      this.serviceUp = true;
      return true;
    } catch {
      return false;
    }
  }

  private onMonitor(ev: MonitorEvent) {
    if (this.closed) return;
    switch (ev.type) {
      case 'reader-attached':
        // The monitor announces pre-existing readers this way too: a card already on one must not be forgotten.
        this.present.set(ev.reader, (ev.state & pcsc().SCARD_STATE_PRESENT) !== 0);
        this.emit({ type: 'reader-attached', reader: ev.reader });
        break;
      case 'reader-detached':
        this.present.delete(ev.reader);
        this.emit({ type: 'reader-detached', reader: ev.reader });
        break;
      case 'card-inserted':
        this.present.set(ev.reader, true);
        this.emit({ type: 'card-inserted', reader: ev.reader, atr: Buffer.from(ev.atr ?? []) });
        break;
      case 'card-removed':
        this.present.set(ev.reader, false);
        this.emit({ type: 'card-removed', reader: ev.reader });
        break;
      case 'error':
        this.serviceLost();
        break;
    }
  }

  private stopQuietly() {
    try {
      this.monitor?.stop();
    } catch {
      /* already stopped */
    }
    try {
      this.context?.close();
    } catch {
      /* already closed */
    }
    this.monitor = null;
    this.context = null;
  }

  private serviceLost() {
    if (this.closed || this.watchdog) return;
    const wasUp = this.serviceUp;
    this.serviceUp = false;
    this.stopQuietly();
    for (const c of this.connections) c.invalidate();
    for (const name of [...this.present.keys()]) {
      if (this.present.get(name)) this.emit({ type: 'card-removed', reader: name });
    }
    this.present.clear();
    if (wasUp) this.emit({ type: 'service-lost' });
    this.watchdog = setInterval(() => {
      if (this.closed) return;
      if (this.tryStart()) {
        clearInterval(this.watchdog!);
        this.watchdog = null;
        this.emit({ type: 'service-restored' });
        for (const [name, has] of this.present) if (has) this.emit({ type: 'card-inserted', reader: name, atr: Buffer.alloc(0) });
      }
    }, this.retryMs);
  }

  readers(): string[] {
    return [...this.present.keys()];
  }

  readersWithCard(): string[] {
    return [...this.present].filter(([, has]) => has).map(([n]) => n);
  }

  onEvent(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(readerName?: string): Promise<CardConnection> {
    if (this.closed) throw new ReaderError('service-down', 'reader closed');
    if (!this.context) throw new ReaderError('service-down', 'PC/SC service not available');
    const b = pcsc();
    let list;
    try {
      list = this.context.listReaders();
    } catch (e) {
      const err = toReaderError(e, 'service-down');
      if (err.failure === 'service-down') this.serviceLost();
      throw err;
    }
    if (list.length === 0) throw new ReaderError('no-reader', 'no reader attached');
    const reader = readerName
      ? list.find((r) => r.name === readerName)
      : (list.find((r) => (r.state & b.SCARD_STATE_PRESENT) !== 0) ?? list[0]);
    if (!reader) throw new ReaderError('no-reader', 'reader not found');
    let card: CardInterface;
    try {
      card = await reader.connect(b.SCARD_SHARE_EXCLUSIVE, b.SCARD_PROTOCOL_T1 | b.SCARD_PROTOCOL_T0);
    } catch (e) {
      const err = toReaderError(e, 'no-card');
      if (err.failure === 'service-down') this.serviceLost();
      throw err;
    }
    const conn = new PcscConnection(
      reader.name,
      card,
      b.SCARD_LEAVE_CARD,
      (c) => this.connections.delete(c),
      () => this.serviceLost(),
    );
    this.connections.add(conn);
    return conn;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const c of this.connections) await c.close();
    this.stopQuietly();
    this.listeners.clear();
  }
}

class PcscConnection implements CardConnection {
  readonly atr: Buffer;
  private open = true;
  constructor(
    readonly readerName: string,
    private readonly card: CardInterface,
    private readonly disposition: number,
    private readonly onClose: (c: PcscConnection) => void,
    private readonly onServiceDown: () => void,
  ) {
    this.atr = Buffer.from(card.atr ?? []);
  }

  invalidate() {
    this.open = false;
  }

  async transmit(apdu: Uint8Array): Promise<Buffer> {
    if (!this.open) throw new ReaderError('service-down', 'connection no longer valid');
    try {
      return Buffer.from(await this.card.transmit(Buffer.from(apdu), { maxRecvLength: MAX_RECV }));
    } catch (e) {
      let err = toReaderError(e, 'transmit');
      if (err.failure === 'transmit' && !(await this.cardStillThere())) err = new ReaderError('card-removed', err.message, err.pcscCode);
      else if (err.failure === 'transmit' && apdu.length > 261) err = new ReaderError('extended-unsupported', err.message, err.pcscCode);
      if (err.failure === 'service-down') this.onServiceDown();
      throw err;
    }
  }

  /** After a failed exchange: did the card leave the field? (Readers report that a moment later.) */
  private async cardStillThere(): Promise<boolean> {
    await new Promise((r) => setTimeout(r, 200));
    try {
      const status = this.card.getStatus();
      // SCardStatus states: SCARD_ABSENT 0x02; PRESENT 0x04 and above mean a card is in the field.
      return (status.state & 0x7c) !== 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.open) {
      this.onClose(this);
      return;
    }
    this.open = false;
    try {
      this.card.disconnect(this.disposition);
    } catch {
      /* the card or the service is already gone */
    }
    this.onClose(this);
  }
}
