/**
 * The Comuni the production set-up offers as the clerk types a name: ANPR's archive of places
 * (loaded on first use), the Comuni in force on `date`, named as a letterhead names them.
 */
import type { Db } from '../store/types';
import { loadPlacesIfEmpty, searchPlaces } from './places';

const PARTICLES = new Set([
  'di',
  'del',
  'della',
  'dei',
  'delle',
  'de',
  'in',
  'sul',
  'sulla',
  'al',
  'alla',
  'e',
  'd',
  'l',
  'sopra',
  'sotto',
]);

/** "BAGNOREGIO" → "Bagnoregio", "SAN GIOVANNI IN FIORE" → "San Giovanni in Fiore" (the archive's names are upper case). */
export function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(
      /(^|[\s'’-])(\p{L}+)/gu,
      (_m, sep: string, w: string) => sep + (sep !== '' && PARTICLES.has(w) ? w : w[0].toUpperCase() + w.slice(1)),
    );
}

export async function comuneChoices(db: Db, query: string, date: string, limit = 15) {
  await loadPlacesIfEmpty(db);
  return searchPlaces(db, query, { kind: 'comune', date, limit }).map((p) => ({
    nome: `Comune di ${titleCase(p.name)}`,
    provincia: p.sigla_provincia,
    codiceCatastale: p.belfiore,
    codiceIstat: p.codice_istat,
  }));
}
