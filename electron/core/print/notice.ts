/**
 * The pagoPA payment notice as PDF, in the Avvisi di pagamento 3.x layout (research/pagopa.md §3):
 * A4, 10 mm margins, Titillium Web and Roboto Mono embedded, QR and Data Matrix drawn as vectors.
 */
import PDFDocument from 'pdfkit';
import { ValidationError } from '../errors';
import { formatDateIt, formatEuro } from '../pagopa/format';
import { groupNav } from '../pagopa/nav';
import { dataMatrixMatrix, drawMatrix, posteDataMatrixPayload, qrMatrix, qrPayload } from './notice-codes';
import { noticeFonts, type NoticeFonts } from './notice-fonts';
import { planPages } from './notice-layout';
import type { NoticeDocument, NoticePayment } from './notice-types';

export const MM = 72 / 25.4;
const W = 595.28;
const H = 841.89;
const M = 10 * MM;
const MID = W / 2;
const RIGHT_X = MID + 25;
export const QR_SIZE = 25 * MM;
export const DM_SIZE = 23 * MM;

const INK = '#17324D';
const BAND = '#EEEEEE';
const BRAND = '#0066CC';
const AUTH_GREY = '#4D4D4D';

/** Where each code was drawn: tests crop and measure the raster there. Points, top-left origin. */
export interface PlacedCode {
  kind: 'qr' | 'datamatrix';
  page: number;
  x: number;
  y: number;
  size: number;
  payload: string;
}

export interface RenderedNotice {
  pdf: Buffer;
  pages: number;
  codes: PlacedCode[];
}

type FontName = keyof NoticeFonts;

class Pen {
  page = 0;
  readonly codes: PlacedCode[] = [];
  constructor(
    readonly doc: PDFKit.PDFDocument,
    fonts: NoticeFonts,
  ) {
    // Registered by name so pdfkit reuses one embedded (subset) font per face for the whole document.
    for (const [name, font] of Object.entries(fonts)) doc.registerFont(name, font as unknown as string);
  }

  use(font: FontName, size: number, color = INK): this {
    this.doc.font(font).fontSize(size).fillColor(color);
    return this;
  }

  /** One line, cut with "…" if wider than `width`. */
  line(
    font: FontName,
    size: number,
    text: string,
    x: number,
    y: number,
    width: number,
    opts: { align?: 'left' | 'right'; color?: string } = {},
  ): void {
    this.use(font, size, opts.color);
    let s = text;
    if (this.doc.widthOfString(s) > width) {
      while (s.length > 1 && this.doc.widthOfString(s + '…') > width) s = s.slice(0, -1);
      s = s.trimEnd() + '…';
    }
    this.doc.text(s, x, y, { width, align: opts.align ?? 'left', lineBreak: false });
  }

  para(font: FontName, size: number, text: string, x: number, y: number, width: number, color?: string): number {
    this.use(font, size, color);
    this.doc.text(text, x, y, { width, lineGap: 0.5 });
    return this.doc.y;
  }

  /** Regular text with bold spans marked **like this**. */
  rich(size: number, text: string, x: number, y: number, width: number): void {
    const parts = text.split('**');
    parts.forEach((p, i) => {
      this.use(i % 2 ? 'bold' : 'regular', size);
      const last = i === parts.length - 1;
      if (i === 0) this.doc.text(p, x, y, { width, continued: !last, lineGap: 0.5 });
      else this.doc.text(p, { continued: !last, lineGap: 0.5 });
    });
  }

  band(x: number, y: number, w: number, h = 22): void {
    this.doc.save().rect(x, y, w, h).fill(BAND).restore();
  }

  code(kind: PlacedCode['kind'], payload: string, x: number, y: number, size: number): void {
    drawMatrix(this.doc, kind === 'qr' ? qrMatrix(payload) : dataMatrixMatrix(payload), x, y, size);
    this.codes.push({ kind, page: this.page, x, y, size, payload });
  }
}

