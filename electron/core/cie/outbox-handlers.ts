/**
 * What the agenda does with the booking system's answers, inside the transaction that closes the
 * outbox item. Register `agendaOutboxHandlers(systemActor)` with the sync engine: what the answers
 * cause (a conflict found on push, a booking needing attention) is audited as the workstation's
 * system actor, as the engine's own entries and the pull's are.
 */
import { appendAudit } from '../audit/log';
import type { TxDb } from '../store/tx';
import type { Actor } from '../store/types';
import type { OutboxHandler, OutboxItem } from '../sync/types';
import { findBooking, setSyncState } from './booking-store';
import { recordConflict } from './conflicts';
import { BOOK_KIND, CANCEL_KIND, CONFIRM_KIND } from './push';
import type { AgendaBookPayload, AgendaBookResult } from './types';
import { agendaBookPayloadV1, agendaCancelPayloadV1, agendaConfirmPayloadV1 } from './payloads';
import { bookingFieldLabel, describeBookingItem } from './attention';

const bookHandler = (system: Actor): OutboxHandler => ({
  kind: BOOK_KIND,
  payloadSchemas: { 1: agendaBookPayloadV1 },
  payloadVersion: 1,
  describe: describeBookingItem,
  fieldLabel: bookingFieldLabel,
  onDone(db: TxDb, item: OutboxItem, result: unknown) {
    const b = item.businessId ? findBooking(db, item.businessId) : undefined;
    const payload = item.payload as AgendaBookPayload;
    // A later revision is already queued: this answer is about a slot the booking has left.
    if (!b || b.revision !== payload.revision) return;
    const r = result as AgendaBookResult | undefined;
    if (r?.outcome === 'conflict') {
      if (b.status === 'booked' || b.status === 'conflict') {
        recordConflict(db, system, b, 'push', { remoteId: r.takenBy?.bookingId ?? null });
      }
      setSyncState(db, b.id, 'attention');
      return;
    }
    setSyncState(db, b.id, 'synced');
  },
  onAttention(db: TxDb, item: OutboxItem, code: string) {
    const b = item.businessId ? findBooking(db, item.businessId) : undefined;
    if (!b) return;
    setSyncState(db, b.id, 'attention');
    appendAudit(db, system, {
      action: 'cie.booking.sync_attention',
      entityType: 'cie_booking',
      entityId: b.id,
      detail: { kind: item.kind, code },
    });
  },
});

const simpleHandler = (kind: string, onAttention: OutboxHandler['onAttention']): OutboxHandler => ({
  kind,
  payloadSchemas: { 1: kind === CANCEL_KIND ? agendaCancelPayloadV1 : agendaConfirmPayloadV1 },
  payloadVersion: 1,
  describe: describeBookingItem,
  fieldLabel: bookingFieldLabel,
  onDone(db: TxDb, item: OutboxItem) {
    const b = item.businessId ? findBooking(db, item.businessId) : undefined;
    if (b && b.syncState === 'pending' && (b.status === 'cancelled' || b.status === 'released' || kind === CONFIRM_KIND)) {
      setSyncState(db, b.id, b.channel === 'online' ? 'remote' : 'synced');
    }
  },
  onAttention,
});

export function agendaOutboxHandlers(system: Actor): OutboxHandler[] {
  const book = bookHandler(system);
  return [book, simpleHandler(CANCEL_KIND, book.onAttention), simpleHandler(CONFIRM_KIND, book.onAttention)];
}
