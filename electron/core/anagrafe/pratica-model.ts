/**
 * The payload of every anagrafe pratica, as zod schemas mirroring the ANPR request XSDs
 * (../shared/data/anpr/xsd-trees, wsdl-comuni v9.0.3). Field names are ANPR's names so that
 * platforms/anpr can map `richiesta` onto the SOAP body element by element; element ORDER in
 * the XML must follow the XSD, not the order of keys here.
 *
 * Shape: `{ code, testata, richiesta }`.
 *  - `code` is the 4-char ANPR service code (operazioneRichiesta).
 *  - `testata` holds only what the Comune decides about the header (tipoOperazione, dates,
 *    protocollo). idOperazioneComune, codMittente, codDestinatario, dataOraRichiesta, tipoInvio and
 *    the application fields are filled at send time by the adapter (idOperazioneComune is the
 *    outbox item's idempotencyKey, allocated once when the pratica is saved).
 *  - `richiesta` is the request body without `testataRichiesta`.
 *
 * XSD choices (e.g. cognome | senzaCognome) are modelled as optional siblings plus a refinement
 * that exactly one is present. All codes are strings, as in the XSD (numerico = digit strings).
 * Local person ids travel as `idSchedaSoggettoComune.idSchedaSoggetto`, local family ids as
 * `idFamigliaConvivenzaComune.idFamigliaConvivenza` — these ARE the Comune's ids in ANPR's model.
 */
import { z } from '../zod';
import { NAME_LETTERS, NAME_MESSAGES, PERSON_NAME } from '../forms/names';

// ---------------------------------------------------------------------------------------------
// Simple types (tipoDato.xsd / vocabolari)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** tipoDataAnagrafica / xs:date as `YYYY-MM-DD`. */
export const dataAnagrafica = z
  .string()
  .regex(ISO_DATE, 'Data non valida: scriverla come gg/mm/aaaa.')
  .refine(isRealDate, 'Data inesistente nel calendario.');

const digits = (min: number, max: number) =>
  z.string().regex(new RegExp(`^\\d{${min},${max}}$`), `Deve contenere da ${min} a ${max} cifre.`);
const digitsExact = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `Deve contenere ${n} cifre.`);
const pattern = (re: RegExp, max: number, min = 1) => z.string().min(min).max(max).regex(re, 'Contiene caratteri non ammessi.');

// Character classes of the XSD patterns ("Ii-À-žƉ" in the XSD is the Latin-1/Latin Extended-A range).
const LETTERS = NAME_LETTERS;
/** alfabeticoNomiCognomi: letters incl. accented, `- ' . ,` and space; 1–80 (the app's one name rule, forms/names.ts). */
export const nomeCognome = z.string().min(1).max(80).regex(PERSON_NAME, NAME_MESSAGES.chars);
const alfanumericoSlash = (max: number) => pattern(new RegExp(`^[0-9${LETTERS}\\- '/.,()]+$`), max);
const alfanumerico = (max: number) => pattern(new RegExp(`^[0-9${LETTERS}\\- '.,]+$`), max);
const tipoNote = (max: number) => pattern(new RegExp(`^[0-9${LETTERS},.\\-'":; ]+$`), max);
const alnum = (max: number) => pattern(/^[0-9a-zA-Z]+$/, max);
const tipoSenza = z.literal('1');
const sn = z.enum(['S', 'N']);

/** tipoCodiceIstatComune: 6 digits. */
export const codiceIstatComune = digitsExact(6);
/** numerico3: ISTAT 3-digit state code (Tabella 2 CODISTAT, e.g. 100 ITALIA). */
export const codiceStato = digitsExact(3);

// ---------------------------------------------------------------------------------------------
// Places

/** tipoComune */
export const tipoComune = z.object({
  nomeComune: alfanumericoSlash(80),
  codiceIstat: codiceIstatComune.optional(),
  siglaProvinciaIstat: pattern(new RegExp(`^[${LETTERS}\\- ',.]{2}$`), 2, 2),
  descrizioneLocalita: alfanumerico(120).optional(),
});
export type TipoComune = z.infer<typeof tipoComune>;

/** tipoLocalita (foreign locality) */
export const tipoLocalita = z.object({
  descrizioneLocalita: alfanumericoSlash(120).optional(),
  descrizioneStato: alfanumerico(120),
  codiceStato,
  provinciaContea: alfanumericoSlash(30).optional(),
});
export type TipoLocalita = z.infer<typeof tipoLocalita>;