function header(p: Pen, n: NoticeDocument): void {
  p.line('bold', 19, 'pagoPA', M, M - 2, 70, { color: BRAND });
  p.line('bold', 8, 'AVVISO DI PAGAMENTO', M + 72, M + 5, 200);
  p.use('bold', 15);
  p.doc.text(n.subject, M, M + 35, { width: W - 2 * M - 100, height: 40, ellipsis: true });
  if (n.ente.logo) {
    try {
      p.doc.image(n.ente.logo, W - M - 30 * MM, M - 4, { fit: [30 * MM, 30 * MM], align: 'right' });
    } catch {
      // A logo pdfkit cannot decode is left out rather than blocking the notice at the counter.
    }
  }
}

function sectionTitle(p: Pen, left: string, y: number, x = M): void {
  p.line('bold', 8.5, left, x, y + 6.5, 250);
}

function infoIcon(p: Pen, x: number, y: number): void {
  p.doc
    .save()
    .lineWidth(0.6)
    .circle(x + 4, y + 4, 3.6)
    .stroke(INK)
    .restore();
  p.line('bold', 5.5, 'i', x + 2.9, y + 0.6, 4);
}

function firstPageBlocks(p: Pen, n: NoticeDocument): number {
  // Ente creditore / Destinatario
  let y = 118;
  p.band(0, y, MID - 3);
  p.band(MID + 3, y, W - MID - 3);
  sectionTitle(p, 'ENTE CREDITORE', y);
  p.line('mono', 7.5, n.ente.cf, M + 120, y + 7.5, MID - 3 - M - 120 - 14, { align: 'right' });
  sectionTitle(p, 'DESTINATARIO', y, RIGHT_X);
  if (n.debtor.cf) p.line('mono', 7.5, n.debtor.cf, RIGHT_X + 100, y + 7.5, W - M - RIGHT_X - 100, { align: 'right' });
  y += 38;
  p.line('bold', 13, n.ente.name, M, y, MID - M - 20);
  p.line('bold', 13, n.debtor.fullName, RIGHT_X, y, W - M - RIGHT_X);
  if (n.ente.office) p.line('regular', 10.5, n.ente.office, M, y + 30, MID - M - 20);
  if (n.ente.info) p.para('regular', 6.5, n.ente.info, M, y + 58, MID - M - 30);
  n.debtor.addressLines.slice(0, 3).forEach((l, i) => p.line('regular', 10.5, l, RIGHT_X, y + 30 + i * 15, W - M - RIGHT_X));

  // Quanto e quando / Dove pagare
  y = 248;
  p.band(0, y, MID - 3);
  p.band(MID + 3, y, W - MID - 3);
  sectionTitle(p, n.single.dueDate ? 'QUANTO E QUANDO PAGARE?' : 'QUANTO PAGARE?', y);
  sectionTitle(p, 'DOVE PAGARE?', y, RIGHT_X);
  p.rich(6.5, 'vai su **pagopa.gov.it**', W - M - 72, y + 8, 80);
  y += 34;
  p.line('bold', 6.5, 'Importo', M, y, 80);
  p.line('bold', 15, `${formatEuro(n.single.amountCents)} Euro`, M, y + 8, 170);
  p.line('bold', 6.5, 'entro il', M + 175, y, 80);
  p.line('bold', 15, formatDateIt(n.single.dueDate), M + 175, y + 8, 100);
  let iy = y + 40;
  if (n.instalments.length >= 2) {
    infoIcon(p, M, iy);
    p.line('regular', 6.5, `Puoi pagare per intero oppure in ${n.instalments.length} rate`, M + 13, iy + 0.5, 230);
    iy += 15;
  }
  infoIcon(p, M, iy);
  p.para(
    'regular',
    6.5,
    "In fase di pagamento, se previsto dall'ente, l'importo potrebbe essere aggiornato automaticamente e subire variazioni " +
      'in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).',
    M + 13,
    iy + 0.5,
    225,
  );

  p.line('bold', 8, "PAGA CON L'APP IO", RIGHT_X, y, 200);
  const online = n.ente.onlineChannel ? `${n.ente.onlineChannel} ` : '';
  p.para(
    'regular',
    6.5,
    `oppure ${online}dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.`,
    RIGHT_X,
    y + 11,
    205,
  );
  p.line('bold', 8, 'PAGA SUL TERRITORIO', RIGHT_X, y + 44, 200);
  const physical = n.ente.physicalChannel ? `${n.ente.physicalChannel}, ` : '';
  p.para(
    'regular',
    6.5,
    `${physical}presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, ` +
      'Ricevitorie, Supermercati, Tabaccherie e altri Esercenti Convenzionati.',
    RIGHT_X,
    y + 55,
    205,
  );

  // Dati per il pagamento: rata unica
  y = 392;
  p.band(0, y, W);
  sectionTitle(p, 'DATI PER IL PAGAMENTO', y);
  p.line('bold', 8.5, `Rata unica entro il ${formatDateIt(n.single.dueDate)}`, MID, y + 6.5, W - M - MID, { align: 'right' });
  y += 36;
  p.code('qr', qrPayload(n.single.nav, n.ente.cf, n.single.amountCents), M, y, QR_SIZE);
  p.rich(6.5, 'Inquadra il **codice QR** con la tua app di pagamento o usa i dati accanto.', M, y + QR_SIZE + 12, 125);
  const cx = M + 139;
  const fields: [string, string][] = [
    ['Destinatario', n.debtor.fullName],
    ['Ente creditore', n.ente.name],
    ['Oggetto del pagamento', n.subject],
  ];
  fields.forEach(([label, value], i) => {
    p.line('regular', 6.5, label, cx, y + i * 25, 230);
    p.line('bold', 7, value, cx, y + i * 25 + 8, 250);
  });
  p.use('monoBold', 11);
  const amount = formatEuro(n.single.amountCents);
  const aw = p.doc.widthOfString(amount);
  p.line('monoBold', 11, amount, W - M - aw - 2, y, aw + 4);
  p.line('regular', 8, 'Euro', W - M - aw - 26, y + 2, 24);
  const by = y + 90;
  if (n.ente.cbill) {
    p.line('regular', 6.5, 'Cod. CBILL', cx, by, 80);
    p.line('monoBold', 9, n.ente.cbill, cx, by + 10, 90);
  }
  p.line('regular', 6.5, 'Cod. Avviso', cx + 100, by, 120);
  p.line('monoBold', 9, groupNav(n.single.nav), cx + 100, by + 10, 150);
  p.line('regular', 6.5, 'Cod. Fiscale Ente', W - M - 100, by, 100, { align: 'right' });
  p.line('monoBold', 9, n.ente.cf, W - M - 100, by + 10, 100, { align: 'right' });
  return by + 30;
}

