import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNotice, MM, type RenderedNotice } from '../../../electron/core/print/notice';
import type { NoticeDocument } from '../../../electron/core/print/notice-types';
import { planPages } from '../../../electron/core/print/notice-layout';
import { issueNotice } from '../../../electron/core/pagopa/notices';
import { noticeDocument } from '../../../electron/core/pagopa/notice-document';
import { darkBox, dmtx, PdfRaster, TOOLS_PRESENT, zbar, type Gray } from './raster';
import { clerk, DEBTOR, seed } from './fixtures';
import { openTestDb } from '../../support/db';

const ENTE = {
  cf: '03334231200',
  name: 'Comune di Esempio',
  office: 'Ufficio Anagrafe',
  info: 'Tel. 0123 456789',
  cbill: 'A0EDT',
  onlineChannel: 'sul sito di Comune di Esempio,',
  physicalChannel: 'presso lo sportello del Comune',
  logo: null,
};
const SINGLE: NoticeDocument = {
  subject: 'TARI 2025 - Rata unica',
  ente: ENTE,
  debtor: { cf: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', addressLines: ['Via Roma 1', '00100 Roma (RM)'] },
  single: { nav: '302032002700000251', amountCents: 1234, dueDate: '2026-12-31' },
  instalments: [],
  poste: null,
};
// Computed with the SACI formula (research/pagopa.md §1.5), segregation 02.
const INSTALMENTS = [
  { nav: '302032002700000348', amountCents: 412, dueDate: '2026-10-31' },
  { nav: '302032002700000359', amountCents: 411, dueDate: '2026-11-30' },
  { nav: '302032002700000360', amountCents: 411, dueDate: '2026-12-31' },
];
const POSTE = { account: '123456', holder: 'Comune di Esempio - Tesoreria', authorization: 'AUT. DB/SSIC/E 12345 DEL 01/01/2024' };

/** Bollettino string as laid out in research/pagopa.md §2.3, written out field by field. */
function expectedDm(nav: string, cents: number, subject = 'TARI 2025 - Rata unica'): string {
  return (
    'codfase=NBPA;' +
    '18' +
    nav +
    '12' +
    '000000123456' +
    '10' +
    String(cents).padStart(10, '0') +
    '3896' +
    '1P1' +
    '03334231200' +
    'RSSMRA80A01H501U' +
    'Mario Rossi'.padEnd(40) +
    subject.padEnd(110) +
    ' '.repeat(12) +
    'A'
  );
}

const rasters: PdfRaster[] = [];
afterAll(() => rasters.forEach((r) => r.close()));
async function rendered(doc: NoticeDocument): Promise<{ r: RenderedNotice; ras: PdfRaster }> {
  const r = await renderNotice(doc);
  const ras = new PdfRaster(r.pdf);
  rasters.push(ras);
  return { r, ras };
}

function qrOnPage(ras: PdfRaster, page: number): string[] {
  return zbar(ras.render(page, 200).file).sort();
}

function crop(ras: PdfRaster, c: { page: number; x: number; y: number; size: number }, dpi: number): Gray {
  const m = 4 * MM;
  return ras.render(c.page + 1, dpi, { x: c.x - m, y: c.y - m, w: c.size + 2 * m, h: c.size + 2 * m });
}

/** Reads a QR symbol's module grid from a raster and decodes its format information. */
function qrFormat(g: Gray): { modules: number; widthMm: number; ecc: 'L' | 'M' | 'Q' | 'H'; bchOk: boolean; copiesAgree: boolean } {
  const b = darkBox(g);
  const widthPx = b.x1 - b.x0 + 1;
  // The top-left finder's top edge is a 7-module dark run.
  let run = 0;
  while (g.data[b.y0 * g.width + b.x0 + run] < 128) run++;
  const mod = run / 7;
  const modules = Math.round(widthPx / mod);
  const dark = (r: number, c: number) => g.data[Math.round(b.y0 + (r + 0.5) * mod) * g.width + Math.round(b.x0 + (c + 0.5) * mod)] < 128;
  let vertical = 0,
    horizontal = 0;
  for (let i = 0; i < 15; i++) {
    // ISO/IEC 18004 §7.9: copy 1 around the top-left finder, copy 2 split between the other two.
    const v = i < 6 ? dark(i, 8) : i < 8 ? dark(i + 1, 8) : dark(modules - 15 + i, 8);
    const h = i < 8 ? dark(8, modules - i - 1) : i < 9 ? dark(8, 15 - i) : dark(8, 15 - i - 1);
    vertical |= (v ? 1 : 0) << i;
    horizontal |= (h ? 1 : 0) << i;
  }
  const raw = vertical ^ 0x5412;
  const data = raw >> 10;
  let rem = data << 10;
  for (let d = 14; d >= 10; d--) if (rem & (1 << d)) rem ^= 0x537 << (d - 10);
  const ecc = (['M', 'L', 'H', 'Q'] as const)[data >> 3];
  return { modules, widthMm: (widthPx / 600) * 25.4, ecc, bchOk: ((data << 10) | rem) === raw, copiesAgree: vertical === horizontal };
}

describe('notice pagination plan (official templates)', () => {
  it('matches the paginator table', () => {
    const cols = (n: number) => planPages(n, false).map((p) => p.rows.map((r) => r.length).join('+'));
    expect(cols(0)).toEqual(['']);
    expect(cols(2)).toEqual(['2']);
    expect(cols(3)).toEqual(['3']);
    expect(cols(4)).toEqual(['2', '2']);
    expect(cols(5)).toEqual(['2', '3']);
    expect(cols(6)).toEqual(['2', '2+2']);
    expect(cols(7)).toEqual(['3', '2+2']);
    expect(cols(8)).toEqual(['2', '3+3']);
    expect(cols(9)).toEqual(['3', '3+3']);
    expect(planPages(9, true).map((p) => p.bollettini.length)).toEqual([1, 2, 2, 2, 2, 1]);
    expect(planPages(3, true).map((p) => p.bollettini)).toEqual([[-1], [0, 1], [2]]);
  });
});

describe.skipIf(!TOOLS_PRESENT)('notice PDF decoded with pdftoppm + zbarimg + dmtxread', () => {
  it('single notice: one A4 page, fonts embedded, QR payload as specified', async () => {
    const { r, ras } = await rendered(SINGLE);
    expect(r.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(ras.pageCount()).toBe(1);
    expect(qrOnPage(ras, 1)).toEqual(['PAGOPA|002|302032002700000251|03334231200|1234']);
    const text = r.pdf.toString('latin1');
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+TitilliumWeb-Regular/);
    expect(text).toMatch(/\/FontName \/[A-Z]{6}\+RobotoMono-Bold/);
    expect(text).toMatch(/\/FontFile2/); // TrueType outlines, not WOFF
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    // vectors only: no image XObject on a notice without logo
    expect(text).not.toMatch(/\/Subtype \/Image/);
  });

  it('QR is version 4, ECC M, 25 mm wide (measured on a 600 dpi raster)', async () => {
    const { r, ras } = await rendered(SINGLE);
    const qr = r.codes.find((c) => c.kind === 'qr')!;
    const g = crop(ras, qr, 600);
    expect(zbar(g.file)).toEqual(['PAGOPA|002|302032002700000251|03334231200|1234']);
    const f = qrFormat(g);
    expect(f.modules).toBe(33); // version 4 = 17 + 4×4
    expect(f.bchOk).toBe(true);
    expect(f.copiesAgree).toBe(true);
    expect(f.ecc).toBe('M');
    expect(f.widthMm).toBeGreaterThan(24.8);
    expect(f.widthMm).toBeLessThan(25.2);
  });

  it('forces version 4 even for a short payload that would fit version 3', async () => {
    const doc = { ...SINGLE, single: { ...SINGLE.single, amountCents: 5 } };
    const { r, ras } = await rendered(doc);
    const g = crop(ras, r.codes[0], 600);
    expect(zbar(g.file)).toEqual(['PAGOPA|002|302032002700000251|03334231200|05']);
    expect(qrFormat(g).modules).toBe(33);
  });

  it('3 instalments: rata unica and three cards on page 1, each QR with its own code and amount', async () => {
    const { ras } = await rendered({ ...SINGLE, instalments: INSTALMENTS });
    expect(ras.pageCount()).toBe(1);
    expect(qrOnPage(ras, 1)).toEqual([
      'PAGOPA|002|302032002700000251|03334231200|1234',
      'PAGOPA|002|302032002700000348|03334231200|412',
      'PAGOPA|002|302032002700000359|03334231200|411',
      'PAGOPA|002|302032002700000360|03334231200|411',
    ]);
  });

  it('with Poste: bollettino Data Matrix (256 chars) for the rata unica and for each instalment', async () => {
    const { r, ras } = await rendered({ ...SINGLE, instalments: INSTALMENTS, poste: POSTE });
    expect(ras.pageCount()).toBe(3);
    expect(qrOnPage(ras, 1)).toEqual(['PAGOPA|002|302032002700000251|03334231200|1234']);
    expect(qrOnPage(ras, 2)).toEqual(['PAGOPA|002|302032002700000348|03334231200|412', 'PAGOPA|002|302032002700000359|03334231200|411']);
    expect(qrOnPage(ras, 3)).toEqual(['PAGOPA|002|302032002700000360|03334231200|411']);
    const dms = r.codes.filter((c) => c.kind === 'datamatrix');
    expect(dms.map((d) => d.page)).toEqual([0, 1, 1, 2]);
    const decoded = dms.map((d) => dmtx(crop(ras, d, 300).file));
    expect(decoded).toEqual([
      [expectedDm('302032002700000251', 1234)],
      [expectedDm('302032002700000348', 412)],
      [expectedDm('302032002700000359', 411)],
      [expectedDm('302032002700000360', 411)],
    ]);
    for (const [d] of decoded) {
      expect(d).toHaveLength(256);
      expect(d.slice(15, 33)).toMatch(/^3020320027000003|^302032002700000251/); // io-app decodePosteDataMatrix slices
      expect(d.slice(66, 77)).toBe('03334231200');
    }
    // The research's own worked example for P1 (12,34 €, c/c 123456) is reproduced exactly.
    expect(decoded[0][0]).toBe(
      'codfase=NBPA;183020320027000002511200000012345610000000123438961P103334231200RSSMRA80A01H501U' +
        'Mario Rossi                             TARI 2025 - Rata unica' +
        ' '.repeat(88) +
        ' '.repeat(12) +
        'A',
    );
    const dmBox = darkBox(crop(ras, dms[0], 300));
    expect(((dmBox.x1 - dmBox.x0 + 1) / 300) * 25.4).toBeCloseTo(23, 0);
  });

  it('prints the notice issued at the counter: the stored NAV, CF ente and amount are in the QR', async () => {
    const t = openTestDb();
    try {
      const s = seed(t.db, { poste: true });
      const n = issueNotice(
        t.db,
        clerk,
        {
          debtor: DEBTOR,
          items: [{ catalogueItemId: s.cieState.id }, { catalogueItemId: s.cieComune.id }],
          dueDate: '2026-04-10',
          subject: "Carta d'identità elettronica",
        },
        new Date('2026-03-10T09:00:00Z'),
      );
      const { r, ras } = await rendered(noticeDocument(t.db, n.id));
      expect(qrOnPage(ras, 1)).toEqual([`PAGOPA|002|${n.options[0].nav}|03334231200|2221`]);
      const dm = dmtx(crop(ras, r.codes.find((c) => c.kind === 'datamatrix')!, 300).file)[0];
      // accented letters are transliterated for Poste (charset not public: ASCII is the safe choice)
      expect(dm).toBe(expectedDm(n.options[0].nav, 2221, "Carta d'identita elettronica"));
    } finally {
      t.cleanup();
    }
  });

  it("embeds the Comune's logo as the only raster image; QR stays vector", async () => {
    const png = new PNG({ width: 40, height: 40 });
    png.data.fill(200);
    const { ras } = await rendered({ ...SINGLE, ente: { ...ENTE, logo: PNG.sync.write(png) } });
    const images = execFileSync('pdfimages', ['-list', ras.pdf])
      .toString()
      .trim()
      .split('\n')
      .slice(2)
      .filter((l) => l.trim().split(/\s+/)[2] === 'image'); // an alpha channel adds an "smask" row
    expect(images).toHaveLength(1);
    expect(images[0]).toMatch(/\b40\s+40\b/);
    expect(qrOnPage(ras, 1)).toEqual(['PAGOPA|002|302032002700000251|03334231200|1234']);
  });
});
