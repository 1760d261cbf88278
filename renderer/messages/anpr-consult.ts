/** "Cerca in ANPR" (3002 consultation from the anagrafe search), in Italian. */
export const anprConsultText = {
  title: 'Cerca in ANPR',
  intro: 'La persona non è nell’anagrafe locale. Si può consultare ANPR: la consultazione è registrata con il motivo scelto.',
  open: 'Cerca in ANPR',
  offDown:
    'Ricerca in ANPR non disponibile: ANPR non è raggiungibile in questo momento. Il pulsante torna attivo da solo quando il collegamento riprende; intanto si può cercare solo nell’anagrafe locale.',
  offMissing:
    'Ricerca in ANPR non disponibile: il collegamento con ANPR non è configurato su questa postazione. Il responsabile lo imposta in Impostazioni.',
  offCredentials: (text: string) =>
    `Ricerca in ANPR non disponibile: ANPR ha rifiutato le credenziali del Comune (${text}). Il responsabile deve aggiornarle in Impostazioni.`,
  by: 'Cerca per',
  byOptions: {
    codiceFiscale: 'Codice fiscale',
    idANPR: 'ID ANPR',
    nomi: 'Cognome, nome e data di nascita',
  } as Record<string, string>,
  codiceFiscale: 'Codice fiscale',
  idANPR: 'ID ANPR (identificativo unico nazionale)',
  cognome: 'Cognome',
  nome: 'Nome',
  dataNascita: 'Data di nascita',
  purpose: 'Motivo della consultazione',
  purposeHelp: 'Obbligatorio: resta nel registro delle attività insieme a chi ha consultato e a chi.',
  choose: '— scegliere —',
  purposes: {
    identity_check: 'Verifica identità allo sportello',
    case_work: 'Istruttoria pratica',
    certificate: 'Richiesta di certificato',
    office_check: 'Controllo d’ufficio',
  } as Record<string, string>,
  submit: 'Consulta ANPR',
  cancel: 'Annulla',
  working: 'Consultazione di ANPR in corso…',
  none: 'ANPR non ha trovato nessuna persona con questi dati. Controllare quanto scritto (ad esempio il codice fiscale) e riprovare.',
  found: (n: number) =>
    n === 1
      ? 'ANPR ha trovato 1 persona.'
      : `ANPR ha trovato ${n} persone con questi dati: scegliere quella giusta confrontando il documento.`,
  recordTitle: (name: string) => `Scheda ANPR di ${name}`,
  readOnly: 'Dati di ANPR in sola lettura.',
  sesso: 'Sesso',
  idSchedaSoggettoANPR: 'Identificativo scheda ANPR',
  start1002: 'Avvia iscrizione per altri motivi con questi dati',
  openLocal: 'Già in anagrafe: apri la scheda',
  prefilled: (idAnpr: string) =>
    `Dati presi da ANPR (ID ANPR ${idAnpr}): controllarli con il documento della persona e completare la pratica.`,
  missing: 'Compilare i campi richiesti.',
};
