/**
 * The ANPR simulator: a PlatformSimulator mounted under '/anpr' (demo mode's ANPR and the tests'
 * counterpart). Per request it checks, in ANPR's order: SOAP envelope, WS-Security policy
 * ("Rejected by policy"), XSD validity (xmllint), header, idOperazioneComune (replay / still in
 * processing / EN079), then the service's rules (EN081, EN151, EN188, EN122, EN184, EN240…),
 * applies the operation once and stores the answer for replay. Ids are issued above 2^31.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import forge from 'node-forge';
import type { PlatformSimulator, SimStats } from '../types';
import { isServicePath, serviceOfRequestElement, type AnprService } from './service-table';
import { childElements, childText, descendants, firstChild, parseXml, path, soapParts, type XElement } from './xml-read';
import { checkSecurity } from './security-check';
import { attributeCf } from './codice-fiscale';
import { subjectsFor3002 } from './consultation';
import { certificatePdf } from './certificate-pdf';
import { createXsdValidator, DEFAULT_XSD_DIR, type XsdValidator } from './xsd-validate';
import {
  CERTIFICATE_PARAMETERS,
  certificateAnswer,
  consultationAnswer,
  koAnswer,
  notificationsAnswer,
  registrationAnswer,
  soapFault,
  extractionPartAnswer,
  extractionQueuedAnswer,
  type SimError,
  type SubjectOut,
  type Testata,
} from './answers';
import { cfIndex, DEFAULT_POPULATION_SIZE, residentAt, type PopulationSpec } from './population';
import { DEFAULT_PART_SIZE, MAX_CF_PER_4002, partCount, partXml, type ComuneOut, type Extraction } from './extraction';
import { createNotificationFeed, type NotificationFeed } from './notification-feed';
import { feedControl, feedLookup, operationsListAnswer } from './notification-control';
import { createAsyncRequests } from './notification-async';

export interface AnprSimulatorOptions {
  /** ISTAT code of the Comune whose requests are accepted (codMittente, IdSede). */
  comuneIstat: string;
  /** PEM certificates of the CAs that issue Comune and workstation certificates. */
  trustedCaPem: string[];
  /** Environment: requests must carry the same tipoInvio. Default TEST. */
  tipoInvio?: string;
  /** Folder with the official XSDs; null disables validation. Default ../shared/data/anpr/wsdl-comuni. */
  xsdDir?: string | null;
  /** Unknown subjects are refused (EN122) when true; demo mode may pass false to accept them. */
  strictSubjects?: boolean;
  /** Time each registration stays "in elaborazione"; a repeat meanwhile gets that error. */
  processingDelayMs?: number;
  clockSkewMs?: number;
  /** Residents of the Comune for the 4001/4002 extractions (generated; see population.ts). */
  population?: PopulationSpec;
  /** Persons per 4005 part. */
  partSize?: number;
  now?: () => Date;
  warn?: (msg: string) => void;
}

type SubjectState = 'residente' | 'deceduto' | 'cancellato';

export interface SimSubject {
  key: string;
  idANPR: string;
  idSchedaSoggettoANPR: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
  state: SubjectState;
  /** YYYY-MM-DD of the latest operation's decorrenza: nothing earlier is accepted (EN240). */
  lastOperationDate?: string;
}

interface OperationRecord {
  service: string;
  status: 'processing' | 'answered';
  answer?: string;
  applied: boolean;
}

