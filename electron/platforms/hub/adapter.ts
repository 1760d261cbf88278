/**
 * The Comune hub as one more outbox platform: each item (a booking's or a walk-in ticket's current
 * state) is written in one PostgreSQL transaction together with its idempotency key in
 * sportello.applied_ops, so a resend after a lost answer finds the key and applies nothing twice.
 * A slot another counter holds (the exclusion constraint) is the item's refusal HUB_SLOT_TAKEN,
 * which core/cie turns into the conflict the clerk resolves.
 */
import type pg from 'pg';
import {
  HUB_BOOKING_KIND,
  HUB_SLOT_TAKEN,
  HUB_TICKET_KIND,
  HUB_TICKET_TAKEN,
  type HubBookingPayload,
  type HubTicketPayload,
  type HubTicketTaken,
} from '../../core/cie/hub-push';
import { romeInstant } from '../../core/rome-time';
import type { Adapter, OutboxItem, ProbeResult, SendOutcome } from '../../core/sync/types';
import { HubError, hubError } from './connect';
import type { HubPool } from './connection';

/** The named constraint that forbids a double booking (platforms/hub/schema.ts). */
const SLOT_CONSTRAINT = 'agenda_one_citizen_per_slot';

const TRANSPORT_TEXT =
  'Il server del Comune non risponde (rete o server spento): le operazioni restano su questo PC e partono da sole appena torna raggiungibile.';
const CREDENTIALS_TEXT =
  'Il server del Comune non accetta l’accesso di questa postazione (password cambiata o postazione rimossa): chiedere al responsabile di ricollegarla con un nuovo codice. Le operazioni restano su questo PC.';

class SlotTaken extends Error {
  constructor(readonly holder: number | null) {
    super(HUB_SLOT_TAKEN);
  }
}

/** Another counter's ticket the hub does not hold (yet): its issuer sends it; this change waits. */
class TicketNotThere extends Error {}
class NotMine extends Error {
  constructor(readonly owner: number | null) {
    super('HUB_BOOKING_NOT_MINE');
  }
}

/** Another counter had already called (or served) the ticket: this counter's call is refused. */
class TicketTaken extends Error {
  constructor(readonly taken: HubTicketTaken) {
    super(HUB_TICKET_TAKEN);
  }
}

export interface HubAdapterOptions {
  /** The pool on the connection kept in the Settings; undefined while no hub is configured. */
  pool: () => HubPool | undefined;
  /** A push was applied (or found already applied): the puller reads the hub right after. */
  onPushed?(): void;
}

function slotRange(p: HubBookingPayload): { start: string; end: string } {
  const start = romeInstant(p.date, p.times[0]);
  const last = romeInstant(p.date, p.times[p.times.length - 1]);
  return { start, end: new Date(Date.parse(last) + p.slotMinutes * 60_000).toISOString() };
}

async function writeBooking(c: pg.PoolClient, p: HubBookingPayload): Promise<unknown> {
  const { start, end } = slotRange(p);
  try {
    await c.query('SAVEPOINT booking');
    await c.query(
      `INSERT INTO sportello.agenda_bookings AS b (booking_id, workstation, station_id, slot_start, slot_end, slot_count, status, code, channel,
         revision, citizen_label, updated_at)
       VALUES ($1, sportello.my_workstation(), $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (booking_id) DO UPDATE SET station_id = EXCLUDED.station_id, slot_start = EXCLUDED.slot_start, slot_end = EXCLUDED.slot_end,
         slot_count = EXCLUDED.slot_count, status = EXCLUDED.status, code = EXCLUDED.code, channel = EXCLUDED.channel,
         revision = EXCLUDED.revision, citizen_label = EXCLUDED.citizen_label, updated_at = now()
       WHERE b.revision <= EXCLUDED.revision`,
      [p.bookingId, p.stationId, start, end, p.times.length, p.status, p.code, p.channel, p.revision, p.citizenLabel.slice(0, 40)],
    );
  } catch (e) {
    if ((e as { code?: string }).code === '42501') {
      // Row security: a removed workstation (no number any more) is refused everything; a workstation
      // still registered was refused this one row, another workstation's booking.
      await c.query('ROLLBACK TO SAVEPOINT booking');
      const me = (await c.query<{ me: number | null }>('SELECT sportello.my_workstation() AS me')).rows[0].me;
      if (me === null) throw e;
      const owner = await c.query<{ workstation: number }>('SELECT workstation FROM sportello.agenda_bookings WHERE booking_id = $1', [
        p.bookingId,
      ]);
      throw new NotMine(owner.rows[0]?.workstation ?? null);
    }
    if ((e as { code?: string }).code !== '23P01' || (e as { constraint?: string }).constraint !== SLOT_CONSTRAINT) throw e;
    await c.query('ROLLBACK TO SAVEPOINT booking');
    const holder = await c.query<{ workstation: number }>(
      `SELECT workstation FROM sportello.agenda_bookings WHERE station_id = $1 AND status IN ('booked','arrived') AND booking_id <> $2
         AND tstzrange(slot_start, slot_end) && tstzrange($3, $4) LIMIT 1`,
      [p.stationId, p.bookingId, start, end],
    );
    throw new SlotTaken(holder.rows[0]?.workstation ?? null);
  }
  return { bookingId: p.bookingId, revision: p.revision, status: p.status };
}

