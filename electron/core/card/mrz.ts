/** MRZ check digits and the key material BAC and PACE-MRZ derive from it (ICAO 9303-3 §4.9, 9303-11 §9.7.2). */
import { createHash } from 'node:crypto';

const WEIGHTS = [7, 3, 1];

function charValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  if (c === '<') return 0;
  throw new Error('invalid MRZ character');
}

export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) sum += charValue(field[i]) * WEIGHTS[i % 3];
  return String(sum % 10);
}

/** What the clerk types from the back of the card: document number, birth and expiry dates (YYMMDD or YYYY-MM-DD). */
export interface MrzKey {
  documentNumber: string;
  dateOfBirth: string;
  dateOfExpiry: string;
}

function yymmdd(date: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (iso) return iso[1].slice(2) + iso[2] + iso[3];
  if (/^\d{6}$/.test(date)) return date;
  throw new Error('date must be YYMMDD or YYYY-MM-DD');
}

/** Document number (padded to 9 with '<') + check digit + DOB + cd + DOE + cd. */
export function mrzInformation(key: MrzKey): string {
  const doc = key.documentNumber.toUpperCase().replace(/\s/g, '');
  if (!/^[A-Z0-9<]{1,9}$/.test(doc)) throw new Error('document number must be 1-9 letters or digits');
  const docField = doc.padEnd(9, '<');
  const dob = yymmdd(key.dateOfBirth);
  const doe = yymmdd(key.dateOfExpiry);
  return docField + checkDigit(docField) + dob + checkDigit(dob) + doe + checkDigit(doe);
}

/** K = SHA-1(MRZ information): the BAC key seed is its first 16 bytes; PACE uses all 20. */
export function mrzKeyHash(key: MrzKey): Buffer {
  return createHash('sha1').update(mrzInformation(key), 'latin1').digest();
}
