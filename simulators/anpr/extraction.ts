/**
 * The 4000 extraction paths: 4001 (the Comune's residents) and 4002 (the persons named by a list of
 * codici fiscali, at most 2,000) queue an extraction and answer its idOperazioneANPR; 4005
 * verificaStato {idOperazioneANPR, progressivo} hands out part `progressivo` of `progressivoTotale`,
 * base64 in elencoRisposte/contenutoRisposta (formatoRisposta XML), as ANPR's asynchronous services do.
 * The content of a part is `<estrazioneDatiCittadini>` with one `<datiSoggetto>` of XSD type
 * tipoDatiSoggettiRisposta (tipoDato.xsd) per person: the pack defines the person, not the file.
 */
import type { Resident } from './population';
import { el, txt } from './xml-write';

export const MAX_CF_PER_4002 = 2000;
export const DEFAULT_PART_SIZE = 1000;

export interface ComuneOut {
  nomeComune: string;
  codiceIstat: string;
  siglaProvinciaIstat: string;
}

export interface Extraction {
  service: '4001' | '4002';
  /** Population indices in extraction order. */
  indices: number[];
  partSize: number;
  comune: ComuneOut;
}

export function partCount(x: Extraction): number {
  return Math.max(1, Math.ceil(x.indices.length / x.partSize));
}

function comuneXml(c: ComuneOut): string {
  return el(
    'comune',
    txt('nomeComune', c.nomeComune),
    txt('codiceIstat', c.codiceIstat),
    txt('siglaProvinciaIstat', c.siglaProvinciaIstat),
  );
}

export function residentXml(r: Resident, c: ComuneOut): string {
  return el(
    'datiSoggetto',
    el('identificativi', txt('idANPR', r.idANPR)),
    el(
      'generalitaAttuali',
      el('codiceFiscale', txt('codFiscale', r.codiceFiscale), txt('validitaCF', '1')),
      txt('cognome', r.cognome),
      txt('nome', r.nome),
      txt('sesso', r.sesso),
      txt('dataNascita', r.dataNascita),
      el('luogoNascita', comuneXml(c)),
      txt('idSchedaSoggettoANPR', r.idSchedaSoggettoANPR),
    ),
    el('statoCivile', txt('statoCivile', r.statoCivile)),
    el('cittadinanza', txt('descrizioneStato', 'ITALIA'), txt('codiceStato', '100')),
    el(
      'residenza',
      txt('tipoIndirizzo', '1'),
      el(
        'indirizzo',
        txt('cap', r.address.cap),
        comuneXml(c),
        el('toponimo', txt('specie', r.address.specie), txt('denominazioneToponimo', r.address.denominazione)),
        el('numeroCivico', txt('numero', r.address.numero)),
      ),
      txt('dataDecorrenzaResidenza', r.dataOrigineFamiglia),
    ),
    el('legameSoggetto', txt('dataDecorrenza', r.dataOrigineFamiglia), txt('codiceLegame', r.codiceLegame)),
    el(
      'famigliaConvivenza',
      txt('idFamigliaConvivenzaANPR', r.idFamigliaANPR),
      txt('dataOrigineFamigliaConvivenza', r.dataOrigineFamiglia),
      txt('tipoScheda', '1'),
    ),
  );
}

/** Part `progressivo` (1-based) of an extraction, as the XML file ANPR hands out. */
export function partXml(x: Extraction, progressivo: number, resident: (i: number) => Resident): string {
  const from = (progressivo - 1) * x.partSize;
  const slice = x.indices.slice(from, from + x.partSize);
  return `<?xml version="1.0" encoding="UTF-8"?>${el(
    'estrazioneDatiCittadini',
    slice.map((i) => residentXml(resident(i), x.comune)),
  )}`;
}