/** tipoLuogoEvento: exactly one of luogoEccezionale | comune | localita. */
export const tipoLuogoEvento = z
  .object({
    luogoEccezionale: alfanumericoSlash(120).optional(),
    comune: tipoComune.optional(),
    localita: tipoLocalita.optional(),
  })
  .refine(
    (l) => [l.luogoEccezionale, l.comune, l.localita].filter((x) => x !== undefined).length === 1,
    'Indicare un solo luogo: un comune italiano, una località estera o un luogo eccezionale.',
  );
export type TipoLuogoEvento = z.infer<typeof tipoLuogoEvento>;

/** tipoProvenienza / tipoProvenienzaDestinazione: comune | localita. */
export const tipoProvenienzaDestinazione = z
  .object({ comune: tipoComune.optional(), localita: tipoLocalita.optional() })
  .refine((p) => (p.comune === undefined) !== (p.localita === undefined), 'Indicare un comune italiano oppure una località estera.');

// ---------------------------------------------------------------------------------------------
// Person

/** tipoCodiceFiscale */
export const tipoCodiceFiscale = z.object({
  codFiscale: pattern(/^[0-9a-zA-Z]+$/, 16, 11),
  /** Tabella stato validazione CF: 1 validated by Agenzia Entrate, 9 not validated. */
  validitaCF: digits(1, 2).optional(),
  dataAttribuzioneValidita: dataAnagrafica.optional(),
});

/** tipoIdSchedaSoggettoComune: the Comune's id of the person (Sportello's local person id). */
export const tipoIdSchedaSoggettoComune = z.object({
  idSchedaSoggettoComuneIstat: codiceIstatComune,
  idSchedaSoggetto: pattern(/^[0-9a-zA-Z-]+$/, 20),
});

export const sesso = z.enum(['M', 'F', 'N']);

const generalitaFields = {
  codiceFiscale: tipoCodiceFiscale.optional(),
  cognome: nomeCognome.optional(),
  senzaCognome: tipoSenza.optional(),
  nome: nomeCognome.optional(),
  senzaNome: tipoSenza.optional(),
  sesso: sesso.optional(),
  /** Without day: AAAA-MM-01 + senzaGiorno; without day and month: AAAA-01-01 + senzaGiornoMese. */
  dataNascita: dataAnagrafica.optional(),
  senzaGiorno: tipoSenza.optional(),
  senzaGiornoMese: tipoSenza.optional(),
  luogoNascita: tipoLuogoEvento.optional(),
  soggettoAIRE: z.literal('S').optional(),
  annoEspatrio: digitsExact(4).optional(),
  idSchedaSoggettoComune: tipoIdSchedaSoggettoComune.optional(),
  /** ANPR's id of the person's record (≤16 digits). TEXT, never a number. */
  idSchedaSoggettoANPR: digits(1, 16).optional(),
  note: tipoNote(240).optional(),
};

/** tipoGeneralita: cognome | senzaCognome and nome | senzaNome are XSD choices. */
export const tipoGeneralita = z
  .object(generalitaFields)
  .refine((g) => (g.cognome === undefined) !== (g.senzaCognome === undefined), {
    message: 'Indicare il cognome oppure "senza cognome".',
    path: ['cognome'],
  })
  .refine((g) => (g.nome === undefined) !== (g.senzaNome === undefined), {
    message: 'Indicare il nome oppure "senza nome".',
    path: ['nome'],
  });
export type TipoGeneralita = z.infer<typeof tipoGeneralita>;

/** tipoAttributiSoggetto */
export const tipoAttributiSoggetto = z.object({
  senzaFissaDimora: sn.optional(),
  soggettoCertificabile: digitsExact(1).optional(),
});

/** tipoStatoCivile (Tabella 1: 1 celibe/nubile, 2 coniugato, 3 vedovo, 4 divorziato, 6 unito civilmente, …). */
export const tipoStatoCivile = z.object({
  statoCivile: digits(1, 2),
  noteStatoCivile: tipoNote(240).optional(),
  statoCivileND: z.enum(['SI', 'NO', 'S', 'N']).optional(),
});

/** tipoCittadinanza */
export const tipoCittadinanza = z.object({
  descrizioneStato: alfanumerico(120),
  codiceStato,
  noteStato: tipoNote(240).optional(),
  dataValidita: dataAnagrafica.optional(),
});

/** tipoAltriDati (Tabelle 9, 10, 11) */
export const tipoAltriDati = z.object({
  posizioneProfessionale: z.string().min(1).max(2).optional(),
  condizioneNonProfessionale: digits(1, 2).optional(),
  titoloStudio: z.string().min(1).max(2).optional(),
});

