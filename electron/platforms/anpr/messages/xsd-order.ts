/**
 * Element order of the ANPR request types (wsdl/comuni v9.0.3, flattened in
 * ../shared/data/anpr/xsd-trees). The pratica model uses ANPR's element names but a JS object has
 * no schema order; this table restores it. Each entry: child element names in XSD sequence order,
 * `name:Type` for complex children, bare `name` for simple content. Only the types Sportello's
 * pratica model can carry are listed; anything else in a payload is refused, never dropped.
 */

const SPEC: Record<string, string> = {
  Comune: 'nomeComune codiceIstat siglaProvinciaIstat descrizioneLocalita',
  Localita: 'descrizioneLocalita descrizioneStato codiceStato provinciaContea',
  LuogoEvento: 'luogoEccezionale comune:Comune localita:Localita',
  ProvenienzaDestinazione: 'comune:Comune localita:Localita',
  CodiceFiscale: 'codFiscale validitaCF dataAttribuzioneValidita',
  IdSchedaSoggettoComune: 'idSchedaSoggettoComuneIstat idSchedaSoggetto',
  Generalita:
    'codiceFiscale:CodiceFiscale cognome senzaCognome nome senzaNome sesso dataNascita senzaGiorno senzaGiornoMese luogoNascita:LuogoEvento soggettoAIRE annoEspatrio idSchedaSoggettoComune:IdSchedaSoggettoComune idSchedaSoggettoANPR note',
  AttributiSoggetto: 'senzaFissaDimora soggettoCertificabile',
  StatoCivile: 'statoCivile noteStatoCivile statoCivileND',
  Cittadinanza: 'descrizioneStato codiceStato noteStato dataValidita',
  AltriDati: 'posizioneProfessionale condizioneNonProfessionale titoloStudio',
  Genitore: 'generalita:Generalita statoCivile:StatoCivile cittadinanza:Cittadinanza altriDati:AltriDati',
  Autoveicoli: 'possessoAutoveicoli possessoPatente',
  Atto: 'comuneRegistrazione:Comune ufficioMunicipio anno parte serie numeroAtto volume dataFormazioneAtto trascritto',
  AttoANSC: 'idANSC comuneRegistrazione:Comune anno ufficioMunicipio numeroComunale dataFormazioneAtto trascritto',
  AttoANPR: 'atto:Atto attoANSC:AttoANSC',
  Sentenza: 'data numero tipoTribunale autorita dataValidita',
  DatiEvento: 'dataEvento senzaGiorno senzaGiornoMese luogoEvento:LuogoEvento attoEvento:Atto attoEventoANPR:AttoANPR',
  IdFamigliaConvivenzaComune: 'idFamigliaConvivenzaComuneIstat idFamigliaConvivenza',
  FamigliaConvivenza:
    'idFamigliaConvivenzaComune:IdFamigliaConvivenzaComune idFamigliaConvivenzaANPR famigliaAire dataOrigineFamigliaConvivenza motivoCostituzione denominazioneConvivenza specieConvivenza tipoMovimentazione presenzaFamigliaCoabitante tipoScheda',
  LegameSoggetto: 'tipoLegame dataDecorrenza codiceLegame progressivoComponente',
  SoggettoFamiglia: 'generalita:Generalita legameSoggetto:LegameSoggetto autoveicoli:Autoveicoli',
  CivicoInterno: 'corte scala interno1 espInterno1 interno2 espInterno2 scalaEsterna secondario piano nui isolato',
  NumeroCivico: 'codiceCivico civicoFonte numero metrico progSNC lettera esponente1 colore civicoInterno:CivicoInterno',
  Toponimo: 'codSpecie specie specieFonte codToponimo denominazioneToponimo toponimoFonte',
  Indirizzo: 'cap comune:Comune frazione toponimo:Toponimo numeroCivico:NumeroCivico',
  ToponimoEstero: 'denominazione numeroCivico',
  IndirizzoEstero: 'cap localita:Localita toponimo:ToponimoEstero',
  Consolato: 'codiceConsolato descrizioneConsolato',
  LocalitaEstera: 'indirizzoEstero:IndirizzoEstero consolato:Consolato',
  Residenza: 'tipoIndirizzo noteIndirizzo indirizzo:Indirizzo localitaEstera:LocalitaEstera presso dataDecorrenzaResidenza',
  AltraLingua: 'idLingua noteIndirizzo descrizioneLocalita frazione specie denominazioneToponimo presso',
  DatiProcedimento: 'numeroPraticaAnpr numeroPraticaComune dataDefinizionePratica',
  Controllo: 'codice valore',
  ListaControlli: 'controllo:Controllo',
  FamigliaLegame: 'famiglia:FamigliaConvivenza legameSoggetto:LegameSoggetto',
  ConvivenzaLegame: 'convivenza:FamigliaConvivenza legameSoggetto:LegameSoggetto',

  Generalita1001: 'generalita:Generalita attributiSoggetto:AttributiSoggetto',
  DatiControllo1001: 'origineCognome filiazione attribuzioneFamiglia gestioneCF listaControlli:ListaControlli',
  Richiesta1001:
    'generalita1001:Generalita1001 attoNascita:Atto attoNascitaANPR:AttoANPR cittadinanza:Cittadinanza paternita:Genitore maternita:Genitore famConv:FamigliaConvivenza legameSoggetto:LegameSoggetto datiDelProcedimento:DatiProcedimento datiControllo:DatiControllo1001',

  MotivoIscrizione: 'idMotivoIscrizione note',
  Generalita1002: 'generalita:Generalita statoCivile:StatoCivile attributiSoggetto:AttributiSoggetto',
  DatiControllo1002: 'attribuzioneFamiglia gestioneCF listaControlli:ListaControlli',
  Richiesta1002:
    'motivoIscrizione:MotivoIscrizione generalita1002:Generalita1002 altriDati:AltriDati attoNascita:Atto attoNascitaANPR:AttoANPR cittadinanza:Cittadinanza paternita:Genitore maternita:Genitore provenienza:ProvenienzaDestinazione residenza:Residenza altraLingua:AltraLingua famiglia:FamigliaLegame convivenza:ConvivenzaLegame autoveicoli:Autoveicoli datiDelProcedimento:DatiProcedimento datiSentenza:Sentenza datiControllo:DatiControllo1002',

  MotivoCancellazione2001: 'tipoMotivoCancellazione tipoMotivoCancellazioneAIRE',
  DatiControlloRuolo: 'ruoloSoggetto listaControlli:ListaControlli',
  Richiesta2001:
    'motivoCancellazione:MotivoCancellazione2001 generalitaPerRicerca:Generalita datiDecesso:DatiEvento datiSentenza:Sentenza elencoSoggettiFamiglia:SoggettoFamiglia altriDati:AltriDati datiDelProcedimento:DatiProcedimento datiControllo:DatiControlloRuolo',

  DatiCancellazione2003: 'motivoCancellazione notecancellazione dataDecorrenzaCancellazione datiSentenza:Sentenza',
  Richiesta2003:
    'datiCancellazione:DatiCancellazione2003 generalitaPerRicerca:Generalita destinazione:ProvenienzaDestinazione elencoSoggetti:SoggettoFamiglia altriDati:AltriDati datiDelProcedimento:DatiProcedimento datiControllo:DatiControlloRuolo',

  DatiControllo5005: 'tipoMutazione tipoScheda listaControlli:ListaControlli',
  Richiesta5005:
    'generalitaSchedaFamiglia:FamigliaConvivenza residenzaFamiglia:Residenza altraLingua:AltraLingua elencoSoggettiFamiglia:SoggettoFamiglia datiDelProcedimento:DatiProcedimento datiControllo:DatiControllo5005',

  GeneralitaPerModifica: 'generalita:Generalita attributiSoggetto:AttributiSoggetto',
  DatiControllo5008: 'tipoMutazione gestioneCF listaControlli:ListaControlli',
  Richiesta5008:
    'generalitaPerRicerca:Generalita generalitaDaModificare:GeneralitaPerModifica statoCivile:StatoCivile attoNascita:Atto attoNascitaANPR:AttoANPR paternita:Genitore maternita:Genitore cittadinanza:Cittadinanza altriDati:AltriDati autoVeicoli:Autoveicoli datiDelProcedimento:DatiProcedimento datiControllo:DatiControllo5008',

  Rettifica101: 'dataDecorrenzaResidenza',
  Rettifica102: 'idMotivoIscrizione note provenienza:ProvenienzaDestinazione',
  Rettifica103: 'dataUltimoAggiornamentoAPR dataPrimaIscrizioneComune dataIngressoFamiglia',
  Rettifica104: 'dataPrimaIscrizioneComune dataDecorrenzaResidenza dataOrigineFamigliaConvivenza dataIngressoFamiglia dataDecorrenzaLegame',
  Rettifica105: 'luogoNascita:LuogoEvento',
  TipoRettifica:
    'richiestaRettifica101:Rettifica101 richiestaRettifica102:Rettifica102 richiestaRettifica103:Rettifica103 richiestaRettifica104:Rettifica104 richiestaRettifica105:Rettifica105',
  DatiControllo5014: 'listaControlli:ListaControlli',
  Richiesta5014: 'generalitaPerRicerca:Generalita tipoRettifica:TipoRettifica datiControllo:DatiControllo5014',

  LinguaCertificato: 'tipoLinguaCertificato',
  ListaTipiCertificati: 'tipoCertificato',
  DocRiconoscimento: 'estDocRiconoscimento dataRilascio',
  SoggettoRichiedente: 'generalita:Generalita docRiconoscimento:DocRiconoscimento',
  SoggettoIntestatario: 'generalita:Generalita',
  ListaAnnotazioni: 'rigaAnnotazione',
  DatiControllo6001:
    'cognomeUffAnagrafe nomeUffAnagrafe tipoRichiedente tipoRichiesta paEstera emissione bollo bolloVirtuale esenzioneDiritti diritti esenzioneBollo descrizioneEsenzioneBollo listaAnnotazioni:ListaAnnotazioni forzaCertificazione modalita tipoFirmaElettorale',
  Richiesta6001:
    'linguaCertificato:LinguaCertificato listaTipiCertificati:ListaTipiCertificati generalitaRichiedente:SoggettoRichiedente soggettoIntestatario:SoggettoIntestatario datiControllo:DatiControllo6001',

  CriteriRicerca3002:
    'codiceFiscale cognome senzaCognome nome senzaNome sesso soggettoAIRE idSchedaSoggettoComune:IdSchedaSoggettoComune idSchedaSoggettoANPR tipoScheda idFamigliaConvivenzaComune:IdFamigliaConvivenzaComune identificativoANPR idANPR',
  LuogoNascita3000: 'luogoEccezionale comune:Comune localita:Localita',
  DatiNascita3000: 'dataEvento senzaGiorno senzaGiornoMese luogoNascita:LuogoNascita3000',
  DatiRichiesta3002:
    'schedaAnagraficaRichiesta dataRiferimentoRichiesta datiAnagraficiRichiesti ricercaNazionale comuneResidenza:Comune parametriANPR',
  Richiesta3002: 'criteriRicerca:CriteriRicerca3002 datiNascita:DatiNascita3000 datiRichiesta:DatiRichiesta3002',

  ComuneRichiesta: 'nomeComune codiceIstat siglaProvinciaIstat',
  RicercaSingolaRichiesta: 'idOperazioneANPR protocolloComune idOperazioneComune tipoOperazione',
  PeriodoRiferimento: 'dataOraIniziale dataOraFinale',
  RicercaElenchiRichieste: 'statoLavorazione operazioneRichiesta periodoRiferimentoRichieste:PeriodoRiferimento',
  Richiesta3003:
    'comuneRichiesta:ComuneRichiesta ricercaSingolaRichiesta:RicercaSingolaRichiesta ricercaElenchiRichieste:RicercaElenchiRichieste',

  CriteriRicerca4001: 'comuneRichiesta:ComuneRichiesta datiAnagraficiRichiesti',
  Richiesta4001: 'criteriRicerca:CriteriRicerca4001',
  CriteriRicerca4002: 'dataRiferimento datiRichiesti xmlFileCodiciFiscali criterioSelezione',
  Richiesta4002: 'criteriRicerca:CriteriRicerca4002',
  VerificaStato4005: 'idOperazioneANPR progressivo',
  Richiesta4005: 'verificaStato:VerificaStato4005',
};

export type ChildSpec = readonly [name: string, type: string | null];

export const XSD_ORDER: Record<string, readonly ChildSpec[]> = Object.fromEntries(
  Object.entries(SPEC).map(([type, children]) => [
    type,
    children.split(/\s+/).map((c): ChildSpec => {
      const [name, t] = c.split(':');
      return [name, t ?? null];
    }),
  ]),
);
