import PDFDocument from 'pdfkit';
import { noticeFonts } from './notice-fonts';

/**
 * An A4 page with the notice fonts registered, and the finished PDF's bytes once `doc.end()` is
 * called. For the one-page documents handed over the counter (booking receipt, closing report).
 */
export function openA4Document(
  marginMm: number,
  info: { Title: string; Author: string; Subject: string },
): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  const MM = 72 / 25.4;
  const doc = new PDFDocument({ size: 'A4', margin: marginMm * MM, info, lang: 'it-IT' } as PDFKit.PDFDocumentOptions);
  for (const [name, font] of Object.entries(noticeFonts())) doc.registerFont(name, font as unknown as string);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
