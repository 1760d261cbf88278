/**
 * Notice numbers (codice avviso / NAV) and IUVs per SACI 3.2.1 (research/pagopa.md §1).
 * New notices use aux digit 3 only: NAV = "3" + segregation(2) + base13 + check(2), IUV = NAV
 * without the leading "3". The check is the 16-digit prefix mod 93, which exceeds 2^53: BigInt.
 */
import { ValidationError } from '../errors';

export const AUX_DIGIT = '3';

/** How base13 is partitioned so two counters can never produce the same number. */
export const BASE13_LAYOUT = { yearDigits: 2, slotDigits: 3, seqDigits: 8 } as const;
export const MAX_SLOT = 999;
export const MAX_SEQ = 99_999_999;

export function checkDigits(prefix: string): string {
  return String(BigInt(prefix) % 93n).padStart(2, '0');
}

export function isSegregationCode(code: string): boolean {
  return /^\d{2}$/.test(code);
}

/** base13 = YY (issue year) ‖ workstation slot (3) ‖ per-slot sequence for that year (8). */
export function makeBase13(year: number, slot: number, seq: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    throw new ValidationError('PAGOPA_NAV_YEAR', 'Anno non valido per il codice avviso.', 'year');
  }
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) {
    throw new ValidationError(
      'PAGOPA_NAV_SLOT',
      'Numero della postazione per pagoPA non valido: il responsabile deve assegnare un numero da 0 a 999.',
      'slot',
    );
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) {
    throw new ValidationError(
      'PAGOPA_NAV_EXHAUSTED',
      'Numerazione degli avvisi esaurita per questa postazione: contattare il responsabile.',
      'seq',
    );
  }
  return String(year % 100).padStart(2, '0') + String(slot).padStart(3, '0') + String(seq).padStart(8, '0');
}

export function makeNav(segregationCode: string, base13: string): string {
  if (!isSegregationCode(segregationCode)) {
    throw new ValidationError('PAGOPA_SEGREGATION', 'Codice di segregazione non valido: servono due cifre.', 'segregationCode');
  }
  if (!/^\d{13}$/.test(base13)) {
    throw new ValidationError('PAGOPA_NAV_BASE', 'Base del codice IUV non valida: servono 13 cifre.', 'base13');
  }
  const prefix = AUX_DIGIT + segregationCode + base13;
  return prefix + checkDigits(prefix);
}

export function iuvOf(nav: string): string {
  return nav.slice(1);
}

export function navOfIuv(iuv: string): string {
  return AUX_DIGIT + iuv;
}

export type NavCheck = { valid: true; aux: '0' | '1' | '2' | '3' } | { valid: false; reason: 'format' | 'aux' | 'check' };

/**
 * Checks any notice number a citizen might bring, legacy aux digits included (0, 1, 2 are no
 * longer issued but old notices still circulate). Aux 1 has no check digit.
 */
export function checkNoticeNumber(nav: string): NavCheck {
  if (!/^\d{18}$/.test(nav)) return { valid: false, reason: 'format' };
  const aux = nav[0];
  if (aux === '1') return { valid: true, aux };
  if (aux !== '0' && aux !== '2' && aux !== '3') return { valid: false, reason: 'aux' };
  return checkDigits(nav.slice(0, 16)) === nav.slice(16) ? { valid: true, aux } : { valid: false, reason: 'check' };
}

/** True only for numbers we may issue today: aux 3 and a correct check. */
export function isIssuableNav(nav: string): boolean {
  const c = checkNoticeNumber(nav);
  return c.valid && c.aux === '3';
}

/** "302032002700000251" → "3020 3200 2700 0002 51" (Avvisi 3.x, 22 characters). */
export function groupNav(nav: string): string {
  return (nav.match(/.{1,4}/g) ?? []).join(' ');
}