/** tipoGenitore (paternita / maternita) */
export const tipoGenitore = z.object({
  generalita: tipoGeneralita,
  statoCivile: tipoStatoCivile.optional(),
  cittadinanza: tipoCittadinanza.optional(),
  altriDati: tipoAltriDati.optional(),
});

/** tipoAutoveicoli */
export const tipoAutoveicoli = z.object({ possessoAutoveicoli: sn, possessoPatente: sn });

// ---------------------------------------------------------------------------------------------
// Acts

/** tipoAtto / tipoAttoNascita (paper act of stato civile) */
export const tipoAtto = z.object({
  comuneRegistrazione: tipoComune,
  ufficioMunicipio: alfanumericoSlash(80).optional(),
  anno: digitsExact(4),
  parte: alnum(2),
  serie: pattern(/^[0-9a-zA-Z\- ]+$/, 10).optional(),
  numeroAtto: pattern(/^[0-9a-zA-Z ]+$/, 20),
  volume: pattern(/^[0-9a-zA-Z. ]+$/, 5).optional(),
  dataFormazioneAtto: dataAnagrafica.optional(),
  trascritto: digitsExact(1).optional(),
});

/** tipoAttoANSC (digital act in the Archivio Nazionale dello Stato Civile) */
export const tipoAttoANSC = z.object({
  idANSC: pattern(/^[0-9a-zA-Z\- ]+$/, 80),
  comuneRegistrazione: tipoComune,
  anno: digitsExact(4),
  ufficioMunicipio: alfanumericoSlash(80).optional(),
  numeroComunale: pattern(/^[0-9a-zA-Z ]+$/, 20),
  dataFormazioneAtto: dataAnagrafica.optional(),
  trascritto: digitsExact(1).optional(),
});

/** tipoAttoANPR / tipoAttoNascitaANPR: atto | attoANSC */
export const tipoAttoANPR = z
  .object({ atto: tipoAtto.optional(), attoANSC: tipoAttoANSC.optional() })
  .refine((a) => (a.atto === undefined) !== (a.attoANSC === undefined), 'Indicare un atto cartaceo oppure un atto ANSC.');

/** tipoSentenza (tipoTribunale: 1 civile italiano, 2 Sacra Rota, 3 estero, 9 non codificato) */
export const tipoSentenza = z.object({
  data: dataAnagrafica,
  numero: pattern(/^[0-9a-zA-Z/ .-]+$/, 20).optional(),
  tipoTribunale: digitsExact(1),
  autorita: alfanumericoSlash(120),
  dataValidita: dataAnagrafica,
});

/** tipoDatiEvento (e.g. datiDecesso) */
export const tipoDatiEvento = z.object({
  dataEvento: dataAnagrafica,
  senzaGiorno: tipoSenza.optional(),
  senzaGiornoMese: tipoSenza.optional(),
  luogoEvento: tipoLuogoEvento.optional(),
  attoEvento: tipoAtto.optional(),
  attoEventoANPR: tipoAttoANPR.optional(),
});

// ---------------------------------------------------------------------------------------------
// Family, address, procedure

/** tipoIdFamigliaConvivenzaComune: the Comune's family id (Sportello's local family id). */
export const tipoIdFamigliaConvivenzaComune = z.object({
  idFamigliaConvivenzaComuneIstat: codiceIstatComune,
  idFamigliaConvivenza: alnum(20),
});

/** tipoFamigliaConvivenza. tipoScheda: 3 famiglia, 4 convivenza, 5 famiglia AIRE (EN341/EN342). */
export const tipoFamigliaConvivenza = z.object({
  idFamigliaConvivenzaComune: tipoIdFamigliaConvivenzaComune.optional(),
  /** ANPR's family id (≤20 digits). TEXT. */
  idFamigliaConvivenzaANPR: digits(1, 20).optional(),
  famigliaAire: sn.optional(),
  dataOrigineFamigliaConvivenza: dataAnagrafica.optional(),
  motivoCostituzione: digits(1, 2).optional(),
  denominazioneConvivenza: z.string().min(1).max(100).optional(),
  specieConvivenza: digits(1, 2).optional(),
  tipoMovimentazione: digits(1, 2).optional(),
  presenzaFamigliaCoabitante: sn.optional(),
  tipoScheda: digitsExact(1),
});
export type TipoFamigliaConvivenza = z.infer<typeof tipoFamigliaConvivenza>;

