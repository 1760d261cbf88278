/**
 * What the CIE room does with the hub's answers (outbox platform 'hub'), inside the transaction that
 * closes the item: a slot another counter took opens the same conflict as an online booking does.
 */
import { appendAudit } from '../audit/log';
import type { Actor, Db } from '../store/types';
import { markDiscarded } from '../sync/outbox';
import type { ItemSubject, OutboxHandler, OutboxItem } from '../sync/types';
import { findBooking } from './booking-store';
import { recordConflict } from './conflicts';
import {
  HUB_BOOKING_KIND,
  HUB_SLOT_TAKEN,
  HUB_TICKET_KIND,
  HUB_TICKET_TAKEN,
  hubBookingPayloadV1,
  hubTicketPayloadV1,
  type HubBookingPayload,
  type HubTicketPayload,
  type HubTicketResult,
  type HubTicketTaken,
} from './hub-push';

const dmy = (iso: string) => iso.split('-').reverse().join('/');

function describeHubItem(db: Db, item: OutboxItem): ItemSubject {
  if (item.kind === HUB_TICKET_KIND) {
    const p = item.payload as Partial<HubTicketPayload> | undefined;
    return {
      what: `Numero della coda del ${p?.day ? dmy(p.day) : ''} sul server del Comune`.replace(' del  ', ' '),
      person: null,
      explanation: null,
    };
  }
  const p = item.payload as Partial<HubBookingPayload> | undefined;
  const b = item.businessId ? findBooking(db, item.businessId) : undefined;
  const first = b?.people[0];
  const when = p?.date ? ` del ${dmy(p.date)}${p.times?.[0] ? ` ${p.times[0]}` : ''}` : '';
  return {
    what: `Prenotazione CIE${when}${p?.code ? ` (codice ${p.code})` : ''} sul server del Comune`,
    person: first ? { name: `${first.surname} ${first.givenNames}`, codiceFiscale: first.codiceFiscale } : null,
    explanation:
      item.lastErrorCode === HUB_SLOT_TAKEN
        ? 'Mentre questo sportello non era collegato al server del Comune, un altro sportello ha prenotato lo stesso orario: ' +
          'la prenotazione è ora «in conflitto». Avvisare il cittadino e spostarla o annullarla da «Conflitti CIE»: questa voce si chiude da sola.'
        : null,
  };
}

/** The hub's outbox handlers: a slot taken by another counter becomes a conflict for the clerk; a ticket gets the Comune's number. */
export function hubOutboxHandlers(system: Actor): OutboxHandler[] {
  return [
    {
      kind: HUB_BOOKING_KIND,
      payloadSchemas: { 1: hubBookingPayloadV1 },
      payloadVersion: 1,
      describe: describeHubItem,
      onAttention(db, item, code) {
        if (code !== HUB_SLOT_TAKEN) return;
        const b = item.businessId ? findBooking(db, item.businessId) : undefined;
        const p = item.payload as HubBookingPayload;
        const holds = b && b.revision === p.revision && (b.status === 'booked' || b.status === 'arrived' || b.status === 'conflict');
        if (!holds) {
          // The booking has moved on (moved or cancelled since): the refused slot is no longer asked
          // for, so the refusal is closed and the newer state queued behind it goes to the hub.
          markDiscarded(db, item.id, 'Superata: la prenotazione è stata spostata o annullata dopo questo invio');
          appendAudit(db, system, {
            action: 'cie.hub.refusal_superseded',
            entityType: 'cie_booking',
            entityId: item.businessId ?? item.id,
            detail: { outboxId: item.id, revision: p.revision, current: b?.revision ?? null },
          });
          return;
        }
        recordConflict(db, system, b, 'push', { remoteId: null }, 'Orario occupato da un altro sportello del Comune');
      },
    },
    {
      kind: HUB_TICKET_KIND,
      payloadSchemas: { 1: hubTicketPayloadV1 },
      payloadVersion: 1,
      describe: describeHubItem,
      onAttention(db, item, code, _text, detail) {
        const t = detail as HubTicketTaken | undefined;
        if (code !== HUB_TICKET_TAKEN || !t || !item.businessId) return;
        // The number is another counter's now: here it leaves the queue as theirs, so the clerk calls the next.
        db.prepare('UPDATE hub_walkins SET status = ?, called_by = ? WHERE ticket_id = ?').run(t.status, t.takenBy, item.businessId);
        db.prepare(
          `UPDATE cie_walkins SET handled_by = @by, status = CASE WHEN status IN ('served','left') THEN status ELSE @status END,
             done_at = CASE WHEN @status IN ('served','left') THEN coalesce(done_at, @at) ELSE done_at END WHERE id = @id`,
        ).run({ by: t.takenBy, status: t.status, at: new Date().toISOString(), id: item.businessId });
        appendAudit(db, system, {
          action: 'cie.walkin.taken_elsewhere',
          entityType: 'cie_walkin',
          entityId: item.businessId,
          detail: { number: t.number, by: t.takenBy, status: t.status },
        });
      },
      onDone(db, item, result) {
        const n = (result as HubTicketResult | undefined)?.number;
        if (typeof n !== 'number') return;
        const changed = db
          .prepare('UPDATE cie_walkins SET comune_number = ? WHERE id = ? AND comune_number IS NULL')
          .run(n, item.businessId).changes;
        if (changed)
          appendAudit(db, system, {
            action: 'cie.walkin.numbered',
            entityType: 'cie_walkin',
            entityId: item.businessId ?? item.id,
            detail: { number: n },
          });
      },
    },
  ];
}
