/**
 * The sync engine with the IO lane's outcomes, on the real store: an answer concluded without the
 * network (`local`: not due yet, IO not set up) is never a contact with IO; an item withdrawn while
 * it was on the wire stays withdrawn whatever the answer (never revived to be sent later). The
 * lane's adapter here is the test's own, so it can hold a send on the wire at will.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cancelBooking } from '../../../electron/core/cie/bookings';
import { bookingIoStatus } from '../../../electron/core/io/status';
import { markSubmitting, wasSubmitting } from '../../../electron/core/io/submissions';
import { ioOutboxHandlers } from '../../../electron/core/io/outbox-handlers';
import { saveIoService } from '../../../electron/core/io/settings';
import { createLogger } from '../../../electron/core/log';
import { addDays, romeDate } from '../../../electron/core/rome-time';
import { systemActor } from '../../../electron/core/settings/workstation';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { getItem, listItems, markWithdrawn } from '../../../electron/core/sync/outbox';
import type { Adapter, SendOutcome } from '../../../electron/core/sync/types';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { book, citizens, freeSlots } from './io-fixture';

let stop: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A store with one CIE booking whose confirmation is queued for IO. */
function bookingQueued() {
  const t = tempDir();
  stop.push(t.cleanup);
  const store = pagopaStore(t.dir);
  stop.push(() => {
    store.db.close();
  });
  saveIoService(
    store.db,
    store.actor,
    { name: 'Servizi demografici', apiKey: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', topics: ['cie'] },
    randomUUID,
  );
  const [c] = citizens(1, 470);
  // More than a day ahead: only the confirmation is due now (the reminder waits for its day).
  const b = book(store.db, store.actor, c, freeSlots(store.db, addDays(romeDate(), 10), 1)[0]);
  const confirmation = listItems(store.db, { platform: 'io', businessId: b, states: ['pending'] })[0];
  return { store, confirmation };
}

function engineWith(store: ReturnType<typeof pagopaStore>, adapter: Adapter): SyncEngine {
  const engine = new SyncEngine(store.db, [adapter], ioOutboxHandlers, {
    log: createLogger(null),
    systemActor: systemActor(store.workstation.id),
    backoff: { baseMs: 60_000, capMs: 60_000 },
    probeUpMs: 60_000,
    probeDownMs: 60_000,
  });
  stop.push(() => engine.stop());
  return engine;
}

describe('IO lane in the sync engine', () => {
  it('outcomes concluded without the network are not a contact: no last contact, not reachable', { timeout: 20_000 }, async () => {
    const { store, confirmation } = bookingQueued();
    let sends = 0;
    const engine = engineWith(store, {
      platform: 'io',
      concurrency: 1,
      probe: async () => ({ reachable: true, local: true }),
      send: async () => {
        sends++;
        return { kind: 'retry', failure: 'item', code: 'IO_NOT_YET', text: 'Promemoria programmato.', retryAfterMs: 60_000, local: true };
      },
    });
    engine.start();
    await until('the confirmation answered', () => getItem(store.db, confirmation.id)?.state === 'waiting');
    await new Promise((r) => setTimeout(r, 100));
    const [io] = engine.health();
    expect(sends).toBe(1);
    expect(io.lastContactAt).toBeNull();
    expect(io.lastSuccessAt).toBeNull();
    expect(io.health).not.toBe('reachable');
  });

  it('the "leaving now" note is refused for a withdrawn message (it never leaves); a noted one is not withdrawn by core/io', () => {
    const { store, confirmation } = bookingQueued();
    const [reminder] = listItems(store.db, { platform: 'io', states: ['waiting'] });
    expect(markSubmitting(store.db, reminder.id)).toBe(true);
    expect(markWithdrawn(store.db, confirmation.id, 'Appuntamento annullato')).toBe(true);
    expect(markSubmitting(store.db, confirmation.id)).toBe(false);
    expect(wasSubmitting(store.db, confirmation.id)).toBe(false);
    // The booking cancelled while the reminder is on the wire: it stays, IO's answer decides.
    cancelBooking(store.db, store.actor, reminder.businessId!, 'Il cittadino non può venire');
    expect(getItem(store.db, reminder.id)!.state).toBe('waiting');
    // What the booking says of the withdrawn one: withdrawn, with why.
    const shown = bookingIoStatus(store.db, reminder.businessId!).messages.find((m) => m.outboxId === confirmation.id)!;
    expect(shown).toMatchObject({ state: 'withdrawn', text: 'Messaggio ritirato prima dell’invio (appuntamento annullato).' });
  });

  it('a message the clerk closed reads as closed by the operator, with their reason, not as withdrawn', { timeout: 20_000 }, async () => {
    const { store, confirmation } = bookingQueued();
    const engine = engineWith(store, {
      platform: 'io',
      concurrency: 1,
      probe: async () => ({ reachable: true }),
      send: async (item) =>
        item.id === confirmation.id
          ? { kind: 'attention', code: 'IO_OUTCOME_UNCERTAIN', text: 'Esito incerto' }
          : { kind: 'retry', failure: 'item', code: 'IO_NOT_YET', text: 'Promemoria programmato.', retryAfterMs: 60_000, local: true },
    });
    engine.start();
    await until('the confirmation held', () => getItem(store.db, confirmation.id)?.state === 'attention');
    engine.discard(store.actor, confirmation.id, 'Il cittadino conferma: messaggio ricevuto in IO');
    const shown = bookingIoStatus(store.db, confirmation.businessId!).messages.find((m) => m.outboxId === confirmation.id)!;
    expect(shown).toMatchObject({ state: 'closed', text: 'Invio chiuso dall’operatore: Il cittadino conferma: messaggio ricevuto in IO.' });
  });

  for (const answer of [
    { kind: 'retry', failure: 'transport', code: 'IO_INTERRUPTED', text: 'interrotta' },
    { kind: 'retry', failure: 'item', code: 'IO_RATE_LIMITED', text: 'rallentare', retryAfterMs: 1 },
    { kind: 'done', result: { outcome: 'sent', messageId: null, at: new Date().toISOString() } },
    { kind: 'attention', code: 'IO_REJECTED', text: 'rifiutato' },
  ] satisfies SendOutcome[])
    it(`an item withdrawn while on the wire stays withdrawn after a ${answer.kind} (${'code' in answer ? answer.code : 'sent'})`, {
      timeout: 20_000,
    }, async () => {
      const { store, confirmation } = bookingQueued();
      let answer$: (o: SendOutcome) => void = () => undefined;
      let onWire = false;
      const engine = engineWith(store, {
        platform: 'io',
        concurrency: 1,
        probe: async () => ({ reachable: true }),
        send: async (item) => {
          // The reminder (released when the lane first comes up) is not due: the real adapter's answer.
          if (item.id !== confirmation.id)
            return {
              kind: 'retry',
              failure: 'item',
              code: 'IO_NOT_YET',
              text: 'Promemoria programmato.',
              retryAfterMs: 60_000,
              local: true,
            };
          onWire = true;
          return new Promise<SendOutcome>((r) => {
            answer$ = r;
          });
        },
      });
      engine.start();
      await until('the confirmation on the wire', () => onWire);
      // The engine refuses to withdraw it; a withdrawal behind its back (any room) must still hold.
      expect(engine.withdraw(store.actor, confirmation.id, 'Appuntamento annullato')).toBe(false);
      expect(markWithdrawn(store.db, confirmation.id, 'Appuntamento annullato')).toBe(true);
      answer$(answer);
      await until('the answer recorded', () => engine.health()[0].inFlight === 0);
      await new Promise((r) => setTimeout(r, 100));
      const after = getItem(store.db, confirmation.id)!;
      expect(after.state).toBe('discarded');
      expect(after.lastErrorText).toBe('Appuntamento annullato');
    });
});