/**
 * tipoLegameSoggetto. tipoLegame: 3 famiglia, 4 convivenza, 5 famiglia AIRE (default 3).
 * codiceLegame: Tabella 5 (1 intestatario, 2 coniuge, 3 figlio, … 23 convivente, 28 unito
 * civilmente, 99 non definito) or Tabella 6 for convivenze.
 */
export const tipoLegameSoggetto = z.object({
  tipoLegame: digitsExact(1).optional(),
  dataDecorrenza: dataAnagrafica,
  codiceLegame: digits(1, 2),
  progressivoComponente: digits(1, 3).optional(),
});
export type TipoLegameSoggetto = z.infer<typeof tipoLegameSoggetto>;

/** tipoElencoSoggettiFamiglia / tipoSoggettoFamiglia */
export const tipoSoggettoFamiglia = z.object({
  generalita: tipoGeneralita,
  legameSoggetto: tipoLegameSoggetto,
  autoveicoli: tipoAutoveicoli.optional(),
});

/** tipoCivicoInterno */
export const tipoCivicoInterno = z.object({
  corte: z.string().min(1).max(4).optional(),
  scala: z.string().min(1).max(4).optional(),
  interno1: z.string().min(1).max(4).optional(),
  espInterno1: z.string().min(1).max(20).optional(),
  interno2: z.string().min(1).max(4).optional(),
  espInterno2: z.string().min(1).max(20).optional(),
  scalaEsterna: z.string().min(1).max(10).optional(),
  secondario: digitsExact(1).optional(),
  piano: z.string().min(1).max(5).optional(),
  nui: z.string().min(1).max(3).optional(),
  isolato: z.string().min(1).max(20).optional(),
});

/** tipoIndirizzo (Italian address) */
export const tipoIndirizzo = z.object({
  cap: digits(5, 5),
  comune: tipoComune,
  frazione: z.string().min(1).max(80).optional(),
  toponimo: z.object({
    /** Tabella 4 specie toponimo (e.g. VIA, PIAZZA). */
    codSpecie: digits(1, 4).optional(),
    specie: pattern(new RegExp(`^[0-9${LETTERS}\\- '/.,]+$`), 30).optional(),
    specieFonte: digitsExact(1).optional(),
    codToponimo: alnum(6).optional(),
    denominazioneToponimo: alfanumericoSlash(100).optional(),
    toponimoFonte: digitsExact(1).optional(),
  }),
  numeroCivico: z
    .object({
      codiceCivico: alnum(10).optional(),
      civicoFonte: digitsExact(1).optional(),
      numero: digits(1, 20).optional(),
      metrico: digits(1, 6).optional(),
      progSNC: digits(1, 5).optional(),
      lettera: alfanumerico(10).optional(),
      esponente1: pattern(/^[0-9a-zA-Z\- ]+$/, 80).optional(),
      colore: digitsExact(1).optional(),
      civicoInterno: tipoCivicoInterno.optional(),
    })
    .refine((n) => !(n.numero !== undefined && n.metrico !== undefined), 'Indicare il numero civico oppure il metrico, non entrambi.')
    .optional(),
});
export type TipoIndirizzo = z.infer<typeof tipoIndirizzo>;

/** tipoLocalitaEstera (foreign address + consulate) */
export const tipoLocalitaEstera = z.object({
  indirizzoEstero: z
    .object({
      cap: pattern(/^[0-9a-zA-Z\-. ]+$/, 10).optional(),
      localita: tipoLocalita,
      toponimo: z.object({ denominazione: z.string().min(1).max(120), numeroCivico: z.string().min(1).max(9).optional() }).optional(),
    })
    .optional(),
  consolato: z.object({ codiceConsolato: digits(1, 7), descrizioneConsolato: alfanumerico(120) }),
});

/**
 * tipoResidenza. tipoIndirizzo (Tabella 25): 1 Residenza, 2 Dimora abituale, 3 Domicilio eletto,
 * 4 Residenza estera, … Exactly one of indirizzo | localitaEstera.
 */
export const tipoResidenza = z
  .object({
    tipoIndirizzo: digits(1, 2),
    noteIndirizzo: tipoNote(240).optional(),
    indirizzo: tipoIndirizzo.optional(),
    localitaEstera: tipoLocalitaEstera.optional(),
    presso: z.string().min(1).max(100).optional(),
    dataDecorrenzaResidenza: dataAnagrafica.optional(),
  })
  .refine(
    (r) => (r.indirizzo === undefined) !== (r.localitaEstera === undefined),
    'Indicare un indirizzo italiano oppure una località estera.',
  );
