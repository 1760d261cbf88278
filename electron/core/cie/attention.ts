/**
 * A refused booking-system item in the clerk's words (OutboxHandler.describe of agenda.*): the CIE
 * booking by its day and time, and the first person booked.
 */
import type { Db } from '../store/types';
import type { ItemSubject, OutboxItem } from '../sync/types';
import { findBooking } from './booking-store';
import { BOOK_KIND, CANCEL_KIND } from './push';

type PersonLike = { codiceFiscale?: string | null; surname?: string; givenNames?: string };

const dmy = (iso: string) => iso.split('-').reverse().join('/');

export function describeBookingItem(db: Db, item: OutboxItem): ItemSubject {
  const p = item.payload as { date?: string; times?: string[]; code?: string; people?: PersonLike[] } | undefined;
  const b = item.kind === BOOK_KIND && p?.date ? undefined : item.businessId ? findBooking(db, item.businessId) : undefined;
  const date = p?.date ?? b?.date;
  const time = p?.times?.[0] ?? b?.startTime;
  const code = p?.code ?? b?.code;
  const first: PersonLike | undefined = p?.people?.[0] ?? b?.people[0];
  const action =
    item.kind === CANCEL_KIND
      ? 'Disdetta della prenotazione CIE'
      : item.kind === BOOK_KIND
        ? 'Prenotazione CIE'
        : 'Conferma della prenotazione CIE';
  const when = date ? ` del ${dmy(date)}${time ? ` ${time}` : ''}` : '';
  const name = [first?.surname, first?.givenNames].filter(Boolean).join(' ');
  return {
    what: `${action}${when}${code ? ` (codice ${code})` : ''}`,
    person: name ? { name, codiceFiscale: first?.codiceFiscale ?? null } : null,
    explanation: null,
  };
}

const LABELS: Record<string, string> = {
  bookingId: 'Identificativo della prenotazione',
  revision: 'Versione della prenotazione',
  code: 'Codice della prenotazione',
  stationId: 'Postazione',
  date: 'Giorno',
  times: 'Orario',
  channel: 'Canale',
  people: 'Persona',
  codiceFiscale: 'Codice fiscale',
  surname: 'Cognome',
  givenNames: 'Nome',
  birthDate: 'Data di nascita',
  phone: 'Telefono',
  email: 'Email',
  reason: 'Motivo',
};

/** A booking payload path in the clerk's words (its deepest known element). */
export function bookingFieldLabel(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const k = path[i];
    if (typeof k === 'string' && LABELS[k]) return LABELS[k];
  }
  return 'Dati della prenotazione';
}
