/**
 * ANPR's coded values in the clerk's words, for what the anagrafe shows read-only (the fields of a
 * refused pratica in "Operazioni da verificare": "Sesso: Maschio", not "Sesso: M"). The codes are
 * ANPR's tables (../../../../shared/research/anpr.md, the comments in pratica-model.ts); a code not
 * listed reads as itself.
 */
import { PRATICA_TITLES } from './pratica-model';

const SESSO: Record<string, string> = { M: 'Maschio', F: 'Femmina' };
/** Tabella 5 (the family tie). */
const LEGAME: Record<string, string> = {
  '1': 'Intestatario della scheda',
  '2': 'Coniuge',
  '3': 'Figlia/o',
  '6': 'Genitore',
  '8': 'Fratello / sorella',
  '23': 'Convivente',
  '28': 'Unita/o civilmente',
  '99': 'Non definita',
};
/** Tabella 1. */
const STATO_CIVILE: Record<string, string> = {
  '1': 'Celibe / nubile',
  '2': 'Coniugata/o',
  '3': 'Vedova/o',
  '4': 'Divorziata/o',
  '6': 'Unita/o civilmente',
};
/** tab_tipo_mutazione_residenza (5005). */
const MUTAZIONE_RESIDENZA: Record<string, string> = {
  '01': 'Senza fissa dimora',
  '02': 'Cambio di residenza',
  '03': 'Cambio di abitazione nel Comune (dimora abituale)',
  '04': 'Domicilio eletto',
  '06': 'Ripristino della residenza',
};
/** tab_Tipi_di_mutazione (5008). */
const MUTAZIONE_SCHEDA: Record<string, string> = {
  '1': 'Dati anagrafici o codice fiscale',
  '2': 'Cittadinanza',
  '3': 'Carta d’identità',
  '4': 'Permesso di soggiorno',
  '5': 'Liste',
  '6': 'Censimento',
  '7': 'Altri dati (stato civile)',
  '8': 'Autoveicoli',
  '9': 'Domicilio digitale',
  '10': 'Paternità',
  '11': 'Maternità',
  '12': 'Matrimonio',
  '13': 'Vedovanza',
  '14': 'Annullamento del matrimonio',
  '15': 'Atto di nascita',
  '16': 'Convivenza di fatto',
  '17': 'Risoluzione della convivenza',
  '18': 'Unione civile',
  '19': 'Scioglimento dell’unione civile',
  '20': 'Completamento dei dati',
  '21': 'Dati integrativi AIRE',
  '22': 'Dati del decesso',
};
/** Tabella 25. */
const TIPO_INDIRIZZO: Record<string, string> = {
  '1': 'Residenza',
  '2': 'Dimora abituale',
  '3': 'Domicilio eletto',
  '4': 'Residenza estera',
};
/** Tabella 7 (1002). */
const MOTIVO_ISCRIZIONE: Record<string, string> = {
  '3': 'Immigrazione da altro Comune',
  '4': 'Immigrazione dall’estero',
  '5': 'Ricomparsa',
  '6': 'Rimpatrio',
  '9': 'Altri motivi',
};
/** Tabella 15 (2001, 2003). */
const MOTIVO_CANCELLAZIONE: Record<string, string> = {
  '1': 'Morte accertata',
  '2': 'Morte presunta',
  '5': 'Trasferimento all’estero',
  '6': 'Irreperibilità',
  '7': 'Mancato rinnovo della dichiarazione di dimora abituale',
  '10': 'Doppia iscrizione',
  '13': 'Altro motivo',
};
/** Where a newborn goes (1001). */
const ATTRIBUZIONE_FAMIGLIA: Record<string, string> = {
  '1': 'Nuova famiglia',
  '2': 'Famiglia del padre',
  '3': 'Famiglia della madre',
  '4': 'Convivenza',
  '5': 'Altra famiglia indicata',
};
const GESTIONE_CF: Record<string, string> = {
  '1': 'Richiesta di attribuzione ad ANPR',
  '2': 'Richiesta di omocodice ad ANPR',
  '3': 'Iscrizione senza validazione',
};
/** tipoFamigliaConvivenza's tipoScheda and tipoLegameSoggetto's tipoLegame: what the person belongs to. */
const APPARTENENZA: Record<string, string> = { '3': 'Famiglia', '4': 'Convivenza', '5': 'Famiglia AIRE' };
const RUOLO: Record<string, string> = { '1': 'Intestatario della scheda', '2': 'Altro componente' };
const TIPO_OPERAZIONE: Record<string, string> = { C: 'Comunicazione', V: 'Variazione', R: 'Rettifica' };

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