export type TipoResidenza = z.infer<typeof tipoResidenza>;

/** tipoDatiProcedimento */
export const tipoDatiProcedimento = z.object({
  numeroPraticaAnpr: digits(1, 20).optional(),
  numeroPraticaComune: pattern(/^[0-9a-zA-Z\- ]+$/, 20).optional(),
  dataDefinizionePratica: dataAnagrafica.optional(),
});

/** tipoListaControlli */
export const tipoListaControlli = z.object({
  controllo: z.array(z.object({ codice: z.string().min(1).max(2), valore: pattern(/^[0-9a-zA-Z\-.,/_ ]+$/, 240) })).min(1),
});

// ---------------------------------------------------------------------------------------------
// Header fields the Comune decides (the rest is filled by the adapter at send time)

export const testataPratica = z.object({
  /** C richiesta del cittadino, V correzione di errori/anomalie, R rettifica di una precedente operazione. */
  tipoOperazione: z.enum(['C', 'V', 'R']),
  protocolloComune: pattern(/^[0-9a-zA-Z\-_/]+$/, 20).optional(),
  dataProtocolloComune: dataAnagrafica.optional(),
  /** Start of legal validity of the operation: checked against the person's last operation. */
  dataDecorrenza: dataAnagrafica.optional(),
  dataDefinizionePratica: dataAnagrafica.optional(),
});
export type TestataPratica = z.infer<typeof testataPratica>;

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * gestioneCF: 1 richiesta attribuzione CF, 2 richiesta omocodice, 3 iscrizione senza validazione
 * (EN147). With 1 or 2 codFiscale must be absent (EN125).
 */
const gestioneCF = z.enum(['1', '2', '3']);

/** 1001 iscrizione per nascita (Richiesta1001) */
export const richiesta1001 = z.object({
  generalita1001: z.object({ generalita: tipoGeneralita, attributiSoggetto: tipoAttributiSoggetto.optional() }),
  attoNascita: tipoAtto.optional(),
  attoNascitaANPR: tipoAttoANPR.optional(),
  cittadinanza: tipoCittadinanza,
  paternita: tipoGenitore.optional(),
  maternita: tipoGenitore.optional(),
  famConv: tipoFamigliaConvivenza.optional(),
  legameSoggetto: tipoLegameSoggetto.optional(),
  datiDelProcedimento: tipoDatiProcedimento.optional(),
  datiControllo: z.object({
    origineCognome: digitsExact(1).optional(),
    filiazione: digitsExact(1).optional(),
    /**
     * 1 nuova famiglia, 4 convivenza/istituto, 5 altra famiglia (EF014, EF030); 2 and 3 attach the
     * child to a parent's family (exact meaning in the PDF spec, UNCLEAR).
     */
    attribuzioneFamiglia: z.enum(['1', '2', '3', '4', '5']),
    gestioneCF: gestioneCF.optional(),
    listaControlli: tipoListaControlli.optional(),
  }),
});

/** 1002 iscrizione per altri motivi (Richiesta1002) — the fields Sportello's form uses. */
export const richiesta1002 = z.object({
  /** Tabella 7: 3 immigrazione da comune non subentrato, 4 immigrazione dall'estero, 5 ricomparsa, 6 rimpatrio, 9 altri motivi, … */
  motivoIscrizione: z.object({ idMotivoIscrizione: digits(1, 2), note: tipoNote(240).optional() }),
  generalita1002: z.object({
    generalita: tipoGeneralita,
    statoCivile: tipoStatoCivile.optional(),
    attributiSoggetto: tipoAttributiSoggetto.optional(),
  }),
  altriDati: tipoAltriDati.optional(),
  attoNascita: tipoAtto.optional(),
  attoNascitaANPR: tipoAttoANPR.optional(),
  cittadinanza: z.array(tipoCittadinanza).min(1),
  paternita: tipoGenitore.optional(),
  maternita: tipoGenitore.optional(),
  provenienza: tipoProvenienzaDestinazione.optional(),
  residenza: z.array(tipoResidenza).optional(),
  famiglia: z.object({ famiglia: tipoFamigliaConvivenza, legameSoggetto: tipoLegameSoggetto }).optional(),
  convivenza: z.object({ convivenza: tipoFamigliaConvivenza, legameSoggetto: tipoLegameSoggetto }).optional(),
  autoveicoli: tipoAutoveicoli.optional(),
  datiDelProcedimento: tipoDatiProcedimento.optional(),
  datiSentenza: tipoSentenza.optional(),
  datiControllo: z.object({
    attribuzioneFamiglia: digitsExact(1),
    gestioneCF: gestioneCF.optional(),
    listaControlli: tipoListaControlli.optional(),
  }),
});

