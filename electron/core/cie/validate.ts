/** Field checks for the agenda; each throws ValidationError with an Italian message. */
import { ValidationError } from '../errors';
import { isDate, isTime } from './calendar';
import type { PersonInput } from './types';

export function requireText(value: unknown, field: string, label: string, max = 200): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!s) throw new ValidationError('CIE_FIELD_REQUIRED', `Compilare il campo «${label}».`, field);
  if (s.length > max) {
    throw new ValidationError('CIE_FIELD_TOO_LONG', `Il campo «${label}» è troppo lungo: al massimo ${max} caratteri.`, field);
  }
  return s;
}

export function optionalText(value: unknown, field: string, label: string, max = 200): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  return requireText(value, field, label, max);
}

export function requireDate(value: unknown, field: string, label: string): string {
  if (!isDate(value)) {
    throw new ValidationError('CIE_DATE', `Data non valida in «${label}»: usare il formato AAAA-MM-GG.`, field);
  }
  return value;
}

export function requireTime(value: unknown, field: string, label: string): string {
  if (!isTime(value)) throw new ValidationError('CIE_TIME', `Orario non valido in «${label}»: usare il formato HH:MM.`, field);
  return value;
}

const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const CF_RE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Format and check character of a personal codice fiscale (omocodia letters accepted). */
export function isCodiceFiscale(cf: string): boolean {
  if (!CF_RE.test(cf)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = cf.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c - 65;
    sum += i % 2 === 0 ? ODD[v] : v;
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15];
}

export function optionalCodiceFiscale(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const cf = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!isCodiceFiscale(cf)) {
    throw new ValidationError('CIE_CODICE_FISCALE', 'Codice fiscale non valido: controllare le 16 lettere e cifre.', field);
  }
  return cf;
}

export function optionalPhone(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const s = typeof value === 'string' ? value.replace(/[\s.-]/g, '') : '';
  if (!/^\+?\d{6,15}$/.test(s)) {
    throw new ValidationError('CIE_PHONE', 'Numero di telefono non valido: indicare solo cifre, eventualmente con +39.', field);
  }
  return s;
}

export function optionalEmail(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) {
    throw new ValidationError('CIE_EMAIL', 'Indirizzo e-mail non valido: controllare che sia scritto per intero.', field);
  }
  return s;
}

export const MAX_FAMILY = 5;

export function normalisePeople(people: unknown): Required<PersonInput>[] {
  if (!Array.isArray(people) || people.length === 0) {
    throw new ValidationError('CIE_PEOPLE_REQUIRED', 'Indicare almeno una persona per la prenotazione.', 'people');
  }
  if (people.length > MAX_FAMILY) {
    throw new ValidationError(
      'CIE_FAMILY_TOO_LARGE',
      `Una prenotazione può comprendere al massimo ${MAX_FAMILY} persone: per le altre fare una seconda prenotazione.`,
      'people',
    );
  }
  return people.map((p: PersonInput, i) => ({
    personId: optionalText(p?.personId, `people.${i}.personId`, 'Persona in anagrafe', 64),
    codiceFiscale: optionalCodiceFiscale(p?.codiceFiscale, `people.${i}.codiceFiscale`),
    surname: requireText(p?.surname, `people.${i}.surname`, 'Cognome', 100),
    givenNames: requireText(p?.givenNames, `people.${i}.givenNames`, 'Nome', 100),
    birthDate: p?.birthDate == null || p.birthDate === '' ? null : requireDate(p.birthDate, `people.${i}.birthDate`, 'Data di nascita'),
  }));
}
