/**
 * The TTF fonts printed documents embed (Titillium Web, Roboto Mono, from assets/fonts). They are
 * parsed once per process and handed to pdfkit as fontkit objects: parsing them per document
 * would cost more than drawing the whole notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { SportelloError } from '../errors';

export interface NoticeFonts {
  regular: fontkit.FontkitFont;
  semibold: fontkit.FontkitFont;
  bold: fontkit.FontkitFont;
  mono: fontkit.FontkitFont;
  monoBold: fontkit.FontkitFont;
}

const FILES: Record<keyof NoticeFonts, string> = {
  regular: 'TitilliumWeb-Regular.ttf',
  semibold: 'TitilliumWeb-SemiBold.ttf',
  bold: 'TitilliumWeb-Bold.ttf',
  mono: 'RobotoMono-Regular.ttf',
  monoBold: 'RobotoMono-Bold.ttf',
};

let fontDir: string | null = null;
let cache: NoticeFonts | null = null;

/** Where the fonts are (the packaged app sets its resources folder at start-up). */
export function setFontDir(dir: string): void {
  fontDir = dir;
  cache = null;
}

function defaultFontDir(): string {
  const candidates = [fileURLToPath(new URL('../../../assets/fonts/', import.meta.url)), join(process.cwd(), 'assets', 'fonts')];
  return candidates.find((d) => existsSync(join(d, FILES.regular))) ?? candidates[0];
}

interface GlyphRun {
  glyphs: unknown[];
  positions: Record<string, number>[];
}

const LAYOUT_CACHE_MAX = 20_000;

/**
 * Text shaping dominates render time and notices repeat the same words, so shaped runs are kept
 * across documents. pdfkit scales the positions it receives in place: each caller gets fresh copies.
 */
function withLayoutCache(font: fontkit.FontkitFont): fontkit.FontkitFont {
  const cache = new Map<string, GlyphRun>();
  const layout = (text: string, features?: unknown): GlyphRun => {
    const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`;
    let run = cache.get(key);
    if (!run) {
      const r = font.layout(text, features) as GlyphRun;
      run = { glyphs: r.glyphs, positions: r.positions.map((p) => ({ ...p })) };
      if (cache.size >= LAYOUT_CACHE_MAX) cache.clear();
      cache.set(key, run);
    }
    const positions = run.positions.map((p) => ({ ...p }));
    // Like fontkit's GlyphRun: the width follows the (scaled) positions at the time it is read.
    return {
      glyphs: run.glyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((a, p) => a + p.xAdvance, 0);
      },
    } as GlyphRun;
  };
  return new Proxy(font, { get: (target, prop) => (prop === 'layout' ? layout : Reflect.get(target, prop, target)) });
}

export function noticeFonts(): NoticeFonts {
  if (cache) return cache;
  const dir = fontDir ?? defaultFontDir();
  try {
    const load = (f: string) => withLayoutCache(fontkit.create(readFileSync(join(dir, f))));
    cache = {
      regular: load(FILES.regular),
      semibold: load(FILES.semibold),
      bold: load(FILES.bold),
      mono: load(FILES.mono),
      monoBold: load(FILES.monoBold),
    };
  } catch (e) {
    throw new SportelloError(
      'PRINT_FONTS_MISSING',
      'Impossibile preparare la stampa: mancano i caratteri tipografici. Reinstallare Sportello.',
      { dir },
      { cause: e },
    );
  }
  return cache;
}
