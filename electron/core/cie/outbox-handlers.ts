/**
 * What the agenda does with the booking system's answers, inside the transaction that closes the
 * outbox item. Register `agendaOutboxHandlers` with the sync scheduler.
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

const systemActor = (item: OutboxItem): Actor => ({ operatorId: item.operatorId ?? 'system', workstationId: 'sync' });

const bookHandler: OutboxHandler = {
  kind: BOOK_KIND,
  payloadSchemas: { 1: agendaBookPayloadV1 },
  payloadVersion: 1,
  onDone(db: TxDb, item: OutboxItem, result: unknown) {
    const b = item.businessId ? findBooking(db, item.businessId) : undefined;
    const payload = item.payload as AgendaBookPayload;
    // A later revision is already queued: this answer is about a slot the booking has left.
    if (!b || b.revision !== payload.revision) return;
    const r = result as AgendaBookResult | undefined;
    if (r?.outcome === 'conflict') {
      if (b.status === 'booked' || b.status === 'conflict') {
        recordConflict(db, systemActor(item), b, 'push', { remoteId: r.takenBy?.bookingId ?? null });
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
    appendAudit(db, systemActor(item), {
      action: 'cie.booking.sync_attention',
      entityType: 'cie_booking',
      entityId: b.id,
      detail: { kind: item.kind, code },
    });
  },
};

const simpleHandler = (kind: string): OutboxHandler => ({
  kind,
  payloadSchemas: { 1: kind === CANCEL_KIND ? agendaCancelPayloadV1 : agendaConfirmPayloadV1 },
  payloadVersion: 1,
  onDone(db: TxDb, item: OutboxItem) {
    const b = item.businessId ? findBooking(db, item.businessId) : undefined;
    if (b && b.syncState === 'pending' && (b.status === 'cancelled' || b.status === 'released' || kind === CONFIRM_KIND)) {
      setSyncState(db, b.id, b.channel === 'online' ? 'remote' : 'synced');
    }
  },
  onAttention: bookHandler.onAttention,
});

export const agendaOutboxHandlers: OutboxHandler[] = [bookHandler, simpleHandler(CANCEL_KIND), simpleHandler(CONFIRM_KIND)];
