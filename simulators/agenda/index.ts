/**
 * The national CIE booking system as Sportello sees it (the Ministry publishes no API: the contract
 * is ours, written down in the README of the agenda adapter under electron/platforms). One calendar of slots per station id, held by
 * at most one booking; counter bookings arrive by PUT with an Idempotency-Key, citizens book online
 * through /citizen/*, and the Comune pulls those online changes from a numbered feed.
 */
import { createHash, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgendaBookPayload, BookingChannel, RemoteBooking, RemoteChange } from '../../electron/core/cie/types';
import type { PlatformSimulator, SimStats } from '../types';

interface SimBooking extends RemoteBooking {
  /** Revisions applied, to catch a client resending one revision under a new key. */
  appliedRevisions: Set<number>;
}

interface StoredAnswer {
  bodyHash: string;
  status: number;
  body: unknown;
}

export interface CitizenBookingInput {
  stationId: string;
  date: string;
  times: string[];
  people?: RemoteBooking['people'];
  contact?: RemoteBooking['contact'];
  confirmed?: boolean;
}

export type CitizenBookingResult =
  | { ok: true; booking: RemoteBooking }
  | { ok: false; error: 'SLOT_TAKEN'; takenBy: { bookingId: string; code: string } };

export interface RandomBookingOptions {
  stationId: string;
  dates: string[];
  times: string[];
  everyMs: number;
  /** Stop after this many bookings (default: never). */
  max?: number;
}

export interface AgendaSimulator extends PlatformSimulator {
  /** A citizen books online (what POST /citizen/bookings does). */
  bookOnline(input: CitizenBookingInput): CitizenBookingResult;
  confirmOnline(bookingId: string): boolean;
  cancelOnline(bookingId: string): boolean;
  /** Starts citizens booking free slots at random; returns a stop function. */
  startRandomBookings(opts: RandomBookingOptions): () => void;
  booking(bookingId: string): RemoteBooking | undefined;
  /** Who holds a slot, or undefined. */
  holder(stationId: string, date: string, time: string): string | undefined;
}

