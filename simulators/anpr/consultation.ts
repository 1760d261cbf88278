/**
 * 3002 interrogazione cittadino: which subjects of the simulator's population a request's criteria
 * name. ANPR matches on an identifier (codice fiscale, ID ANPR, idSchedaSoggettoANPR) or on names
 * with the birth date; names alone are too weak (the clerk must give the date too), and several
 * persons may share names and date (homonyms): all of them are answered.
 */
import { childText, firstChild, type XElement } from './xml-read';

/** What 3002 reads of a subject (SimSubject, and whatever the population adds). */
export interface ConsultableSubject {
  idANPR: string;
  idSchedaSoggettoANPR: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  dataNascita?: string;
}

const norm = (s: string | undefined) => (s ?? '').trim().toUpperCase().replace(/\s+/g, ' ');

/** The subjects a Richiesta3002 names; [] when none (ANPR answers EN122). */
export function subjectsFor3002<S extends ConsultableSubject>(req: XElement, population: Iterable<S>): S[] {
  const criteri = firstChild(req, 'criteriRicerca');
  const cf = norm(childText(criteri, 'codiceFiscale'));
  const idAnpr = norm(childText(criteri, 'idANPR') ?? childText(criteri, 'identificativoANPR'));
  const idScheda = childText(criteri, 'idSchedaSoggettoANPR')?.trim() ?? '';
  const cognome = norm(childText(criteri, 'cognome'));
  const nome = norm(childText(criteri, 'nome'));
  const nato = childText(firstChild(req, 'datiNascita'), 'dataEvento')?.trim() ?? '';
  const byNames = (cognome !== '' || nome !== '') && nato !== '';
  if (!cf && !idAnpr && !idScheda && !byNames) return [];
  const found: S[] = [];
  for (const s of population) {
    if (cf && norm(s.codiceFiscale) !== cf) continue;
    if (idAnpr && norm(s.idANPR) !== idAnpr) continue;
    if (idScheda && s.idSchedaSoggettoANPR !== idScheda) continue;
    if (cognome && norm(s.cognome) !== cognome) continue;
    if (nome && norm(s.nome) !== nome) continue;
    if (nato && s.dataNascita !== nato) continue;
    found.push(s);
  }
  return found;
}