const CARD_H = 222;

function instalmentCard(p: Pen, n: NoticeDocument, inst: NoticePayment, index: number, x: number, y: number, w: number, cols: 2 | 3): void {
  p.band(x, y, w, 20);
  p.line('bold', 8.5, `Rata ${index + 1}`, x + 8, y + 5.5, w - 16);
  const top = y + 30;
  p.code('qr', qrPayload(inst.nav, n.ente.cf, inst.amountCents), x + w - QR_SIZE - 8, top, QR_SIZE);
  const lx = x + 8;
  const mono = cols === 3 ? 8 : 9.5;
  p.line('regular', 6.5, 'Euro', lx, top, 60);
  p.line('monoBold', mono, formatEuro(inst.amountCents), lx, top + 8, w - QR_SIZE - 24);
  p.line('regular', 6.5, 'Entro il', lx, top + 26, 60);
  p.line('monoBold', mono, formatDateIt(inst.dueDate), lx, top + 34, w - QR_SIZE - 24);
  let ry = top + QR_SIZE + 6;
  p.line('regular', 6.5, 'Cod. Avviso', lx, ry, 80);
  p.line('monoBold', mono, groupNav(inst.nav), lx, ry + 8, w - 16);
  ry += 26;
  p.line('regular', 6.5, 'Cod. Fiscale Ente', lx, ry, 80);
  p.line('monoBold', mono, n.ente.cf, lx, ry + 8, w / 2);
  if (n.ente.cbill) {
    p.line('regular', 6.5, 'Cod. CBILL', lx + w * 0.52, ry, 60);
    p.line('monoBold', mono, n.ente.cbill, lx + w * 0.52, ry + 8, w * 0.45 - 8);
  }
  ry += 28;
  p.line('regular', 6.5, 'Oggetto del pagamento', lx, ry, w - 16);
  p.line('bold', 7, n.subject, lx, ry + 8, w - 16);
  ry += 22;
  p.line('regular', 6.5, 'Ente creditore', lx, ry, w - 16);
  p.line('bold', 7, n.ente.name, lx, ry + 8, w - 16);
  p.rich(6.5, 'Inquadra il **codice QR** con la tua app di pagamento o usa i dati sopra', lx, ry + 26, w - 16);
}

