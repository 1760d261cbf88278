/**
 * An IO message as queued in the outbox (kind `io.message`, platform 'io'): what the adapter sends
 * (platforms/io) and what the room shows about it. Shared by core/io and platforms/io only.
 */
import { z } from '../zod';

export const IO_KIND_MESSAGE = 'io.message';

/** What a message is about: the purpose decides the words and which IO service sends it. */
export type IoPurpose = 'cie.confirmation' | 'cie.reminder' | 'cie.moved' | 'cie.cancelled' | 'pagopa.notice';

/** IO's content limits (io-services-api.yaml: MessageSubject 10–120, MessageBodyMarkdown 80–10000). */
export const IO_SUBJECT_MIN = 10;
export const IO_SUBJECT_MAX = 120;
export const IO_MARKDOWN_MIN = 80;
export const IO_MARKDOWN_MAX = 10_000;

const FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

export const ioMessagePayloadV1 = z.strictObject({
  purpose: z.enum(['cie.confirmation', 'cie.reminder', 'cie.moved', 'cie.cancelled', 'pagopa.notice']),
  /** The Comune's IO service that sends it (its API key is read from the Settings at send time). */
  serviceId: z.string().min(1).max(100),
  fiscalCode: z.string().regex(FISCAL_CODE),
  /** The person's name, for "Operazioni da verificare" only (never sent to IO). */
  name: z.string().max(200),
  subject: z.string().min(IO_SUBJECT_MIN).max(IO_SUBJECT_MAX),
  markdown: z.string().min(IO_MARKDOWN_MIN).max(IO_MARKDOWN_MAX),
  /** ISO instant in UTC: the citizen's reminder in the app (appointment time, or the notice's due date). */
  dueDate: z.string().nullable(),
  paymentData: z
    .strictObject({
      amount: z.number().int().min(1).max(9_999_999_999),
      noticeNumber: z.string().regex(/^[0123][0-9]{17}$/),
      payeeFiscalCode: z.string().regex(/^\d{11}$/),
    })
    .nullable(),
  /** Not before this instant (ISO): a reminder is due the day before the appointment. */
  sendAfter: z.string().nullable(),
});

export type IoMessagePayload = z.infer<typeof ioMessagePayloadV1>;

/** How a message ended, as the adapter records it (the outbox item's result). */
export type IoResult =
  | { outcome: 'sent'; messageId: string | null; at: string }
  | { outcome: 'not_on_io'; at: string }
  | { outcome: 'not_allowed'; at: string };

/** Codes the adapter answers with (platforms/io), explained to the clerk here (outbox-handlers.ts). */
export const IO_OUTCOME_UNCERTAIN = 'IO_OUTCOME_UNCERTAIN';
export const IO_REJECTED = 'IO_REJECTED';
