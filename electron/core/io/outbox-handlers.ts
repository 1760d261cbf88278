/**
 * The IO message kind for the sync engine: its payload schema and how an item reads in
 * «Operazioni da verificare». A message cannot be corrected (only sent again as it is, on the
 * clerk's explicit decision, audited as sync.resend) or discarded with a reason.
 */
import { formatDateIt } from '../forms/dates';
import type { Db } from '../store/types';
import { clearSubmitting } from './submissions';
import type { ItemSubject, OutboxHandler, OutboxItem } from '../sync/types';
import { IO_KIND_MESSAGE, IO_OUTCOME_UNCERTAIN, IO_REJECTED, type IoMessagePayload, ioMessagePayloadV1 } from './model';

const WHAT: Record<IoMessagePayload['purpose'], string> = {
  'cie.confirmation': "Messaggio IO: conferma dell'appuntamento CIE",
  'cie.reminder': "Messaggio IO: promemoria dell'appuntamento CIE",
  'cie.moved': 'Messaggio IO: appuntamento CIE spostato',
  'cie.cancelled': 'Messaggio IO: appuntamento CIE annullato',
  'pagopa.notice': 'Messaggio IO: avviso di pagamento pagoPA',
};

const UNCERTAIN =
  "Il messaggio è partito ma la risposta di IO non è arrivata: IO potrebbe averlo consegnato, e non permette di verificarlo; un secondo invio potrebbe arrivare doppio, perciò Sportello non lo rimanda da solo. Chiedere al cittadino se ha ricevuto il messaggio nell'app IO: se sì, «Annulla invio» con il motivo «ricevuto»; se no, «Reinvia senza modifiche». Intanto consegnare la ricevuta o l'avviso stampato.";

export function describeIoItem(_db: Db, item: OutboxItem): ItemSubject {
  const p = item.payload as Partial<IoMessagePayload> | undefined;
  const when = p?.dueDate ? ` (${formatDateIt(p.dueDate.slice(0, 10))})` : '';
  return {
    what: `${p?.purpose ? WHAT[p.purpose] : 'Messaggio IO'}${when}`,
    person: p?.name ? { name: p.name, codiceFiscale: p.fiscalCode ?? null } : null,
    explanation:
      item.lastErrorCode === IO_OUTCOME_UNCERTAIN
        ? UNCERTAIN
        : item.lastErrorCode === IO_REJECTED
          ? "IO ha rifiutato il messaggio così com'è: avvisare il referente informatico e consegnare al cittadino la ricevuta o l'avviso stampato."
          : null,
  };
}

export const ioOutboxHandlers: OutboxHandler[] = [
  {
    kind: IO_KIND_MESSAGE,
    payloadSchemas: { 1: ioMessagePayloadV1 },
    payloadVersion: 1,
    describe: describeIoItem,
    // The answer is recorded: the "leaving now" note has done its job (submissions.ts).
    onDone: (db, item) => clearSubmitting(db, item.id),
    onAttention: (db, item) => clearSubmitting(db, item.id),
    onDiscarded: (db, item) => clearSubmitting(db, item.id),
    fieldLabel: (path) =>
      ({ subject: 'Oggetto del messaggio', markdown: 'Testo del messaggio', fiscalCode: 'Codice fiscale', dueDate: 'Scadenza' })[
        String(path[0])
      ],
  },
];
