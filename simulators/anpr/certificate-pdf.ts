/**
 * The certificate a simulated 6001 issues: a one-page PDF, written by hand (no layout engine), with
 * the person, the certificates asked and a QR seal, as ANPR's certificates carry one (the
 * "contrassegno" a reader checks against ANPR). The seal here encodes the simulator's operation id,
 * the codice fiscale and a digest of both, so a test can tell that the PDF the clerk prints is the
 * one this simulator issued, byte for byte, and that a resend did not issue another.
 */
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

export interface CertificateFacts {
  idOperazioneANPR: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  tipi: string[];
}

/** What the QR seal says: SIM-ANPR|id|CF|tipi|digest (16 hex). */
export function sealText(f: CertificateFacts): string {
  const body = `SIM-ANPR|${f.idOperazioneANPR}|${f.codiceFiscale ?? ''}|${f.tipi.join(',')}`;
  return `${body}|${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

/** PDF text strings: only printable ASCII, with ( ) \ escaped. */
const pdfString = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1');

/** The QR's dark modules as filled squares, `cell` points each, top-left corner at (x, y) in PDF space. */
function qrPath(text: string, x: number, y: number, cell: number): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const out: string[] = ['0 0 0 rg'];
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) out.push(`${x + c * cell} ${y - (r + 1) * cell} ${cell} ${cell} re f`);
  return out.join('\n');
}

export function certificatePdf(f: CertificateFacts): Buffer {
  const lines = [
    'Certificato anagrafico - ANPR (simulatore)',
    `Intestatario: ${[f.cognome, f.nome].filter(Boolean).join(' ')}`,
    `Codice fiscale: ${f.codiceFiscale ?? ''}`,
    `Certificati (tabella 13): ${f.tipi.join(', ')}`,
    `Certificato ANPR simulato - operazione ${f.idOperazioneANPR}`,
  ];
  const text = lines.map((l, i) => `BT /F1 12 Tf 72 ${760 - i * 20} Td (${pdfString(l)}) Tj ET`).join('\n');
  // A quiet zone of 4 modules around the code (white page), 3 pt per module.
  const stream = `${text}\n${qrPath(sealText(f), 72, 620, 3)}`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
