/**
 * The MRZ values the chip's keys come from (ICAO 9303-3 §4.9 check digits, 9303-11 §9.7.2 and
 * §4.4.1: document number, date of birth and date of expiry, each followed by its check digit).
 */

/** Check digit: weights 7, 3, 1 repeating; digits count as themselves, A–Z as 10–35, '<' as 0. */
export function mrzCheckDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    let value = 0;
    if (c >= '0' && c <= '9') value = c.charCodeAt(0) - 48;
    else if (c >= 'A' && c <= 'Z') value = c.charCodeAt(0) - 55;
    else if (c !== '<') throw new Error(`character not allowed in an MRZ field: ${c}`);
    sum += value * [7, 3, 1][i % 3];
  }
  return String(sum % 10);
}

export interface MrzKeyFields {
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

/** The "MRZ information" string hashed into the BAC seed and the PACE MRZ password. */
export function mrzKeyString(m: MrzKeyFields): string {
  // A number shorter than nine characters is filled with '<' (9303-3: the field has nine positions).
  const doc = m.documentNumber.length < 9 ? m.documentNumber.padEnd(9, '<') : m.documentNumber;
  return [doc, m.dateOfBirth, m.dateOfExpiry].map((f) => f + mrzCheckDigit(f)).join('');
}
