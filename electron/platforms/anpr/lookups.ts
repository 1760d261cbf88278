/**
 * Online look-ups made while the clerk waits (not through the outbox): 3002 consult a person,
 * 3003 poll ANPR's notifications for the Comune, 6001 certificate request. Each needs an
 * idOperazioneComune from the Comune's sequence, like any other ANPR operation (EN079 forbids
 * reusing one across services; a resent 6001 must reuse its id or a second certificate is issued).
 */
import { SportelloError } from '../../core/errors';
import type { Pratica3002, Pratica6001 } from '../../core/anagrafe/pratica-model';
import { classifyAnswer, type AnprResult, type SoggettoVariato } from './answer';
import type { AnprClient, CallOptions } from './client';
import type { AnprRequest } from './messages/requests';
import { childElements, childText, firstChild, parseXml, path, type XElement } from './xml-read';

export interface PersonFound extends SoggettoVariato {
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
}

async function callChecked(client: AnprClient, request: AnprRequest, opts: CallOptions) {
  const res = await client.call(request, opts);
  const outcome = classifyAnswer(res.parsed, {
    httpStatus: res.httpStatus,
    idOperazioneComune: opts.idOperazioneComune,
    retryAfterHeader: res.retryAfter,
  });
  return { res, outcome };
}

function personOf(d: XElement): PersonFound {
  const gen = firstChild(d, 'generalita') ?? firstChild(d, 'generalitaAttuali');
  return {
    idANPR: childText(firstChild(d, 'identificativi'), 'idANPR'),
    idSchedaSoggettoANPR: childText(gen, 'idSchedaSoggettoANPR'),
    codiceFiscale: childText(firstChild(gen, 'codiceFiscale'), 'codFiscale'),
    cognome: childText(gen, 'cognome'),
    nome: childText(gen, 'nome'),
    sesso: childText(gen, 'sesso'),
    dataNascita: childText(gen, 'dataNascita'),
  };
}

/** 3002: the persons ANPR finds; [] when ANPR answers EN122 (no result). */
export async function consultPerson(client: AnprClient, request: Pratica3002, opts: CallOptions): Promise<PersonFound[]> {
  const { res, outcome } = await callChecked(client, request, opts);
  if (outcome.kind === 'done' && res.parsed.kind === 'ok') {
    const lista = firstChild(res.parsed.payload, 'listaSoggetti');
    return lista ? childElements(lista, 'datiSoggetto').map(personOf) : [];
  }
  if (outcome.kind === 'attention' && outcome.code === 'EN122') return [];
  throw new SportelloError(
    outcome.kind === 'retry' ? 'ANPR_LOOKUP_UNAVAILABLE' : 'ANPR_LOOKUP_REFUSED',
    outcome.kind === 'done' ? 'Risposta inattesa da ANPR.' : outcome.text,
    { code: outcome.kind === 'done' ? '' : outcome.code },
  );
}

export interface AnprNotification {
  /** Operation code of the notification or request (e.g. N010, 5005). */
  tipoOperazione?: string;
  statoLavorazione?: string;
  /** The decoded notification XML; the anagrafe room reads it. */
  xml?: string;
  soggetti: SoggettoVariato[];
}

/** 3003 ricercaElenchiRichieste: notifications for the Comune in a period (≤180 days back, ANPR05). */
export async function pollNotifications(
  client: AnprClient,
  q: {
    comune: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
    from: string;
    to: string;
    statoLavorazione?: string;
  },
  opts: CallOptions,
): Promise<AnprNotification[]> {
  const request: AnprRequest = {
    code: '3003',
    testata: { tipoOperazione: 'C' },
    richiesta: {
      comuneRichiesta: q.comune,
      ricercaElenchiRichieste: {
        statoLavorazione: q.statoLavorazione ?? '7',
        periodoRiferimentoRichieste: { dataOraIniziale: q.from, dataOraFinale: q.to },
      },
    },
  };
  const { res, outcome } = await callChecked(client, request, opts);
  if (outcome.kind === 'attention' && outcome.code === 'EN122') return [];
  if (outcome.kind !== 'done' || res.parsed.kind !== 'ok') {
    throw new SportelloError('ANPR_NOTIFICATIONS_UNAVAILABLE', outcome.kind === 'done' ? 'Risposta inattesa da ANPR.' : outcome.text, {
      code: outcome.kind === 'done' ? '' : outcome.code,
    });
  }
  return childElements(res.parsed.payload, 'elencoRisposte').map((r) => {
    const b64 = childText(r, 'xmlRisposta');
    const xml = b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
    const doc = xml ? parseXml(xml) : null;
    const root = doc?.documentElement ?? undefined;
    const lista = root
      ? root.localName === 'listaSoggettiVariati'
        ? root
        : (path(root, 'listaSoggettiVariati') ?? firstChild(firstChild(root, 'Risposta_Comune'), 'listaSoggettiVariati'))
      : undefined;
    const soggetti = lista ? childElements(lista, 'datiSoggetto').map(personOf) : [];
    return { tipoOperazione: childText(r, 'tipoOperazione'), statoLavorazione: childText(r, 'statoLavorazione'), xml, soggetti };
  });
}

export interface CertificateIssued {
  idOperazioneANPR: string;
  /** The certificate PDF as ANPR issued it, when present. */
  pdf?: Buffer;
}

/** 6001 now (online counter). Offline, the same pratica goes through the outbox as 'anpr.6001'. */
export async function requestCertificate(client: AnprClient, request: Pratica6001, opts: CallOptions): Promise<CertificateIssued> {
  const { res, outcome } = await callChecked(client, request, opts);
  if (outcome.kind !== 'done' || res.parsed.kind !== 'ok') {
    throw new SportelloError(
      outcome.kind === 'retry' ? 'ANPR_CERTIFICATE_UNAVAILABLE' : 'ANPR_CERTIFICATE_REFUSED',
      outcome.kind === 'done' ? 'Risposta inattesa da ANPR.' : outcome.text,
      { code: outcome.kind === 'done' ? '' : outcome.code },
    );
  }
  const b64 = childText(firstChild(res.parsed.payload, 'file'), 'certificatoPdf');
  return { idOperazioneANPR: (outcome.result as AnprResult).idOperazioneANPR, pdf: b64 ? Buffer.from(b64, 'base64') : undefined };
}
