/** One realistic request of each service Sportello sends, in the anagrafe pratica-model shape. */
import type { AnprRequest } from '../../../../electron/platforms/anpr/messages/requests';
import type { TipoComune, TipoGeneralita, TipoResidenza } from '../../../../electron/core/anagrafe/pratica-model';

export const COMUNE_ISTAT = '058091';
export const ROMA: TipoComune = { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' };

export const ROSSI_MARIO: TipoGeneralita = {
  codiceFiscale: { codFiscale: 'RSSMRA80A01H501U' },
  cognome: 'ROSSI',
  nome: 'MARIO',
  sesso: 'M',
  dataNascita: '1980-01-01',
  luogoNascita: { comune: ROMA },
};

export const BIANCHI_ANNA: TipoGeneralita = {
  codiceFiscale: { codFiscale: 'BNCNNA82C45H501Z' },
  cognome: "BIANCHI D'ANGELO",
  nome: 'ANNA',
  sesso: 'F',
  dataNascita: '1982-03-05',
  luogoNascita: { comune: ROMA },
};

export function residenza(dataDecorrenzaResidenza: string): TipoResidenza {
  return {
    tipoIndirizzo: '1',
    indirizzo: {
      cap: '00184',
      comune: ROMA,
      toponimo: { specie: 'VIA', denominazioneToponimo: 'CAVOUR' },
      numeroCivico: { numero: '12', lettera: 'B', civicoInterno: { scala: 'A', interno1: '4', piano: '2' } },
    },
    dataDecorrenzaResidenza,
  };
}

export function newborn(cf = 'RSSLCU25C10H501P', dataNascita = '2025-03-10'): TipoGeneralita {
  return { codiceFiscale: { codFiscale: cf }, cognome: 'ROSSI', nome: 'LUCA', sesso: 'M', dataNascita, luogoNascita: { comune: ROMA } };
}

export function birth(child: TipoGeneralita = newborn(), date = '2025-03-10'): AnprRequest {
  return {
    code: '1001',
    testata: { tipoOperazione: 'C', dataDecorrenza: date },
    richiesta: {
      generalita1001: { generalita: child },
      attoNascita: { comuneRegistrazione: ROMA, anno: date.slice(0, 4), parte: '1', serie: 'A', numeroAtto: '123' },
      cittadinanza: { descrizioneStato: 'ITALIA', codiceStato: '100' },
      paternita: { generalita: ROSSI_MARIO },
      maternita: { generalita: BIANCHI_ANNA },
      famConv: { idFamigliaConvivenzaANPR: '3000000001', tipoScheda: '3' },
      legameSoggetto: { tipoLegame: '3', dataDecorrenza: date, codiceLegame: '3' },
      datiDelProcedimento: { numeroPraticaComune: `NAS-${date}` },
      datiControllo: { attribuzioneFamiglia: '5' },
    },
  };
}

export function changeOfAddress(members: TipoGeneralita[], date: string): AnprRequest {
  return {
    code: '5005',
    testata: { tipoOperazione: 'C', dataDecorrenza: date },
    richiesta: {
      generalitaSchedaFamiglia: { idFamigliaConvivenzaANPR: '3000000001', tipoScheda: '3' },
      residenzaFamiglia: [residenza(date)],
      elencoSoggettiFamiglia: members.map((g, i) => ({
        generalita: g,
        legameSoggetto: { tipoLegame: '3', dataDecorrenza: '2010-05-01', codiceLegame: i === 0 ? '1' : '2' },
      })),
      datiControllo: { tipoMutazione: '02', tipoScheda: '1' },
    },
  };
}

export function death(person: TipoGeneralita, date: string): AnprRequest {
  return {
    code: '2001',
    testata: { tipoOperazione: 'C' },
    richiesta: {
      motivoCancellazione: { tipoMotivoCancellazione: '1' },
      generalitaPerRicerca: person,
      datiDecesso: {
        dataEvento: date,
        luogoEvento: { comune: ROMA },
        attoEvento: { comuneRegistrazione: ROMA, anno: date.slice(0, 4), parte: '1', serie: 'A', numeroAtto: '45' },
      },
      datiControllo: { ruoloSoggetto: '2' },
    },
  };
}

export function sampleRequests(): AnprRequest[] {
  return [
    birth(),
    {
      code: '1002',
      testata: { tipoOperazione: 'C', dataDecorrenza: '2025-02-01', protocolloComune: 'PROT-2025/77', dataProtocolloComune: '2025-02-01' },
      richiesta: {
        motivoIscrizione: { idMotivoIscrizione: '4' },
        generalita1002: {
          generalita: {
            codiceFiscale: { codFiscale: 'DPNJNN90A41Z404K' },
            cognome: 'DUPONT',
            nome: 'JEANNE',
            sesso: 'F',
            dataNascita: '1990-01-01',
            luogoNascita: { localita: { descrizioneLocalita: 'NEW YORK', descrizioneStato: "STATI UNITI D'AMERICA", codiceStato: '536' } },
          },
          statoCivile: { statoCivile: '1' },
        },
        cittadinanza: [{ descrizioneStato: 'FRANCIA', codiceStato: '215' }],
        provenienza: { localita: { descrizioneStato: 'FRANCIA', codiceStato: '215' } },
        residenza: [residenza('2025-02-01')],
        famiglia: { famiglia: { tipoScheda: '3' }, legameSoggetto: { tipoLegame: '3', dataDecorrenza: '2025-02-01', codiceLegame: '1' } },
        datiDelProcedimento: { numeroPraticaComune: 'IMM-2025-7' },
        datiControllo: { attribuzioneFamiglia: '1' },
      },
    },
    changeOfAddress([ROSSI_MARIO, BIANCHI_ANNA], '2025-03-01'),
    {
      code: '2001',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        motivoCancellazione: { tipoMotivoCancellazione: '1' },
        generalitaPerRicerca: ROSSI_MARIO,
        datiDecesso: {
          dataEvento: '2025-04-02',
          luogoEvento: { comune: ROMA },
          attoEvento: { comuneRegistrazione: ROMA, anno: '2025', parte: '1', serie: 'A', numeroAtto: '45' },
        },
        elencoSoggettiFamiglia: [
          { generalita: BIANCHI_ANNA, legameSoggetto: { tipoLegame: '3', dataDecorrenza: '2025-04-02', codiceLegame: '1' } },
        ],
        datiControllo: { ruoloSoggetto: '1' },
      },
    },
    {
      code: '2003',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        datiCancellazione: {
          motivoCancellazione: '6',
          notecancellazione: 'Irreperibile al censimento',
          dataDecorrenzaCancellazione: '2025-05-01',
        },
        generalitaPerRicerca: BIANCHI_ANNA,
        datiControllo: { ruoloSoggetto: '2' },
      },
    },
    {
      code: '5008',
      testata: { tipoOperazione: 'V', dataDecorrenza: '2025-05-02' },
      richiesta: {
        generalitaPerRicerca: BIANCHI_ANNA,
        generalitaDaModificare: { generalita: { ...BIANCHI_ANNA, nome: 'ANNA MARIA' } },
        datiControllo: { tipoMutazione: ['01'] },
      },
    },
    {
      code: '5014',
      testata: { tipoOperazione: 'R', dataDecorrenza: '2025-05-03' },
      richiesta: {
        generalitaPerRicerca: BIANCHI_ANNA,
        tipoRettifica: { richiestaRettifica101: { dataDecorrenzaResidenza: '2025-02-28' } },
      },
    },
    {
      code: '6001',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        listaTipiCertificati: { tipoCertificato: ['8'] },
        soggettoIntestatario: { generalita: ROSSI_MARIO },
        datiControllo: {
          cognomeUffAnagrafe: 'VERDI',
          nomeUffAnagrafe: 'PAOLA',
          tipoRichiedente: '1',
          tipoRichiesta: '1',
          paEstera: '0',
          emissione: '1',
          bollo: '1600',
          diritti: '52',
        },
      },
    },
    {
      code: '3002',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        criteriRicerca: { codiceFiscale: 'RSSMRA80A01H501U' },
        datiRichiesta: { schedaAnagraficaRichiesta: '1', dataRiferimentoRichiesta: '2025-05-04' },
      },
    },
    {
      code: '3003',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        comuneRichiesta: { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' },
        ricercaElenchiRichieste: {
          statoLavorazione: '7',
          periodoRiferimentoRichieste: { dataOraIniziale: '2025-05-01T00:00:00Z', dataOraFinale: '2025-05-04T00:00:00Z' },
        },
      },
    },
    {
      code: '4001',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        criteriRicerca: {
          comuneRichiesta: { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' },
          datiAnagraficiRichiesti: ['1'],
        },
      },
    },
    {
      code: '4002',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        criteriRicerca: {
          dataRiferimento: '2025-05-04',
          datiRichiesti: ['1'],
          xmlFileCodiciFiscali: Buffer.from('<codiciFiscali><codiceFiscale>RSSMRA80A01H501U</codiceFiscale></codiciFiscali>').toString(
            'base64',
          ),
          criterioSelezione: '2',
        },
      },
    },
    {
      code: '4005',
      testata: { tipoOperazione: 'C' },
      richiesta: { verificaStato: { idOperazioneANPR: '2147484648', progressivo: '1' } },
    },
  ];
}