/** 2001 decesso (Richiesta2001) */
export const richiesta2001 = z
  .object({
    /** Tabella 15 for APR: 1 morte accertata (datiDecesso required), 2 morte presunta (datiSentenza required). */
    motivoCancellazione: z
      .object({ tipoMotivoCancellazione: digits(1, 2).optional(), tipoMotivoCancellazioneAIRE: digits(1, 2).optional() })
      .refine(
        (m) => (m.tipoMotivoCancellazione === undefined) !== (m.tipoMotivoCancellazioneAIRE === undefined),
        'Indicare un solo motivo di cancellazione.',
      ),
    generalitaPerRicerca: tipoGeneralita,
    datiDecesso: tipoDatiEvento.optional(),
    datiSentenza: tipoSentenza.optional(),
    /** Mandatory when the deceased was the intestatario: the remaining members and the new intestatario. */
    elencoSoggettiFamiglia: z.array(tipoSoggettoFamiglia).optional(),
    altriDati: tipoAltriDati.optional(),
    datiDelProcedimento: tipoDatiProcedimento.optional(),
    /** ruoloSoggetto: 1 intestatario, 2 altro componente. */
    datiControllo: z.object({ ruoloSoggetto: z.enum(['1', '2']), listaControlli: tipoListaControlli.optional() }),
  })
  .refine((r) => r.motivoCancellazione.tipoMotivoCancellazione !== '1' || r.datiDecesso !== undefined, {
    message: 'Per la morte accertata indicare i dati del decesso.',
    path: ['datiDecesso'],
  })
  .refine((r) => r.motivoCancellazione.tipoMotivoCancellazione !== '2' || r.datiSentenza !== undefined, {
    message: 'Per la morte presunta indicare i dati della sentenza.',
    path: ['datiSentenza'],
  });

/** 2003 cancellazione per altri motivi (Richiesta2003) */
export const richiesta2003 = z.object({
  datiCancellazione: z.object({
    /** Tabella 15: 5 trasferimento all'estero di uno straniero, 6 irreperibilità, 7 mancato rinnovo dimora, 10 doppia iscrizione, 13 altro, … */
    motivoCancellazione: digits(1, 2),
    notecancellazione: tipoNote(80).optional(),
    dataDecorrenzaCancellazione: dataAnagrafica,
    datiSentenza: tipoSentenza.optional(),
  }),
  generalitaPerRicerca: tipoGeneralita,
  destinazione: tipoProvenienzaDestinazione.optional(),
  elencoSoggetti: z.array(tipoSoggettoFamiglia).optional(),
  altriDati: tipoAltriDati.optional(),
  datiDelProcedimento: tipoDatiProcedimento.optional(),
  datiControllo: z.object({ ruoloSoggetto: z.enum(['1', '2']), listaControlli: tipoListaControlli.optional() }),
});

/** 5005 mutazione residenza: change of address within the Comune or residence from another Comune. */
export const richiesta5005 = z.object({
  generalitaSchedaFamiglia: tipoFamigliaConvivenza,
  residenzaFamiglia: z.array(tipoResidenza).min(1),
  elencoSoggettiFamiglia: z.array(tipoSoggettoFamiglia).min(1),
  datiDelProcedimento: tipoDatiProcedimento.optional(),
  datiControllo: z.object({
    /** tab_tipo_mutazione_residenza, 2 digits: 01 senza fissa dimora, 02 residenza, 03 dimora abituale, 04 domicilio eletto, 06 ripristino. */
    tipoMutazione: z.enum(['01', '02', '03', '04', '06']),
    /** 1 famiglia/convivenza esistente, 2 nuova famiglia (EF016). */
    tipoScheda: z.enum(['1', '2']),
    listaControlli: tipoListaControlli.optional(),
  }),
});

