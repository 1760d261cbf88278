/** Field checks shared by settings, catalogue and notices. Each throws ValidationError in Italian. */
import { ValidationError } from '../errors';

export function requireText(value: unknown, field: string, label: string, max: number): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) throw new ValidationError('PAGOPA_FIELD_REQUIRED', `Compilare il campo «${label}».`, field);
  if (s.length > max) {
    throw new ValidationError('PAGOPA_FIELD_TOO_LONG', `Il campo «${label}» è troppo lungo: al massimo ${max} caratteri.`, field);
  }
  return s;
}

export function optionalText(value: unknown, field: string, label: string, max: number): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return requireText(value, field, label, max);
}

export function requireCents(value: unknown, field: string, label: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > 99_999_999_99) {
    throw new ValidationError('PAGOPA_AMOUNT', `Importo non valido in «${label}»: indicare un importo maggiore di zero.`, field);
  }
  return value;
}

/** CF of an ente: 11 digits (a numeric codice fiscale / partita IVA). */
export function requireCfEnte(value: unknown): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!/^\d{11}$/.test(s)) {
    throw new ValidationError('PAGOPA_CF_ENTE', "Codice fiscale dell'ente non valido: servono 11 cifre.", 'cfEnte');
  }
  return s;
}

/** Taxonomy code in full form, e.g. "9/0101108TS/" (SANP: prefix/2n 2n 3n + legal reason/). */
export function requireTaxonomy(value: unknown): string {
  const s = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^9\/\d{7}(IM|TS|SP|SA|AP)\/$/.test(s)) {
    throw new ValidationError(
      'PAGOPA_TAXONOMY',
      'Codice tassonomia non valido: usare la forma 9/0101108TS/ indicata dalla tassonomia pagoPA.',
      'taxonomy',
    );
  }
  return s;
}

/** IBAN with its ISO 13616 mod-97 check; spaces allowed on input, stored without. */
export function requireIban(value: unknown): string {
  const s = typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() : '';
  const bad = () => new ValidationError('PAGOPA_IBAN', 'IBAN non valido: controllare di averlo copiato per intero e senza errori.', 'iban');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) throw bad();
  if (s.startsWith('IT') && s.length !== 27) throw bad();
  const rearranged = s.slice(4) + s.slice(0, 4);
  const digits = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  if (BigInt(digits) % 97n !== 1n) throw bad();
  return s;
}

const ODD: Record<string, number> = Object.fromEntries(
  [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23].flatMap((v, i) => [
    [String.fromCharCode(65 + i), v],
    ...(i < 10 ? [[String(i), v]] : []),
  ]),
);

/** Personal codice fiscale (16 characters, omocodia allowed) with its control character. */
export function isPersonalCodiceFiscale(cf: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(cf)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = cf[i];
    sum += i % 2 === 0 ? ODD[c] : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}

/** Debtor id for GPD: a personal CF for 'F', an 11-digit CF/P.IVA for 'G', or "ANONIMO" when unknown. */
export function requireDebtorCf(type: 'F' | 'G', value: unknown): string {
  const s = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (s === 'ANONIMO') return s;
  const ok = type === 'F' ? isPersonalCodiceFiscale(s) : /^\d{11}$/.test(s);
  if (!ok) {
    throw new ValidationError(
      'PAGOPA_DEBTOR_CF',
      type === 'F'
        ? 'Codice fiscale del destinatario non valido: controllarlo sul documento.'
        : 'Codice fiscale o partita IVA del destinatario non valido: servono 11 cifre.',
      'debtor.codiceFiscale',
    );
  }
  return s;
}