const RANK = `CASE $1::text WHEN 'waiting' THEN 0 WHEN 'called' THEN 1 ELSE 2 END`;

async function writeTicket(c: pg.PoolClient, p: HubTicketPayload): Promise<unknown> {
  const row = await c.query<{ number: number; status: HubTicketPayload['status']; called_by: number | null; me: number | null }>(
    'SELECT number, status, called_by, sportello.my_workstation() AS me FROM sportello.walkin_tickets WHERE ticket_id = $1 FOR UPDATE',
    [p.ticketId],
  );
  if (row.rows.length === 0) {
    const me = (await c.query<{ me: number | null }>('SELECT sportello.my_workstation() AS me')).rows[0].me;
    if (me !== p.issuedBy) throw new TicketNotThere();
    // The issuing counter numbers it now: the Comune's next number of the day.
    const ins = await c.query<{ number: number }>(
      `INSERT INTO sportello.walkin_tickets (ticket_id, day, number, issued_by, called_by, status, issued_at, called_at, served_at)
       VALUES ($2, $3, sportello.next_ticket_number($3), sportello.my_workstation(),
         CASE WHEN $1::text = 'waiting' THEN NULL ELSE sportello.my_workstation() END, $1, $4, $5, $6)
       RETURNING number`,
      [p.status, p.ticketId, p.day, p.issuedAt, p.calledAt, p.servedAt],
    );
    return { number: ins.rows[0].number };
  }
  // Two counters called the same number (one of them from a stale queue): the first one keeps it.
  const had = row.rows[0];
  if (p.status !== 'waiting' && had.status !== 'waiting' && had.called_by !== null && had.called_by !== had.me) {
    throw new TicketTaken({ number: had.number, takenBy: had.called_by, status: had.status });
  }
  // Another counter's (or a repeated) change: the ticket only moves forward (waiting → called → served/left).
  await c.query(
    `UPDATE sportello.walkin_tickets SET status = $1, called_by = sportello.my_workstation(), called_at = coalesce(called_at, $3, now()),
       served_at = CASE WHEN $1::text IN ('served','left') THEN coalesce(served_at, $4, now()) ELSE served_at END, updated_at = now()
     WHERE ticket_id = $2 AND ${RANK} > CASE status WHEN 'waiting' THEN 0 WHEN 'called' THEN 1 ELSE 2 END`,
    [p.status, p.ticketId, p.calledAt, p.servedAt],
  );
  return { number: row.rows[0].number };
}

