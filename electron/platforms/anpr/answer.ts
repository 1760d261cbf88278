/**
 * ANPR answers: parse the SOAP response and classify it into done / retry / attention by the
 * codes in anpr.md §1.5–1.6. Every error ANPR returns is kept (EN527 only carries support data
 * but must reach the clerk too, issue #1168).
 */
import type { SendOutcome } from '../../core/sync/types';
import { childElements, childText, descendants, firstChild, parseXml, soapParts, type XElement } from './xml-read';

export interface AnprMessage {
  code: string;
  /** 'E' blocking, 'W' warning. */
  type: string;
  text: string;
  campo?: string;
}

export interface SoggettoVariato {
  idANPR?: string;
  idSchedaSoggettoANPR?: string;
  codiceFiscale?: string;
  validitaCF?: string;
  idFamigliaConvivenzaANPR?: string;
}

/** What a successful registration returns: stored by the anagrafe room on the pratica and persons. */
export interface AnprResult {
  idOperazioneANPR: string;
  esitoOperazione: string;
  warnings: AnprMessage[];
  soggetti: SoggettoVariato[];
  /** 6001 only: the certificate PDF, base64, as ANPR issued it. */
  certificatoPdf?: string;
}

export type ParsedAnswer =
  | {
      kind: 'ok';
      idOperazioneComune?: string;
      idOperazioneANPR: string;
      esito: string;
      warnings: AnprMessage[];
      soggetti: SoggettoVariato[];
      certificatoPdf?: string;
      payload: XElement;
    }
  | { kind: 'ko'; idOperazioneComune?: string; idOperazioneANPR?: string; errors: AnprMessage[] }
  | { kind: 'multiple'; idOperazioneComune?: string; idOperazioneANPR?: string; payload: XElement }
  | { kind: 'fault'; faultcode: string; faultstring: string }
  | { kind: 'garbage'; reason: string };

const KO_ROOTS = new Set(['rispostaKO', 'Risposta6001KO']);
const OK_ROOTS = new Set(['Risposta_Comune', 'Risposta3002_OK', 'Risposta3003_OK', 'Risposta6001OK']);

function messagesOf(list: XElement | undefined, itemName: string): AnprMessage[] {
  if (!list) return [];
  return childElements(list, itemName).map((e) => ({
    code: childText(e, 'codiceErroreAnomalia') ?? '',
    type: childText(e, 'tipoErroreAnomalia') ?? 'E',
    text: childText(e, 'testoErroreAnomalia') ?? '',
    campo: childText(e, 'campoErroreAnomalia'),
  }));
}

function soggettiOf(okRoot: XElement): SoggettoVariato[] {
  const lista = firstChild(okRoot, 'listaSoggettiVariati') ?? firstChild(okRoot, 'listaSoggetti');
  if (!lista) return [];
  return childElements(lista, 'datiSoggetto').map((d) => {
    const gen = firstChild(d, 'generalitaAttuali') ?? firstChild(d, 'generalita');
    return {
      idANPR: childText(firstChild(d, 'identificativi'), 'idANPR'),
      idSchedaSoggettoANPR: childText(gen, 'idSchedaSoggettoANPR'),
      codiceFiscale: childText(firstChild(gen, 'codiceFiscale'), 'codFiscale'),
      validitaCF: childText(firstChild(gen, 'codiceFiscale'), 'validitaCF'),
      idFamigliaConvivenzaANPR: childText(firstChild(d, 'famigliaConvivenza'), 'idFamigliaConvivenzaANPR'),
    };
  });
}

