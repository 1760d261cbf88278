/**
 * Streaming reader of an ANPR extraction (saxes, no DOM: a 200,000-person file is never held in
 * memory). The file holds one `datiSoggetto` (XSD type tipoDatiSoggettiRisposta, tipoDato.xsd) per
 * person, usually right below the root but read at whatever depth it sits; only the fields the local registry keeps are collected, each under its
 * path below datiSoggetto ('generalitaAttuali/codiceFiscale/codFiscale'). Namespaces are ignored:
 * ANPR's types are elementFormDefault="unqualified" and a prefix on the root changes nothing.
 */
import { SaxesParser } from 'saxes';
import { SportelloError } from '../../errors';

/** Path -> text; a repeated element keeps every value, in order. */
export type Fields = Map<string, string[]>;

/** Blocks that repeat (maxOccurs unbounded) and must be read whole: each occurrence on its own. */
export const GROUPED = ['residenza', 'cittadinanza'] as const;
export type Grouped = (typeof GROUPED)[number];

/**
 * One person as read: the fields by path below datiSoggetto, and each occurrence of a repeated
 * block (one `residenza` per tipoIndirizzo, one `cittadinanza` per state) with its fields by path
 * below the block ('indirizzo/cap'): a field is never paired with another occurrence's.
 */
export interface ExtractedPerson {
  fields: Fields;
  groups: Record<Grouped, Fields[]>;
}

const isGrouped = (name: string): name is Grouped => (GROUPED as readonly string[]).includes(name);

const KEPT = new Set([
  'identificativi/idANPR',
  'generalitaAttuali/codiceFiscale/codFiscale',
  'generalitaAttuali/codiceFiscale/validitaCF',
  'generalitaAttuali/cognome',
  'generalitaAttuali/nome',
  'generalitaAttuali/sesso',
  'generalitaAttuali/dataNascita',
  'generalitaAttuali/luogoNascita/comune/nomeComune',
  'generalitaAttuali/luogoNascita/comune/codiceIstat',
  'generalitaAttuali/luogoNascita/comune/siglaProvinciaIstat',
  'generalitaAttuali/luogoNascita/localita/descrizioneLocalita',
  'generalitaAttuali/luogoNascita/localita/descrizioneStato',
  'generalitaAttuali/luogoNascita/localita/codiceStato',
  'generalitaAttuali/idSchedaSoggettoANPR',
  'statoCivile/statoCivile',
  'cittadinanza/descrizioneStato',
  'cittadinanza/codiceStato',
  'residenza/tipoIndirizzo',
  'residenza/indirizzo/cap',
  'residenza/indirizzo/comune/nomeComune',
  'residenza/indirizzo/comune/codiceIstat',
  'residenza/indirizzo/comune/siglaProvinciaIstat',
  'residenza/indirizzo/frazione',
  'residenza/indirizzo/toponimo/specie',
  'residenza/indirizzo/toponimo/denominazioneToponimo',
  'residenza/indirizzo/numeroCivico/numero',
  'residenza/indirizzo/numeroCivico/metrico',
  'residenza/indirizzo/numeroCivico/lettera',
  'residenza/indirizzo/numeroCivico/civicoInterno/scala',
  'residenza/indirizzo/numeroCivico/civicoInterno/interno1',
  'residenza/indirizzo/numeroCivico/civicoInterno/piano',
  'residenza/dataDecorrenzaResidenza',
  'legameSoggetto/dataDecorrenza',
  'legameSoggetto/codiceLegame',
  'famigliaConvivenza/idFamigliaConvivenzaANPR',
  'famigliaConvivenza/dataOrigineFamigliaConvivenza',
  'famigliaConvivenza/denominazioneConvivenza',
  'famigliaConvivenza/specieConvivenza',
  'famigliaConvivenza/tipoScheda',
]);

export const PERSON_ELEMENT = 'datiSoggetto';

export interface ExtractionParser {
  /** Feeds the next chunk; `onPerson` runs for every person completed in it. */
  write(chunk: string): void;
  /** The input is over; throws when the document is not well formed or was cut short. */
  close(): void;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function add(p: ExtractedPerson, path: string, v: string): void {
  const slash = path.indexOf('/');
  const top = path.slice(0, slash);
  const [into, key] = isGrouped(top) ? [p.groups[top].at(-1)!, path.slice(slash + 1)] : [p.fields, path];
  const list = into.get(key);
  if (list) list.push(v);
  else into.set(key, [v]);
}

export function createExtractionParser(onPerson: (p: ExtractedPerson) => void): ExtractionParser {
  const parser = new SaxesParser({ position: false });
  // Paths of the open elements below the person element ('a', 'a/b', …).
  const stack: string[] = [];
  let depth = 0;
  let personDepth = -1;
  let current: ExtractedPerson | null = null;
  let text = '';
  let pathKey = '';
  let fromCallback: unknown = null;

  parser.on('opentag', (tag) => {
    depth++;
    const name = localName(tag.name);
    if (current === null) {
      // At any depth (a file wrapped one level deeper is still an extraction), never inside another person.
      if (name === PERSON_ELEMENT) {
        current = { fields: new Map(), groups: { residenza: [], cittadinanza: [] } };
        personDepth = depth;
      }
      return;
    }
    if (pathKey === '' && isGrouped(name)) current.groups[name].push(new Map());
    pathKey = pathKey === '' ? name : `${pathKey}/${name}`;
    stack.push(pathKey);
    text = '';
  });
  parser.on('text', (t) => {
    if (current !== null) text += t;
  });
  parser.on('cdata', (t) => {
    if (current !== null) text += t;
  });
  parser.on('closetag', () => {
    if (current !== null) {
      if (depth === personDepth) {
        const person = current;
        current = null;
        try {
          onPerson(person);
        } catch (e) {
          fromCallback = e;
          throw e;
        }
      } else {
        if (KEPT.has(pathKey)) {
          const v = text.trim();
          if (v !== '') add(current, pathKey, v);
        }
        stack.pop();
        pathKey = stack.at(-1) ?? '';
        text = '';
      }
    }
    depth--;
  });

  // Persons completed before the fault stay loaded: the load stops there and can be resumed.
  const guarded = (step: () => void) => {
    try {
      step();
    } catch (cause) {
      if (cause === fromCallback) throw cause; // the caller's own error (e.g. the database), not the XML's
      throw new SportelloError(
        'LOAD_XML_INVALID',
        "I dati dell'estrazione non sono un XML leggibile (file incompleto o danneggiato): il caricamento si è fermato e le persone già caricate restano. Procurarsi un file integro, oppure per ANPR riprovare con «Riprendi».",
        {},
        { cause },
      );
    }
  };
  return {
    write(chunk) {
      guarded(() => parser.write(chunk));
    },
    close() {
      guarded(() => parser.close());
    },
  };
}