export interface AnprSimulator extends PlatformSimulator {
  /** Plants a subject as ANPR knows it (e.g. a resident of the demo Comune). */
  addSubject(s: {
    codiceFiscale: string;
    cognome?: string;
    nome?: string;
    sesso?: string;
    dataNascita?: string;
    state?: SubjectState;
    lastOperationDate?: string;
  }): SimSubject;
  /** Tells the simulator the subject's last operation date, so a test can plant a decorrenza error. */
  setLastOperationDate(codiceFiscale: string, date: string): void;
  subject(codiceFiscale: string): SimSubject | undefined;
  /** Queues a notification returned by the next 3003 look-ups. */
  addNotification(n: { tipoOperazione: string; xml: string }): void;
  /** Other Comuni's events and the notifications they make for this Comune (3003/3007, N000 pushes). */
  readonly feed: NotificationFeed;
  setProcessingDelay(ms: number): void;
  /** idOperazioneComune values applied, in order (for exactly-once assertions). */
  appliedOperations(): { idOperazioneComune: string; service: string }[];
  /** Why the last request was refused by policy or schema (tests and demo diagnostics). */
  lastRefusal(): string | null;
  /**
   * Replaces the CAs whose certificates are accepted (a renewed or revoked Comune certificate):
   * from now on a request signed with a certificate of another CA is "Rejected by policy".
   */
  setTrustedCas(pems: string[]): void;
  /** Replaces the Comune's residents that 4001/4002 extract (and the persons per 4005 part). */
  setPopulation(spec: PopulationSpec, partSize?: number): void;
  /** ANPR discards the extractions prepared so far (they expire): 4005 then answers EN122 for them. */
  expireExtractions(): void;
}

const TWO_POW_31 = 2n ** 31n;

const TEXT = {
  EN079: "id operazione comune gia' presente per un servizio diverso",
  EN081: (campo: string) => `Campo ${campo} obbligatorio assente`,
  EN122: 'La richiesta effettuata non produce alcun risultato',
  EN140: 'Dati genitore insufficienti',
  EN142: 'Soggetto padre non in ANPR',
  EN143: 'Soggetto madre non in ANPR',
  ES042: "Indicare i dati relativi alla paternita' quando attribuzioneFamiglia e' 1=dei genitori o 2=del padre",
  ES043: "Indicare i dati relativi alla maternita' quando attribuzioneFamiglia e' 1=dei genitori o 3=della madre",
  ES044: 'Indicare almeno il cognome o il nome del genitore',
  EF030:
    'I dati della famiglia/convivenza e del legame soggetto sono obbligatori nel caso di attribuzioneFamiglia  = 4 (convivenza/istituto) o  5  altra famiglia',
  EN101: `Superato il numero massimo di codici fiscali per richiesta (${MAX_CF_PER_4002})`,
  extractionUnknown: 'Elaborazione non trovata per il comune',
  partUnknown: (n: number) => `Progressivo inesistente: l'elaborazione ha ${n} parti`,
  stillProcessing: 'Una operazione con lo stesso id operazione comune risulta ancora in elaborazione',
  EN151: (n: string) => `Il numero pratica comune ${n} indicato per il procedimento amministrativo e' gia' presente in base informativa`,
  EN167: "Operazione non effettuabile: il mittente non e' competente sul comune indicato nella richiesta",
  EN184: (cf: string) => `Il soggetto ${cf} risulta gia' cancellato`,
  EN188: (cf: string) => `Soggetto ${cf} gia' presente su ANPR`,
  EN228: "Il certificato non puo' essere emesso in quanto il soggetto e' deceduto",
  EN240: (d: string) =>
    `La data decorrenza dell'operazione non puo' essere inferiore alla data decorrenza dell'ultima operazione effettuata sul soggetto ${d}`,
  SP000: 'Tipo operazione non ammesso per il servizio',
  EN148tipoInvio: (t: string) => `Tipo invio ${t} non compatibile con l'ambiente`,
} as const;

function send(res: ServerResponse, status: number, body: string, contentType = 'text/xml; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, date: new Date().toUTCString() });
  res.end(body);
}

function generalitaKey(g: XElement | undefined): string | undefined {
  const cf = childText(firstChild(g, 'codiceFiscale'), 'codFiscale');
  if (cf) return cf.toUpperCase();
  const id = childText(g, 'idSchedaSoggettoANPR');
  return id ? `ID:${id}` : undefined;
}

/** The legally relevant date of a registration, as ANPR reads it. */
function decorrenzaOf(req: XElement, testata: XElement | undefined): string | undefined {
  return (
    childText(testata, 'dataDecorrenza') ??
    childText(firstChild(req, 'datiDecesso'), 'dataEvento') ??
    childText(firstChild(req, 'datiCancellazione'), 'dataDecorrenzaCancellazione') ??
    childText(firstChild(req, 'residenzaFamiglia'), 'dataDecorrenzaResidenza')
  );
}