function instalmentRow(p: Pen, n: NoticeDocument, ids: number[], y: number, cols: 2 | 3): void {
  const gap = 12;
  const w = (W - 2 * (M - 8) - gap * (cols - 1)) / cols;
  ids.forEach((id, i) => instalmentCard(p, n, n.instalments[id], id, M - 8 + i * (w + gap), y, w, cols));
}

const BOLLETTINO_H = 212;

function bollettino(p: Pen, n: NoticeDocument, pay: NoticePayment, label: string, y: number): void {
  const poste = n.poste!;
  // cut line
  p.doc
    .save()
    .lineWidth(0.5)
    .dash(3, { space: 2 })
    .moveTo(0, y - 6)
    .lineTo(W, y - 6)
    .stroke('#9AA5B1')
    .undash()
    .restore();
  p.band(0, y, W);
  sectionTitle(p, 'BOLLETTINO POSTALE PA', y);
  p.use('regular', 9);
  p.doc.text('Banco', M + 150, y + 6, { continued: true, lineBreak: false });
  p.use('bold', 9);
  p.doc.text('Posta', { lineBreak: false });
  p.line('bold', 8.5, `${label} entro ${formatDateIt(pay.dueDate)}`, MID, y + 6.5, W - M - MID, { align: 'right' });

  const top = y + 36;
  p.use('bold', 15);
  p.doc.text('Poste', M, top - 2, { continued: true, lineBreak: false });
  p.use('regular', 15);
  p.doc.text('italiane', { lineBreak: false });
  p.para(
    'regular',
    6.5,
    'Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di ' +
      "Poste Italiane e dell'Ente Creditore",
    M,
    top + 66,
    122,
  );
  p.para('regular', 5.5, poste.authorization, M, top + 124, 122, AUTH_GREY);

  const cx = M + 140;
  p.doc
    .save()
    .roundedRect(cx, top - 2, 18, 18, 2)
    .fill('#000000')
    .restore();
  p.line('bold', 11, '€', cx + 4.5, top + 0.5, 12, { color: '#FFFFFF' });
  p.line('regular', 8, 'sul C/C n.', cx + 26, top + 3, 50);
  p.line('monoBold', 10, poste.account.padStart(12, '0'), cx + 68, top + 2, 120);
  p.use('monoBold', 11);
  const amount = formatEuro(pay.amountCents);
  const aw = p.doc.widthOfString(amount);
  p.line('monoBold', 11, amount, W - M - aw - 2, top + 1, aw + 4);
  p.line('regular', 8, 'Euro', W - M - aw - 26, top + 3, 24);

  const rows: [string, string][] = [
    ['Intestato a', poste.holder],
    ['Destinatario', n.debtor.fullName],
    ['Oggetto pagamento', n.subject],
  ];
  rows.forEach(([l, v], i) => {
    p.line('regular', 6.5, l, cx, top + 32 + i * 14, 60);
    p.line('bold', 6.5, v, cx + (i === 2 ? 58 : 44), top + 32 + i * 14, 210 - (i === 2 ? 14 : 0));
  });
  const by = top + 96;
  p.line('regular', 6.5, 'Cod. Avviso', cx, by, 100);
  p.line('monoBold', 9, groupNav(pay.nav), cx, by + 10, 150);
  p.line('regular', 6.5, 'Tipo', cx + 160, by, 40);
  p.line('monoBold', 9, 'P1', cx + 160, by + 10, 40);
  p.line('regular', 6.5, 'Cod. Fiscale Ente Creditore', cx + 200, by, 110, { align: 'right' });
  p.line('monoBold', 9, n.ente.cf, cx + 200, by + 10, 110, { align: 'right' });

  const dmPayload = posteDataMatrixPayload({
    nav: pay.nav,
    account: poste.account,
    amountCents: pay.amountCents,
    cfEnte: n.ente.cf,
    debtorCf: n.debtor.cf,
    debtorName: n.debtor.fullName,
    subject: n.subject,
  });
  const box = 25 * MM;
  const bx = W - M - box;
  const bTop = top + 30;
  const inset = (box - DM_SIZE) / 2;
  p.code('datamatrix', dmPayload, bx + inset, bTop + inset, DM_SIZE);
  // corner marks of the 25 mm box
  const k = 7;
  p.doc.save().lineWidth(0.6).strokeColor('#9AA5B1');
  for (const [x0, y0, dx, dy] of [
    [bx, bTop, 1, 1],
    [bx + box, bTop, -1, 1],
    [bx, bTop + box, 1, -1],
    [bx + box, bTop + box, -1, -1],
  ]) {
    p.doc
      .moveTo(x0 + dx * k, y0)
      .lineTo(x0, y0)
      .lineTo(x0, y0 + dy * k);
  }
  p.doc.stroke().restore();
}

