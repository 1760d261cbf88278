// fontkit (pdfkit's own font engine) ships no types; only what notice-fonts.ts uses is declared.
declare module 'fontkit' {
  export interface FontkitFont {
    postscriptName: string;
    layout(text: string, features?: unknown): unknown;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): FontkitFont;
}
