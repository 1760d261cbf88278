import type { Db } from '../store/types';

export type Platform = 'anpr' | 'gpd' | 'agenda';

export type OutboxState = 'pending' | 'sending' | 'done' | 'waiting' | 'attention' | 'discarded';

export interface OutboxItem {
  id: string;
  platform: Platform;
  /** What operation, e.g. 'anpr.1001', 'gpd.create', 'agenda.book'. */
  kind: string;
  /** FIFO chain: items with the same key are sent strictly in creation order. */
  orderingKey: string;
  payload: unknown;
  payloadVersion: number;
  /** Allocated once at creation and reused on every resend (idOperazioneComune, iupd, booking id). */
  idempotencyKey: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string | null;
  lastErrorCode: string | null;
  lastErrorText: string | null;
  businessType: string | null;
  businessId: string | null;
  operatorId: string | null;
  createdAt: string;
  updatedAt: string;
  /** Sequence number: creation order. */
  seq: number;
}

export interface NewOutboxItem {
  platform: Platform;
  kind: string;
  orderingKey: string;
  payload: unknown;
  payloadVersion: number;
  idempotencyKey: string;
  businessType?: string;
  businessId?: string;
  operatorId?: string;
}

/** What an adapter concluded from one attempt. */
export type SendOutcome =
  | { kind: 'done'; result?: unknown }
  | { kind: 'retry'; code: string; text: string; retryAfterMs?: number }
  | { kind: 'attention'; code: string; text: string };

export interface SendContext {
  signal: AbortSignal;
  /** Operator who created the item (for ANPR NameID); null for system items. */
  operatorId: string | null;
}

export interface ProbeResult {
  reachable: boolean;
  /** The platform's Date header, if it sent one: used for clock-skew detection. */
  serverDate?: string;
  latencyMs?: number;
  error?: string;
}

/** Speaks to one national platform. Implemented in electron/platforms/<platform>. */
export interface Adapter {
  platform: Platform;
  /** Maximum items in flight at once for this platform. */
  concurrency: number;
  /** Optional rate limit: at most `calls` sends per `perMs` milliseconds. */
  rateLimit?: { calls: number; perMs: number };
  send(item: OutboxItem, ctx: SendContext): Promise<SendOutcome>;
  probe(signal: AbortSignal): Promise<ProbeResult>;
}

/**
 * What a room does with the platform's answer, inside the same transaction that marks the item
 * done (e.g. store ANPR ids on the person). Registered per item kind.
 */
export interface ItemHandler {
  kind: string;
  onDone?(db: Db, item: OutboxItem, result: unknown): void;
  onAttention?(db: Db, item: OutboxItem, code: string, text: string): void;
  onDiscarded?(db: Db, item: OutboxItem, reason: string): void;
  /**
   * Validates a clerk's corrected payload before it is resent (throw ValidationError if bad) and
   * returns what to resend. A platform that replays its stored answer for a known key (ANPR does,
   * rejections included) needs a new idempotency key for a corrected resend: return it here.
   */
  prepareCorrection?(db: Db, item: OutboxItem, payload: unknown): { payload: unknown; idempotencyKey?: string };
}
