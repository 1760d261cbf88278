import type { TxDb } from '../store/tx';
import type { Db } from '../store/types';

/** A zod schema, or anything with zod's safeParse (core/sync does not depend on zod itself). */
export interface PayloadSchema {
  safeParse(
    v: unknown,
  ): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string; code?: string }[] } };
}

/** 'hub': the Comune's PostgreSQL shared by its counters (platforms/hub), only where one is configured; 'io': the IO app's messages. */
export type Platform = 'anpr' | 'gpd' | 'agenda' | 'hub' | 'io';

/**
 * An item's state as stored. There is no "sending": an item on the wire stays 'pending' until its
 * answer is recorded, so one sent when the process died is simply sent again (same idempotency key);
 * what is in flight the engine knows in memory (PlatformHealth.inFlight).
 */
export type OutboxState = 'pending' | 'done' | 'waiting' | 'attention' | 'discarded';

export interface OutboxItem {
  id: string;
  platform: Platform;
  /** What operation, e.g. 'anpr.1001', 'gpd.create', 'agenda.book'. */
  kind: string;
  /** FIFO chain: items with the same key are sent strictly in creation order. */
  orderingKey: string;
  payload: unknown;
  payloadVersion: number;
  /** Set when the stored payload is not even JSON (the engine sets such an item aside as corrupt). */
  payloadUnreadable?: true;
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
  /** Not to be sent before this instant (ISO): stored 'waiting' with it as nextAttemptAt (a reminder due the day before). */
  notBefore?: string;
}

/**
 * Whose failure a 'retry' is, said by the adapter that saw it (never guessed from a code):
 * - transport: the platform was not reached or did not answer usefully (refused connection,
 *   timeout, reset, 5xx, unreadable answer). Counts for the circuit breaker; not a contact.
 * - item: the platform answered about this item, "not now" (still processing, slow down).
 * - credentials: the platform refused the Comune's credentials (certificate, key, token, policy):
 *   nothing about the item. The platform's lane pauses; its items stay queued.
 */
export type FailureKind = 'transport' | 'item' | 'credentials';

/**
 * What an adapter concluded from one attempt. `local`: concluded without touching the network
 * (a reminder not due yet, the adapter's own rate-limit hold, a crash note): the engine records
 * it for the item but never counts it as a contact with the platform (no "last contact", no
 * reachable, no release of waiting items, no end of a credentials pause).
 */
export type SendOutcome =
  | { kind: 'done'; result?: unknown; local?: true }
  | { kind: 'retry'; failure: FailureKind; code: string; text: string; retryAfterMs?: number; local?: true }
  /** detail: what the platform said, for the room's onAttention (not stored). */
  | { kind: 'attention'; code: string; text: string; detail?: unknown; local?: true };

export interface SendContext {
  signal: AbortSignal;
  /** Operator who created the item (for ANPR NameID); null for system items. */
  operatorId: string | null;
}

export interface ProbeResult {
  reachable: boolean;
  /** Answered without touching the network (e.g. the platform is not set up): not a contact, nothing changes. */
  local?: true;
  /** The platform's Date header, if it sent one: used for clock-skew detection. */
  serverDate?: string;
  latencyMs?: number;
  error?: string;
  /**
   * Only for a probe that presented the Comune's credentials: true when the platform accepted
   * them, false when it refused them (then `error` carries the platform's words).
   */
  credentialsAccepted?: boolean;
  /** With credentialsAccepted false: the refusal's code (e.g. GPD_AUTH_401), shown with `error`. */
  code?: string;
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
  /**
   * Forget any credentials read earlier, so the next send reads them again (Settings, or the demo
   * simulators' renewed certificate). Called before every trial while the lane is paused for
   * credentials, and by SyncEngine.credentialsChanged.
   */
  reloadCredentials?(): void;
}

/**
 * What a room does with the platform's answer, inside the same transaction that marks the item
 * done (e.g. store ANPR ids on the person). Registered per item kind.
 */
export interface OutboxHandler {
  kind: string;
  /**
   * The payload's schema for each payloadVersion this kind has ever been stored with. Every item
   * is parsed with it when loaded, before it is sent or handled: what does not parse is set aside
   * as corrupt (state 'attention', code SYNC_PAYLOAD_CORRUPT), never sent.
   */
  payloadSchemas: Record<number, PayloadSchema>;
  /** The version new items of this kind are stored with (a correction is parsed with it). */
  payloadVersion: number;
  /**
   * A payload path in the clerk's words (e.g. ['position', 'paymentOption', 0, 'transfer', 0,
   * 'iban'] → 'IBAN del versamento 1'), for the messages about a payload that does not parse.
   * Without it (or when it returns nothing) the message names no field; the path itself goes only
   * in the error's field/details.
   */
  fieldLabel?(path: readonly PropertyKey[]): string | undefined;
  /**
   * A coded value of the payload in the clerk's words (['richiesta', …, 'sesso'], 'M' → 'Maschio'),
   * for the read-only fields of "Operazioni da verificare"; undefined when the value reads as it is.
   */
  fieldValueText?(path: readonly string[], value: string): string | undefined;
  /** An entry of a list in the payload named in the clerk's words (a family member: "ROSSI ANNA"); undefined when it has no name. */
  entryName?(entry: unknown): string | undefined;
  onDone?(db: TxDb, item: OutboxItem, result: unknown): void;
  onAttention?(db: TxDb, item: OutboxItem, code: string, text: string, detail?: unknown): void;
  onDiscarded?(db: TxDb, item: OutboxItem, reason: string): void;
  /**
   * Validates a clerk's corrected payload (already parsed with the kind's current schema) before
   * it is resent (throw ValidationError if bad: each room says what a correction may change after
   * the answer `item.lastErrorCode`, see README) and returns what to resend. A platform that replays its stored answer for a known key (ANPR does,
   * rejections included) needs a new idempotency key for a corrected resend: return it here.
   */
  prepareCorrection?(db: TxDb, item: OutboxItem, payload: unknown): { payload: unknown; idempotencyKey?: string };
  /**
   * What the item is about, in the clerk's words, for "Operazioni da verificare": the person, the
   * pratica / booking / notice, and (when the room knows the answer's code) what it means and what
   * to do. Read-only; never throws for a business record that is gone (it says less instead).
   */
  describe?(db: Db, item: OutboxItem): ItemSubject;
  /**
   * How a payload leaf (dotted path) stands after the answer `item.lastErrorCode`: 'concerned' (the
   * answer is about it: shown and editable), 'editable' (a correction may change it, shown folded),
   * 'fixed' (prepareCorrection would refuse a change: read-only). Must agree with prepareCorrection.
   * Without it: 'editable' when the kind has prepareCorrection, else 'fixed'.
   */
  correctionScope?(item: OutboxItem, path: string): CorrectionScope;
}

export type CorrectionScope = 'concerned' | 'editable' | 'fixed';

/** An outbox item's business record in the clerk's words (OutboxHandler.describe). */
export interface ItemSubject {
  /** The operation: "Cambio di abitazione o di residenza", "Prenotazione CIE del 12/03/2027 10:30", "Avviso pagoPA n. …". */
  what: string;
  person: { name: string; codiceFiscale: string | null } | null;
  /** The platform's answer explained in plain Italian with what to do; null when only its own words are known. */
  explanation: string | null;
}