export function classifyHubError(e: unknown): SendOutcome {
  if (e instanceof SlotTaken) {
    return {
      kind: 'attention',
      code: HUB_SLOT_TAKEN,
      text: `L'orario è già prenotato da un altro sportello del Comune${e.holder ? ` (postazione n. ${e.holder})` : ''}: avvisare il cittadino e spostare o annullare la prenotazione da «Conflitti CIE».`,
    };
  }
  if (e instanceof TicketTaken) {
    const { number, takenBy } = e.taken;
    return {
      kind: 'attention',
      code: HUB_TICKET_TAKEN,
      text: `Il numero ${number} è già stato chiamato dallo Sportello ${takenBy}: chiamare il successivo.`,
      detail: e.taken,
    };
  }
  if (e instanceof NotMine) {
    return {
      kind: 'attention',
      code: 'HUB_BOOKING_NOT_MINE',
      text: `Sul server del Comune questa prenotazione è registrata a un'altra postazione${e.owner ? ` (n. ${e.owner})` : ''}: la modifica non è stata inviata. Rifarla da quella postazione, o chiedere al referente informatico di far aderire di nuovo questo PC con il suo numero (sportello-admin hub code --postazione N).`,
    };
  }
  if (e instanceof TicketNotThere) {
    return {
      kind: 'retry',
      failure: 'item',
      code: 'HUB_TICKET_NOT_THERE',
      text: "Il numero è stato emesso da un altro sportello che non l'ha ancora inviato al server del Comune: Sportello riprova da solo.",
      retryAfterMs: 5_000,
    };
  }
  const err = e as { code?: string };
  if (err?.code === '23505') {
    // Two first writes of the same key at once (a resend racing its lost original): the next try finds it applied.
    return {
      kind: 'retry',
      failure: 'item',
      code: 'HUB_BUSY',
      text: 'Il server del Comune stava già registrando questa operazione: si riprova da soli.',
    };
  }
  if (err?.code === '42501') return { kind: 'retry', failure: 'credentials', code: 'HUB_WORKSTATION_REMOVED', text: CREDENTIALS_TEXT };
  const h = hubError(e);
  const failure = h instanceof HubError ? h.failure : 'refused';
  if (failure !== 'refused') return { kind: 'retry', failure, code: h.code, text: h.userMessage };
  const sqlstate = err?.code ?? 'sconosciuto';
  return {
    kind: 'attention',
    code: h.code === 'HUB_ERROR' ? `HUB_REFUSED_${sqlstate}` : h.code,
    text: `Il server del Comune ha rifiutato l'operazione (codice ${sqlstate}): verificare con il referente informatico del Comune che il server sia aggiornato alla stessa versione di Sportello.`,
  };
}

export function createHubAdapter(o: HubAdapterOptions): Adapter {
  async function send(item: OutboxItem): Promise<SendOutcome> {
    if (item.kind !== HUB_BOOKING_KIND && item.kind !== HUB_TICKET_KIND) {
      return {
        kind: 'attention',
        code: 'HUB_UNKNOWN_KIND',
        text: `Operazione "${item.kind}" non prevista per il server del Comune: segnalare il problema all'assistenza Sportello.`,
      };
    }
    const pool = o.pool();
    if (!pool) return { kind: 'retry', failure: 'transport', code: 'HUB_NOT_CONFIGURED', text: TRANSPORT_TEXT };
    try {
      const result = await pool.tx(async (c) => {
        const seen = await c.query<{ result: unknown }>('SELECT result FROM sportello.applied_ops WHERE idempotency_key = $1', [
          item.idempotencyKey,
        ]);
        if (seen.rows.length > 0) return seen.rows[0].result; // applied before: the stored answer, nothing written again
        const r =
          item.kind === HUB_BOOKING_KIND
            ? await writeBooking(c, item.payload as HubBookingPayload)
            : await writeTicket(c, item.payload as HubTicketPayload);
        await c.query(
          'INSERT INTO sportello.applied_ops (idempotency_key, workstation, kind, result) VALUES ($1, sportello.my_workstation(), $2, $3)',
          [item.idempotencyKey, item.kind, JSON.stringify(r)],
        );
        return r;
      });
      o.onPushed?.();
      return { kind: 'done', result };
    } catch (e) {
      return classifyHubError(e);
    }
  }

  async function probe(): Promise<ProbeResult> {
    const started = Date.now();
    const pool = o.pool();
    if (!pool) return { reachable: false, error: 'HUB_NOT_CONFIGURED' };
    try {
      const r = await pool.use((c) => c.query<{ now: Date; me: number | null }>('SELECT now() AS now, sportello.my_workstation() AS me'));
      const row = r.rows[0];
      const base = { reachable: true, serverDate: new Date(row.now).toUTCString(), latencyMs: Date.now() - started };
      if (row.me === null) return { ...base, credentialsAccepted: false, code: 'HUB_WORKSTATION_REMOVED', error: CREDENTIALS_TEXT };
      return { ...base, credentialsAccepted: true };
    } catch (e) {
      const h = hubError(e);
      if (h instanceof HubError && h.failure === 'credentials')
        return { reachable: true, credentialsAccepted: false, code: h.code, error: h.userMessage };
      return { reachable: false, error: h.code };
    }
  }

  return { platform: 'hub', concurrency: 2, send, probe };
}
