/**
 * The RichiestaNNNN element for one request. Registration and certificate requests are the
 * anagrafe room's pratica payloads (`{ code, testata, richiesta }`, core/anagrafe/pratica-model);
 * 3003 (requests/notifications look-up) is Sportello-internal and has the same shape.
 */
import { elA } from '../xml-build';
import { ANPR_SERVICES, type AnprServiceCode } from '../services';
import type { PraticaPayload, TestataPratica } from '../../../core/anagrafe/pratica-model';
import { testataRichiestaXml, type SenderContext } from './header';
import { children } from './serialize';

export interface Richiesta3003 {
  comuneRichiesta: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
  ricercaSingolaRichiesta?: { idOperazioneANPR?: string; protocolloComune?: string; idOperazioneComune?: string; tipoOperazione: string };
  ricercaElenchiRichieste?: {
    statoLavorazione: string;
    operazioneRichiesta?: string;
    periodoRiferimentoRichieste?: { dataOraIniziale: string; dataOraFinale: string };
  };
}

export interface Pratica3003 {
  code: '3003';
  testata: TestataPratica;
  richiesta: Richiesta3003;
}

/** 4001 estrazione_dati_cittadini: the Comune's residents (datiAnagraficiRichiesti: which data sets). */
export interface Pratica4001 {
  code: '4001';
  testata: TestataPratica;
  richiesta: {
    criteriRicerca: {
      comuneRichiesta?: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
      datiAnagraficiRichiesti: string[];
    };
  };
}

/** 4002 rivestimento_cf: the persons named in xmlFileCodiciFiscali (base64 XML, at most 2,000). */
export interface Pratica4002 {
  code: '4002';
  testata: TestataPratica;
  richiesta: {
    criteriRicerca: { dataRiferimento: string; datiRichiesti: string[]; xmlFileCodiciFiscali: string; criterioSelezione?: string };
  };
}

/** 4005 verificaStato: state and part `progressivo` of an asynchronous request (an extraction). */
export interface Pratica4005 {
  code: '4005';
  testata: TestataPratica;
  richiesta: { verificaStato: { idOperazioneANPR: string; progressivo: string } };
}

export type AnprRequest = PraticaPayload | Pratica3003 | Pratica4001 | Pratica4002 | Pratica4005;

/**
 * The legally relevant date of the operation: the header's dataDecorrenza, or the date the body
 * implies (death, cancellation, new residence). ANPR checks it against the subject's last operation.
 */
export function decorrenzaOf(r: AnprRequest): string | undefined {
  if (r.testata.dataDecorrenza) return r.testata.dataDecorrenza;
  switch (r.code) {
    case '2001':
      return r.richiesta.datiDecesso?.dataEvento ?? r.richiesta.datiSentenza?.dataValidita;
    case '2003':
      return r.richiesta.datiCancellazione.dataDecorrenzaCancellazione;
    case '5005':
      return r.richiesta.residenzaFamiglia[0]?.dataDecorrenzaResidenza;
    default:
      return undefined;
  }
}

/**
 * The complete `RichiestaNNNN` element (the SOAP body's only child): the root is qualified with
 * the service namespace, children are unqualified as the XSDs declare (elementFormDefault="unqualified").
 */
export function buildRequestElement(
  r: AnprRequest,
  sender: SenderContext,
  ids: { idOperazioneComune: string; dataOraRichiesta: string },
): string {
  const code: AnprServiceCode = r.code;
  const service = ANPR_SERVICES[code];
  const testata = testataRichiestaXml(sender, {
    ...r.testata,
    dataDecorrenza: service.registration ? decorrenzaOf(r) : r.testata.dataDecorrenza,
    idOperazioneComune: ids.idOperazioneComune,
    operazioneRichiesta: code,
    dataOraRichiesta: ids.dataOraRichiesta,
  });
  const body = children(`Richiesta${code}`, r.richiesta as unknown as Record<string, unknown>, `Richiesta${code}`);
  return elA(`ric:Richiesta${code}`, { 'xmlns:ric': service.namespace }, testata, body);
}
