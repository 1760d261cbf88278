/** Test helpers: rasterise PDF regions with pdftoppm and decode codes with zbarimg / dmtxread. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasTool = (t: string) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;
export const TOOLS_PRESENT = ['pdftoppm', 'zbarimg', 'dmtxread'].every(hasTool);

export interface Gray {
  width: number;
  height: number;
  data: Buffer;
  file: string;
}

export class PdfRaster {
  readonly dir = mkdtempSync(join(tmpdir(), 'sportello-pdf-'));
  readonly pdf = join(this.dir, 'doc.pdf');
  private n = 0;
  constructor(pdf: Buffer) {
    writeFileSync(this.pdf, pdf);
  }

  pageCount(): number {
    const out = execFileSync('pdfinfo', [this.pdf]).toString();
    return Number(/Pages:\s+(\d+)/.exec(out)![1]);
  }

  /** A page (or a region of it, in PDF points from the top-left) as an 8-bit grey PGM. */
  render(page: number, dpi: number, region?: { x: number; y: number; w: number; h: number }): Gray {
    const base = join(this.dir, `r${this.n++}`);
    const args = ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile'];
    if (region) {
      const px = (v: number) => String(Math.round((v * dpi) / 72));
      args.push('-x', px(region.x), '-y', px(region.y), '-W', px(region.w), '-H', px(region.h));
    }
    execFileSync('pdftoppm', [...args, this.pdf, base]);
    const file = `${base}.pgm`;
    const buf = readFileSync(file);
    const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 50).toString('latin1'))!;
    return { width: Number(m[1]), height: Number(m[2]), data: buf.subarray(m[0].length), file };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function zbar(file: string): string[] {
  const r = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

/** Stops after `count` symbols: without -N, dmtxread keeps searching a page for minutes. */
export function dmtx(file: string, count = 1): string[] {
  const r = spawnSync('dmtxread', ['-N', String(count), '-m', '20000', '-n', file], { encoding: 'latin1', timeout: 30_000 });
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

/** Bounding box of dark pixels (value < 128). */
export function darkBox(g: Gray): { x0: number; y0: number; x1: number; y1: number } {
  let x0 = g.width,
    y0 = g.height,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (g.data[y * g.width + x] < 128) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return { x0, y0, x1, y1 };
}
