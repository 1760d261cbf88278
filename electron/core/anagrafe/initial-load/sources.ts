/**
 * Where an initial load reads from, as a sequence of parts from a cursor on: an extraction file on
 * this PC (one part), or ANPR's asynchronous extraction (4001 for the whole Comune, 4002 per chunk
 * of at most 2,000 codici fiscali; each extraction's parts fetched with 4005). The ANPR calls go
 * through a port the platforms implement; the extraction's idOperazioneANPR is kept on the load,
 * so a resumed load reads the same extraction instead of asking for a new one.
 */
import { createReadStream, statSync } from 'node:fs';
import { SportelloError, ValidationError } from '../../errors';

export const MAX_CF_PER_4002 = 2000;

export interface LoadPart {
  segment: number;
  part: number;
  partsTotal: number;
  segmentsTotal: number;
  /** The part's XML, in chunks. */
  chunks: AsyncIterable<string>;
  /** Its length in characters, for the progress bar. */
  size: number;
}

export interface LoadCursor {
  segment: number;
  part: number;
  ticket(segment: number): string | null;
  saveTicket(segment: number, idOperazioneANPR: string): void;
  /** A fresh idOperazioneComune for the next ANPR call (each call needs its own). */
  nextOperationId(): string;
}

export interface LoadSource {
  segmentsTotal: number;
  /** The codici fiscali asked for in a segment (4002), to name those ANPR did not return. */
  requested?(segment: number): string[];
  parts(cursor: LoadCursor, signal: AbortSignal): AsyncIterable<LoadPart>;
}

export type ExtractionPartAnswer = { ready: true; partsTotal: number; xml: string } | { ready: false; retryAfterMs: number };

/** What Sportello asks ANPR for an initial load (implemented in platforms/anpr/extraction.ts). */
export interface AnprExtractionPort {
  /** 4001: the Comune's residents; answers the extraction's idOperazioneANPR. */
  requestResidents(idOperazioneComune: string, signal: AbortSignal): Promise<string>;
  /** 4002: the persons with these codici fiscali (at most 2,000). */
  requestByCodiceFiscale(codiciFiscali: string[], idOperazioneComune: string, signal: AbortSignal): Promise<string>;
  /** 4005 verificaStato: part `progressivo` of the extraction, or not ready yet. */
  fetchPart(idOperazioneANPR: string, progressivo: number, idOperazioneComune: string, signal: AbortSignal): Promise<ExtractionPartAnswer>;
}

export const FILE_CHANGED = (): SportelloError =>
  new SportelloError(
    'LOAD_FILE_CHANGED',
    'Il file di estrazione è cambiato da quando il caricamento è iniziato: non si può riprendere. Avviare un nuovo caricamento con il file nuovo.',
  );

export interface FileRef {
  path: string;
  size: number;
  mtimeMs: number;
}

export function describeFile(path: string): FileRef {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    return { path, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    // On the form's field (StartLoadInput.path), where the responsabile corrects it.
    throw new ValidationError(
      'LOAD_FILE_NOT_FOUND',
      'Il file di estrazione indicato non esiste o non si può leggere su questo PC: controllare il percorso e riprovare.',
      'path',
    );
  }
}

export function fileSource(ref: FileRef): LoadSource {
  return {
    segmentsTotal: 1,
    async *parts() {
      const now = describeFile(ref.path);
      if (now.size !== ref.size || now.mtimeMs !== ref.mtimeMs) throw FILE_CHANGED();
      const stream = createReadStream(ref.path, { encoding: 'utf8', highWaterMark: 1 << 20 });
      yield { segment: 0, part: 1, partsTotal: 1, segmentsTotal: 1, chunks: stream as AsyncIterable<string>, size: ref.size };
    },
  };
}

/** A part's XML in slices: the loader yields to the host between them (other calls are answered, a stop is seen). */
const SLICE = 64 * 1024;
async function* slices(text: string): AsyncIterable<string> {
  for (let at = 0; at < text.length; at += SLICE) yield text.slice(at, at + SLICE);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** 4001 (codiciFiscali null) or 4002 in chunks of MAX_CF_PER_4002. */
export function anprSource(port: AnprExtractionPort, codiciFiscali: string[] | null): LoadSource {
  const segmentsTotal = codiciFiscali ? Math.max(1, Math.ceil(codiciFiscali.length / MAX_CF_PER_4002)) : 1;
  const chunk = (segment: number) => codiciFiscali!.slice(segment * MAX_CF_PER_4002, (segment + 1) * MAX_CF_PER_4002);
  return {
    segmentsTotal,
    requested: codiciFiscali ? chunk : undefined,
    async *parts(cursor, signal) {
      for (let segment = cursor.segment; segment < segmentsTotal; segment++) {
        let ticket = cursor.ticket(segment);
        if (!ticket) {
          ticket = codiciFiscali
            ? await port.requestByCodiceFiscale(chunk(segment), cursor.nextOperationId(), signal)
            : await port.requestResidents(cursor.nextOperationId(), signal);
          cursor.saveTicket(segment, ticket);
        }
        let partsTotal = Number.POSITIVE_INFINITY; // known from the first part's answer
        for (let part = segment === cursor.segment ? cursor.part : 1; part <= partsTotal; part++) {
          let answer = await port.fetchPart(ticket, part, cursor.nextOperationId(), signal);
          while (!answer.ready) {
            if (signal.aborted) return;
            await sleep(answer.retryAfterMs, signal);
            answer = await port.fetchPart(ticket, part, cursor.nextOperationId(), signal);
          }
          partsTotal = answer.partsTotal;
          if (signal.aborted) return;
          yield { segment, part, partsTotal, segmentsTotal, chunks: slices(answer.xml), size: answer.xml.length };
        }
      }
    },
  };
}
