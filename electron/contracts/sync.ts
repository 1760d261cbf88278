import { z } from '../core/zod';
import { Empty, Ok, procedure } from './define';

const Platform = z.enum(['anpr', 'gpd', 'agenda', 'hub', 'io']);
const Counts = z.object({
  /** Stored as pending and not on the wire. */
  pending: z.number(),
  /** Sent and not yet answered: counted in memory by the engine, not a stored state (such items are pending in the database). */
  inFlight: z.number(),
  waiting: z.number(),
  attention: z.number(),
  done: z.number(),
  discarded: z.number(),
});

export const PlatformStatusView = z.object({
  platform: Platform,
  /** reachable: answering; degraded: answering with errors or slowly; down: not answering. */
  health: z.enum(['unknown', 'reachable', 'degraded', 'down']),
  /** Last time the platform answered anything; never set by a failed attempt. */
  lastContactAt: z.string().nullable(),
  /** Last time an item was applied or a probe succeeded. */
  lastSuccessAt: z.string().nullable(),
  /** Set while the platform's lane is paused because it refused the Comune's credentials, with its words. */
  credentials: z.object({ code: z.string(), text: z.string(), since: z.string() }).nullable(),
  clockSkewMs: z.number().nullable(),
  clockSkewWarning: z.boolean(),
  counts: Counts,
  draining: z.boolean(),
});

export const SyncStatusView = z.object({
  online: z.boolean(),
  platforms: z.array(PlatformStatusView),
  /** Every open item: to send and to check. */
  openItems: z.number(),
  /** Waiting to be sent (pending, in flight, waiting for a retry): they go by themselves. */
  toSendItems: z.number(),
  /** Refused by a platform: they need the clerk ("da verificare"). */
  attentionItems: z.number(),
  /** Of attentionItems: ANPR notifications waiting for the clerk's decision (anagrafe.notifications.conflicts). */
  notificationConflicts: z.number(),
});

const AttentionField = z.object({
  /** Dotted payload path, what a correction names; never shown to the clerk. */
  path: z.string(),
  label: z.string(),
  value: z.string(),
  type: z.enum(['string', 'number', 'boolean', 'null']),
  /** An ISO date (YYYY-MM-DD): typed and shown as a date. */
  date: z.boolean(),
  /** The value in words when it is a code ("Maschio" for M), for a read-only field; null otherwise. */
  text: z.string().nullable(),
  /** concerned: what the platform's answer is about (shown, editable); editable: may change (folded); fixed: read-only. */
  scope: z.enum(['concerned', 'editable', 'fixed']),
  /** The concerned field this one repeats (the same date): its correction carries here too. */
  sameAs: z.string().nullable(),
});

/** One item of "Operazioni da verificare", in the clerk's words (core/sync/attention.ts). */
export const AttentionItemView = z.object({
  id: z.string(),
  platform: Platform,
  kind: z.string(),
  /** The pratica, booking or notice: "Cambio di abitazione o di residenza, con decorrenza dal 05/12/2026". */
  what: z.string(),
  person: z.object({ name: z.string(), codiceFiscale: z.string().nullable() }).nullable(),
  /** The platform's code and its own words. */
  code: z.string().nullable(),
  text: z.string().nullable(),
  /** What the answer means and what to do, when Sportello knows the code. */
  explanation: z.string().nullable(),
  createdAt: z.string(),
  answeredAt: z.string(),
  /** Who recorded it (display name); null for the system's own items. */
  operator: z.string().nullable(),
  attempts: z.number(),
  payload: z.unknown(),
  fields: z.array(AttentionField),
  correctable: z.boolean(),
  /** False when the stored data cannot be read: the item can only be discarded, with a reason. */
  resendable: z.boolean(),
});

export const syncContract = {
  'sync.status': procedure({ input: Empty, output: SyncStatusView, access: 'any', activity: false }),
  'sync.attention': procedure({ input: Empty, output: z.array(AttentionItemView), access: 'any', activity: false }),
  /** Resend an item that needs attention, with the clerk's corrected data when given. */
  'sync.resend': procedure({
    // A JSON object here; the engine then parses it with the schema of the item's kind, as a new
    // item of that kind, and the room says what may change (core/sync/README.md).
    input: z.object({ id: z.string().uuid(), payload: z.record(z.string(), z.unknown()).optional() }),
    output: Ok,
    access: 'any',
  }),
  'sync.discard': procedure({
    input: z.object({ id: z.string().uuid(), reason: z.string().trim().min(5, 'Indicare il motivo (almeno 5 caratteri).').max(500) }),
    output: Ok,
    access: 'any',
  }),
  'sync.retryNow': procedure({ input: Empty, output: Ok, access: 'any' }),
};
