/**
 * One extracted person -> the local registry's rows (person, family, current address), or the
 * reason it is refused. Refusals are what the registry cannot hold truthfully: no usable codice
 * fiscale, no surname and no name, no valid birth date or sex. The responsabile reads the reason
 * in the summary and corrects the person in ANPR; nothing else stops the load.
 */
import { cfShapeProblem } from '../codice-fiscale';
import { normalizeText } from '../text';
import type { ExtractedPerson, Fields } from './extraction-parser';

export interface MappedFamily {
  idFamigliaAnpr: string;
  kind: 'famiglia' | 'convivenza';
  denominazione: string | null;
  specieConvivenza: string | null;
  dataOrigine: string | null;
}

export interface MappedAddress {
  tipoIndirizzo: string;
  cap: string | null;
  comuneIstat: string | null;
  comuneName: string | null;
  siglaProvincia: string | null;
  frazione: string | null;
  specie: string | null;
  denominazione: string;
  denominazioneNorm: string;
  numero: string | null;
  lettera: string | null;
  scala: string | null;
  interno: string | null;
  piano: string | null;
  validFrom: string;
}

export interface MappedPerson {
  codiceFiscale: string;
  cognome: string | null;
  nome: string | null;
  cognomeNorm: string;
  nomeNorm: string;
  sesso: string;
  dataNascita: string;
  luogoNascita: string | null;
  cittadinanza: string | null;
  statoCivile: string | null;
  codiceLegame: string | null;
  dataDecorrenzaLegame: string | null;
  idAnpr: string | null;
  idSchedaSoggettoAnpr: string | null;
  validitaCf: string | null;
  family: MappedFamily | null;
  address: MappedAddress | null;
}

export interface Refusal {
  code: string;
  reason: string;
  codiceFiscale: string | null;
  cognome: string | null;
  nome: string | null;
}

export type MapResult = { ok: true; person: MappedPerson } | { ok: false; refusal: Refusal };

/** The reasons, in Italian, as the responsabile reads them in the summary. */
export const REFUSAL_TEXT: Record<string, string> = {
  LOAD_CF_MISSING: 'Codice fiscale assente: correggere la scheda in ANPR e ripetere il caricamento di questa persona.',
  ANAGRAFE_CF_FORMAT: 'Codice fiscale non valido (formato errato): verificare la scheda in ANPR.',
  ANAGRAFE_CF_CHECK_CHAR: 'Codice fiscale non valido (carattere di controllo errato): verificare la scheda in ANPR.',
  LOAD_NAME_MISSING: 'Cognome e nome assenti: verificare la scheda in ANPR.',
  LOAD_BIRTH_DATE_INVALID: 'Data di nascita assente o non valida: verificare la scheda in ANPR.',
  LOAD_SEX_INVALID: 'Sesso assente o non valido: verificare la scheda in ANPR.',
  LOAD_NOT_IN_ANPR: 'ANPR non ha restituito questo codice fiscale: la persona non risulta nel Comune in ANPR, o il codice è errato.',
  LOAD_DUPLICATE_CF: 'Codice fiscale già presente nel registro locale: la persona non è stata caricata una seconda volta.',
};

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function one(p: ExtractedPerson, key: string): string | null {
  return p.fields.get(key)?.[0] ?? null;
}

const first = (f: Fields, key: string): string | null => f.get(key)?.[0] ?? null;

function refuse(code: string, p: ExtractedPerson, cf: string | null): MapResult {
  return {
    ok: false,
    refusal: {
      code,
      reason: REFUSAL_TEXT[code],
      codiceFiscale: cf,
      cognome: one(p, 'generalitaAttuali/cognome'),
      nome: one(p, 'generalitaAttuali/nome'),
    },
  };
}

function birthPlace(p: ExtractedPerson): string | null {
  const g = 'generalitaAttuali/luogoNascita';
  const nomeComune = one(p, `${g}/comune/nomeComune`);
  if (nomeComune) {
    return JSON.stringify({
      comune: {
        nomeComune,
        codiceIstat: one(p, `${g}/comune/codiceIstat`) ?? undefined,
        siglaProvinciaIstat: one(p, `${g}/comune/siglaProvinciaIstat`) ?? undefined,
      },
    });
  }
  const stato = one(p, `${g}/localita/descrizioneStato`);
  if (stato) {
    return JSON.stringify({
      localita: {
        descrizioneLocalita: one(p, `${g}/localita/descrizioneLocalita`) ?? undefined,
        descrizioneStato: stato,
        codiceStato: one(p, `${g}/localita/codiceStato`) ?? undefined,
      },
    });
  }
  return null;
}