/** 5008 mutazione scheda: change of personal data (the fields Sportello's form uses). */
export const richiesta5008 = z.object({
  generalitaPerRicerca: tipoGeneralita,
  /** EN139: give all personal data, not only the modified ones. */
  generalitaDaModificare: z
    .object({ generalita: tipoGeneralita.optional(), attributiSoggetto: tipoAttributiSoggetto.optional() })
    .optional(),
  statoCivile: tipoStatoCivile.optional(),
  attoNascita: tipoAtto.optional(),
  attoNascitaANPR: tipoAttoANPR.optional(),
  paternita: tipoGenitore.optional(),
  maternita: tipoGenitore.optional(),
  cittadinanza: z.array(tipoCittadinanza).optional(),
  altriDati: tipoAltriDati.optional(),
  autoVeicoli: tipoAutoveicoli.optional(),
  datiDelProcedimento: tipoDatiProcedimento.optional(),
  datiControllo: z.object({
    /** tab_Tipi_di_mutazione, 2 digits: 01 dati anagrafici/CF, 02 cittadinanza, 07 altri dati, 10 paternità, 11 maternità, 15 atto nascita, … */
    tipoMutazione: z.array(digitsExact(2)).min(1),
    gestioneCF: gestioneCF.optional(),
    listaControlli: tipoListaControlli.optional(),
  }),
});

/** 5014 rettifica dati: exactly one richiestaRettifica10x. */
export const richiesta5014 = z.object({
  generalitaPerRicerca: tipoGeneralita,
  tipoRettifica: z
    .object({
      richiestaRettifica101: z.object({ dataDecorrenzaResidenza: dataAnagrafica }).optional(),
      richiestaRettifica102: z
        .object({
          idMotivoIscrizione: digits(1, 2),
          note: z.string().max(240).optional(),
          provenienza: tipoProvenienzaDestinazione.optional(),
        })
        .optional(),
      richiestaRettifica103: z
        .object({
          dataUltimoAggiornamentoAPR: dataAnagrafica.optional(),
          dataPrimaIscrizioneComune: dataAnagrafica.optional(),
          dataIngressoFamiglia: dataAnagrafica.optional(),
        })
        .optional(),
      richiestaRettifica104: z
        .object({
          dataPrimaIscrizioneComune: dataAnagrafica.optional(),
          dataDecorrenzaResidenza: dataAnagrafica.optional(),
          dataOrigineFamigliaConvivenza: dataAnagrafica.optional(),
          dataIngressoFamiglia: dataAnagrafica.optional(),
          dataDecorrenzaLegame: dataAnagrafica.optional(),
        })
        .optional(),
      richiestaRettifica105: z.object({ luogoNascita: tipoLuogoEvento }).optional(),
    })
    .refine((t) => Object.values(t).filter((v) => v !== undefined).length === 1, 'Indicare un solo tipo di rettifica.'),
  datiControllo: z.object({ listaControlli: z.array(tipoListaControlli).optional() }).optional(),
});

/** 6001 emissione certificato (Richiesta6001). */
export const richiesta6001 = z.object({
  linguaCertificato: z.object({ tipoLinguaCertificato: z.array(z.string().regex(/^[a-zA-Z]{2}$/)).min(1) }).optional(),
  /** Tabella 13: 1 nascita, 2 morte, 8 residenza, 11 stato civile, 12 stato di famiglia, 17 stato libero, … */
  listaTipiCertificati: z.object({ tipoCertificato: z.array(digits(1, 2)).min(1) }),
  generalitaRichiedente: z
    .object({
      generalita: tipoGeneralita,
      docRiconoscimento: z.object({ estDocRiconoscimento: alfanumericoSlash(40), dataRilascio: dataAnagrafica }).optional(),
    })
    .optional(),
  soggettoIntestatario: z.object({ generalita: tipoGeneralita }),
  datiControllo: z.object({
    cognomeUffAnagrafe: nomeCognome,
    nomeUffAnagrafe: nomeCognome,
    tipoRichiedente: digitsExact(1),
    tipoRichiesta: digitsExact(1),
    paEstera: digits(1, 2),
    emissione: digitsExact(1),
    /** Amounts as ANPR expects them (digit strings, ≤5). */
    bollo: digits(1, 5),
    bolloVirtuale: digitsExact(1).optional(),
    esenzioneDiritti: digitsExact(1).optional(),
    diritti: digits(1, 5),
    esenzioneBollo: digits(1, 2).optional(),
    descrizioneEsenzioneBollo: z.string().max(256).optional(),
    listaAnnotazioni: z.object({ rigaAnnotazione: z.array(z.string().min(1).max(240)).min(1) }).optional(),
    forzaCertificazione: digitsExact(1).optional(),
    modalita: digitsExact(1).optional(),
    tipoFirmaElettorale: digitsExact(1).optional(),
  }),
});

