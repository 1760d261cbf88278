/**
 * The daily closing report the responsabile prints and keeps: every item of the day with its fate
 * and the audit log's head (entry number and hash) as anchored when printed. Input is plain data
 * (core/audit/closing-report.ts builds it); output is an A4 PDF with Titillium Web and Roboto Mono.
 */
import type { ClosingReportData, ItemFate } from '../audit/closing-report';
import { openA4Document } from './a4-document';

const MM = 72 / 25.4;
const BLUE = '#0066CC';
const TEXT = '#17324D';
const GREY = '#5C6F82';

const FATE_LABEL: Record<ItemFate, string> = {
  sent: 'Inviata',
  waiting: 'In attesa',
  attention: 'Da verificare',
  discarded: 'Scartata',
};
const PLATFORM_LABEL = { anpr: 'ANPR', gpd: 'pagoPA', agenda: 'Agenda CIE', hub: 'Hub del Comune', io: 'App IO' } as const;

const longDate = (date: string) =>
  new Intl.DateTimeFormat('it-IT', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
const romeDateTime = (iso: string) =>
  new Intl.DateTimeFormat('it-IT', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Rome' }).format(new Date(iso));

export async function renderClosingReport(d: ClosingReportData): Promise<Buffer> {
  const { doc, done } = openA4Document(15, {
    Title: `Chiusura giornaliera ${d.date}`,
    Author: `Comune di ${d.comuneName}`,
    Subject: 'Riepilogo delle operazioni del giorno e impronta del registro degli accessi',
  });

  const left = 15 * MM;
  const width = doc.page.width - 30 * MM;
  doc
    .font('semibold')
    .fontSize(11)
    .fillColor(TEXT)
    .text(`Comune di ${d.comuneName} · ${d.workstationName}`, left, 15 * MM);
  doc.font('bold').fontSize(18).fillColor(BLUE).text('Chiusura giornaliera');
  doc.font('regular').fontSize(12).fillColor(TEXT).text(longDate(d.date));
  doc.moveDown(0.6);
  const c = d.counts;
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(TEXT)
    .text(
      `${d.items.length} operazioni verso le piattaforme nazionali: ${c.sent} inviate, ${c.waiting} in attesa, ${c.attention} da verificare, ${c.discarded} scartate.`,
      { width },
    );
  doc.moveDown(0.6);

  // Columns: time, platform, operation, reference, fate, reason.
  const cols = [12, 20, 34, 40, 24, width / MM - 130].map((w) => w * MM);
  const xs = cols.map((_, i) => left + cols.slice(0, i).reduce((a, b) => a + b, 0));
  const bottom = () => doc.page.height - 25 * MM;
  const header = () => {
    const y = doc.y;
    doc.font('semibold').fontSize(8.5).fillColor(GREY);
    ['Ora', 'Piattaforma', 'Operazione', 'Riferimento', 'Esito', 'Motivo'].forEach((h, i) =>
      doc.text(h, xs[i], y, { width: cols[i] - 2 * MM, lineBreak: false }),
    );
    doc
      .moveTo(left, y + 12)
      .lineTo(left + width, y + 12)
      .lineWidth(0.5)
      .strokeColor(GREY)
      .stroke();
    doc.y = y + 15;
  };
  header();
  if (d.items.length === 0)
    doc.font('regular').fontSize(10).fillColor(TEXT).text('Nessuna operazione registrata in questo giorno.', left, doc.y);
  for (const item of d.items) {
    const cells = [item.time, PLATFORM_LABEL[item.platform], item.kind, item.reference ?? '—', FATE_LABEL[item.fate], item.reason ?? ''];
    doc.font('regular').fontSize(8.5);
    const h = Math.max(...cells.map((t, i) => doc.heightOfString(t, { width: cols[i] - 2 * MM }))) + 3;
    if (doc.y + h > bottom()) {
      doc.addPage();
      doc.y = 15 * MM;
      header();
    }
    const y = doc.y;
    cells.forEach((t, i) => {
      doc
        .font(i === 4 ? 'semibold' : 'regular')
        .fontSize(8.5)
        .fillColor(item.fate === 'attention' && i === 4 ? '#A61919' : TEXT);
      doc.text(t, xs[i], y, { width: cols[i] - 2 * MM });
    });
    doc.y = y + h;
  }

  if (doc.y + 42 * MM > bottom()) {
    doc.addPage();
    doc.y = 15 * MM;
  }
  doc.moveDown(1);
  doc.font('semibold').fontSize(11).fillColor(BLUE).text('Impronta del registro degli accessi', left);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(TEXT)
    .text(
      `Alla stampa (${romeDateTime(d.anchor.at)}) il registro degli accessi termina con la voce n. ${d.anchor.seq}, la cui impronta SHA-256 è:`,
      left,
      doc.y,
      { width },
    );
  doc.font('mono').fontSize(9).text(d.anchor.hash, { width });
  doc
    .font('regular')
    .fontSize(9)
    .text(
      `La stessa impronta è nella riga n. ${d.anchor.n} del file delle ancore. Conservi questo foglio: il comando «sportello-admin audit verify» segnala ogni modifica del registro fino a questa voce.`,
      { width },
    );
  doc.moveDown(2);
  doc.font('regular').fontSize(10).text('Firma del responsabile  ______________________________', left);
  doc.end();
  return done;
}
