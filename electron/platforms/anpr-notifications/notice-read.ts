/**
 * Reads a notification's content — the Risposta_Comune (rispostaComune.xsd) that 3003 returns
 * base64 in xmlRisposta and N000 pushes in contenuto — into the anagrafe room's plain AnprNotice.
 * Null when the content is not a Risposta_Comune with ANPR's id and time.
 */
import type { AnprNotice, NoticeSubject } from '../../core/anagrafe/notifications/model';
import { childElements, childText, firstChild, parseXml, type XElement } from '../anpr/xml-read';

const RISPOSTA_COMUNE_NS = 'http://sogei.it/ANPR/rispostaComune';

function generalita(g: XElement | undefined) {
  if (!g) return undefined;
  return {
    codiceFiscale: childText(firstChild(g, 'codiceFiscale'), 'codFiscale'),
    cognome: childText(g, 'cognome'),
    nome: childText(g, 'nome'),
    sesso: childText(g, 'sesso'),
    dataNascita: childText(g, 'dataNascita'),
  };
}

function comuneText(c: XElement | undefined): string | undefined {
  const nome = childText(c, 'nomeComune');
  const sigla = childText(c, 'siglaProvinciaIstat');
  return nome ? (sigla ? `${nome} (${sigla})` : nome) : undefined;
}

function subjectOf(d: XElement): NoticeSubject {
  const attuali = firstChild(d, 'generalitaAttuali');
  const res = childElements(d, 'residenza').find((r) => firstChild(r, 'indirizzo'));
  const ind = firstChild(res, 'indirizzo');
  const comune = firstChild(ind, 'comune');
  const toponimo = firstChild(ind, 'toponimo');
  const via = childText(toponimo, 'denominazioneToponimo');
  const prev = generalita(firstChild(d, 'generalitaPrecedenti'));
  return {
    idANPR: childText(firstChild(d, 'identificativi'), 'idANPR'),
    idSchedaSoggettoANPR: childText(attuali, 'idSchedaSoggettoANPR'),
    ...generalita(attuali),
    ...(prev ? { previous: prev } : {}),
    ...(ind && via && comune
      ? {
          residenza: {
            cap: childText(ind, 'cap'),
            comuneNome: childText(comune, 'nomeComune') ?? '',
            comuneIstat: childText(comune, 'codiceIstat'),
            sigla: childText(comune, 'siglaProvinciaIstat'),
            specie: childText(toponimo, 'specie'),
            via,
            numero: childText(firstChild(ind, 'numeroCivico'), 'numero'),
            decorrenza: childText(res, 'dataDecorrenzaResidenza'),
          },
        }
      : {}),
    dataDecesso: childText(firstChild(d, 'datiDecesso'), 'dataEvento'),
    dataCancellazione: childText(firstChild(d, 'datiCancellazione'), 'dataDecorrenzaCancellazione'),
    provenienza: comuneText(firstChild(firstChild(d, 'provenienza'), 'comune')),
    destinazione: comuneText(firstChild(firstChild(d, 'destinazione'), 'comune')),
    codiceLegame: childText(firstChild(d, 'legameSoggetto'), 'codiceLegame'),
  };
}

/** Drops absent values so the stored JSON holds only what ANPR said. */
function compact<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function readNotice(xml: string, tipoOperazione: string | undefined): AnprNotice | null {
  const root = parseXml(xml)?.documentElement;
  if (!root || root.localName !== 'Risposta_Comune' || root.namespaceURI !== RISPOSTA_COMUNE_NS) return null;
  const t = firstChild(root, 'testataRisposta');
  const id = childText(t, 'idOperazioneANPR');
  const at = childText(t, 'dataOraRichiesta');
  if (!id || !/^\d{1,30}$/.test(id) || !at || Number.isNaN(Date.parse(at))) return null;
  const operazione = childText(t, 'operazioneRichiesta');
  const lista = firstChild(root, 'listaSoggettiVariati');
  return compact({
    idOperazioneAnpr: id,
    tipo: tipoOperazione ?? operazione ?? 'NRIS',
    operazione,
    at: new Date(at).toISOString(),
    decorrenza: childText(t, 'dataDecorrenza'),
    soggetti: lista ? childElements(lista, 'datiSoggetto').map(subjectOf) : [],
  });
}
