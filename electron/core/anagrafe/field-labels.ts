/**
 * A pratica payload path (ANPR's element names, e.g. richiesta.generalita1001.generalita.cognome)
 * in the clerk's words ("Cognome"), for the messages about a pratica that does not parse. The
 * deepest element with a label names it; the subject it belongs to qualifies it when known.
 */
const LABELS: Record<string, string> = {
  code: 'Tipo di pratica', tipoOperazione: 'Tipo di operazione', dataDecorrenza: 'Data di decorrenza',
  codFiscale: 'Codice fiscale', codiceFiscale: 'Codice fiscale', validitaCF: 'Validità del codice fiscale',
  cognome: 'Cognome', senzaCognome: 'Cognome', nome: 'Nome', senzaNome: 'Nome', sesso: 'Sesso',
  dataNascita: 'Data di nascita', senzaGiorno: 'Data di nascita', senzaGiornoMese: 'Data di nascita', luogoNascita: 'Luogo di nascita',
  idSchedaSoggetto: 'Scheda anagrafica del Comune', idSchedaSoggettoComune: 'Scheda anagrafica del Comune',
  idSchedaSoggettoANPR: 'Scheda anagrafica in ANPR', statoCivile: 'Stato civile', cittadinanza: 'Cittadinanza',
  titoloStudio: 'Titolo di studio', posizioneProfessionale: 'Posizione professionale',
  condizioneNonProfessionale: 'Condizione non professionale', dataEvento: "Data dell'evento", luogoEvento: "Luogo dell'evento",
  attoEvento: "Atto dell'evento", attoNascita: 'Atto di nascita', numeroAtto: "Numero dell'atto", residenza: 'Residenza',
  toponimo: 'Indirizzo', numeroCivico: 'Numero civico', cap: 'CAP', comune: 'Comune', frazione: 'Frazione',
  famiglia: 'Famiglia', convivenza: 'Convivenza', legameSoggetto: 'Rapporto con l\'intestatario scheda',
  motivoIscrizione: "Motivo dell'iscrizione", provenienza: 'Provenienza', datiCancellazione: 'Dati della cancellazione',
  indirizzoEstero: "Indirizzo all'estero", consolato: 'Consolato', note: 'Note', listaControlli: 'Controlli',
  tipoMutazione: 'Tipo di variazione', paternita: 'Padre', maternita: 'Madre',
};

const SUBJECT: Record<string, string> = {
  generalitaPerRicerca: 'della persona', generalitaDaModificare: 'nuovo', generalitaRichiedente: 'del richiedente',
  paternita: 'del padre', maternita: 'della madre',
};

export function praticaFieldLabel(path: readonly PropertyKey[]): string | undefined {
  const keys = path.map(String).filter((k) => !/^\d+$/.test(k));
  const at = keys.findLastIndex((k) => LABELS[k] !== undefined);
  if (at < 0) return undefined;
  const subject = keys.slice(0, at).findLast((k) => SUBJECT[k] !== undefined);
  return subject ? `${LABELS[keys[at]]} (${SUBJECT[subject]})` : LABELS[keys[at]];
}
