/**
 * ANPR's code tables in the clerk's words (../../../../shared/research/anpr.md, the comments in
 * pratica-model.ts): one copy for the back end (vocabulary.ts) and the page (the anagrafe forms'
 * choices), so a code never reads one way on a form and another in "Operazioni da verificare".
 * Pure constants: the page loads this module. ANPR's words, as the back end's messages are, so not
 * in renderer/messages (whose files a translation replaces).
 */
export const SESSO: Record<string, string> = { M: 'Maschio', F: 'Femmina' };
/** Tabella 5 (the family tie). */
export const LEGAME: Record<string, string> = {
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
export const STATO_CIVILE: Record<string, string> = {
  '1': 'Celibe / nubile',
  '2': 'Coniugata/o',
  '3': 'Vedova/o',
  '4': 'Divorziata/o',
  '6': 'Unita/o civilmente',
};
/** tab_tipo_mutazione_residenza (5005). */
export const MUTAZIONE_RESIDENZA: Record<string, string> = {
  '01': 'Senza fissa dimora',
  '02': 'Cambio di residenza',
  '03': 'Cambio di abitazione nel Comune (dimora abituale)',
  '04': 'Domicilio eletto',
  '06': 'Ripristino della residenza',
};
/** tab_Tipi_di_mutazione (5008). */
export const MUTAZIONE_SCHEDA: Record<string, string> = {
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
export const TIPO_INDIRIZZO: Record<string, string> = {
  '1': 'Residenza',
  '2': 'Dimora abituale',
  '3': 'Domicilio eletto',
  '4': 'Residenza estera',
};
/** Tabella 7 (1002). */
export const MOTIVO_ISCRIZIONE: Record<string, string> = {
  '3': 'Immigrazione da altro Comune',
  '4': 'Immigrazione dall’estero',
  '5': 'Ricomparsa',
  '6': 'Rimpatrio',
  '9': 'Altri motivi',
};
/** Tabella 15 (2001, 2003). */
export const MOTIVO_CANCELLAZIONE: Record<string, string> = {
  '1': 'Morte accertata',
  '2': 'Morte presunta',
  '5': 'Trasferimento all’estero',
  '6': 'Irreperibilità',
  '7': 'Mancato rinnovo della dichiarazione di dimora abituale',
  '10': 'Doppia iscrizione',
  '13': 'Altro motivo',
};
/** Where a newborn goes (1001). */
export const ATTRIBUZIONE_FAMIGLIA: Record<string, string> = {
  '1': 'Nuova famiglia',
  '2': 'Famiglia del padre',
  '3': 'Famiglia della madre',
  '4': 'Convivenza',
  '5': 'Altra famiglia indicata',
};
export const GESTIONE_CF: Record<string, string> = {
  '1': 'Richiesta di attribuzione ad ANPR',
  '2': 'Richiesta di omocodice ad ANPR',
  '3': 'Iscrizione senza validazione',
};
/** tipoFamigliaConvivenza's tipoScheda and tipoLegameSoggetto's tipoLegame: what the person belongs to. */
export const APPARTENENZA: Record<string, string> = { '3': 'Famiglia', '4': 'Convivenza', '5': 'Famiglia AIRE' };
export const RUOLO: Record<string, string> = { '1': 'Intestatario della scheda', '2': 'Altro componente' };
export const TIPO_OPERAZIONE: Record<string, string> = { C: 'Comunicazione', V: 'Variazione', R: 'Rettifica' };
