/**
 * Checks a photo file brought for the CIE against the Ministry's rules for digital photos
 * (cartaidentita.interno.gov.it, "modalità di acquisizione delle foto"): JPEG, at most 500 KB,
 * 35 mm wide and at least 45 mm tall, definition at least 400 dpi. Reads the JPEG headers only.
 */

export const PHOTO_MAX_BYTES = 500_000;
export const PHOTO_MIN_DPI = 400;
export const PHOTO_WIDTH_MM = 35;
export const PHOTO_MIN_HEIGHT_MM = 45;
/** Pixels a 400 dpi scan of a 35 × 45 mm photo yields: 551 × 709. */
export const PHOTO_MIN_WIDTH_PX = Math.round((PHOTO_MIN_DPI * PHOTO_WIDTH_MM) / 25.4);
export const PHOTO_MIN_HEIGHT_PX = Math.round((PHOTO_MIN_DPI * PHOTO_MIN_HEIGHT_MM) / 25.4);
/** Rounding in cropping tools: accept a height/width ratio 1% under 45/35. */
const RATIO_TOLERANCE = 0.01;

export type PhotoProblemCode =
  | 'PHOTO_EMPTY'
  | 'PHOTO_NOT_JPEG'
  | 'PHOTO_CORRUPT'
  | 'PHOTO_TOO_LARGE'
  | 'PHOTO_RESOLUTION'
  | 'PHOTO_PROPORTIONS'
  | 'PHOTO_COLOUR_MODEL';

export interface PhotoProblem {
  code: PhotoProblemCode;
  /** Italian, for the clerk: what is wrong and what the citizen should do. */
  message: string;
}

export interface PhotoCheck {
  ok: boolean;
  bytes: number;
  widthPx: number | null;
  heightPx: number | null;
  /** Pixels per inch over the 35 mm width: what the Ministry calls "definizione". */
  effectiveDpi: number | null;
  /** The density written in the file (JFIF or Exif), if any: informative only. */
  declaredDpi: number | null;
  problems: PhotoProblem[];
}

interface JpegInfo {
  width: number;
  height: number;
  components: number;
  declaredDpi: number | null;
}

/** Parses the marker segments up to the first scan. Returns null when the structure is broken. */
export function readJpegInfo(buf: Uint8Array): JpegInfo | null {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 2;
  let sof: { width: number; height: number; components: number } | null = null;
  let jfifDpi: number | null = null;
  let exifDpi: number | null = null;
  while (pos + 4 <= buf.length) {
    if (buf[pos] !== 0xff) return null;
    const marker = buf[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9) break;
    const len = view.getUint16(pos + 2);
    if (len < 2 || pos + 2 + len > buf.length) return null;
    const seg = pos + 4;
    if (marker === 0xe0 && len >= 16 && ascii(buf, seg, 5) === 'JFIF\0') {
      jfifDpi = densityToDpi(buf[seg + 7], view.getUint16(seg + 8));
    } else if (marker === 0xe1 && len >= 16 && ascii(buf, seg, 6) === 'Exif\0\0') {
      exifDpi = readExifDpi(view, seg + 6, seg + len - 2);
    } else if (isSof(marker)) {
      if (len < 8) return null;
      sof = { height: view.getUint16(seg + 1), width: view.getUint16(seg + 3), components: buf[seg + 5] };
    } else if (marker === 0xda) {
      break;
    }
    pos += 2 + len;
  }
  if (!sof || sof.width === 0 || sof.height === 0) return null;
  // The image data must end with EOI after the first scan, or the file was cut short.
  if (buf[buf.length - 2] !== 0xff || buf[buf.length - 1] !== 0xd9) {
    let end = buf.length - 1;
    while (end > pos && buf[end] === 0x00) end--;
    if (!(buf[end - 1] === 0xff && buf[end] === 0xd9)) return null;
  }
  return { ...sof, declaredDpi: jfifDpi ?? exifDpi };
}

function isSof(m: number): boolean {
  return m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
}

