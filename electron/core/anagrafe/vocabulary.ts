/**
 * ANPR's coded values in the clerk's words (the tables in code-tables.ts), for what the anagrafe
 * shows read-only (the fields of a refused pratica in "Operazioni da verificare": "Sesso: Maschio",
 * not "Sesso: M"); a code not listed reads as itself.
 */
import {
  SESSO,
  LEGAME,
  STATO_CIVILE,
  MUTAZIONE_RESIDENZA,
  MUTAZIONE_SCHEDA,
  TIPO_INDIRIZZO,
  MOTIVO_ISCRIZIONE,
  MOTIVO_CANCELLAZIONE,
  ATTRIBUZIONE_FAMIGLIA,
  GESTIONE_CF,
  APPARTENENZA,
  RUOLO,
  TIPO_OPERAZIONE,
} from './code-tables';
import { PRATICA_TITLES } from './pratica-model';

/** By the payload's key (the deepest named one of a path); tipoScheda and tipoMutazione depend on where they are. */
const BY_KEY: Record<string, Record<string, string>> = {
  sesso: SESSO,
  codiceLegame: LEGAME,
  statoCivile: STATO_CIVILE,
  tipoIndirizzo: TIPO_INDIRIZZO,
  idMotivoIscrizione: MOTIVO_ISCRIZIONE,
  tipoMotivoCancellazione: MOTIVO_CANCELLAZIONE,
  attribuzioneFamiglia: ATTRIBUZIONE_FAMIGLIA,
  gestioneCF: GESTIONE_CF,
  ruoloSoggetto: RUOLO,
  tipoLegame: APPARTENENZA,
  tipoOperazione: TIPO_OPERAZIONE,
  code: PRATICA_TITLES,
};

/** A coded value of a pratica's payload in words, or undefined when it reads as it is. */
export function valueText(path: readonly string[], value: string): string | undefined {
  const named = path.filter((k) => !/^\d+$/.test(k));
  const key = named[named.length - 1];
  if (key === 'code' && named.length > 1) return undefined; // only the pratica's own code
  // A 5005 has one tipoMutazione ('03'); a 5008 a list of them ('07' in entry 0).
  if (key === 'tipoMutazione')
    return /^\d+$/.test(path[path.length - 1]) ? MUTAZIONE_SCHEDA[String(Number(value))] : MUTAZIONE_RESIDENZA[value];
  if (key === 'tipoScheda') {
    // In a 5005's datiControllo: the family kept or a new one (EF016); in a famiglia/convivenza: its kind.
    return (named.includes('datiControllo') ? { '1': 'Famiglia esistente', '2': 'Nuova famiglia' } : APPARTENENZA)[value];
  }
  return BY_KEY[key]?.[value];
}

/** A list entry of a pratica's payload that is a person (a family member, a subject): "ROSSI ANNA"; else undefined. */
export function entryName(entry: unknown): string | undefined {
  const g =
    entry !== null && typeof entry === 'object' ? (entry as { generalita?: { cognome?: unknown; nome?: unknown } }).generalita : undefined;
  const name = [g?.cognome, g?.nome].filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
  return name || undefined;
}
