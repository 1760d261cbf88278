/**
 * What happens in ANPR while the counter is offline: other Comuni's counters, hospitals and ANPR's
 * web application change the Comune's residents. Each event changes the simulator's own subject
 * store and becomes a notification for the Comune — a Risposta_Comune (rispostaComune.xsd) naming
 * the operation (operazioneRichiesta), ANPR's id and time, and the subject as it is now — which
 * 3003 returns (ricercaElenchiRichieste by period, ricercaSingolaRichiesta by idOperazioneANPR),
 * 3007 lists by id, and N000 `inoltroNotificaANPR` pushes to a URL the Comune exposes.
 *
 * Kinds, by the tipoOperazione 3003 reports: N010 immigration from another Comune (a new subject
 * resident here, provenienza the other Comune), 2001 death, 5005 change of address, 5014
 * correction of generalità (generalitaPrecedenti + generalitaAttuali), 2003 cancellation
 * (emigration: destinazione). The generator is deterministic (a seeded PRNG), so a test can
 * count on the same events for the same seed.
 */
import forge from 'node-forge';
import { RISPOSTA_COMUNE } from './namespaces';
import { el, elA, txt } from './xml-write';

export type EventKind = 'N010' | '2001' | '5005' | '5014' | '2003';
export const EVENT_KINDS: readonly EventKind[] = ['N010', '2001', '5005', '5014', '2003'];

/** The subject as the feed sees it: the simulator's SimSubject (structurally). */
export interface FeedSubject {
  key: string;
  idANPR: string;
  idSchedaSoggettoANPR: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
  state: 'residente' | 'deceduto' | 'cancellato';
  lastOperationDate?: string;
}

export interface FeedEntry {
  idOperazioneANPR: string;
  /** ANPR's time of the operation (ISO, never decreasing along the feed; ties in id order). */
  at: string;
  tipoOperazione: string;
  /** The notification content (decoded xmlRisposta / N000 contenuto). */
  xml: string;
}

export interface FeedDeps {
  comune: () => { istat: string; nome: string; sigla: string };
  subjects: () => Map<string, FeedSubject>;
  addSubject(s: { codiceFiscale: string; cognome: string; nome: string; sesso: string; dataNascita: string }): FeedSubject;
  newId(): string;
  now(): Date;
  warn(msg: string): void;
}

export interface EventRequest {
  kind: EventKind;
  /** The subject (by codice fiscale); when absent one is picked (or, for N010, made up). */
  codiceFiscale?: string;
  /** YYYY-MM-DD; default the simulator's today. */
  decorrenza?: string;
  /** 5014: the new surname; 5005: the new street; N010: the family's surname and street. */
  cognome?: string;
  /** N010: how many persons move in together (1–6; default 1, random-but-seeded in generate). */
  members?: number;
  via?: string;
}

/** ANPR forgets notifications older than this for 3003/3007 (changelog 8.0.0, ANPR05). */
export const WINDOW_MS = 180 * 24 * 3600 * 1000;

const OTHER_COMUNI = [
  { nome: 'TIVOLI', istat: '058104', sigla: 'RM' },
  { nome: 'FRASCATI', istat: '058039', sigla: 'RM' },
  { nome: 'VITERBO', istat: '056059', sigla: 'VT' },
];
const STREETS = ['DEI GERANI', 'GARIBALDI', 'DELLE ROSE', 'MAZZINI', 'DEL CORSO'];
const SURNAMES = ['FERRI', 'GALLI', 'CONTI', 'MARINI', 'RIZZO'];
const NAMES = [
  ['M', 'LUCA'],
  ['F', 'GIULIA'],
  ['M', 'MARCO'],
  ['F', 'SARA'],
];

/** A small deterministic PRNG (xorshift32): the same seed gives the same events. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** A syntactically valid codice fiscale (check character computed) for a made-up immigrant. */
function makeCf(n: number, sesso: string): string {
  const letters = 'BCDFGHLMNPRSTVZ';
  const pick = (k: number) => letters[k % letters.length];
  const body = `${pick(n)}${pick(n >> 2)}${pick(n >> 4)}${pick(n >> 1)}${pick(n >> 3)}${pick(n >> 5)}${String(70 + (n % 25)).padStart(2, '0')}${'ABCDEHLMPRST'[n % 12]}${String((n % 28) + 1 + (sesso === 'F' ? 40 : 0)).padStart(2, '0')}H501`;
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = body[i];
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? odd[v] : v;
  }
  return body + String.fromCharCode(65 + (sum % 26));
}

