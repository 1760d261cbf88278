/**
 * The simulated Comune's residents as ANPR knows them: generated from the index alone, so a
 * population of 200,000 costs no memory and is the same in every run. Families come in blocks of
 * ten persons (sizes 1, 2, 3, 4), each with one address. A few rows can be planted wrong (a
 * codice fiscale with a bad check character, a missing birth date) to exercise the loader's refusals.
 */

export type PlantedFault = 'cf' | 'nascita';

export interface PopulationSpec {
  size: number;
  /** Persons written wrong on purpose, by index. */
  faults?: Record<number, PlantedFault>;
}

export interface Resident {
  index: number;
  idANPR: string;
  idSchedaSoggettoANPR: string;
  codiceFiscale: string;
  cognome: string;
  nome: string;
  sesso: 'M' | 'F';
  dataNascita?: string;
  statoCivile: string;
  idFamigliaANPR: string;
  dataOrigineFamiglia: string;
  codiceLegame: string;
  address: { cap: string; specie: string; denominazione: string; numero: string };
}

export const DEFAULT_POPULATION_SIZE = 60;

const COGNOMI = ['ROSSI', 'RUSSO', 'FERRARI', 'ESPOSITO', 'BIANCHI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO', 'GRECO', 'BRUNO', 'GALLO'];
const NOMI_M = ['MARCO', 'LUCA', 'GIUSEPPE', 'ANDREA', 'FRANCESCO', 'PAOLO', 'MATTEO', 'ALESSANDRO'];
const NOMI_F = ['GIULIA', 'MARIA', 'ANNA', 'SARA', 'CHIARA', 'FRANCESCA', 'LAURA', 'ELENA'];
const VIE = ['ROMA', 'GARIBALDI', 'MAZZINI', 'CAVOUR', 'DANTE', 'VERDI', 'MARCONI', 'MATTEOTTI', 'XX SETTEMBRE'];
const MONTHS = 'ABCDEHLMPRST';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Birth place of every generated person: the demo Comune (Belfiore code A577). */
const BIRTH_BELFIORE = 'A577';

const ODD: Record<string, number> = {};
'1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23'.split(' ').forEach((v, i) => {
  ODD[LETTERS[i]] = Number(v);
  if (i < 10) ODD[String(i)] = Number(v);
});

/** The check character of a codice fiscale's first 15 characters (DM 12/03/1974). */
export function cfCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i];
    if (i % 2 === 0) sum += ODD[c];
    else sum += /[0-9]/.test(c) ? Number(c) : LETTERS.indexOf(c);
  }
  return LETTERS[sum % 26];
}

function letters3(n: number): string {
  return LETTERS[Math.floor(n / 676) % 26] + LETTERS[Math.floor(n / 26) % 26] + LETTERS[n % 26];
}

/** The family block (10 persons: sizes 1, 2, 3, 4) a person belongs to, and their place in it. */
function familyOf(index: number): { family: number; position: number } {
  const block = Math.floor(index / 10);
  const offset = index % 10;
  const starts = [0, 1, 3, 6];
  let k = 3;
  while (starts[k] > offset) k--;
  return { family: block * 4 + k, position: offset - starts[k] };
}

export function residentAt(index: number, spec: PopulationSpec): Resident {
  // Uniqueness: the first three letters encode index mod 17576, the birth date the quotient.
  const days = (Math.floor(index / 17576) * 997 + (index % 17576) * 13) % 29000;
  const birth = new Date(Date.UTC(1930, 0, 1) + days * 86_400_000);
  const sesso = index % 2 === 0 ? 'M' : 'F';
  const { family, position } = familyOf(index);
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const dd = String(birth.getUTCDate() + (sesso === 'F' ? 40 : 0)).padStart(2, '0');
  const nomi = sesso === 'M' ? NOMI_M : NOMI_F;
  const nome = nomi[Math.floor(index / 2) % nomi.length];
  const first15 = `${letters3(index % 17576)}${letters3((index * 7) % 17576)}${yy}${MONTHS[birth.getUTCMonth()]}${dd}${BIRTH_BELFIORE}`;
  const fault = spec.faults?.[index];
  let check = cfCheckChar(first15);
  if (fault === 'cf') check = LETTERS[(LETTERS.indexOf(check) + 1) % 26];
  const familyHead = index - position;
  return {
    index,
    idANPR: `SIM${String(index).padStart(9, '0')}`,
    idSchedaSoggettoANPR: String(3_000_000_000 + index),
    codiceFiscale: first15 + check,
    cognome: COGNOMI[familyHead % COGNOMI.length],
    nome,
    sesso,
    dataNascita: fault === 'nascita' ? undefined : birth.toISOString().slice(0, 10),
    statoCivile: position < 2 && family % 4 !== 0 ? '2' : '1',
    idFamigliaANPR: String(5_000_000 + family),
    dataOrigineFamiglia: '2010-01-01',
    codiceLegame: position === 0 ? '1' : position === 1 ? '2' : '3',
    address: {
      cap: '00100',
      specie: 'VIA',
      denominazione: VIE[family % VIE.length],
      numero: String((family % 180) + 1),
    },
  };
}

/** Codice fiscale -> index, built on first use (4002 names persons by codice fiscale). */
export function cfIndex(spec: PopulationSpec): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < spec.size; i++) map.set(residentAt(i, spec).codiceFiscale, i);
  return map;
}