export function parseAnswer(text: string): ParsedAnswer {
  if (text.trim() === '') return { kind: 'garbage', reason: 'risposta vuota' };
  const doc = parseXml(text);
  if (!doc) return { kind: 'garbage', reason: 'XML non ben formato' };
  const soap = soapParts(doc);
  if (!soap || !soap.payload) return { kind: 'garbage', reason: 'non è una busta SOAP' };
  const payload = soap.payload;
  if (payload.localName === 'Fault') {
    return { kind: 'fault', faultcode: childText(payload, 'faultcode') ?? '', faultstring: childText(payload, 'faultstring') ?? '' };
  }
  if (!payload.localName || !/^Risposta/.test(payload.localName))
    return { kind: 'garbage', reason: `elemento inatteso ${payload.localName ?? ''}` };
  const inner = childElements(payload)[0];
  if (!inner) return { kind: 'garbage', reason: 'risposta senza contenuto' };
  const testata = firstChild(inner, 'testataRisposta');
  const idOperazioneComune = childText(testata, 'idOperazioneComune');
  const idOperazioneANPR = childText(testata, 'idOperazioneANPR');
  const name = inner.localName ?? '';
  if (KO_ROOTS.has(name)) {
    return { kind: 'ko', idOperazioneComune, idOperazioneANPR, errors: messagesOf(firstChild(inner, 'listaErrori'), 'errore') };
  }
  if (name.startsWith('RispostaMultipla')) return { kind: 'multiple', idOperazioneComune, idOperazioneANPR, payload: inner };
  if (OK_ROOTS.has(name)) {
    if (!idOperazioneANPR) return { kind: 'garbage', reason: 'risposta senza idOperazioneANPR' };
    const anomalie = firstChild(inner, 'listaAnomalie');
    const warnings = [
      ...messagesOf(anomalie, 'anomalie'),
      ...messagesOf(anomalie, 'errore'),
      ...descendants(inner, 'listaErrori').flatMap((l) => messagesOf(l, 'errore')),
    ];
    return {
      kind: 'ok',
      idOperazioneComune,
      idOperazioneANPR,
      esito: childText(testata, 'esitoOperazione') ?? '',
      warnings,
      soggetti: soggettiOf(inner),
      certificatoPdf: childText(firstChild(inner, 'file'), 'certificatoPdf'),
      payload: inner,
    };
  }
  return { kind: 'garbage', reason: `risposta non riconosciuta ${name}` };
}

/** Codes that mean "not now": the same request, same id, will succeed later (anpr.md §1.6). */
const RETRY_DELAY_MS: Record<string, number> = {
  '999': 60_000, // "Operazione non effettuabile": ANPR-side trouble (issues #4769, #4774)
  EN099: 30_000, // result not yet available
  EN108: 30_000, // taken in charge, not yet processed
  EN109: 30_000, // in processing
  EN211: 300_000, // a family member is still being registered
};
const STILL_PROCESSING = /ancora in elaborazione/i;
const SUPPORT_INFO_CODE = 'EN527';

export const POLICY_REJECTION_TEXT =
  "ANPR ha respinto la richiesta per motivi di sicurezza (\"Rejected by policy\"). Verificare che i certificati del Comune e della postazione siano validi, che l'indirizzo IP sia abilitato in ANPR, che l'operatore sia abilitato ai servizi e che l'orologio del PC sia esatto. Le pratiche restano in coda e partono da sole appena ANPR accetta di nuovo le credenziali.";

function describe(errors: AnprMessage[]): string {
  // ANPR repeats the same error for each subject of a pratica (a family's members): once is enough.
  return [...new Set(errors.map((e) => `${e.text || 'Errore senza descrizione'} (${e.code || 's.c.'})`))].join(' — ');
}

/** The error a person should look at first: a blocking one that is not the EN527 support note. */
function mainError(errors: AnprMessage[]): AnprMessage | undefined {
  return (
    errors.find((e) => e.type === 'E' && e.code !== SUPPORT_INFO_CODE) ?? errors.find((e) => e.code !== SUPPORT_INFO_CODE) ?? errors[0]
  );
}

export interface ClassifyContext {
  httpStatus: number;
  /** The id Sportello sent: an answer about another operation is not this item's answer. */
  idOperazioneComune: string;
  retryAfterHeader?: string | null;
}