function generalita(
  name: string,
  s: { codiceFiscale?: string; cognome?: string; nome?: string; sesso?: string; dataNascita?: string },
  idScheda: string,
) {
  return el(
    name,
    s.codiceFiscale && el('codiceFiscale', txt('codFiscale', s.codiceFiscale), txt('validitaCF', '1')),
    s.cognome ? txt('cognome', s.cognome) : txt('senzaCognome', '1'),
    s.nome ? txt('nome', s.nome) : txt('senzaNome', '1'),
    txt('sesso', s.sesso),
    txt('dataNascita', s.dataNascita),
    txt('idSchedaSoggettoANPR', idScheda),
  );
}

function comuneXml(c: { nome: string; istat: string; sigla: string }) {
  return el('comune', txt('nomeComune', c.nome), txt('codiceIstat', c.istat), txt('siglaProvinciaIstat', c.sigla));
}

function residenzaXml(c: { nome: string; istat: string; sigla: string }, via: string, numero: string, decorrenza: string) {
  return el(
    'residenza',
    txt('tipoIndirizzo', '1'),
    el(
      'indirizzo',
      txt('cap', '00100'),
      comuneXml(c),
      el('toponimo', txt('specie', 'VIA'), txt('denominazioneToponimo', via)),
      el('numeroCivico', txt('numero', numero)),
    ),
    txt('dataDecorrenzaResidenza', decorrenza),
  );
}

export interface NotificationFeed {
  /** One event now; null when no subject fits (e.g. nobody resident left). */
  trigger(r: EventRequest): FeedEntry | null;
  /** `count` events from a seeded PRNG over the kinds given (default every kind), in ANPR's order. */
  generate(count: number, seed: number, kinds?: readonly EventKind[]): FeedEntry[];
  /** A notification written elsewhere (the legacy _control/notifications). */
  addRaw(tipoOperazione: string, xml: string): FeedEntry;
  /** Entries within ANPR's 180-day window and the period, oldest first. */
  inPeriod(from: string | undefined, to: string | undefined): FeedEntry[];
  byId(idOperazioneANPR: string): FeedEntry | undefined;
  all(): FeedEntry[];
  /**
   * N000: push every new entry to this URL (null stops). With `encryptFor` (the Comune's
   * certificate, PEM) the contenuto is encrypted for it, as ANPR does since 3.7.0: a CMS
   * EnvelopedData (PKCS#7) the Comune opens with its CO key.
   */
  setPushUrl(url: string | null, encryptFor?: string): void;
  /** Pushes one entry now (again); resolves with the HTTP status, or 0 when unreachable. */
  push(entry: FeedEntry): Promise<number>;
  /** Pushes still on the wire (tests wait for them). */
  settled(): Promise<void>;
  reset(): void;
}