function validate(n: NoticeDocument): void {
  if (n.instalments.length === 1 || n.instalments.length > 9) {
    throw new ValidationError('PRINT_INSTALMENTS', 'Il modello di avviso prevede da 2 a 9 rate.', 'instalments');
  }
  if (n.instalments.length > 0 && n.instalments.reduce((a, i) => a + i.amountCents, 0) !== n.single.amountCents) {
    throw new ValidationError('PRINT_INSTALMENTS_SUM', "La somma delle rate non corrisponde al totale dell'avviso.", 'instalments');
  }
}

/** Renders the notice. Pure: same document in, same drawing out (PDF dates aside). */
export function renderNotice(n: NoticeDocument): Promise<RenderedNotice> {
  validate(n);
  const fonts = noticeFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    font: fonts.regular as unknown as string,
    info: { Title: `Avviso di pagamento ${n.single.nav}`, Author: n.ente.name, Creator: 'Sportello' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const p = new Pen(doc, fonts);
  const plan = planPages(n.instalments.length, n.poste !== null);
  plan.forEach((page, i) => {
    doc.addPage({ size: 'A4', margin: 0 });
    p.page = i;
    header(p, n);
    let y = page.first ? firstPageBlocks(p, n) + 14 : 120;
    for (const row of page.rows) {
      instalmentRow(p, n, row, y, page.columns);
      y += CARD_H + 10;
    }
    for (const b of page.bollettini) {
      const pay = b === -1 ? n.single : n.instalments[b];
      bollettino(p, n, pay, b === -1 ? 'Rata unica' : `Rata ${b + 1}`, y + 8);
      y += BOLLETTINO_H + 8;
    }
  });
  doc.end();
  return done.then((pdf) => ({ pdf, pages: plan.length, codes: p.codes }));
}

export const PAGE_SIZE_PT = { width: W, height: H } as const;