export function createAnprSimulator(options: AnprSimulatorOptions): AnprSimulator {
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? ((m: string) => process.stderr.write(m + '\n'));
  let trustedCas = options.trustedCaPem.map((p) => forge.pki.certificateFromPem(p));
  let comuneIstat = options.comuneIstat;
  const tipoInvio = options.tipoInvio ?? 'TEST';
  const strict = options.strictSubjects ?? true;
  let processingDelayMs = options.processingDelayMs ?? 0;
  let xsd: XsdValidator | null = null;
  const validator = () => (xsd ??= createXsdValidator(options.xsdDir === undefined ? DEFAULT_XSD_DIR : options.xsdDir, warn));

  let stats: SimStats;
  let operations: Map<string, OperationRecord>;
  let subjects: Map<string, SimSubject>;
  let praticheComune: Set<string>;
  let applied: { idOperazioneComune: string; service: string }[];
  let nextId: bigint;
  let refusal: string | null;
  let population: PopulationSpec = options.population ?? { size: DEFAULT_POPULATION_SIZE };
  let partSize = options.partSize ?? DEFAULT_PART_SIZE;
  let byCf: Map<string, number> | null = null;
  let extractions: Map<string, Extraction>;
  let lastComune: ComuneOut = { nomeComune: 'COMUNE SIMULATO', codiceIstat: options.comuneIstat, siglaProvinciaIstat: 'RM' };

  function reset(): void {
    stats = { requests: 0, applied: 0, repeats: 0, rejections: 0, appliedTwice: 0 };
    operations = new Map();
    subjects = new Map();
    praticheComune = new Set();
    applied = [];
    feed.reset();
    asyncRequests.reset();
    nextId = TWO_POW_31 + 1_000n;
    refusal = null;
    extractions = new Map();
  }
  const newId = () => (nextId++).toString();
  const feed: NotificationFeed = createNotificationFeed({
    comune: () => ({ istat: comuneIstat, nome: 'COMUNE', sigla: 'RM' }),
    subjects: () => subjects,
    addSubject: (s) => addSubject(s),
    newId,
    now,
    warn,
  });
  const asyncRequests = createAsyncRequests(feed, now);
  reset();

  const newIdANPR = () => `S${newId().slice(-8)}${'ABCDEFGHJK'[Number(nextId % 10n)]}`;

  function addSubject(s: {
    codiceFiscale: string;
    cognome?: string;
    nome?: string;
    sesso?: string;
    dataNascita?: string;
    state?: SubjectState;
    lastOperationDate?: string;
  }): SimSubject {
    const subject: SimSubject = {
      key: s.codiceFiscale.toUpperCase(),
      idANPR: newIdANPR(),
      idSchedaSoggettoANPR: newId(),
      codiceFiscale: s.codiceFiscale.toUpperCase(),
      cognome: s.cognome,
      nome: s.nome,
      sesso: s.sesso,
      dataNascita: s.dataNascita,
      state: s.state ?? 'residente',
      lastOperationDate: s.lastOperationDate,
    };
    subjects.set(subject.key, subject);
    return subject;
  }

  function subjectOut(s: SimSubject): SubjectOut {
    return {
      idANPR: s.idANPR,
      idSchedaSoggettoANPR: s.idSchedaSoggettoANPR,
      codiceFiscale: s.codiceFiscale,
      cognome: s.cognome,
      nome: s.nome,
      sesso: s.sesso,
      dataNascita: s.dataNascita,
    };
  }

  /** Finds (or, in lenient mode, learns) the subject a request names. */
  function lookup(g: XElement | undefined): SimSubject | undefined {
    const key = generalitaKey(g);
    if (!key) return undefined;
    const known = subjects.get(key);
    if (known || strict || key.startsWith('ID:')) return known;
    return addSubject({
      codiceFiscale: key,
      cognome: childText(g, 'cognome'),
      nome: childText(g, 'nome'),
      sesso: childText(g, 'sesso'),
      dataNascita: childText(g, 'dataNascita'),
    });
  }

  type Outcome = { errors: SimError[] } | { answer: (t: Testata) => string; effects: () => void };

  /** ANPR's rules on a birth's parents and family (EN140, ES042–ES044, EN142/EN143, EF030). */
  function birthRules(req: XElement, errors: SimError[]): void {
    const controllo = firstChild(req, 'datiControllo');
    const attribuzione = childText(controllo, 'attribuzioneFamiglia') ?? '';
    const father = firstChild(req, 'paternita');
    const mother = firstChild(req, 'maternita');
    if (!father && !mother) errors.push({ code: 'EN140', text: TEXT.EN140 });
    if ((attribuzione === '1' || attribuzione === '2') && !father) errors.push({ code: 'ES042', text: TEXT.ES042 });
    if ((attribuzione === '1' || attribuzione === '3') && !mother) errors.push({ code: 'ES043', text: TEXT.ES043 });
    for (const parent of [father, mother]) {
      const g = firstChild(parent, 'generalita');
      if (parent && !childText(g, 'cognome') && !childText(g, 'nome')) errors.push({ code: 'ES044', text: TEXT.ES044 });
    }
    if ((attribuzione === '4' || attribuzione === '5') && (!firstChild(req, 'famConv') || !firstChild(req, 'legameSoggetto')))
      errors.push({ code: 'EF030', text: TEXT.EF030 });
    // The parents' family (1, 2, 3) is found from the parents: they must be in ANPR.
    if (attribuzione === '1' || attribuzione === '2') {
      if (father && !lookup(firstChild(father, 'generalita'))) errors.push({ code: 'EN142', text: TEXT.EN142 });
    }
    if (attribuzione === '1' || attribuzione === '3') {
      if (mother && !lookup(firstChild(mother, 'generalita'))) errors.push({ code: 'EN143', text: TEXT.EN143 });
    }
  }

  function registrationRules(service: AnprService, req: XElement, testata: XElement | undefined, attributedCf: string | null): Outcome {
    const errors: SimError[] = [];
    const decorrenza = decorrenzaOf(req, testata);
    const numeroPratica = childText(firstChild(req, 'datiDelProcedimento'), 'numeroPraticaComune');
    if (numeroPratica && praticheComune.has(numeroPratica)) errors.push({ code: 'EN151', text: TEXT.EN151(numeroPratica) });

    const checkExisting = (g: XElement | undefined, label: string): SimSubject | undefined => {
      const s = lookup(g);
      if (!s) {
        errors.push({ code: 'EN122', text: TEXT.EN122 });
        return undefined;
      }
      if (s.state !== 'residente') {
        errors.push({ code: 'EN184', text: TEXT.EN184(label) });
        return undefined;
      }
      if (decorrenza && s.lastOperationDate && decorrenza < s.lastOperationDate)
        errors.push({ code: 'EN240', text: TEXT.EN240(s.lastOperationDate) });
      return s;
    };

    const touched: SimSubject[] = [];
    let created: { g: XElement; key?: string } | undefined;
    let finalState: SubjectState | undefined;

    switch (service.code) {
      case '1001':
      case '1002': {
        const g = path(req, service.code === '1001' ? 'generalita1001' : 'generalita1002', 'generalita');
        if (!g) break;
        if (!childText(g, 'dataNascita')) errors.push({ code: 'EN081', text: TEXT.EN081('dataNascita') });
        if (!childText(g, 'sesso')) errors.push({ code: 'EN081', text: TEXT.EN081('sesso') });
        if (!firstChild(g, 'luogoNascita')) errors.push({ code: 'EN081', text: TEXT.EN081('luogoNascita') });
        if (service.code === '1001') birthRules(req, errors);
        const key = generalitaKey(g) ?? attributedCf ?? undefined;
        const existing = key ? subjects.get(key) : undefined;
        if (existing && existing.state === 'residente') errors.push({ code: 'EN188', text: TEXT.EN188(existing.codiceFiscale ?? '') });
        created = { g, key };
        break;
      }
      case '2001': {
        const motivo = childText(firstChild(req, 'motivoCancellazione'), 'tipoMotivoCancellazione');
        if (motivo === '1' && !firstChild(req, 'datiDecesso')) errors.push({ code: 'EN081', text: TEXT.EN081('datiDecesso') });
        const s = checkExisting(firstChild(req, 'generalitaPerRicerca'), generalitaKey(firstChild(req, 'generalitaPerRicerca')) ?? '');
        if (s) touched.push(s);
        finalState = 'deceduto';
        break;
      }
      case '2003': {
        const s = checkExisting(firstChild(req, 'generalitaPerRicerca'), generalitaKey(firstChild(req, 'generalitaPerRicerca')) ?? '');
        if (s) touched.push(s);
        finalState = 'cancellato';
        break;
      }
      case '5005': {
        const members = childElements(req, 'elencoSoggettiFamiglia');
        if (members.length === 0) errors.push({ code: 'EN081', text: TEXT.EN081('elencoSoggettiFamiglia') });
        for (const m of members) {
          const g = firstChild(m, 'generalita');
          const s = checkExisting(g, generalitaKey(g) ?? '');
          if (s) touched.push(s);
        }
        break;
      }
      case '5008':
      case '5014': {
        const s = checkExisting(firstChild(req, 'generalitaPerRicerca'), generalitaKey(firstChild(req, 'generalitaPerRicerca')) ?? '');
        if (s) touched.push(s);
        break;
      }
    }
    if (errors.length > 0) return { errors };

    return {
      effects: () => {
        if (numeroPratica) praticheComune.add(numeroPratica);
        if (created) {
          const g = created.g;
          const s: SimSubject = {
            key: created.key ?? `ID:${nextId}`,
            idANPR: newIdANPR(),
            idSchedaSoggettoANPR: newId(),
            // Asked to attribute it (gestioneCF 1): the codice fiscale ANPR gives the person.
            codiceFiscale: childText(firstChild(g, 'codiceFiscale'), 'codFiscale')?.toUpperCase() ?? attributedCf ?? undefined,
            cognome: childText(g, 'cognome'),
            nome: childText(g, 'nome'),
            sesso: childText(g, 'sesso'),
            dataNascita: childText(g, 'dataNascita'),
            state: 'residente',
            lastOperationDate: decorrenza,
          };
          if (!created.key) s.key = `ID:${s.idSchedaSoggettoANPR}`;
          subjects.set(s.key, s);
          touched.push(s);
        }
        for (const s of touched) {
          if (decorrenza && (!s.lastOperationDate || decorrenza > s.lastOperationDate)) s.lastOperationDate = decorrenza;
          if (finalState) s.state = finalState;
        }
      },
      answer: (t) => registrationAnswer(service, t, touched.map(subjectOut)),
    };
  }

  /** The CF ANPR attributes to the person a 1001/1002 registers when asked (gestioneCF 1) and none is given. */
  async function cfToAttribute(service: AnprService, req: XElement): Promise<string | null> {
    if (service.code !== '1001' && service.code !== '1002') return null;
    if (childText(firstChild(req, 'datiControllo'), 'gestioneCF') !== '1') return null;
    const g = path(req, service.code === '1001' ? 'generalita1001' : 'generalita1002', 'generalita');
    if (!g || childText(firstChild(g, 'codiceFiscale'), 'codFiscale')) return null;
    const comune = firstChild(firstChild(g, 'luogoNascita'), 'comune');
    return attributeCf({
      cognome: childText(g, 'cognome'),
      nome: childText(g, 'nome'),
      sesso: childText(g, 'sesso')?.toUpperCase(),
      dataNascita: childText(g, 'dataNascita'),
      comune: comune ? { nome: childText(comune, 'nomeComune'), provincia: childText(comune, 'siglaProvinciaIstat') } : undefined,
    });
  }

  function readOnlyRules(service: AnprService, req: XElement): Outcome {
    switch (service.code) {
      case '3002': {
        const found = subjectsFor3002(req, subjects.values());
        if (found.length === 0) return { errors: [{ code: 'EN122', text: TEXT.EN122 }] };
        return { effects: () => undefined, answer: (t) => consultationAnswer(service, t, found.map(subjectOut)) };
      }
      case '3003':
      case '3007': {
        const found = feedLookup(feed, req);
        if (found.entries.length === 0) return { errors: [{ code: 'EN122', text: TEXT.EN122 }] };
        const answer = service.code === '3007' ? operationsListAnswer : notificationsAnswer;
        return { effects: () => undefined, answer: (t) => answer(service, t, found.comune, found.entries) };
      }
      case '4005':
        // One service polls both kinds of asynchronous request: a notifications list (3003/3007
        // asked asynchronously) and an extraction's parts (4001/4002).
        if (asyncRequests.knows(req)) return { effects: () => undefined, answer: (t) => asyncRequests.answer(service, req, t) };
        return extractionRules(service, req);
      case '6001': {
        const s = lookup(path(req, 'soggettoIntestatario', 'generalita'));
        if (!s) return { errors: [{ code: 'EN122', text: TEXT.EN122 }] };
        if (s.state === 'deceduto') return { errors: [{ code: 'EN228', text: TEXT.EN228 }] };
        const dc = firstChild(req, 'datiControllo');
        const parametri: Record<string, string | undefined> = {};
        for (const k of CERTIFICATE_PARAMETERS) parametri[k] = childText(dc, k);
        return {
          effects: () => undefined,
          answer: (t) =>
            certificateAnswer(
              service,
              t,
              parametri,
              certificatePdf({
                idOperazioneANPR: t.idOperazioneANPR,
                codiceFiscale: s.codiceFiscale,
                cognome: s.cognome,
                nome: s.nome,
                tipi: childElements(firstChild(req, 'listaTipiCertificati') ?? req, 'tipoCertificato').map((e) => e.textContent ?? ''),
              }),
            ),
        };
      }
      case '4001':
      case '4002':
        return extractionRules(service, req);
      default:
        return { errors: [{ code: 'SP000', text: TEXT.SP000 }] };
    }
  }

  function extractionRules(service: AnprService, req: XElement): Outcome {
    const criteri = firstChild(req, 'criteriRicerca');
    if (service.code === '4005') {
      const v = firstChild(req, 'verificaStato');
      const id = childText(v, 'idOperazioneANPR') ?? '';
      const x = extractions.get(id);
      if (!x) return { errors: [{ code: 'EN122', text: TEXT.extractionUnknown }] };
      const progressivo = Number(childText(v, 'progressivo') ?? '0');
      const totale = partCount(x);
      if (!(progressivo >= 1 && progressivo <= totale)) return { errors: [{ code: 'EN122', text: TEXT.partUnknown(totale) }] };
      const xml = partXml(x, progressivo, (i) => residentAt(i, population));
      const part = { idOperazioneANPR: id, tipoOperazione: x.service, progressivo, totale, xml, availableAt: now().toISOString() };
      return { effects: () => undefined, answer: (t) => extractionPartAnswer(service, t, part) };
    }
    const datiRichiesti = childElements(criteri!, service.code === '4001' ? 'datiAnagraficiRichiesti' : 'datiRichiesti').map(
      (e) => e.textContent?.trim() ?? '',
    );
    let indices: number[];
    let comune: ComuneOut | undefined;
    if (service.code === '4001') {
      const c = firstChild(criteri, 'comuneRichiesta');
      if (c) {
        comune = {
          nomeComune: childText(c, 'nomeComune') ?? '',
          codiceIstat: childText(c, 'codiceIstat') ?? comuneIstat,
          siglaProvinciaIstat: childText(c, 'siglaProvinciaIstat') ?? '',
        };
        lastComune = comune;
      }
      indices = Array.from({ length: population.size }, (_, i) => i);
    } else {
      const file = parseXml(Buffer.from(childText(criteri, 'xmlFileCodiciFiscali') ?? '', 'base64').toString('utf8'));
      const cfs = file ? descendants(file.documentElement!, 'codiceFiscale').map((e) => (e.textContent ?? '').trim().toUpperCase()) : [];
      if (cfs.length === 0) return { errors: [{ code: 'EN081', text: TEXT.EN081('xmlFileCodiciFiscali') }] };
      if (cfs.length > MAX_CF_PER_4002) return { errors: [{ code: 'EN101', text: TEXT.EN101 }] };
      byCf ??= cfIndex(population);
      const map = byCf;
      indices = cfs.flatMap((cf) => (map.has(cf) ? [map.get(cf)!] : []));
    }
    const x: Extraction = { service: service.code === '4001' ? '4001' : '4002', indices, partSize, comune: comune ?? lastComune };
    const echo = { comune, datiRichiesti, dataRiferimento: childText(criteri, 'dataRiferimento') };
    return {
      effects: () => undefined,
      answer: (t) => {
        extractions.set(t.idOperazioneANPR, x);
        return extractionQueuedAnswer(service, t, echo);
      },
    };
  }

  async function handleSoap(body: Buffer, res: ServerResponse): Promise<void> {
    stats.requests++;
    const xml = body.toString('utf8');
    const doc = parseXml(xml);
    const soap = doc && soapParts(doc);
    if (!soap || !soap.payload) {
      refusal = 'busta SOAP non valida';
      stats.rejections++;
      return send(res, 500, soapFault('soapenv:Client', 'Messaggio SOAP non valido'));
    }
    const verdict = await checkSecurity(xml, soap.header, { trustedCas, comuneIstat, now, clockSkewMs: options.clockSkewMs ?? 60_000 });
    if (!verdict.ok) {
      refusal = verdict.reason;
      stats.rejections++;
      return send(res, 500, soapFault('soapenv:Client', 'Rejected by policy. (from client)'));
    }
    const request = soap.payload;
    const service = request.localName ? serviceOfRequestElement(request.localName) : null;
    if (!service || request.namespaceURI !== service.namespace) {
      refusal = `servizio sconosciuto ${request.localName ?? ''}`;
      stats.rejections++;
      return send(res, 500, soapFault('soapenv:Client', `Operazione non prevista: ${request.localName ?? ''}`));
    }
    const schema = await validator().validate(String(request), service.xsd);
    if (!schema.ok) {
      refusal = schema.error;
      stats.rejections++;
      return send(res, 500, soapFault('soapenv:Client', `Unmarshalling Error: ${schema.error}`));
    }

    const testata = firstChild(request, 'testataRichiesta');
    const id = childText(testata, 'idOperazioneComune') ?? '';
    const t: Testata = {
      idOperazioneComune: id,
      codDestinatario: childText(testata, 'codMittente') ?? '',
      operazioneRichiesta: service.code,
      dataOraRichiesta: childText(testata, 'dataOraRichiesta') ?? now().toISOString(),
      protocolloComune: childText(testata, 'protocolloComune'),
      dataProtocolloComune: childText(testata, 'dataProtocolloComune'),
      dataDecorrenza: childText(testata, 'dataDecorrenza'),
      idOperazioneANPR: '',
      esitoOperazione: '3',
    };
    const reject = (errors: SimError[], store: boolean): void => {
      stats.rejections++;
      const answer = koAnswer(service, { ...t, idOperazioneANPR: newId(), esitoOperazione: '3' }, errors);
      if (store) operations.set(id, { service: service.code, status: 'answered', answer, applied: false });
      send(res, 200, answer);
    };

    const previous = operations.get(id);
    if (previous) {
      if (previous.service !== service.code) return reject([{ code: 'EN079', text: TEXT.EN079 }], false);
      if (previous.status === 'processing') return reject([{ code: 'EN122', text: TEXT.stillProcessing }], false);
      stats.repeats++;
      return send(res, 200, previous.answer ?? '');
    }
    if (childText(testata, 'codMittente') !== comuneIstat) return reject([{ code: 'EN167', text: TEXT.EN167 }], true);
    if (childText(testata, 'tipoInvio') !== tipoInvio)
      return reject([{ code: 'EN148', text: TEXT.EN148tipoInvio(childText(testata, 'tipoInvio') ?? '') }], true);
    if (!['C', 'V', 'R'].includes(childText(testata, 'tipoOperazione') ?? '')) return reject([{ code: 'SP000', text: TEXT.SP000 }], true);

    const record: OperationRecord = { service: service.code, status: 'processing', applied: false };
    operations.set(id, record);
    if (service.registration && processingDelayMs > 0) await new Promise((r) => setTimeout(r, processingDelayMs));

    const attributedCf = service.registration ? await cfToAttribute(service, request) : null;
    const outcome = service.registration ? registrationRules(service, request, testata, attributedCf) : readOnlyRules(service, request);
    if ('errors' in outcome) {
      stats.rejections++;
      record.answer = koAnswer(service, { ...t, idOperazioneANPR: newId(), esitoOperazione: '3' }, outcome.errors);
      record.status = 'answered';
      return send(res, 200, record.answer);
    }
    outcome.effects();
    if (service.registration) {
      if (applied.some((a) => a.idOperazioneComune === id)) stats.appliedTwice++;
      applied.push({ idOperazioneComune: id, service: service.code });
      stats.applied++;
      record.applied = true;
    }
    record.answer = outcome.answer({ ...t, idOperazioneANPR: newId(), esitoOperazione: '2' });
    record.status = 'answered';
    send(res, 200, record.answer);
  }

  function handleControl(path: string, body: Buffer, res: ServerResponse) {
    const json = (status: number, v: unknown) => send(res, status, JSON.stringify(v), 'application/json');
    let input: Record<string, unknown> = {};
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return json(400, { error: 'JSON non valido' });
    }
    switch (path) {
      case '/_control/subjects':
        return json(200, addSubject(input as { codiceFiscale: string }));
      case '/_control/last-operation':
        setLastOperationDate(String(input.codiceFiscale), String(input.date));
        return json(200, { ok: true });
      case '/_control/processing-delay':
        processingDelayMs = Number(input.ms) || 0;
        return json(200, { ok: true });
      case '/_control/notifications':
        feed.addRaw(String(input.tipoOperazione), String(input.xml));
        return json(200, { ok: true });
      case '/_control/applied':
        return json(200, applied);
      case '/_control/trust': {
        // As a real ANPR is told by the Ministry: trust exactly these CAs, for this Comune.
        try {
          trustedCas = (Array.isArray(input.caPem) ? input.caPem : [input.caPem]).map((p) => forge.pki.certificateFromPem(String(p)));
        } catch {
          return json(400, { error: 'certificato CA non leggibile (PEM)' });
        }
        if (typeof input.comuneIstat === 'string') comuneIstat = input.comuneIstat;
        return json(200, { ok: true, trusted: trustedCas.length, comuneIstat });
      }
      case '/_control/population':
        setPopulation(
          { size: Number(input.size) || 0, faults: (input.faults ?? {}) as PopulationSpec['faults'] },
          input.partSize === undefined ? undefined : Number(input.partSize),
        );
        return json(200, { ok: true, size: population.size });
      case '/_control/reset':
        reset();
        return json(200, { ok: true });
      case '/_control/async-delay':
        asyncRequests.setDelay(Number(input.ms) || 0);
        return json(200, { ok: true });
      default: {
        const fed = feedControl(feed, path, input);
        if (fed) return fed.then((v) => json(v.status, v.body));
        return json(404, { error: 'comando sconosciuto' });
      }
    }
  }

  function setPopulation(spec: PopulationSpec, size?: number): void {
    population = spec;
    byCf = null;
    if (size !== undefined && size > 0) partSize = size;
  }

  function setLastOperationDate(codiceFiscale: string, date: string): void {
    const key = codiceFiscale.toUpperCase();
    const s = subjects.get(key) ?? addSubject({ codiceFiscale: key });
    s.lastOperationDate = date;
  }

  return {
    name: 'anpr',
    prefix: '/anpr',
    async handle(req: IncomingMessage, path: string, body: Buffer, res: ServerResponse) {
      try {
        if (path.startsWith('/_control/')) return handleControl(path, body, res);
        if (req.method === 'GET') return send(res, 200, '<?xml version="1.0"?><simulatore servizio="ANPR"/>');
        if (req.method === 'HEAD') return send(res, 200, '');
        if (req.method !== 'POST') return send(res, 405, '');
        if (!isServicePath(path)) return send(res, 404, 'Not Found', 'text/plain');
        await handleSoap(body, res);
      } catch (e) {
        warn(`[anpr-sim] errore interno: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) send(res, 500, soapFault('soapenv:Server', 'Errore interno del simulatore'));
      }
    },
    stats: () => ({ ...stats }),
    reset,
    addSubject,
    setLastOperationDate,
    subject: (cf) => subjects.get(cf.toUpperCase()),
    addNotification: (n) => {
      feed.addRaw(n.tipoOperazione, n.xml);
    },
    feed,
    setProcessingDelay: (ms) => {
      processingDelayMs = ms;
    },
    appliedOperations: () => [...applied],
    lastRefusal: () => refusal,
    setPopulation,
    expireExtractions: () => extractions.clear(),
    setTrustedCas: (pems) => {
      trustedCas = pems.map((p) => forge.pki.certificateFromPem(p));
    },
  };
}