const NAMES = [
  ['Rossi', 'Giulia'],
  ['Russo', 'Marco'],
  ['Ferrari', 'Sofia'],
  ['Esposito', 'Luca'],
  ['Bianchi', 'Chiara'],
  ['Romano', 'Paolo'],
];
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export function createAgendaSimulator(opts: { now?: () => Date } = {}): AgendaSimulator {
  const now = opts.now ?? (() => new Date());
  let stats: SimStats;
  let bookings: Map<string, SimBooking>;
  let slots: Map<string, string>;
  let answers: Map<string, StoredAnswer>;
  let changes: RemoteChange[];
  let onlineSeq: number;
  const timers = new Set<NodeJS.Timeout>();

  function reset(): void {
    stats = { requests: 0, applied: 0, repeats: 0, rejections: 0, appliedTwice: 0 };
    bookings = new Map();
    slots = new Map();
    answers = new Map();
    changes = [];
    onlineSeq = 0;
    for (const t of timers) clearInterval(t);
    timers.clear();
  }
  reset();

  const slotKey = (stationId: string, date: string, time: string) => `${stationId}|${date}|${time}`;
  const snapshot = (b: SimBooking): RemoteBooking => {
    const { appliedRevisions: _omit, ...rest } = b;
    return structuredClone(rest);
  };
  const takenBy = (b: Pick<RemoteBooking, 'stationId' | 'date' | 'times'>, self?: string) => {
    for (const t of b.times) {
      const holder = slots.get(slotKey(b.stationId, b.date, t));
      if (holder && holder !== self) return bookings.get(holder)!;
    }
    return undefined;
  };
  const release = (b: SimBooking) => {
    for (const t of b.times) if (slots.get(slotKey(b.stationId, b.date, t)) === b.bookingId) slots.delete(slotKey(b.stationId, b.date, t));
  };
  const hold = (b: SimBooking) => {
    for (const t of b.times) slots.set(slotKey(b.stationId, b.date, t), b.bookingId);
  };
  const feed = (type: RemoteChange['type'], b: SimBooking) => {
    if (b.channel !== 'online') return;
    changes.push({ seq: changes.length + 1, type, at: now().toISOString(), booking: snapshot(b) });
  };
  const code = () => 'W' + Array.from({ length: 7 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

  function bookOnline(input: CitizenBookingInput): CitizenBookingResult {
    const clash = takenBy(input);
    if (clash) return { ok: false, error: 'SLOT_TAKEN', takenBy: { bookingId: clash.bookingId, code: clash.code } };
    const b: SimBooking = {
      bookingId: `onl-${++onlineSeq}`,
      code: code(),
      stationId: input.stationId,
      date: input.date,
      times: [...input.times],
      channel: 'online',
      people: input.people ?? [{ surname: 'Cittadino', givenNames: `Online ${onlineSeq}` }],
      contact: input.contact ?? {},
      status: 'booked',
      confirmed: input.confirmed ?? false,
      revision: 1,
      appliedRevisions: new Set([1]),
    };
    bookings.set(b.bookingId, b);
    hold(b);
    feed('booked', b);
    return { ok: true, booking: snapshot(b) };
  }

  function confirmOnline(id: string): boolean {
    const b = bookings.get(id);
    if (!b || b.status !== 'booked' || b.confirmed) return false;
    b.confirmed = true;
    feed('confirmed', b);
    return true;
  }

  function cancelOnline(id: string): boolean {
    const b = bookings.get(id);
    if (!b || b.status !== 'booked') return false;
    b.status = 'cancelled';
    release(b);
    feed('cancelled', b);
    return true;
  }

  function startRandomBookings(o: RandomBookingOptions): () => void {
    let made = 0;
    const timer = setInterval(() => {
      const free = o.dates.flatMap((d) => o.times.filter((t) => !slots.has(slotKey(o.stationId, d, t))).map((t) => [d, t] as const));
      if (free.length === 0 || (o.max !== undefined && made >= o.max)) return;
      const [date, time] = free[randomInt(free.length)];
      const [surname, givenNames] = NAMES[randomInt(NAMES.length)];
      if (
        bookOnline({
          stationId: o.stationId,
          date,
          times: [time],
          people: [{ surname, givenNames }],
          contact: { email: 'cittadino@example.it' },
        }).ok
      )
        made++;
    }, o.everyMs);
    timer.unref();
    timers.add(timer);
    return () => {
      clearInterval(timer);
      timers.delete(timer);
    };
  }

  /** Answers a keyed operation once; a repeat of the same key and body gets the stored answer. */
  function keyed(
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    apply: () => { status: number; body: unknown; remember: boolean },
  ) {
    const key = header(req, 'idempotency-key');
    if (!key) {
      stats.rejections++;
      return send(res, 400, { error: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Idempotency-Key header missing' });
    }
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const seen = answers.get(key);
    if (seen) {
      if (seen.bodyHash !== bodyHash) {
        stats.rejections++;
        return send(res, 422, { error: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used with a different request' });
      }
      stats.repeats++;
      return send(res, seen.status, seen.body, { 'Idempotent-Replayed': 'true' });
    }
    const out = apply();
    if (out.remember) answers.set(key, { bodyHash, status: out.status, body: out.body });
    return send(res, out.status, out.body);
  }

  function putBooking(id: string, p: AgendaBookPayload): { status: number; body: unknown; remember: boolean } {
    const problem = invalidBook(id, p);
    if (problem) {
      stats.rejections++;
      return { status: 400, body: { error: 'INVALID_BOOKING', message: problem }, remember: false };
    }
    const existing = bookings.get(id);
    if (existing?.status === 'cancelled') {
      stats.rejections++;
      return { status: 409, body: { error: 'BOOKING_CANCELLED', message: 'The booking was cancelled' }, remember: false };
    }
    if (existing && p.revision < existing.revision) {
      stats.rejections++;
      return {
        status: 409,
        body: { error: 'STALE_REVISION', message: `Booking is at revision ${existing.revision}`, revision: existing.revision },
        remember: false,
      };
    }
    const clash = takenBy({ stationId: p.stationId, date: p.date, times: p.times }, id);
    if (clash) {
      stats.rejections++;
      return {
        status: 409,
        body: {
          error: 'SLOT_TAKEN',
          message: 'Slot already booked',
          takenBy: { bookingId: clash.bookingId, code: clash.code },
          times: p.times,
        },
        remember: false,
      };
    }
    if (existing?.appliedRevisions.has(p.revision))
      stats.appliedTwice++; // same revision under a new key
    else stats.applied++;
    const b: SimBooking = {
      bookingId: id,
      code: existing?.code ?? p.code,
      stationId: p.stationId,
      date: p.date,
      times: [...p.times],
      channel: existing?.channel ?? (p.channel as BookingChannel),
      people: p.people,
      contact: p.contact,
      status: 'booked',
      confirmed: existing?.confirmed ?? true,
      revision: p.revision,
      appliedRevisions: existing?.appliedRevisions ?? new Set(),
    };
    b.appliedRevisions.add(p.revision);
    if (existing) release(existing);
    bookings.set(id, b);
    hold(b);
    if (existing) feed('moved', b);
    return { status: existing ? 200 : 201, body: { outcome: 'booked', bookingId: id, code: b.code, revision: b.revision }, remember: true };
  }

  function cancelBooking(id: string): { status: number; body: unknown; remember: boolean } {
    const b = bookings.get(id);
    if (!b) {
      stats.rejections++;
      return { status: 404, body: { error: 'BOOKING_NOT_FOUND', message: 'No such booking' }, remember: false };
    }
    if (b.status === 'cancelled') return { status: 200, body: { outcome: 'cancelled', already: true }, remember: true };
    stats.applied++;
    b.status = 'cancelled';
    release(b);
    feed('cancelled', b);
    return { status: 200, body: { outcome: 'cancelled', already: false }, remember: true };
  }

  function confirmBooking(id: string): { status: number; body: unknown; remember: boolean } {
    const b = bookings.get(id);
    if (!b || b.status !== 'booked') {
      stats.rejections++;
      return { status: 404, body: { error: 'BOOKING_NOT_FOUND', message: 'No such active booking' }, remember: false };
    }
    if (!b.confirmed) {
      stats.applied++;
      b.confirmed = true;
      feed('confirmed', b);
    }
    return { status: 200, body: { outcome: 'confirmed' }, remember: true };
  }

  async function handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse): Promise<void> {
    stats.requests++;
    const method = req.method ?? 'GET';
    const query = new URL(req.url ?? '/', 'http://sim').searchParams;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const input = (): Record<string, unknown> | null => {
      try {
        return body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return null;
      }
    };

    if (method === 'GET' && path === '/v1/health') return send(res, 200, { status: 'ok' });
    if (parts[0] === 'v1' && parts[1] === 'bookings' && parts[2]) {
      const id = parts[2];
      if (method === 'GET' && parts.length === 3) {
        const b = bookings.get(id);
        return b ? send(res, 200, snapshot(b)) : send(res, 404, { error: 'BOOKING_NOT_FOUND', message: 'No such booking' });
      }
      const data = input();
      if (data === null) {
        stats.rejections++;
        return send(res, 400, { error: 'INVALID_JSON', message: 'Body is not JSON' });
      }
      if (method === 'PUT' && parts.length === 3) return keyed(req, body, res, () => putBooking(id, data as unknown as AgendaBookPayload));
      if (method === 'POST' && parts[3] === 'cancel') return keyed(req, body, res, () => cancelBooking(id));
      if (method === 'POST' && parts[3] === 'confirm') return keyed(req, body, res, () => confirmBooking(id));
    }
    if (method === 'GET' && path === '/v1/online-changes') {
      const since = Number(query.get('since') ?? '0') || 0;
      const limit = Math.min(Math.max(Number(query.get('limit') ?? '100') || 100, 1), 500);
      const page = changes.filter((c) => c.seq > since).slice(0, limit);
      const cursor = String(page.length ? page[page.length - 1].seq : since);
      return send(res, 200, { changes: page, cursor, more: changes.some((c) => c.seq > Number(cursor)) });
    }
    if (parts[0] === 'citizen' && parts[1] === 'bookings') {
      const data = input() ?? {};
      if (method === 'POST' && parts.length === 2) {
        const r = bookOnline(data as unknown as CitizenBookingInput);
        return r.ok ? send(res, 201, r.booking) : send(res, 409, { error: r.error, takenBy: r.takenBy });
      }
      if (method === 'POST' && parts[3] === 'confirm') return send(res, confirmOnline(parts[2]) ? 200 : 404, {});
      if (method === 'POST' && parts[3] === 'cancel') return send(res, cancelOnline(parts[2]) ? 200 : 404, {});
    }
    if (method === 'POST' && path === '/sim/random') {
      startRandomBookings(input() as unknown as RandomBookingOptions);
      return send(res, 200, { ok: true });
    }
    if (method === 'GET' && path === '/sim/stats') return send(res, 200, stats);
    return send(res, 404, { error: 'NOT_FOUND', message: `${method} ${path}` });
  }

  return {
    name: 'agenda',
    prefix: '/agenda',
    handle,
    stats: () => ({ ...stats }),
    reset,
    bookOnline,
    confirmOnline,
    cancelOnline,
    startRandomBookings,
    booking: (id) => {
      const b = bookings.get(id);
      return b && snapshot(b);
    },
    holder: (s, d, t) => slots.get(slotKey(s, d, t)),
  };
}

function invalidBook(id: string, p: AgendaBookPayload): string | null {
  if (!p || typeof p !== 'object') return 'body must be an object';
  if (p.bookingId !== id) return 'bookingId differs from the URL';
  if (!Number.isInteger(p.revision) || p.revision < 1) return 'revision must be a positive integer';
  if (typeof p.stationId !== 'string' || !p.stationId) return 'stationId required';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(p.date))) return 'date must be YYYY-MM-DD';
  if (!Array.isArray(p.times) || p.times.length < 1 || p.times.length > 5 || !p.times.every((t) => /^\d{2}:\d{2}$/.test(t)))
    return 'times: 1 to 5 HH:MM';
  if (!Array.isArray(p.people) || p.people.length !== p.times.length) return 'one person per time';
  if (!p.people.every((x) => x && typeof x.surname === 'string' && x.surname && typeof x.givenNames === 'string' && x.givenNames))
    return 'people need surname and givenNames';
  return null;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (!res.hasHeader('Date')) res.setHeader('Date', new Date().toUTCString());
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
