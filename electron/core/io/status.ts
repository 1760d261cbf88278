/**
 * What the clerk reads about a booking's or a notice's IO messages, on its detail: sent (when),
 * not on IO (with the paper path), waiting, outcome uncertain (what to do). Read from the outbox
 * items and their results; no table of its own.
 */
import { romeDateTimeText } from '../rome-time';
import type { Db } from '../store/types';
import { countByState, itemResult, listItems, SYNC_WITHDRAWN } from '../sync/outbox';
import type { OutboxItem } from '../sync/types';
import { IO_OUTCOME_UNCERTAIN, type IoMessagePayload, type IoPurpose, type IoResult } from './model';
import { IO_BOOKING, IO_NOTICE } from './queue';
import { getIoSettings } from './settings';

export type IoMessageState = 'queued' | 'scheduled' | 'sent' | 'not_on_io' | 'uncertain' | 'refused' | 'withdrawn' | 'closed';

export interface IoMessageStatus {
  outboxId: string;
  purpose: IoPurpose;
  /** «Conferma dell'appuntamento», «Promemoria», … */
  what: string;
  /** The citizen the message is for. */
  name: string;
  state: IoMessageState;
  /** When it was sent or found not on IO (ISO), or when a scheduled reminder leaves. */
  at: string | null;
  /** The sentence the clerk reads, with what to do. */
  text: string;
}

export interface IoStatusView {
  /** False: the Comune sends nothing through IO (no service configured). */
  configured: boolean;
  messages: IoMessageStatus[];
  /** When nothing was queued though IO is configured (no codice fiscale, a company): why, in words. */
  note: string | null;
}

const WHAT: Record<IoPurpose, string> = {
  'cie.confirmation': "Conferma dell'appuntamento",
  'cie.reminder': 'Promemoria del giorno prima',
  'cie.moved': 'Appuntamento spostato',
  'cie.cancelled': 'Appuntamento annullato',
  'pagopa.notice': 'Avviso di pagamento',
};

const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

function statusOf(item: OutboxItem, result: IoResult | null, paper: string): Pick<IoMessageStatus, 'state' | 'at' | 'text'> {
  const p = item.payload as IoMessagePayload;
  if (item.state === 'done' && result?.outcome === 'sent')
    return { state: 'sent', at: result.at, text: `Messaggio inviato in IO il ${romeDateTimeText(result.at)}.` };
  if (item.state === 'done' && result?.outcome === 'not_allowed')
    return {
      state: 'not_on_io',
      at: result.at,
      text: `Il cittadino ha disattivato in IO i messaggi di questo servizio: ${paper}`,
    };
  if (item.state === 'done') return { state: 'not_on_io', at: result?.at ?? null, text: `Il cittadino non usa l'app IO: ${paper}` };
  // Withdrawn by Sportello (appointment moved or cancelled, notice cancelled: the reason in the text),
  // or closed by the clerk in «Operazioni da verificare» with their own reason.
  if (item.state === 'discarded' && item.lastErrorCode === SYNC_WITHDRAWN)
    return {
      state: 'withdrawn',
      at: null,
      text: `Messaggio ritirato prima dell’invio (${lowerFirst(item.lastErrorText ?? 'non più necessario')}).`,
    };
  if (item.state === 'discarded')
    return {
      state: 'closed',
      at: null,
      text: `Invio chiuso dall’operatore: ${item.lastErrorText ?? 'motivo non indicato'}.`.replace(/\.\.$/, '.'),
    };
  if (item.state === 'attention' && item.lastErrorCode === IO_OUTCOME_UNCERTAIN)
    return {
      state: 'uncertain',
      at: null,
      text: 'Esito incerto: IO potrebbe aver ricevuto il messaggio. Chiedere al cittadino se gli è arrivato; se no, «Reinvia senza modifiche» in «Operazioni da verificare».',
    };
  if (item.state === 'attention') return { state: 'refused', at: null, text: `IO non ha accettato il messaggio: ${paper}` };
  if (p?.sendAfter && Date.parse(p.sendAfter) > Date.now())
    return { state: 'scheduled', at: p.sendAfter, text: `Promemoria programmato: parte in IO il ${romeDateTimeText(p.sendAfter)}.` };
  return { state: 'queued', at: null, text: 'Messaggio IO in coda: parte appena la linea lo permette.' };
}

function view(db: Db, businessType: string, businessId: string, paper: string, none: string): IoStatusView {
  const configured = getIoSettings(db) !== undefined;
  const items = listItems(db, { platform: 'io', businessType, businessId });
  const messages = items.map((item) => {
    const p = item.payload as IoMessagePayload;
    return {
      outboxId: item.id,
      purpose: p.purpose,
      what: WHAT[p.purpose],
      name: p.name,
      ...statusOf(item, itemResult(db, item.id) as IoResult | null, paper),
    };
  });
  return { configured, messages, note: configured && messages.length === 0 ? none : null };
}

export function bookingIoStatus(db: Db, bookingId: string): IoStatusView {
  return view(
    db,
    IO_BOOKING,
    bookingId,
    'consegnare la ricevuta stampata.',
    'Nessun messaggio IO: nessuna persona della prenotazione ha un codice fiscale, oppure IO non invia gli appuntamenti CIE. Consegnare la ricevuta stampata.',
  );
}

/** `awaitingPagopa`: the position is not at pagoPA yet, so its IO message is not queued yet (core/pagopa queueNoticeIo). */
export function noticeIoStatus(db: Db, noticeId: string, awaitingPagopa = false): IoStatusView {
  return view(
    db,
    IO_NOTICE,
    noticeId,
    "consegnare l'avviso stampato.",
    awaitingPagopa
      ? "Il messaggio IO con l'avviso parte appena pagoPA ha registrato l'avviso."
      : "Nessun messaggio IO: l'avviso è intestato a una persona giuridica, oppure IO non invia gli avvisi pagoPA. Consegnare l'avviso stampato.",
  );
}

/**
 * Reminders waiting for their day (queued with notBefore, or sent back by the adapter as IO_NOT_YET):
 * not "to send" in the queue's counts, only scheduled (each booking's detail shows when it leaves).
 */
export function scheduledReminders(db: Db, nowIso: string): number {
  return listItems(db, { platform: 'io', states: ['waiting'], limit: 100_000 }).filter(
    (i) => i.nextAttemptAt !== null && i.nextAttemptAt > nowIso && (i.lastErrorCode === null || i.lastErrorCode === 'IO_NOT_YET'),
  ).length;
}

/**
 * The outbox's counts per platform and state as the queue shows them: an IO reminder waiting for
 * the day before its appointment is scheduled, not late, so it is not counted as IO "to send".
 */
export function queueCounts(db: Db, now: Date): ReturnType<typeof countByState> {
  const counts = countByState(db);
  counts.io.waiting = Math.max(0, counts.io.waiting - scheduledReminders(db, now.toISOString()));
  return counts;
}