/** 3002 interrogazione cittadino / famiglia / convivenza (the search criteria Sportello uses). */
export const richiesta3002 = z.object({
  criteriRicerca: z
    .object({
      codiceFiscale: pattern(/^[0-9a-zA-Z]+$/, 16, 11).optional(),
      cognome: nomeCognome.optional(),
      senzaCognome: tipoSenza.optional(),
      nome: nomeCognome.optional(),
      senzaNome: tipoSenza.optional(),
      sesso: sesso.optional(),
      soggettoAIRE: sn.optional(),
      idSchedaSoggettoComune: tipoIdSchedaSoggettoComune.optional(),
      idSchedaSoggettoANPR: digits(1, 16).optional(),
      tipoScheda: digitsExact(1).optional(),
      idFamigliaConvivenzaComune: tipoIdFamigliaConvivenzaComune.optional(),
      identificativoANPR: z.string().min(1).max(20).optional(),
      /** ID ANPR (Identificativo Unico Nazionale), preferred since D.M. 3 marzo 2023. */
      idANPR: z.string().min(1).optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), 'Indicare almeno un criterio di ricerca.'),
  datiNascita: z
    .object({
      dataEvento: dataAnagrafica,
      senzaGiorno: tipoSenza.optional(),
      senzaGiornoMese: tipoSenza.optional(),
      luogoNascita: z
        .object({ luogoEccezionale: sn.optional(), comune: tipoComune.optional(), localita: tipoLocalita.optional() })
        .optional(),
    })
    .optional(),
  datiRichiesta: z.object({
    /** 1 soggetto, 2 famiglia, 3 convivenza (tipoSchedaAnagraficaRichiesta3002). */
    schedaAnagraficaRichiesta: digitsExact(1),
    dataRiferimentoRichiesta: dataAnagrafica,
    /** Tabella 16 dati anagrafici richiesti. */
    datiAnagraficiRichiesti: z.array(digits(1, 2)).optional(),
    ricercaNazionale: digitsExact(1).optional(),
    comuneResidenza: tipoComune.optional(),
    parametriANPR: z.array(z.string()).optional(),
  }),
});

// ---------------------------------------------------------------------------------------------
// The union

export const PRATICA_CODES = ['1001', '1002', '5005', '2001', '2003', '5008', '5014', '6001', '3002'] as const;
export type PraticaCode = (typeof PRATICA_CODES)[number];

const variant = <C extends PraticaCode, R extends z.ZodType>(code: C, richiesta: R) =>
  z.object({ code: z.literal(code), testata: testataPratica, richiesta });

export const pratica1001 = variant('1001', richiesta1001);
export const pratica1002 = variant('1002', richiesta1002);
export const pratica5005 = variant('5005', richiesta5005);
export const pratica2001 = variant('2001', richiesta2001);
export const pratica2003 = variant('2003', richiesta2003);
export const pratica5008 = variant('5008', richiesta5008);
export const pratica5014 = variant('5014', richiesta5014);
export const pratica6001 = variant('6001', richiesta6001);
export const pratica3002 = variant('3002', richiesta3002);

export const praticaPayload = z.discriminatedUnion('code', [
  pratica1001,
  pratica1002,
  pratica5005,
  pratica2001,
  pratica2003,
  pratica5008,
  pratica5014,
  pratica6001,
  pratica3002,
]);

export type Pratica1001 = z.infer<typeof pratica1001>;
export type Pratica1002 = z.infer<typeof pratica1002>;
export type Pratica5005 = z.infer<typeof pratica5005>;
export type Pratica2001 = z.infer<typeof pratica2001>;
export type Pratica2003 = z.infer<typeof pratica2003>;
export type Pratica5008 = z.infer<typeof pratica5008>;
export type Pratica5014 = z.infer<typeof pratica5014>;
export type Pratica6001 = z.infer<typeof pratica6001>;
export type Pratica3002 = z.infer<typeof pratica3002>;
export type PraticaPayload = z.infer<typeof praticaPayload>;

/** Version of this payload shape, stored with every outbox item (OutboxItem.payloadVersion). */
export const PRATICA_PAYLOAD_VERSION = 1;

/** Italian name of each pratica, for lists and messages. */
export const PRATICA_TITLES: Record<PraticaCode, string> = {
  '1001': 'Iscrizione per nascita',
  '1002': 'Iscrizione per altri motivi',
  '5005': 'Cambio di abitazione o di residenza',
  '2001': 'Cancellazione per decesso',
  '2003': 'Cancellazione per altri motivi',
  '5008': 'Variazione dei dati anagrafici',
  '5014': 'Rettifica',
  '6001': 'Richiesta di certificato',
  '3002': 'Consultazione ANPR',
};
