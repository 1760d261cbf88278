/**
 * pagoPA notice rendering: time to render one notice (goal < 30 ms) and 1,000 in a row, plus the
 * 3-instalment and Poste variants. Baseline in the same run: a one-page pdfkit document that only
 * loads the same five TTF fonts per document (what a renderer without the process-wide font and
 * shaping cache pays before drawing anything) and writes one line with each.
 *   node --import tsx bench/notice-render.ts [count]
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { renderNotice } from '../electron/core/print/notice';
import type { NoticeDocument } from '../electron/core/print/notice-types';

const COUNT = Number(process.argv[2] ?? 1000);

const base: NoticeDocument = {
  subject: "Carta d'identità elettronica - rilascio",
  ente: {
    cf: '03334231200',
    name: 'Comune di Esempio',
    office: 'Ufficio Anagrafe',
    info: 'Tel. 0123 456789 · anagrafe@comune.esempio.it',
    cbill: 'A0EDT',
    onlineChannel: 'sul sito di Comune di Esempio,',
    physicalChannel: 'presso lo sportello del Comune',
    logo: null,
  },
  debtor: { cf: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', addressLines: ['Via Roma 1', '00100 Roma (RM)'] },
  single: { nav: '302260010000000198', amountCents: 2221, dueDate: '2026-12-31' },
  instalments: [],
  poste: null,
};
const navFor = (i: number) => {
  const p = `30226001${String(i).padStart(8, '0')}`;
  return p + String(BigInt(p) % 93n).padStart(2, '0');
};
const withInstalments: NoticeDocument = {
  ...base,
  instalments: [
    { nav: navFor(900_001), amountCents: 741, dueDate: '2026-10-31' },
    { nav: navFor(900_002), amountCents: 740, dueDate: '2026-11-30' },
    { nav: navFor(900_003), amountCents: 740, dueDate: '2026-12-31' },
  ],
};
const withPoste: NoticeDocument = {
  ...base,
  poste: { account: '123456', holder: 'Comune di Esempio', authorization: 'AUT. DB/SSIC/E 12345 DEL 01/01/2024' },
};

const FONT_FILES = ['TitilliumWeb-Regular', 'TitilliumWeb-SemiBold', 'TitilliumWeb-Bold', 'RobotoMono-Regular', 'RobotoMono-Bold'].map(
  (f) => readFileSync(new URL(`../assets/fonts/${f}.ttf`, import.meta.url)),
);

function baselineDoc(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, font: FONT_FILES[0] as unknown as string });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
  doc.addPage();
  FONT_FILES.forEach((f, i) =>
    doc
      .registerFont(`f${i}`, f as unknown as string)
      .font(`f${i}`)
      .fontSize(10)
      .text('AVVISO DI PAGAMENTO 1.500,00 Euro', 30, 30 + i * 20),
  );
  doc.end();
  return done;
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main() {
  let t0 = performance.now();
  const first = await renderNotice(base);
  const cold = performance.now() - t0;
  console.log(`first notice (cold: font parsing, JIT): ${fmt(cold)}, ${first.pdf.length} bytes`);

  await timeEach(30, () => renderNotice(base)); // warm-up
  const single = await timeEach(200, (i) => renderNotice({ ...base, single: { ...base.single, nav: navFor(i + 1) } }));
  const baseline = await timeEach(200, () => baselineDoc());
  const inst = await timeEach(50, () => renderNotice(withInstalments));
  const poste = await timeEach(50, () => renderNotice(withPoste));

  t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < COUNT; i++)
    bytes += (await renderNotice({ ...base, single: { ...base.single, nav: navFor(i + 1), amountCents: 100 + i } })).pdf.length;
  const total = performance.now() - t0;

  const goal = pct(single, 50) < 30 ? 'met' : 'NOT met';
  console.log(`one notice (rata unica):       p50 ${fmt(pct(single, 50))}  p99 ${fmt(pct(single, 99))}  (goal < 30 ms: ${goal})`);
  console.log(`3 instalments (4 QR):          p50 ${fmt(pct(inst, 50))}  p99 ${fmt(pct(inst, 99))}`);
  console.log(`with Poste (QR + Data Matrix): p50 ${fmt(pct(poste, 50))}  p99 ${fmt(pct(poste, 99))}`);
  console.log(`baseline (5 TTF loaded per document, 5 lines): p50 ${fmt(pct(baseline, 50))}`);
  console.log(`ratio notice / baseline (p50): ${(pct(single, 50) / pct(baseline, 50)).toFixed(2)}`);
  console.log(
    `${COUNT} notices in a row: ${(total / 1000).toFixed(2)} s total, ${fmt(total / COUNT)} per notice, ${(bytes / COUNT / 1024).toFixed(1)} KiB average`,
  );
}

main();
