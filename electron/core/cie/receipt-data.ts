/** The data printed on a booking receipt (core/print/receipt.ts renders it). */
import type { BookingReceiptData } from '../print/receipt';
import type { Db } from '../store/types';
import { italianLongDate } from './calendar';
import { romeDate, romeTime } from '../rome-time';
import { getBooking } from './booking-store';
import { getSettings, getStation } from './stations';
import { formatAmountIt } from '../forms/amounts';

const euro = (cents: number) => `€ ${formatAmountIt(cents)}`;

export function whatToBring(feeCents: number, duplicateFeeCents: number): string[] {
  return [
    'Una fototessera recente (meno di sei mesi), 35 × 45 mm, a volto intero su sfondo chiaro; oppure il file JPG della foto su chiavetta USB (almeno 400 dpi, al massimo 500 KB).',
    'Il codice fiscale o la tessera sanitaria.',
    "Per il rinnovo o se il documento è rovinato: la carta d'identità che si sostituisce.",
    "In caso di furto o smarrimento: la denuncia presentata alle forze dell'ordine.",
    'Per il primo rilascio senza un altro documento valido: due testimoni maggiorenni con il loro documento.',
    "Per i minorenni: la presenza di entrambi i genitori, oppure l'assenso scritto del genitore assente con copia del suo documento.",
    `Il pagamento: ${euro(feeCents)} (${euro(duplicateFeeCents)} se la carta ancora valida è stata smarrita, rubata o rovinata), con avviso pagoPA o allo sportello.`,
  ];
}

export function receiptData(db: Db, bookingId: string, now = new Date()): BookingReceiptData {
  const b = getBooking(db, bookingId);
  const station = getStation(db, b.stationId);
  const s = getSettings(db);
  return {
    comuneName: s.comuneName || '—',
    stationName: station.name,
    place: station.place,
    dateLabel: italianLongDate(b.date),
    date: b.date,
    startTime: b.startTime,
    code: b.code,
    people: b.people.map((p, i) => ({ name: `${p.givenNames} ${p.surname}`, time: b.times[i] })),
    whatToBring: whatToBring(s.feeCents, s.duplicateFeeCents),
    confirmByLabel: b.confirmBy && !b.confirmedAt ? `${italianLongDate(romeDate(b.confirmBy))}, ore ${romeTime(b.confirmBy)}` : null,
    printedAtLabel: `Stampato il ${italianLongDate(romeDate(now))} alle ${romeTime(now)} — Sportello`,
  };
}
