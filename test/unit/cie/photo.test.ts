import { execFileSync, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPhoto, PHOTO_MAX_BYTES, PHOTO_MIN_HEIGHT_PX, PHOTO_MIN_WIDTH_PX } from '../../../electron/core/cie/photo';

const hasPdftoppm = spawnSync('pdftoppm', ['-v']).status === 0;
if (!hasPdftoppm) console.warn('photo tests skipped: pdftoppm (poppler-utils) is not installed; run scripts/install-system-deps.sh');

const mm = (v: number) => (v * 72) / 25.4;

/** A fake passport photo drawn as a PDF page of the given size, rasterised to JPEG by poppler. */
async function renderJpeg(
  dir: string,
  name: string,
  o: { widthMm: number; heightMm: number; dpi: number; noise?: boolean; quality?: number },
): Promise<Buffer> {
  const doc = new PDFDocument({ size: [mm(o.widthMm), mm(o.heightMm)], margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.rect(0, 0, mm(o.widthMm), mm(o.heightMm)).fill('#dde6ee');
  if (o.noise) {
    const png = new PNG({ width: 400, height: 520 });
    randomFillSync(png.data);
    doc.image(PNG.sync.write(png), 0, 0, { width: mm(o.widthMm), height: mm(o.heightMm) });
  }
  doc.ellipse(mm(o.widthMm / 2), mm(o.heightMm * 0.45), mm(8), mm(11)).fill('#c89f7e');
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.end();
  await ended;
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, Buffer.concat(chunks));
  execFileSync('pdftoppm', ['-jpeg', '-jpegopt', `quality=${o.quality ?? 85}`, '-r', String(o.dpi), '-singlefile', pdf, join(dir, name)]);
  return readFileSync(join(dir, `${name}.jpg`));
}

describe.skipIf(!hasPdftoppm)('photo file check (real JPEGs from pdftoppm)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-photo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a 35×45 mm photo scanned at 400 dpi', async () => {
    const r = checkPhoto(await renderJpeg(dir, 'ok', { widthMm: 35, heightMm: 45, dpi: 400 }));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.widthPx).toBeGreaterThanOrEqual(PHOTO_MIN_WIDTH_PX);
    expect(r.heightPx).toBeGreaterThanOrEqual(PHOTO_MIN_HEIGHT_PX);
    expect(r.declaredDpi).toBe(400);
    expect(r.effectiveDpi).toBeGreaterThanOrEqual(400);
  });

  it('refuses a photo scanned at 300 dpi', async () => {
    const r = checkPhoto(await renderJpeg(dir, 'lowres', { widthMm: 35, heightMm: 45, dpi: 300 }));
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['PHOTO_RESOLUTION']);
    expect(r.problems[0].message).toMatch(/551×709/);
  });

  it('refuses a landscape picture', async () => {
    const r = checkPhoto(await renderJpeg(dir, 'wide', { widthMm: 50, heightMm: 45, dpi: 400 }));
    expect(r.problems.map((p) => p.code)).toContain('PHOTO_PROPORTIONS');
  });

  it('refuses a file over 500 KB', async () => {
    const big = await renderJpeg(dir, 'big', { widthMm: 35, heightMm: 45, dpi: 600, noise: true, quality: 100 });
    expect(big.length).toBeGreaterThan(PHOTO_MAX_BYTES);
    const r = checkPhoto(big);
    expect(r.problems.map((p) => p.code)).toEqual(['PHOTO_TOO_LARGE']);
  });

  it('refuses PNG, truncated and CMYK files', async () => {
    const png = new PNG({ width: 600, height: 780 });
    expect(checkPhoto(PNG.sync.write(png)).problems.map((p) => p.code)).toEqual(['PHOTO_NOT_JPEG']);
    const good = await renderJpeg(dir, 'cut', { widthMm: 35, heightMm: 45, dpi: 400 });
    expect(checkPhoto(good.subarray(0, Math.floor(good.length / 2))).problems.map((p) => p.code)).toEqual(['PHOTO_CORRUPT']);
    expect(checkPhoto(new Uint8Array()).problems.map((p) => p.code)).toEqual(['PHOTO_EMPTY']);
    // Same image, SOF header rewritten to declare 4 components (what a CMYK export looks like).
    const cmyk = Buffer.from(good);
    const sof = cmyk.indexOf(Buffer.from([0xff, 0xc0]));
    cmyk[sof + 9] = 4;
    expect(checkPhoto(cmyk).problems.map((p) => p.code)).toEqual(['PHOTO_COLOUR_MODEL']);
  });

  it('reads the density from Exif when there is no JFIF header, but judges the pixels', async () => {
    const jpeg = await renderJpeg(dir, 'exif', { widthMm: 35, heightMm: 45, dpi: 400 });
    const app0Len = jpeg.readUInt16BE(4);
    const rest = jpeg.subarray(4 + app0Len);
    // TIFF, little endian: IFD0 with XResolution = 72/1 and ResolutionUnit = inch, as phones write.
    const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 8);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4);
    tiff.writeUInt16LE(2, 8);
    tiff.writeUInt16LE(0x011a, 10);
    tiff.writeUInt16LE(5, 12);
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt32LE(38, 18);
    tiff.writeUInt16LE(0x0128, 22);
    tiff.writeUInt16LE(3, 24);
    tiff.writeUInt32LE(1, 26);
    tiff.writeUInt16LE(2, 30);
    tiff.writeUInt32LE(0, 34);
    tiff.writeUInt32LE(72, 38);
    tiff.writeUInt32LE(1, 42);
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
    const r = checkPhoto(Buffer.concat([Buffer.from([0xff, 0xd8]), app1, rest]));
    expect(r.declaredDpi).toBe(72);
    expect(r.ok).toBe(true);
  });
});