/** Each cittadinanza occurrence as a whole: a name is never paired with another state's code. */
function citizenships(p: ExtractedPerson): string | null {
  const list = p.groups.cittadinanza
    .map((c) => ({ descrizioneStato: first(c, 'descrizioneStato') ?? undefined, codiceStato: first(c, 'codiceStato') }))
    .filter((c) => c.codiceStato !== null);
  return list.length === 0 ? null : JSON.stringify(list);
}

/** tipoIndirizzo (Tabella 25) of the address the registry keeps as current: 1 = Residenza. */
const RESIDENZA = '1';

/**
 * The residenza occurrence that is the person's residence: the one with tipoIndirizzo 1. With none
 * (only a dimora abituale, domicilio eletto, residenza estera, …) no address is taken: another kind
 * of address would be shown as where the family lives. Every field then comes from that one occurrence.
 */
function residence(p: ExtractedPerson): Fields | null {
  return p.groups.residenza.find((r) => first(r, 'tipoIndirizzo') === RESIDENZA) ?? null;
}

function family(p: ExtractedPerson): MappedFamily | null {
  const id = one(p, 'famigliaConvivenza/idFamigliaConvivenzaANPR');
  if (!id) return null;
  return {
    idFamigliaAnpr: id,
    kind: one(p, 'famigliaConvivenza/tipoScheda') === '2' ? 'convivenza' : 'famiglia',
    denominazione: one(p, 'famigliaConvivenza/denominazioneConvivenza'),
    specieConvivenza: one(p, 'famigliaConvivenza/specieConvivenza'),
    dataOrigine: one(p, 'famigliaConvivenza/dataOrigineFamigliaConvivenza'),
  };
}

function address(p: ExtractedPerson, fallbackFrom: string): MappedAddress | null {
  const r = residence(p);
  if (!r) return null;
  const a = 'indirizzo';
  const denominazione = first(r, `${a}/toponimo/denominazioneToponimo`);
  if (!denominazione) return null;
  return {
    tipoIndirizzo: RESIDENZA,
    cap: first(r, `${a}/cap`),
    comuneIstat: first(r, `${a}/comune/codiceIstat`),
    comuneName: first(r, `${a}/comune/nomeComune`),
    siglaProvincia: first(r, `${a}/comune/siglaProvinciaIstat`),
    frazione: first(r, `${a}/frazione`),
    specie: first(r, `${a}/toponimo/specie`),
    denominazione,
    denominazioneNorm: normalizeText(denominazione),
    numero: first(r, `${a}/numeroCivico/numero`) ?? first(r, `${a}/numeroCivico/metrico`),
    lettera: first(r, `${a}/numeroCivico/lettera`),
    scala: first(r, `${a}/numeroCivico/civicoInterno/scala`),
    interno: first(r, `${a}/numeroCivico/civicoInterno/interno1`),
    piano: first(r, `${a}/numeroCivico/civicoInterno/piano`),
    validFrom: first(r, 'dataDecorrenzaResidenza') ?? fallbackFrom,
  };
}

export function mapExtractedPerson(p: ExtractedPerson, today: string): MapResult {
  const cf = one(p, 'generalitaAttuali/codiceFiscale/codFiscale')?.toUpperCase() ?? null;
  if (!cf) return refuse('LOAD_CF_MISSING', p, null);
  const cfProblem = cfShapeProblem(cf);
  if (cfProblem) return refuse(cfProblem, p, cf);
  const cognome = one(p, 'generalitaAttuali/cognome');
  const nome = one(p, 'generalitaAttuali/nome');
  if (!cognome && !nome) return refuse('LOAD_NAME_MISSING', p, cf);
  const dataNascita = one(p, 'generalitaAttuali/dataNascita');
  if (!dataNascita || !DATE.test(dataNascita) || dataNascita > today) return refuse('LOAD_BIRTH_DATE_INVALID', p, cf);
  const sesso = one(p, 'generalitaAttuali/sesso')?.toUpperCase();
  if (sesso !== 'M' && sesso !== 'F') return refuse('LOAD_SEX_INVALID', p, cf);
  return {
    ok: true,
    person: {
      codiceFiscale: cf,
      cognome,
      nome,
      cognomeNorm: normalizeText(cognome),
      nomeNorm: normalizeText(nome),
      sesso,
      dataNascita,
      luogoNascita: birthPlace(p),
      cittadinanza: citizenships(p),
      statoCivile: one(p, 'statoCivile/statoCivile'),
      codiceLegame: one(p, 'legameSoggetto/codiceLegame'),
      dataDecorrenzaLegame: one(p, 'legameSoggetto/dataDecorrenza'),
      idAnpr: one(p, 'identificativi/idANPR'),
      idSchedaSoggettoAnpr: one(p, 'generalitaAttuali/idSchedaSoggettoANPR'),
      validitaCf: one(p, 'generalitaAttuali/codiceFiscale/validitaCF'),
      family: family(p),
      address: address(p, today),
    },
  };
}
