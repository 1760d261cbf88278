/**
 * The two machine-readable codes on a pagoPA notice, built as payloads and drawn as vector
 * rectangles: the QR (research/pagopa.md §2.1–2.2) and the Poste Data Matrix (§2.3).
 */
import QRCode from 'qrcode';
// The default export's raw() returns the module matrix; the named export `raw` is the "raw" symbology.
import bwipjs from 'bwip-js/node';
import { ValidationError } from '../errors';

/** `PAGOPA|002|<nav>|<cf ente>|<cents>`: cents unpadded but at least 2 digits. */
export function qrPayload(nav: string, cfEnte: string, amountCents: number): string {
  if (
    !/^\d{18}$/.test(nav) ||
    !/^\d{11}$/.test(cfEnte) ||
    !Number.isSafeInteger(amountCents) ||
    amountCents < 1 ||
    amountCents > 9_999_999_999
  ) {
    throw new ValidationError('PRINT_QR_DATA', "Dati dell'avviso non validi per il codice QR.", 'nav');
  }
  return `PAGOPA|002|${nav}|${cfEnte}|${String(amountCents).padStart(2, '0')}`;
}

/** Poste's field charset is not public: keep printable ASCII, dropping accents ("à" → "a"). */
export function posteAscii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ');
}

function fit(s: string, n: number): string {
  return posteAscii(s).slice(0, n).padEnd(n, ' ');
}

export interface PosteDataMatrixInput {
  nav: string;
  account: string;
  amountCents: number;
  cfEnte: string;
  debtorCf: string | null;
  debtorName: string;
  subject: string;
}

/** The 256-character Bollettino Postale PA string (codfase=NBPA, document type 896, phase P1). */
export function posteDataMatrixPayload(p: PosteDataMatrixInput): string {
  if (!/^\d{1,12}$/.test(p.account))
    throw new ValidationError('PRINT_POSTE_ACCOUNT', 'Conto corrente postale non valido.', 'postalAccount');
  const s =
    'codfase=NBPA;' +
    '18' +
    p.nav.padStart(18, '0') +
    '12' +
    p.account.padStart(12, '0') +
    '10' +
    String(p.amountCents).padStart(10, '0') +
    '3' +
    '896' +
    '1P1' +
    fit(p.cfEnte, 11) +
    fit(p.debtorCf ?? '', 16) +
    fit(p.debtorName, 40) +
    fit(p.subject, 110) +
    ' '.repeat(12) +
    'A';
  if (s.length !== 256) throw new ValidationError('PRINT_POSTE_DATA', 'Dati del bollettino postale non validi.', 'poste');
  return s;
}

export interface ModuleMatrix {
  size: number;
  dark(row: number, col: number): boolean;
}

/** QR version 4 (33×33), ECC level M, forced: some payloads would otherwise get version 3. */
export function qrMatrix(payload: string): ModuleMatrix {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M', version: 4 });
  return { size: qr.modules.size, dark: (r, c) => qr.modules.get(r, c) === 1 };
}

/** ECC200 Data Matrix, square, size chosen by bwip-js from the content (52×52 for 256 chars). */
export function dataMatrixMatrix(payload: string): ModuleMatrix {
  const [sym] = bwipjs.raw({ bcid: 'datamatrix', text: payload }) as { pixs: number[]; pixx: number; pixy: number }[];
  if (sym.pixx !== sym.pixy) throw new Error('unexpected rectangular Data Matrix');
  return { size: sym.pixx, dark: (r, c) => sym.pixs[r * sym.pixx + c] === 1 };
}

/**
 * Draws the dark modules as filled rectangles, one per horizontal run, in a single path.
 * Rectangles overlap their lower neighbour by a hair so renderers leave no seams between rows.
 */
export function drawMatrix(doc: PDFKit.PDFDocument, m: ModuleMatrix, x: number, y: number, sizePt: number): void {
  const mod = sizePt / m.size;
  const seam = mod * 0.02;
  doc.save();
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      const bottomSeam = r < m.size - 1 ? seam : 0;
      doc.rect(x + start * mod, y + r * mod, (c - start) * mod, mod + bottomSeam);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
