/**
 * The CIE booking receipt given to the citizen: date, time, place, booking code (also as a QR code
 * the counter's barcode reader can scan) and what to bring. Input is plain data (core/cie builds it
 * with receiptData); output is an A4 PDF with Titillium Web embedded.
 */
import { drawMatrix, qrMatrix } from './notice-codes';
import { openA4Document } from './a4-document';

export interface BookingReceiptData {
  comuneName: string;
  stationName: string;
  /** Where to go, as the citizen should read it. */
  place: string;
  /** Long Italian date, e.g. "martedì 15 dicembre 2026". */
  dateLabel: string;
  date: string;
  startTime: string;
  code: string;
  people: { name: string; time: string }[];
  whatToBring: string[];
  /** Online bookings still to be confirmed: the deadline in words, else null. */
  confirmByLabel: string | null;
  /** Printed at the bottom: when the receipt was produced, Italian. */
  printedAtLabel: string;
}

const MM = 72 / 25.4;
const BLUE = '#0066CC';
const TEXT = '#17324D';

export async function renderBookingReceipt(d: BookingReceiptData): Promise<Buffer> {
  const { doc, done } = openA4Document(20, {
    Title: `Prenotazione CIE ${d.code}`,
    Author: `Comune di ${d.comuneName}`,
    Subject: "Promemoria appuntamento carta d'identità elettronica",
  });

  const left = 20 * MM;
  const width = doc.page.width - 40 * MM;
  doc
    .font('semibold')
    .fontSize(11)
    .fillColor(TEXT)
    .text(`Comune di ${d.comuneName}`, left, 20 * MM);
  doc
    .font('bold')
    .fontSize(20)
    .fillColor(BLUE)
    .text("Appuntamento per la carta d'identità elettronica", { width: width - 40 * MM });
  doc.moveDown(0.8);

  const qrSize = 32 * MM;
  const qrTop = doc.y;
  drawMatrix(doc, qrMatrix(d.code), left + width - qrSize, qrTop, qrSize);
  doc.font('regular').fontSize(10).fillColor(TEXT).text('Codice prenotazione', left, qrTop);
  doc.font('monoBold').fontSize(22).fillColor(TEXT).text(d.code);
  doc.moveDown(0.4);
  row(doc, 'Giorno', d.dateLabel, width - qrSize);
  row(doc, 'Ora', d.startTime, width - qrSize);
  row(doc, 'Dove', `${d.place} — ${d.stationName}`, width - qrSize);
  doc.y = Math.max(doc.y, qrTop + qrSize) + 4 * MM;

  if (d.people.length > 1 || d.people[0]?.name) {
    doc
      .font('semibold')
      .fontSize(12)
      .fillColor(BLUE)
      .text(d.people.length > 1 ? 'Persone e orari' : 'Persona', left);
    for (const p of d.people)
      doc
        .font('regular')
        .fontSize(11)
        .fillColor(TEXT)
        .text(`${p.time}  ${p.name}`, { indent: 4 * MM });
    doc.moveDown(0.6);
  }

  if (d.confirmByLabel) {
    doc
      .font('bold')
      .fontSize(11)
      .fillColor('#A61919')
      .text(`Confermi la prenotazione entro ${d.confirmByLabel}: senza conferma il posto viene liberato.`, left, doc.y, { width });
    doc.moveDown(0.6);
  }

  doc.font('semibold').fontSize(12).fillColor(BLUE).text('Cosa portare', left);
  doc.font('regular').fontSize(11).fillColor(TEXT);
  for (const item of d.whatToBring) {
    const y = doc.y;
    doc.text('•', left + 2 * MM, y);
    doc.text(item, left + 6 * MM, y, { width: width - 6 * MM, paragraphGap: 2 });
  }
  doc.moveDown(0.8);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(TEXT)
    .text(
      "Arrivi qualche minuto prima. Se non può venire, avvisi l'ufficio o annulli la prenotazione: il posto andrà a un altro cittadino.",
      left,
      doc.y,
      { width },
    );
  // The footer sits in the bottom margin: without this pdfkit would start a second page for it.
  doc.page.margins.bottom = 0;
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#5C6F82')
    .text(d.printedAtLabel, left, doc.page.height - 14 * MM, { width, lineBreak: false });
  doc.end();
  return done;
}

function row(doc: PDFKit.PDFDocument, label: string, value: string, width: number): void {
  const x = doc.page.margins.left;
  const y = doc.y;
  doc
    .font('regular')
    .fontSize(11)
    .fillColor('#5C6F82')
    .text(label, x, y, { width: 22 * MM });
  doc
    .font('semibold')
    .fontSize(13)
    .fillColor(TEXT)
    .text(value, x + 22 * MM, y - 1, { width: width - 26 * MM });
  doc.moveDown(0.2);
}
