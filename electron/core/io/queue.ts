/**
 * Queues IO messages in the outbox, inside the transaction that writes the booking or the notice
 * (a TxDb): both exist or neither does. Nothing is queued while no IO service sends that kind of
 * message (no IO configured: the counter works exactly as before). A moved or cancelled
 * appointment withdraws the reminder not sent yet (and a moved one queues a new reminder).
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { addDays, romeInstant } from '../rome-time';
import type { TxDb } from '../store/tx';
import type { Actor } from '../store/types';
import { enqueue, listItems, markWithdrawn } from '../sync/outbox';
import {
  type AppointmentFacts,
  cancelledText,
  confirmationText,
  type MessageText,
  movedText,
  type NoticeFacts,
  noticeText,
  reminderText,
} from './messages';
import { IO_KIND_MESSAGE, type IoMessagePayload, type IoPurpose } from './model';
import { type IoService, serviceFor } from './settings';
import { wasSubmitting } from './submissions';

export const IO_BOOKING = 'io.cie_booking';
export const IO_NOTICE = 'io.pagopa_notice';

/** When the day-before reminder may leave: 09:00 in Rome the day before the appointment. */
export const REMINDER_TIME = '09:00';

const CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** A person of a booking as IO needs them: messages go only to a valid personal codice fiscale. */
export interface Recipient {
  codiceFiscale: string | null;
  name: string;
  /** The person's own appointment time. */
  time: string;
}

export interface BookingMessageInput {
  bookingId: string;
  revision: number;
  appointment: Omit<AppointmentFacts, 'time'>;
  people: Recipient[];
  now: Date;
}

function put(
  db: TxDb,
  actor: Actor,
  service: IoService,
  m: {
    purpose: IoPurpose;
    text: MessageText;
    fiscalCode: string;
    name: string;
    dueDate: string | null;
    paymentData: IoMessagePayload['paymentData'];
    sendAfter: string | null;
    orderingKey: string;
    businessType: string;
    businessId: string;
  },
): void {
  const payload: IoMessagePayload = {
    purpose: m.purpose,
    serviceId: service.id,
    fiscalCode: m.fiscalCode,
    name: m.name,
    subject: m.text.subject,
    markdown: m.text.markdown,
    dueDate: m.dueDate,
    paymentData: m.paymentData,
    sendAfter: m.sendAfter,
  };
  // IO has no idempotency key: this one only names the item (the adapter never resends blindly, README).
  const item = enqueue(db, {
    platform: 'io',
    kind: IO_KIND_MESSAGE,
    orderingKey: m.orderingKey,
    payload,
    payloadVersion: 1,
    idempotencyKey: randomUUID(),
    businessType: m.businessType,
    businessId: m.businessId,
    operatorId: actor.operatorId,
    ...(m.sendAfter ? { notBefore: m.sendAfter } : {}),
  });
  appendAudit(db, actor, {
    action: 'io.message.queue',
    entityType: m.businessType,
    entityId: m.businessId,
    detail: { outboxId: item.id, purpose: m.purpose, service: service.id },
  });
}

/** The people IO can reach, each with their place in the booking (ordering keys name it, never the codice fiscale). */
function recipients(people: Recipient[]): (Recipient & { codiceFiscale: string; idx: number })[] {
  return people
    .map((p, idx) => ({ ...p, idx }))
    .filter((p): p is Recipient & { codiceFiscale: string; idx: number } => p.codiceFiscale !== null && CF.test(p.codiceFiscale));
}

/**
 * Withdraws a business record's IO messages not sent yet (in this transaction; audited as
 * sync.withdraw). `withdraw` is the sync engine's (it leaves an item on the wire alone); without
 * one (no engine running: tools, tests) the item is withdrawn here.
 */
function withdrawQueued(
  db: TxDb,
  actor: Actor,
  businessType: string,
  businessId: string,
  reason: string,
  which: (p: IoMessagePayload | undefined) => boolean,
  withdraw?: (outboxId: string, reason: string) => boolean,
): void {
  for (const it of listItems(db, { platform: 'io', businessType, businessId, states: ['pending', 'waiting', 'attention'] })) {
    if (!which(it.payload as IoMessagePayload | undefined)) continue;
    if (withdraw) {
      withdraw(it.id, reason);
      continue;
    }
    // Its "leaving now" note is there: it is on the wire (or its outcome is uncertain), IO's answer decides.
    if (wasSubmitting(db, it.id) || !markWithdrawn(db, it.id, reason)) continue;
    appendAudit(db, actor, {
      action: 'sync.withdraw',
      entityType: businessType,
      entityId: businessId,
      detail: { outboxId: it.id, kind: it.kind, reason },
    });
  }
}

