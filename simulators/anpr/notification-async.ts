/**
 * 4005 `richieste_asincrone` over the notification feed, as ANPR runs it: an `elaborazione` with
 * ricercaElenchiRichieste queues a job (statoRichiesta 0, ANPR's id, an estimated
 * dataDisponibilita); `verificaStato {idOperazioneANPR, progressivo}` answers 1 (in elaborazione)
 * until the job is ready, then 2 with one page of notifications (elencoRisposte, each content
 * base64 in contenutoRisposta) and datiFornitura {progressivoCorrente, progressivoTotale}.
 */
import type { Testata } from './answers';
import { soapEnvelope } from './answers';
import { testataXml } from './notification-control';
import type { FeedEntry, NotificationFeed } from './notification-feed';
import type { AnprService } from './service-table';
import { childText, firstChild, type XElement } from './xml-read';
import { el, elA, txt } from './xml-write';

export const PAGE_SIZE = 100;

interface Job {
  entries: FeedEntry[];
  readyAt: number;
}

export interface AsyncRequests {
  /** False for a verificaStato of a job ANPR does not know (the answer is EN122). */
  knows(req: XElement): boolean;
  /** The answer to one Richiesta4005; `t` carries the new idOperazioneANPR, the id of a new job. */
  answer(service: AnprService, req: XElement, t: Testata): string;
  /** How long a job stays "in elaborazione" (default 0). */
  setDelay(ms: number): void;
  reset(): void;
}

export function multipleAnswer(
  service: AnprService,
  t: Testata,
  r: { stato: string; id: string; disponibile: string; page?: { current: number; total: number; entries: FeedEntry[] } },
): string {
  return soapEnvelope(
    elA(
      'ns:Risposta4005',
      { 'xmlns:ns': service.namespace },
      el(
        'ns:RispostaMultipla4005',
        testataXml(t),
        txt('statoRichiesta', r.stato),
        txt('idOperazioneANPR', r.id),
        txt('dataDisponibilita', r.disponibile),
        r.page && el('datiFornitura', txt('progressivoCorrente', String(r.page.current)), txt('progressivoTotale', String(r.page.total))),
        r.page?.entries.map((e) =>
          el(
            'elencoRisposte',
            txt('idOperazioneANPR', e.idOperazioneANPR),
            txt('statoLavorazione', '7'),
            txt('tipoOperazione', e.tipoOperazione),
            txt('contenutoRisposta', Buffer.from(e.xml, 'utf8').toString('base64')),
            txt('formatoRisposta', 'XML'),
          ),
        ),
      ),
    ),
  );
}

export function createAsyncRequests(feed: NotificationFeed, now: () => Date): AsyncRequests {
  let jobs = new Map<string, Job>();
  let delayMs = 0;
  const jobOf = (req: XElement) => jobs.get(childText(firstChild(req, 'verificaStato'), 'idOperazioneANPR') ?? '');
  return {
    knows: (req) => Boolean(firstChild(req, 'elaborazione') || jobOf(req)),
    setDelay: (ms) => {
      delayMs = ms;
    },
    answer(service, req, t) {
      const at = now().getTime();
      const elaborazione = firstChild(req, 'elaborazione');
      if (elaborazione) {
        const period = firstChild(firstChild(elaborazione, 'ricercaElenchiRichieste'), 'periodoRiferimentoRichieste');
        const job = {
          entries: feed.inPeriod(childText(period, 'dataOraIniziale'), childText(period, 'dataOraFinale')),
          readyAt: at + delayMs,
        };
        jobs.set(t.idOperazioneANPR, job);
        return multipleAnswer(service, t, { stato: '0', id: t.idOperazioneANPR, disponibile: new Date(job.readyAt).toISOString() });
      }
      const verifica = firstChild(req, 'verificaStato');
      const id = childText(verifica, 'idOperazioneANPR') ?? '';
      const job = jobOf(req) ?? { entries: [], readyAt: at };
      const disponibile = new Date(job.readyAt).toISOString();
      if (at < job.readyAt) return multipleAnswer(service, t, { stato: '1', id, disponibile });
      const total = Math.max(1, Math.ceil(job.entries.length / PAGE_SIZE));
      const current = Math.min(Math.max(1, Number(childText(verifica, 'progressivo') ?? '1') || 1), total);
      const entries = job.entries.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
      return multipleAnswer(service, t, { stato: '2', id, disponibile, page: { current, total, entries } });
    },
    reset() {
      jobs = new Map();
      delayMs = 0;
    },
  };
}
