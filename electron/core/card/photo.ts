/**
 * The DG2 face for display. Chromium does not render JPEG 2000, so it is decoded with OpenJPEG
 * compiled to WebAssembly (@cornerstonejs/codec-openjpeg: maintained, no native build, ships its own
 * .wasm) and re-encoded as PNG (pngjs). JPEG faces are passed through.
 */
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import type { FaceImage } from './data-groups';

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete?(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}

let modulePromise: Promise<OpenJpegModule> | null = null;

function openjpeg(): Promise<OpenJpegModule> {
  if (!modulePromise) {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (opts: object) => Promise<OpenJpegModule>;
    modulePromise = factory({ print: () => {}, printErr: () => {} });
  }
  return modulePromise;
}

/** A JP2 file wraps the codestream in boxes; OpenJPEG's J2K decoder wants the bare codestream ('jp2c'). */
export function jpeg2000Codestream(bytes: Buffer): Buffer {
  if (bytes.readUInt32BE(0) === 0xff4fff51) return bytes;
  let p = 0;
  while (p + 8 <= bytes.length) {
    let len = bytes.readUInt32BE(p);
    const type = bytes.subarray(p + 4, p + 8).toString('latin1');
    let header = 8;
    if (len === 1) {
      len = Number(bytes.readBigUInt64BE(p + 8));
      header = 16;
    } else if (len === 0) len = bytes.length - p;
    if (type === 'jp2c') return bytes.subarray(p + header, p + len);
    p += len;
  }
  throw new Error('no JPEG 2000 codestream');
}

export interface DecodedPhoto {
  dataUrl: string;
  width: number;
  height: number;
}

export async function decodeFace(face: FaceImage): Promise<DecodedPhoto> {
  if (face.format === 'jpeg') {
    return { dataUrl: 'data:image/jpeg;base64,' + face.bytes.toString('base64'), width: face.width ?? 0, height: face.height ?? 0 };
  }
  const codestream = jpeg2000Codestream(face.bytes);
  const m = await openjpeg();
  const decoder = new m.J2KDecoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const pixels = decoder.getDecodedBuffer();
    const png = new PNG({ width: info.width, height: info.height });
    const n = info.width * info.height;
    const comps = info.componentCount;
    for (let i = 0; i < n; i++) {
      const r = pixels[i * comps];
      png.data[i * 4] = r;
      png.data[i * 4 + 1] = comps >= 3 ? pixels[i * comps + 1] : r;
      png.data[i * 4 + 2] = comps >= 3 ? pixels[i * comps + 2] : r;
      png.data[i * 4 + 3] = 255;
    }
    const out = PNG.sync.write(png);
    return { dataUrl: 'data:image/png;base64,' + out.toString('base64'), width: info.width, height: info.height };
  } finally {
    decoder.delete?.();
  }
}