function withdrawReminders(db: TxDb, actor: Actor, bookingId: string, reason: string): void {
  withdrawQueued(db, actor, IO_BOOKING, bookingId, reason, (p) => p?.purpose === 'cie.reminder');
}

/** A cancelled notice: its pay-in-app message not sent yet is withdrawn. */
export function withdrawNoticeMessages(
  db: TxDb,
  actor: Actor,
  noticeId: string,
  reason: string,
  withdraw?: (outboxId: string, reason: string) => boolean,
): void {
  withdrawQueued(db, actor, IO_NOTICE, noticeId, reason, () => true, withdraw);
}

function queueReminders(db: TxDb, actor: Actor, service: IoService, b: BookingMessageInput): void {
  const sendAfter = romeInstant(addDays(b.appointment.date, -1), REMINDER_TIME);
  // Booked after the reminder's hour (tomorrow or today): the confirmation just sent is the reminder.
  if (Date.parse(sendAfter) <= b.now.getTime()) return;
  for (const p of recipients(b.people)) {
    const a = { ...b.appointment, time: p.time };
    put(db, actor, service, {
      purpose: 'cie.reminder',
      text: reminderText(a),
      fiscalCode: p.codiceFiscale,
      name: p.name,
      dueDate: romeInstant(a.date, a.time),
      paymentData: null,
      sendAfter,
      // Its own chain: a reminder waiting for its day never holds back a later message.
      orderingKey: `io:cie-reminder:${b.bookingId}:${b.revision}:${p.idx}`,
      businessType: IO_BOOKING,
      businessId: b.bookingId,
    });
  }
}

function queueNow(
  db: TxDb,
  actor: Actor,
  service: IoService,
  b: BookingMessageInput,
  purpose: IoPurpose,
  text: (a: AppointmentFacts) => MessageText,
): void {
  for (const p of recipients(b.people)) {
    const a = { ...b.appointment, time: p.time };
    put(db, actor, service, {
      purpose,
      text: text(a),
      fiscalCode: p.codiceFiscale,
      name: p.name,
      dueDate: purpose === 'cie.cancelled' ? null : romeInstant(a.date, a.time),
      paymentData: null,
      sendAfter: null,
      orderingKey: `io:cie:${b.bookingId}:${p.idx}`,
      businessType: IO_BOOKING,
      businessId: b.bookingId,
    });
  }
}

/** A new booking: the confirmation now, the reminder the day before. */
export function queueBookingConfirmation(db: TxDb, actor: Actor, b: BookingMessageInput): void {
  const service = serviceFor(db, 'cie');
  if (!service) return;
  queueNow(db, actor, service, b, 'cie.confirmation', confirmationText);
  queueReminders(db, actor, service, b);
}

/** A moved booking: the old reminder withdrawn, the news now, a new reminder for the new day. */
export function queueBookingMoved(db: TxDb, actor: Actor, b: BookingMessageInput, before: { date: string; time: string }): void {
  withdrawReminders(db, actor, b.bookingId, 'Appuntamento spostato');
  const service = serviceFor(db, 'cie');
  if (!service) return;
  queueNow(db, actor, service, b, 'cie.moved', (a) => movedText(a, before));
  queueReminders(db, actor, service, b);
}

/** A cancelled booking: the reminder withdrawn, the news now. */
export function queueBookingCancelled(db: TxDb, actor: Actor, b: BookingMessageInput): void {
  withdrawReminders(db, actor, b.bookingId, 'Appuntamento annullato');
  const service = serviceFor(db, 'cie');
  if (!service) return;
  queueNow(db, actor, service, b, 'cie.cancelled', cancelledText);
}

export interface NoticeMessageInput extends NoticeFacts {
  noticeId: string;
  debtorType: 'F' | 'G';
  debtorCf: string;
  debtorName: string;
  /** The ente creditore's codice fiscale: the payee IO's payment_data names. */
  payeeFiscalCode: string;
}

/** A notice issued at the counter, with its payment data so the citizen can pay in the app. */
export function queueNoticeMessage(db: TxDb, actor: Actor, n: NoticeMessageInput): void {
  const service = serviceFor(db, 'pagopa');
  if (!service || n.debtorType !== 'F' || !CF.test(n.debtorCf)) return;
  put(db, actor, service, {
    purpose: 'pagopa.notice',
    text: noticeText(n),
    fiscalCode: n.debtorCf,
    name: n.debtorName,
    dueDate: romeInstant(n.dueDate, '23:59', 59),
    paymentData: { amount: n.amountCents, noticeNumber: n.noticeNumber, payeeFiscalCode: n.payeeFiscalCode },
    sendAfter: null,
    orderingKey: `io:notice:${n.noticeId}`,
    businessType: IO_NOTICE,
    businessId: n.noticeId,
  });
}
