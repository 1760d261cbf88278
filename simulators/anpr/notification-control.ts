/**
 * The notification feed's side of the simulator: which entries a 3003/3007 request asks for, the
 * 3007 answer (Risposta3007_OK, listaOperazioniAnpr), and the control calls that make other
 * Comuni's events happen in tests and demos:
 *   POST /_control/events   {count, seed, kinds?}      a deterministic burst (the PRNG's seed)
 *   POST /_control/event    {kind, codiceFiscale?, decorrenza?, cognome?, via?, members?}  one event now (members: N010 family size)
 *   POST /_control/push-url {url|null, encryptFor?}    N000: push each new notification there (encrypted for that PEM)
 *   POST /_control/push     {idOperazioneANPR}         push one again (a repeated delivery)
 *   POST /_control/feed                                every notification made, oldest first
 */
import type { AnprService } from './service-table';
import type { Testata } from './answers';
import { soapEnvelope } from './answers';
import { EVENT_KINDS, type EventKind, type FeedEntry, type NotificationFeed } from './notification-feed';
import { childText, firstChild, type XElement } from './xml-read';
import { el, elA, txt } from './xml-write';

type Comune = { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };

/** What a 3003/3007 asks for: one operation by idOperazioneANPR, or those in a period (≤180 days back). */
export function feedLookup(feed: NotificationFeed, req: XElement): { comune: Comune; entries: FeedEntry[] } {
  const c = firstChild(req, 'comuneRichiesta');
  const comune = {
    nomeComune: childText(c, 'nomeComune') ?? '',
    codiceIstat: childText(c, 'codiceIstat') ?? '',
    siglaProvinciaIstat: childText(c, 'siglaProvinciaIstat') ?? '',
  };
  const single = childText(firstChild(req, 'ricercaSingolaRichiesta'), 'idOperazioneANPR');
  let entries: FeedEntry[];
  if (single) {
    const e = feed.byId(single);
    entries = e ? [e] : [];
  } else {
    const period = firstChild(firstChild(req, 'ricercaElenchiRichieste'), 'periodoRiferimentoRichieste');
    entries = feed.inPeriod(childText(period, 'dataOraIniziale'), childText(period, 'dataOraFinale'));
  }
  return { comune, entries };
}

/** testataRisposta of the feed's answers (3007, 4005). */
export function testataXml(t: Testata): string {
  return el(
    'testataRisposta',
    txt('idOperazioneComune', t.idOperazioneComune),
    txt('codMittente', 'ANPR'),
    txt('codDestinatario', t.codDestinatario),
    txt('operazioneRichiesta', t.operazioneRichiesta),
    txt('dataOraRichiesta', t.dataOraRichiesta),
    txt('idOperazioneANPR', t.idOperazioneANPR),
    txt('esitoOperazione', t.esitoOperazione),
  );
}

/** Risposta3007_OK: the ids only (the Comune then fetches each with 3003 ricercaSingolaRichiesta). */
export function operationsListAnswer(service: AnprService, t: Testata, comune: Comune, entries: FeedEntry[]): string {
  return soapEnvelope(
    elA(
      'ns:Risposta3007',
      { 'xmlns:ns': service.namespace },
      el(
        'ns:Risposta3007_OK',
        testataXml(t),
        el(
          'comuneRichiesta',
          txt('nomeComune', comune.nomeComune),
          txt('codiceIstat', comune.codiceIstat),
          txt('siglaProvinciaIstat', comune.siglaProvinciaIstat),
        ),
        el(
          'listaOperazioniAnpr',
          entries.map((e) =>
            el(
              'operazioneANPR',
              txt('statoLavorazione', '7'),
              txt('tipoOperazione', e.tipoOperazione),
              txt('idOperazioneANPR', e.idOperazioneANPR),
            ),
          ),
        ),
      ),
    ),
  );
}

type Reply = Promise<{ status: number; body: unknown }>;

function kindOf(v: unknown): EventKind | null {
  return EVENT_KINDS.includes(v as EventKind) ? (v as EventKind) : null;
}

const summary = (e: FeedEntry) => ({ idOperazioneANPR: e.idOperazioneANPR, at: e.at, tipoOperazione: e.tipoOperazione });

/** The feed's control calls; undefined for a path that is not one of them. */
export function feedControl(feed: NotificationFeed, path: string, input: Record<string, unknown>): Reply | undefined {
  switch (path) {
    case '/_control/events': {
      const kinds = Array.isArray(input.kinds) ? input.kinds.map(kindOf) : [...EVENT_KINDS];
      if (kinds.some((k) => k === null)) return Promise.resolve({ status: 400, body: { error: 'tipo di evento sconosciuto' } });
      const made = feed.generate(Number(input.count) || 1, Number(input.seed) || 1, kinds as EventKind[]);
      return Promise.resolve({ status: 200, body: made.map(summary) });
    }
    case '/_control/event': {
      const kind = kindOf(input.kind);
      if (!kind) return Promise.resolve({ status: 400, body: { error: 'tipo di evento sconosciuto' } });
      const e = feed.trigger({
        kind,
        codiceFiscale: typeof input.codiceFiscale === 'string' ? input.codiceFiscale : undefined,
        decorrenza: typeof input.decorrenza === 'string' ? input.decorrenza : undefined,
        cognome: typeof input.cognome === 'string' ? input.cognome : undefined,
        via: typeof input.via === 'string' ? input.via : undefined,
        members: typeof input.members === 'number' ? input.members : undefined,
      });
      return Promise.resolve(e ? { status: 200, body: summary(e) } : { status: 409, body: { error: 'nessun soggetto adatto' } });
    }
    case '/_control/push-url':
      try {
        feed.setPushUrl(
          typeof input.url === 'string' ? input.url : null,
          typeof input.encryptFor === 'string' ? input.encryptFor : undefined,
        );
      } catch {
        return Promise.resolve({ status: 400, body: { error: 'certificato non leggibile (PEM)' } });
      }
      return Promise.resolve({ status: 200, body: { ok: true } });
    case '/_control/push': {
      const e = feed.all().find((x) => x.idOperazioneANPR === String(input.idOperazioneANPR));
      if (!e) return Promise.resolve({ status: 404, body: { error: 'notifica sconosciuta' } });
      return feed.push(e).then((status) => ({ status: 200, body: { status } }));
    }
    case '/_control/feed':
      return feed.settled().then(() => ({ status: 200, body: feed.all().map(summary) }));
    default:
      return undefined;
  }
}