function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export function classifyAnswer(parsed: ParsedAnswer, ctx: ClassifyContext): SendOutcome {
  switch (parsed.kind) {
    case 'garbage':
      if (ctx.httpStatus === 404) {
        return {
          kind: 'attention',
          code: 'ANPR_ENDPOINT',
          text: "L'indirizzo del servizio ANPR non risponde (HTTP 404). Verificare l'indirizzo ANPR nelle Impostazioni.",
        };
      }
      if (ctx.httpStatus === 401 || ctx.httpStatus === 403) {
        return {
          kind: 'retry',
          failure: 'credentials',
          code: `ANPR_HTTP_${ctx.httpStatus}`,
          text: `ANPR non accetta le credenziali di questo Comune (HTTP ${ctx.httpStatus}). Verificare i certificati e l'abilitazione dell'indirizzo IP in ANPR: le pratiche restano in coda.`,
        };
      }
      // Nothing usable came back (a proxy's error page, a cut answer): as if ANPR was not reached.
      return {
        kind: 'retry',
        failure: 'transport',
        code: ctx.httpStatus >= 400 ? `ANPR_HTTP_${ctx.httpStatus}` : 'ANPR_ANSWER_UNREADABLE',
        text: `Risposta di ANPR non leggibile (${parsed.reason}, HTTP ${ctx.httpStatus}): nuovo tentativo più tardi.`,
        retryAfterMs: retryAfterMs(ctx.retryAfterHeader),
      };
    case 'fault': {
      // The policy check comes before ANPR looks at the request: it concerns the Comune's
      // credentials (certificates, IP, operator, clock), never the item, and is not stored for the id.
      if (/rejected by policy/i.test(parsed.faultstring))
        return {
          kind: 'retry',
          failure: 'credentials',
          code: 'ANPR_REJECTED_BY_POLICY',
          text: `${POLICY_REJECTION_TEXT} ANPR: «${parsed.faultstring}»`,
        };
      if (/server/i.test(parsed.faultcode))
        return {
          kind: 'retry',
          failure: 'transport',
          code: 'ANPR_SOAP_FAULT_SERVER',
          text: `ANPR ha segnalato un errore interno (${parsed.faultstring}): nuovo tentativo più tardi.`,
        };
      return {
        kind: 'attention',
        code: 'ANPR_SOAP_FAULT',
        text: `ANPR ha rifiutato il messaggio: ${parsed.faultstring || parsed.faultcode}. Segnalare il problema all'assistenza Sportello.`,
      };
    }
    case 'multiple':
      return {
        kind: 'attention',
        code: 'ANPR_ANSWER_SEVERAL_SUBJECTS',
        text: 'ANPR ha trovato più soggetti compatibili con i dati inviati (ad esempio i genitori). Indicare il codice fiscale o l’identificativo ANPR del soggetto giusto e reinviare.',
      };
    case 'ko': {
      if (parsed.idOperazioneComune && parsed.idOperazioneComune !== ctx.idOperazioneComune) {
        return {
          kind: 'attention',
          code: 'ANPR_ANSWER_INCONSISTENT',
          text: 'ANPR ha risposto per un’altra operazione. Segnalare il problema all’assistenza Sportello.',
        };
      }
      const errors = parsed.errors;
      if (errors.some((e) => STILL_PROCESSING.test(e.text))) {
        return {
          kind: 'retry',
          failure: 'item',
          code: 'ANPR_IN_PROGRESS',
          text: `ANPR sta ancora elaborando questa operazione: ${describe(errors)}`,
          retryAfterMs: 30_000,
        };
      }
      const main = mainError(errors);
      if (!main)
        return {
          kind: 'retry',
          failure: 'item',
          code: 'ANPR_ANSWER_UNREADABLE',
          text: 'ANPR ha risposto con un errore senza dettagli: nuovo tentativo più tardi.',
        };
      const delay = RETRY_DELAY_MS[main.code];
      if (delay !== undefined) return { kind: 'retry', failure: 'item', code: main.code, text: describe(errors), retryAfterMs: delay };
      return { kind: 'attention', code: main.code, text: describe(errors) };
    }
    case 'ok': {
      if (parsed.idOperazioneComune && parsed.idOperazioneComune !== ctx.idOperazioneComune) {
        return {
          kind: 'attention',
          code: 'ANPR_ANSWER_INCONSISTENT',
          text: 'ANPR ha risposto per un’altra operazione. Segnalare il problema all’assistenza Sportello.',
        };
      }
      if (parsed.esito === '1')
        return {
          kind: 'retry',
          failure: 'item',
          code: 'ANPR_IN_PROGRESS',
          text: 'ANPR sta ancora elaborando questa operazione: nuovo tentativo più tardi.',
          retryAfterMs: 30_000,
        };
      if (parsed.esito === '3' || parsed.esito === '4') {
        const main = mainError(parsed.warnings);
        return {
          kind: 'attention',
          code: main?.code || `ANPR_OUTCOME_${parsed.esito}`,
          text: parsed.warnings.length
            ? describe(parsed.warnings)
            : parsed.esito === '4'
              ? 'ANPR indica che l’operazione è stata annullata.'
              : 'ANPR ha concluso l’operazione con esito negativo.',
        };
      }
      const result: AnprResult = {
        idOperazioneANPR: parsed.idOperazioneANPR,
        esitoOperazione: parsed.esito,
        warnings: parsed.warnings,
        soggetti: parsed.soggetti,
      };
      if (parsed.certificatoPdf) result.certificatoPdf = parsed.certificatoPdf;
      return { kind: 'done', result };
    }
  }
}