function ascii(buf: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...buf.subarray(at, at + n));
}

function densityToDpi(units: number, x: number): number | null {
  if (x === 0) return null;
  if (units === 1) return x;
  if (units === 2) return Math.round(x * 2.54);
  return null; // aspect ratio only
}

/** XResolution (0x011A) and ResolutionUnit (0x0128) from IFD0 of the Exif TIFF block. */
function readExifDpi(view: DataView, tiff: number, end: number): number | null {
  if (tiff + 8 > end) return null;
  const little = view.getUint16(tiff) === 0x4949;
  const u16 = (o: number) => view.getUint16(tiff + o, little);
  const u32 = (o: number) => view.getUint32(tiff + o, little);
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (tiff + ifd + 2 > end) return null;
  const n = u16(ifd);
  let xres: number | null = null;
  let unit = 2;
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (tiff + e + 12 > end) return null;
    const tag = u16(e);
    if (tag === 0x011a) {
      const off = u32(e + 8);
      if (tiff + off + 8 > end) return null;
      const den = u32(off + 4);
      xres = den ? u32(off) / den : null;
    } else if (tag === 0x0128) {
      unit = u16(e + 8);
    }
  }
  if (xres == null) return null;
  return unit === 3 ? Math.round(xres * 2.54) : unit === 2 ? Math.round(xres) : null;
}

export function checkPhoto(file: Uint8Array): PhotoCheck {
  const result: PhotoCheck = {
    ok: false,
    bytes: file.length,
    widthPx: null,
    heightPx: null,
    effectiveDpi: null,
    declaredDpi: null,
    problems: [],
  };
  const add = (code: PhotoProblemCode, message: string) => result.problems.push({ code, message });
  if (file.length === 0) {
    add('PHOTO_EMPTY', 'Il file della foto è vuoto: chiedere al cittadino di copiarlo di nuovo.');
    return result;
  }
  if (file.length > PHOTO_MAX_BYTES) {
    add(
      'PHOTO_TOO_LARGE',
      `Il file pesa ${Math.ceil(file.length / 1000)} KB: il massimo è 500 KB. Serve una foto salvata con più compressione.`,
    );
  }
  if (file[0] !== 0xff || file[1] !== 0xd8) {
    add('PHOTO_NOT_JPEG', 'Il file non è una foto JPG: il Ministero accetta solo il formato JPG (.jpg). Serve un nuovo file.');
    return result;
  }
  const info = readJpegInfo(file);
  if (!info) {
    add('PHOTO_CORRUPT', 'Il file JPG è danneggiato o incompleto: chiedere al cittadino di copiarlo di nuovo.');
    return result;
  }
  result.widthPx = info.width;
  result.heightPx = info.height;
  result.declaredDpi = info.declaredDpi;
  result.effectiveDpi = Math.round((info.width * 25.4) / PHOTO_WIDTH_MM);
  if (info.components !== 1 && info.components !== 3) {
    add('PHOTO_COLOUR_MODEL', 'La foto è salvata per la tipografia (CMYK): serve una foto JPG normale a colori (RGB).');
  }
  if (info.height / info.width < PHOTO_MIN_HEIGHT_MM / PHOTO_WIDTH_MM - RATIO_TOLERANCE) {
    add(
      'PHOTO_PROPORTIONS',
      "La foto è troppo larga rispetto all'altezza: deve essere in formato fototessera, 35 mm di larghezza per almeno 45 mm di altezza.",
    );
  }
  if (info.width < PHOTO_MIN_WIDTH_PX || info.height < PHOTO_MIN_HEIGHT_PX) {
    add(
      'PHOTO_RESOLUTION',
      `La foto è troppo piccola (${info.width}×${info.height} pixel): per 400 dpi servono almeno ${PHOTO_MIN_WIDTH_PX}×${PHOTO_MIN_HEIGHT_PX} pixel.`,
    );
  }
  result.ok = result.problems.length === 0;
  return result;
}
