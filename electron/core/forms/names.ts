/**
 * People's names, one rule for the whole app (anagrafe, CIE bookings and walk-ins, pagoPA debtors,
 * operators): ANPR's alfabeticoNomiCognomi (letters, accented ones included, space and - ' . ,).
 * Markup, digits and symbols are refused with the same Italian message wherever they are typed.
 */
import { z } from '../zod';

/** The XSD's letters: a-z, A-Z and the Latin-1 / Latin Extended-A range "À-ž", plus Ɖ. */
export const NAME_LETTERS = 'a-zA-ZÀ-žƉ';
export const PERSON_NAME = new RegExp(`^[${NAME_LETTERS}\\- '.,]+$`);
/** A debtor that is not a person (a company, an association): digits and & / ( ) allowed too. */
const ORGANISATION_NAME = new RegExp(`^[0-9${NAME_LETTERS}\\- '.,&/()]+$`);

export const NAME_MESSAGES = {
  chars: "Contiene caratteri non ammessi in un nome: usare solo lettere (anche accentate), spazi e i segni - ' . ,",
  orgChars: "Contiene caratteri non ammessi: usare lettere, cifre, spazi e i segni - ' . , & / ( )",
} as const;

export const isPersonName = (s: string) => PERSON_NAME.test(s);
export const isOrganisationName = (s: string) => ORGANISATION_NAME.test(s);

/** A required person's name (cognome, nome, "cognome e nome"), at most `max` characters. */
export const personName = (max = 80) => z.string().trim().min(1).max(max).regex(PERSON_NAME, NAME_MESSAGES.chars);

/** A person's name that may be left empty (checked only when written). */
export const optionalPersonName = (max = 80) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => s === '' || PERSON_NAME.test(s), NAME_MESSAGES.chars);

/** The debtor of a pagoPA notice: a person's name, or an organisation's when `organisation`. */
export function checkDebtorName(name: string, organisation: boolean): string | null {
  const s = name.trim();
  if (!s) return null;
  if (organisation) return ORGANISATION_NAME.test(s) ? null : NAME_MESSAGES.orgChars;
  return PERSON_NAME.test(s) ? null : NAME_MESSAGES.chars;
}