export function createNotificationFeed(d: FeedDeps): NotificationFeed {
  let entries: FeedEntry[] = [];
  let lastAt = 0;
  let made = 0;
  let pushUrl: string | null = null;
  let recipient: forge.pki.Certificate | null = null;
  let inFlight: Promise<unknown>[] = [];

  const stamp = () => {
    // Never earlier than the previous one; events in the same millisecond keep their id order.
    lastAt = Math.max(d.now().getTime(), lastAt);
    return new Date(lastAt).toISOString();
  };

  function record(tipoOperazione: string, operazione: string, decorrenza: string | undefined, soggetto: string): FeedEntry {
    const id = d.newId();
    const at = stamp();
    const c = d.comune();
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      elA(
        'risp:Risposta_Comune',
        { 'xmlns:risp': RISPOSTA_COMUNE },
        el(
          'testataRisposta',
          txt('idOperazioneComune', `ANPR${id.slice(-20)}`),
          txt('codMittente', 'ANPR'),
          txt('codDestinatario', c.istat),
          txt('operazioneRichiesta', operazione),
          txt('dataOraRichiesta', at),
          txt('dataDecorrenza', decorrenza),
          txt('idOperazioneANPR', id),
          txt('esitoOperazione', '2'),
        ),
        el('listaSoggettiVariati', soggetto),
      );
    const entry = { idOperazioneANPR: id, at, tipoOperazione, xml };
    entries.push(entry);
    if (pushUrl) track(push(entry));
    return entry;
  }

  function track(p: Promise<unknown>) {
    inFlight.push(p);
    void p.finally(() => {
      inFlight = inFlight.filter((x) => x !== p);
    });
  }

  function residents(): FeedSubject[] {
    return [...d.subjects().values()].filter((s) => s.state === 'residente').sort((a, b) => a.key.localeCompare(b.key));
  }

  function pickResident(cf: string | undefined, rnd: () => number): FeedSubject | undefined {
    if (cf) {
      const s = d.subjects().get(cf.toUpperCase());
      return s?.state === 'residente' ? s : undefined;
    }
    const list = residents();
    return list.length ? list[Math.floor(rnd() * list.length)] : undefined;
  }

  function event(r: EventRequest, rnd: () => number): FeedEntry | null {
    const today = d.now().toISOString().slice(0, 10);
    const decorrenza = r.decorrenza ?? today;
    const here = d.comune();
    const ids = (s: FeedSubject) => el('identificativi', txt('idANPR', s.idANPR));
    const touch = (s: FeedSubject) => {
      if (!s.lastOperationDate || decorrenza > s.lastOperationDate) s.lastOperationDate = decorrenza;
    };
    if (r.kind === 'N010') {
      const n = ++made + Math.floor(rnd() * 1000) * 100;
      // A family moving in together: one N010 lists every member (generate varies the size).
      const size = Math.min(Math.max(r.members ?? 1 + (n % 3), 1), 6);
      const cf = r.codiceFiscale?.toUpperCase() ?? makeCf(n, NAMES[n % NAMES.length][0]);
      if (d.subjects().get(cf)?.state === 'residente') return null;
      const cognome = r.cognome ?? SURNAMES[n % SURNAMES.length];
      const via = r.via ?? STREETS[n % STREETS.length];
      const members: string[] = [];
      for (let k = 0; k < size; k++) {
        const [sesso, nome] = NAMES[(n + k) % NAMES.length];
        const mcf = k === 0 ? cf : makeCf(n + k * 7919, sesso);
        const known = d.subjects().get(mcf);
        if (k > 0 && known?.state === 'residente') continue;
        const s =
          known ??
          d.addSubject({
            codiceFiscale: mcf,
            cognome,
            nome,
            sesso,
            dataNascita: k < 2 ? `19${70 + ((n + k) % 25)}-0${(n % 9) + 1}-1${n % 10}` : `20${10 + k}-0${(n % 9) + 1}-2${k}`,
          });
        s.state = 'residente';
        touch(s);
        members.push(
          el(
            'datiSoggetto',
            ids(s),
            generalita('generalitaAttuali', s, s.idSchedaSoggettoANPR),
            residenzaXml(here, via, String((n % 90) + 1), decorrenza),
            el('legameSoggetto', txt('dataDecorrenza', decorrenza), txt('codiceLegame', k === 0 ? '1' : k === 1 ? '2' : '3')),
            el('provenienza', comuneXml(OTHER_COMUNI[n % OTHER_COMUNI.length])),
          ),
        );
      }
      return record('N010', '1002', decorrenza, members.join(''));
    }
    const s = pickResident(r.codiceFiscale, rnd);
    if (!s) return null;
    touch(s);
    switch (r.kind) {
      case '2001':
        s.state = 'deceduto';
        return record(
          '2001',
          '2001',
          decorrenza,
          el(
            'datiSoggetto',
            ids(s),
            generalita('generalitaAttuali', s, s.idSchedaSoggettoANPR),
            el('datiDecesso', txt('dataEvento', decorrenza)),
          ),
        );
      case '2003': {
        s.state = 'cancellato';
        const to = OTHER_COMUNI[Math.floor(rnd() * OTHER_COMUNI.length)];
        return record(
          '2003',
          '2003',
          decorrenza,
          el(
            'datiSoggetto',
            ids(s),
            generalita('generalitaAttuali', s, s.idSchedaSoggettoANPR),
            el('datiCancellazione', txt('motivoCancellazione', '2'), txt('dataDecorrenzaCancellazione', decorrenza)),
            el('destinazione', comuneXml(to)),
          ),
        );
      }
      case '5005': {
        const via = r.via ?? STREETS[Math.floor(rnd() * STREETS.length)];
        return record(
          '5005',
          '5005',
          decorrenza,
          el(
            'datiSoggetto',
            ids(s),
            generalita('generalitaAttuali', s, s.idSchedaSoggettoANPR),
            residenzaXml(here, via, String(Math.floor(rnd() * 90) + 1), decorrenza),
          ),
        );
      }
      case '5014': {
        const before = { ...s };
        s.cognome = r.cognome ?? `${s.cognome ?? 'X'} ${SURNAMES[Math.floor(rnd() * SURNAMES.length)]}`.slice(0, 50);
        return record(
          '5014',
          '5014',
          decorrenza,
          el(
            'datiSoggetto',
            ids(s),
            generalita('generalitaPrecedenti', before, s.idSchedaSoggettoANPR),
            generalita('generalitaAttuali', s, s.idSchedaSoggettoANPR),
          ),
        );
      }
    }
    return null;
  }

  function contenuto(xml: string): string {
    if (!recipient) return Buffer.from(xml, 'utf8').toString('base64');
    const p7 = forge.pkcs7.createEnvelopedData();
    p7.addRecipient(recipient);
    p7.content = forge.util.createBuffer(forge.util.encodeUtf8(xml));
    p7.encrypt();
    return forge.util.encode64(forge.asn1.toDer(p7.toAsn1()).getBytes());
  }

  async function push(entry: FeedEntry): Promise<number> {
    const url = pushUrl;
    if (!url) return 0;
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      elA(
        'soapenv:Envelope',
        { 'xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/' },
        el(
          'soapenv:Body',
          elA(
            'n:RichiestaN000',
            { 'xmlns:n': N000_NAMESPACE },
            el(
              'testataNotifica',
              txt('tipoNotifica', entry.tipoOperazione),
              txt('codMittente', 'ANPR'),
              txt('codDestinatario', d.comune().istat),
              txt('dataOraRichiesta', entry.at),
              txt('idOperazioneANPR', entry.idOperazioneANPR),
            ),
            txt('contenuto', contenuto(entry.xml)),
          ),
        ),
      );
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (e) {
      d.warn(`[anpr-sim] notifica N000 non consegnata: ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    }
  }

  return {
    trigger: (r) => event({ members: 1, ...r }, prng(entries.length + 1)),
    generate(count, seed, kinds = EVENT_KINDS) {
      const rnd = prng(seed);
      const out: FeedEntry[] = [];
      for (let guard = 0; out.length < count && guard < count * 10; guard++) {
        const e = event({ kind: kinds[Math.floor(rnd() * kinds.length)] }, rnd);
        if (e) out.push(e);
      }
      return out;
    },
    addRaw: (tipoOperazione, xml) => {
      const entry = { idOperazioneANPR: d.newId(), at: stamp(), tipoOperazione, xml };
      entries.push(entry);
      return entry;
    },
    inPeriod(from, to) {
      const oldest = d.now().getTime() - WINDOW_MS;
      const lo = Math.max(oldest, from ? Date.parse(from) : oldest);
      const hi = to ? Date.parse(to) : Number.POSITIVE_INFINITY;
      return entries.filter((e) => {
        const t = Date.parse(e.at);
        return t >= lo && t <= hi;
      });
    },
    byId: (id) => entries.find((e) => e.idOperazioneANPR === id && Date.parse(e.at) >= d.now().getTime() - WINDOW_MS),
    all: () => [...entries],
    setPushUrl: (url, encryptFor) => {
      pushUrl = url;
      recipient = encryptFor ? forge.pki.certificateFromPem(encryptFor) : null;
    },
    push,
    settled: async () => {
      await Promise.allSettled([...inFlight]);
    },
    reset() {
      entries = [];
      lastAt = 0;
      made = 0;
      pushUrl = null;
      recipient = null;
    },
  };
}

/** targetNamespace of N000serviziNotifiche.wsdl (italia/anpr-wsdl-docwriter, wsdl/wsdlN000). */
export const N000_NAMESPACE = 'http://sogei.it/ANPR/N000AnprService';
