/**
 * Codice fiscale computed from the person's data and compared with the one given, using
 * @marketto/codice-fiscale-utils for every encoding step (surname, name, date/sex, check digit,
 * omocodia). The place part is compared with the Belfiore code of the birthplace valid at the
 * birth date, resolved from our places table (see places.ts), so the check stays synchronous.
 */
import { CheckDigitizer, Parser } from '@marketto/codice-fiscale-utils';
import { M } from './messages';

// The parser needs a Belfiore connector only for place look-ups, which we do in SQLite instead.
const noPlaces = {
  findByCode: async () => null,
  findByName: async () => null,
  searchByName: async () => null,
  toArray: async () => [],
  from() {
    return noPlaces;
  },
  active() {
    return noPlaces;
  },
  byProvince: () => undefined,
  cities: undefined,
  countries: undefined,
  provinces: Promise.resolve([] as string[]),
};
const parser = new Parser(noPlaces as unknown as ConstructorParameters<typeof Parser>[0]);

// The library's name encoders cost ~0.6 ms each (diacritics handling); names repeat a lot, and the
// functions are pure, so their results are memoised (bounded).
function memo(fn: (s: string) => string | null): (s: string) => string | null {
  const cache = new Map<string, string | null>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      v = fn(s);
      if (cache.size >= 20_000) cache.clear();
      cache.set(s, v);
    }
    return v ?? null;
  };
}
const lastNameToCf = memo((s) => parser.lastNameToCf(s));
const firstNameToCf = memo((s) => parser.firstNameToCf(s));

const CF_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Shape and check character only (an upper-case codice fiscale as ANPR sends it); no person data needed. */
export function cfShapeProblem(cf: string): 'ANAGRAFE_CF_FORMAT' | 'ANAGRAFE_CF_CHECK_CHAR' | null {
  if (!CF_SHAPE.test(cf)) return 'ANAGRAFE_CF_FORMAT';
  return CheckDigitizer.checkDigit(cf.slice(0, 15)) === cf[15] ? null : 'ANAGRAFE_CF_CHECK_CHAR';
}

export interface CfPersonData {
  cognome: string;
  nome: string;
  sesso: 'M' | 'F' | 'N';
  /** YYYY-MM-DD */
  dataNascita: string;
  /** Belfiore code of the birthplace valid at the birth date (H501, Z118, …). */
  belfiore: string;
}

function dateSexPart(date: string, sesso: 'M' | 'F'): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${parser.yearToCf(y)}${parser.monthToCf(m - 1)}${parser.dayGenderToCf(d, sesso)}`;
}

/** The 16-character codice fiscale (no omocodia) that the data produce. */
export function computeCodiceFiscale(p: CfPersonData): string {
  const base = `${lastNameToCf(p.cognome)}${firstNameToCf(p.nome)}${dateSexPart(p.dataNascita, p.sesso === 'F' ? 'F' : 'M')}${p.belfiore}`;
  return base + CheckDigitizer.checkDigit(base);
}

/** Applies omocodia level `omocodeId` (bit 1 = rightmost substitutable digit), as Agenzia Entrate does. */
export function omocode(cf: string, omocodeId: number): string {
  const substituted = parser.cfOmocode(cf, omocodeId).slice(0, 15);
  return substituted + CheckDigitizer.checkDigit(substituted);
}

export type CfField = 'codiceFiscale' | 'cognome' | 'nome' | 'sesso' | 'dataNascita' | 'luogoNascita';

export type CfCheck = { ok: true; omocode: boolean } | { ok: false; field: CfField; code: string; message: string };

/**
 * Checks `cf` against the data. Omocodes (letters in digit positions) are accepted: they are decoded
 * before comparison. Fields not known (e.g. birthplace abroad without a code) are skipped by passing
 * `belfiore: ''`.
 */
export function checkCodiceFiscale(cfInput: string, p: CfPersonData): CfCheck {
  const cf = cfInput.trim().toUpperCase();
  if (!CF_SHAPE.test(cf)) return { ok: false, field: 'codiceFiscale', code: 'ANAGRAFE_CF_FORMAT', message: M.cfFormat };
  if (CheckDigitizer.checkDigit(cf.slice(0, 15)) !== cf[15]) {
    return { ok: false, field: 'codiceFiscale', code: 'ANAGRAFE_CF_CHECK_CHAR', message: M.cfCheckChar };
  }
  const plain = parser.cfDeomocode(cf);
  const isOmocode = plain !== cf;
  if (plain.slice(0, 3) !== lastNameToCf(p.cognome)) {
    return { ok: false, field: 'cognome', code: 'ANAGRAFE_CF_SURNAME', message: M.cfMismatch('cognome') };
  }
  if (plain.slice(3, 6) !== firstNameToCf(p.nome)) {
    return { ok: false, field: 'nome', code: 'ANAGRAFE_CF_NAME', message: M.cfMismatch('nome') };
  }
  const datePart = plain.slice(6, 11);
  const male = dateSexPart(p.dataNascita, 'M');
  const female = dateSexPart(p.dataNascita, 'F');
  const expected = p.sesso === 'F' ? female : p.sesso === 'M' ? male : null;
  if (expected === null ? datePart !== male && datePart !== female : datePart !== expected) {
    const other = p.sesso === 'F' ? male : female;
    if (expected !== null && datePart === other) {
      return { ok: false, field: 'sesso', code: 'ANAGRAFE_CF_SEX', message: M.cfMismatch('sesso') };
    }
    return { ok: false, field: 'dataNascita', code: 'ANAGRAFE_CF_BIRTH_DATE', message: M.cfMismatch('dataNascita') };
  }
  if (p.belfiore && plain.slice(11, 15) !== p.belfiore) {
    return { ok: false, field: 'luogoNascita', code: 'ANAGRAFE_CF_PLACE', message: M.cfMismatch('luogoNascita') };
  }
  return { ok: true, omocode: isOmocode };
}
