/**
 * Maps what the chip says to the fields of Sportello's person forms. Pure: no I/O, no clock except
 * the `today` argument. Inconsistencies (codice fiscale vs birth date/sex) become warnings, not errors:
 * the clerk decides.
 */
import type { CieIdentity } from './service';

export interface PersonPrefill {
  surname: string;
  givenNames: string;
  sex: 'M' | 'F' | null;
  /** YYYY-MM-DD */
  birthDate: string;
  birthPlace: string | null;
  codiceFiscale: string | null;
  citizenship: string | null;
  residenceAddress: { street: string | null; comune: string | null; province: string | null } | null;
  identityDocument: { type: 'CIE'; number: string; expiryDate: string; issuingCountry: string };
  warnings: PrefillWarning[];
}

export type PrefillWarning = 'codice-fiscale-format' | 'codice-fiscale-birth-date' | 'codice-fiscale-sex' | 'document-expired';

const MONTH_LETTERS = 'ABCDEHLMPRST';
const OMOCODIA: Record<string, string> = { L: '0', M: '1', N: '2', P: '3', Q: '4', R: '5', S: '6', T: '7', U: '8', V: '9' };

function cfDigits(s: string): string {
  return s.replace(/[LMNPQRSTUV]/g, (c) => OMOCODIA[c]);
}

const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s'’-])\p{L}/gu, (m) => m.toUpperCase());

export function identityToPrefill(identity: CieIdentity, today: string): PersonPrefill {
  const warnings: PrefillWarning[] = [];
  const cf = identity.codiceFiscale?.toUpperCase().replace(/\s/g, '') || null;
  if (cf) {
    if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(cf))
      warnings.push('codice-fiscale-format');
    else {
      const yy = cfDigits(cf.slice(6, 8));
      const month = MONTH_LETTERS.indexOf(cf[8]) + 1;
      const day = Number(cfDigits(cf.slice(9, 11)));
      const [y, m, d] = identity.birthDate.split('-');
      if (y?.slice(2) !== yy || Number(m) !== month || Number(d) !== day % 40) warnings.push('codice-fiscale-birth-date');
      if ((day > 40 ? 'F' : 'M') !== identity.sex && identity.sex !== 'X') warnings.push('codice-fiscale-sex');
    }
  }
  if (identity.documentExpiry && identity.documentExpiry < today) warnings.push('document-expired');
  const address = identity.address;
  return {
    surname: titleCase(identity.surname),
    givenNames: titleCase(identity.givenNames),
    sex: identity.sex === 'X' ? null : identity.sex,
    birthDate: identity.birthDate,
    birthPlace: identity.birthPlace ? titleCase(identity.birthPlace) : null,
    codiceFiscale: cf,
    citizenship: identity.nationality || null,
    residenceAddress: address
      ? {
          street: address[0] ? titleCase(address[0]) : null,
          comune: address[1] ? titleCase(address[1]) : null,
          province: address[2]?.length === 2 ? address[2].toUpperCase() : null,
        }
      : null,
    identityDocument: {
      type: 'CIE',
      number: identity.documentNumber,
      expiryDate: identity.documentExpiry,
      issuingCountry: identity.issuingState,
    },
    warnings,
  };
}
