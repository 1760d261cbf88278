/** CIE recognition from the PC/SC ATR (cie-middleware ATR table, matched contiguously, not as a multiset). */
import { fromHex } from './bytes';

const CIE_ATR_PATTERNS: Array<[maker: string, pattern: string]> = [
  ['NXP', '80318065 49544E5850'],
  ['Gemalto', '80318065B085040011'],
  ['Gemalto2', '80318065B0850300EF'],
  ['STM', '80664750 00B8007F'],
  ['STM2', '80800101'],
  ['STM3', '8001806647500 0B80094829000C5'],
  ['Actalis', '800180318065 49544A3441120FFF829000 88'],
  ['Actalis2023', '49544A3443120FFF8290008A'],
  ['Bit4Id', '49544A3442120FFF8290008B'],
  ['Bit4Id2023', '49544A3444120FFF8290008D'],
  ['Bit4id_B9547', '49544A3449120FFF82900080'],
];

const PATTERNS = CIE_ATR_PATTERNS.map(([maker, p]) => ({ maker, bytes: fromHex(p) }));

/** The chip maker when the ATR contains a known CIE pattern, else null (then rely on the functional check). */
export function cieChipFromAtr(atr: Uint8Array): string | null {
  const a = Buffer.from(atr);
  for (const { maker, bytes } of PATTERNS) if (a.indexOf(bytes) >= 0) return maker;
  return null;
}
