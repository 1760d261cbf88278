/**
 * The 4000 extraction calls behind core's AnprExtractionPort: 4001 estrazione_dati_cittadini and
 * 4002 rivestimento_cf queue an extraction (RispostaMultipla400x carries its idOperazioneANPR);
 * 4005 verificaStato reads its parts (elencoRisposte/contenutoRisposta, base64). Signed and sent
 * by the same client as every ANPR call; the caller supplies each call's idOperazioneComune.
 */
import type { AnprExtractionPort, ExtractionPartAnswer } from '../../core/anagrafe/initial-load';
import { isSportelloError, SportelloError } from '../../core/errors';
import type { AnprClient } from './client';
import type { AnprRequest } from './messages/requests';
import { el, txt } from './xml-build';
import { childText, firstChild, type XElement } from './xml-read';

/** Data sets asked of 4001/4002 (Tabella datiAnagraficiRichiesti: 1 = dati anagrafici completi). */
const DATI_RICHIESTI = ['1'];
/** How long to wait before asking again for an extraction still being prepared. */
const NOT_READY_RETRY_MS = 5_000;

export interface ExtractionCaller {
  operatorCodiceFiscale: string;
  comune: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
  /** Today in Rome (4002 dataRiferimento). */
  today: () => string;
}

function refused(parsed: Awaited<ReturnType<AnprClient['call']>>['parsed'], service: string): SportelloError {
  if (parsed.kind === 'ko') {
    const e = parsed.errors[0];
    return new SportelloError(
      'ANPR_EXTRACTION_REFUSED',
      `ANPR ha rifiutato la richiesta di estrazione (${service}): ${e?.code ?? ''} ${e?.text ?? ''}. Le persone già caricate restano; correggere e riprovare con «Riprendi».`,
      { service, code: e?.code ?? '' },
    );
  }
  return new SportelloError(
    'ANPR_EXTRACTION_UNAVAILABLE',
    `ANPR non ha dato una risposta utilizzabile (${service}). Le persone già caricate restano: riprovare più tardi con «Riprendi».`,
    { service, kind: parsed.kind },
  );
}

/**
 * 4005 answering EN122 («Elaborazione non trovata»): ANPR no longer holds the extraction the load
 * was reading (extractions expire). Retrying cannot help, and asking silently for a new one would
 * pair the old cursor with a different extraction: the responsabile abandons the load and starts anew.
 */
const EXPIRED_CODE = 'EN122';
const EXPIRED = (cause: unknown) =>
  new SportelloError(
    'ANPR_EXTRACTION_EXPIRED',
    "ANPR non ha più l'estrazione che questo caricamento stava leggendo (scaduta o cancellata), quindi non si può riprendere. Le persone già caricate restano: premere «Abbandona il caricamento interrotto» e avviare un nuovo caricamento.",
    { service: '4005' },
    { cause },
  );

/** The client's transport errors speak of pratiche in the queue; the load says what happens to it. */
const LOAD_PAUSED: Record<string, string> = {
  ANPR_UNREACHABLE: 'ANPR non è raggiungibile',
  ANPR_TIMEOUT: 'ANPR non ha risposto in tempo',
};

async function multiple(client: AnprClient, request: AnprRequest, id: string, cf: string, signal: AbortSignal): Promise<XElement> {
  let res: Awaited<ReturnType<AnprClient['call']>>;
  try {
    res = await client.call(request, { idOperazioneComune: id, operatorCodiceFiscale: cf, signal });
  } catch (e) {
    const what = isSportelloError(e) ? LOAD_PAUSED[e.code] : undefined;
    if (!what) throw e;
    throw new SportelloError(
      (e as SportelloError).code,
      `${what}: il caricamento è sospeso e le persone già caricate restano. Riprovare con «Riprendi» quando il collegamento torna disponibile.`,
      { service: request.code },
      { cause: e },
    );
  }
  if (res.parsed.kind !== 'multiple') throw refused(res.parsed, request.code);
  return res.parsed.payload;
}

function ticketOf(payload: XElement, service: string): string {
  const id = childText(payload, 'idOperazioneANPR') ?? childText(firstChild(payload, 'testataRisposta'), 'idOperazioneANPR');
  if (!id) throw refused({ kind: 'garbage', reason: 'senza idOperazioneANPR' }, service);
  return id;
}

/** The 4002 xmlFileCodiciFiscali content: one codiceFiscale element per person. */
export function codiciFiscaliFile(cfs: string[]): string {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>${el(
      'codiciFiscali',
      cfs.map((c) => txt('codiceFiscale', c)),
    )}`,
    'utf8',
  ).toString('base64');
}

export function createExtractionPort(client: AnprClient, caller: ExtractionCaller): AnprExtractionPort {
  const testata = { tipoOperazione: 'C' as const };
  const cf = caller.operatorCodiceFiscale;
  return {
    async requestResidents(id, signal) {
      const payload = await multiple(
        client,
        {
          code: '4001',
          testata,
          richiesta: { criteriRicerca: { comuneRichiesta: caller.comune, datiAnagraficiRichiesti: DATI_RICHIESTI } },
        },
        id,
        cf,
        signal,
      );
      return ticketOf(payload, '4001');
    },
    async requestByCodiceFiscale(cfs, id, signal) {
      const richiesta = {
        criteriRicerca: {
          dataRiferimento: caller.today(),
          datiRichiesti: DATI_RICHIESTI,
          xmlFileCodiciFiscali: codiciFiscaliFile(cfs),
          criterioSelezione: '2',
        },
      };
      return ticketOf(await multiple(client, { code: '4002', testata, richiesta }, id, cf, signal), '4002');
    },
    async fetchPart(ticket, progressivo, id, signal): Promise<ExtractionPartAnswer> {
      let payload: XElement;
      try {
        payload = await multiple(
          client,
          { code: '4005', testata, richiesta: { verificaStato: { idOperazioneANPR: ticket, progressivo: String(progressivo) } } },
          id,
          cf,
          signal,
        );
      } catch (e) {
        if (isSportelloError(e) && e.details?.code === EXPIRED_CODE) throw EXPIRED(e);
        throw e;
      }
      const stato = childText(payload, 'statoRichiesta');
      if (stato === '0' || stato === '1') return { ready: false, retryAfterMs: NOT_READY_RETRY_MS };
      const risposta = firstChild(payload, 'elencoRisposte');
      const content = childText(risposta, 'contenutoRisposta');
      if (stato !== '2' || !content) throw refused({ kind: 'garbage', reason: `stato ${stato ?? ''}` }, '4005');
      const totale = Number(childText(firstChild(payload, 'datiFornitura'), 'progressivoTotale') ?? '1');
      return {
        ready: true,
        partsTotal: Number.isInteger(totale) && totale > 0 ? totale : 1,
        xml: Buffer.from(content, 'base64').toString('utf8'),
      };
    },
  };
}
