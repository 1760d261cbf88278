/** The simulator's SOAP answers, shaped as the official Risposta elements (wsdl/comuni v9.0.3). */
import { RISPOSTA_COMUNE, SOAP_ENV } from './namespaces';
import type { AnprService } from './service-table';
import { el, elA, txt } from './xml-write';

export interface Testata {
  idOperazioneComune: string;
  codDestinatario: string;
  operazioneRichiesta: string;
  dataOraRichiesta: string;
  protocolloComune?: string;
  dataProtocolloComune?: string;
  dataDecorrenza?: string;
  idOperazioneANPR: string;
  esitoOperazione: string;
}

export interface SimError {
  code: string;
  type?: 'E' | 'W';
  text: string;
}

export interface SubjectOut {
  idANPR: string;
  idSchedaSoggettoANPR: string;
  codiceFiscale?: string;
  cognome?: string;
  nome?: string;
  sesso?: string;
  dataNascita?: string;
  idFamigliaConvivenzaANPR?: string;
}

/** ANPR's sender code in answers (the XSD allows 6 alphanumerics). */
const ANPR_SENDER = 'ANPR';

function testataXml(t: Testata): string {
  return el(
    'testataRisposta',
    txt('idOperazioneComune', t.idOperazioneComune),
    txt('codMittente', ANPR_SENDER),
    txt('codDestinatario', t.codDestinatario),
    txt('operazioneRichiesta', t.operazioneRichiesta),
    txt('dataOraRichiesta', t.dataOraRichiesta),
    txt('protocolloComune', t.protocolloComune),
    txt('dataProtocolloComune', t.dataProtocolloComune),
    txt('dataDecorrenza', t.dataDecorrenza),
    txt('idOperazioneANPR', t.idOperazioneANPR),
    txt('esitoOperazione', t.esitoOperazione),
  );
}

function generalitaXml(name: string, s: SubjectOut): string {
  return el(
    name,
    s.codiceFiscale && el('codiceFiscale', txt('codFiscale', s.codiceFiscale), txt('validitaCF', '1')),
    s.cognome ? txt('cognome', s.cognome) : txt('senzaCognome', '1'),
    s.nome ? txt('nome', s.nome) : txt('senzaNome', '1'),
    txt('sesso', s.sesso),
    txt('dataNascita', s.dataNascita),
    txt('idSchedaSoggettoANPR', s.idSchedaSoggettoANPR),
  );
}

function errorsXml(listName: string, itemName: string, errors: SimError[]): string {
  return el(
    listName,
    errors.map((e) =>
      el(
        itemName,
        txt('codiceErroreAnomalia', e.code),
        txt('tipoErroreAnomalia', e.type ?? 'E'),
        txt('testoErroreAnomalia', e.text.slice(0, 240)),
      ),
    ),
  );
}

export function soapEnvelope(bodyContent: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>` + elA('soapenv:Envelope', { 'xmlns:soapenv': SOAP_ENV }, el('soapenv:Body', bodyContent));
}

export function soapFault(faultcode: 'soapenv:Client' | 'soapenv:Server', faultstring: string): string {
  return soapEnvelope(el('soapenv:Fault', txt('faultcode', faultcode), txt('faultstring', faultstring)));
}

function wrap(service: AnprService, inner: string): string {
  return soapEnvelope(elA(`ns:Risposta${service.code}`, { 'xmlns:ns': service.namespace }, inner));
}

export function koAnswer(service: AnprService, t: Testata, errors: SimError[]): string {
  const root = service.code === '6001' ? 'ns:Risposta6001KO' : 'ns:rispostaKO';
  return wrap(service, el(root, testataXml(t), errorsXml('listaErrori', 'errore', errors)));
}

/** Risposta_Comune for registrations. */
export function registrationAnswer(service: AnprService, t: Testata, subjects: SubjectOut[], warnings: SimError[] = []): string {
  return wrap(
    service,
    elA(
      'risp:Risposta_Comune',
      { 'xmlns:risp': RISPOSTA_COMUNE },
      testataXml(t),
      subjects.length > 0 &&
        el(
          'listaSoggettiVariati',
          subjects.map((s) =>
            el(
              'datiSoggetto',
              el('identificativi', txt('idANPR', s.idANPR)),
              generalitaXml('generalitaAttuali', s),
              s.idFamigliaConvivenzaANPR &&
                el('famigliaConvivenza', txt('idFamigliaConvivenzaANPR', s.idFamigliaConvivenzaANPR), txt('tipoScheda', '3')),
            ),
          ),
        ),
      warnings.length > 0 && errorsXml('listaAnomalie', 'anomalie', warnings),
    ),
  );
}

export function consultationAnswer(service: AnprService, t: Testata, subjects: SubjectOut[]): string {
  return wrap(
    service,
    el(
      'ns:Risposta3002_OK',
      testataXml(t),
      el(
        'listaSoggetti',
        subjects.map((s) => el('datiSoggetto', el('identificativi', txt('idANPR', s.idANPR)), generalitaXml('generalita', s))),
      ),
    ),
  );
}

export function notificationsAnswer(
  service: AnprService,
  t: Testata,
  comune: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string },
  notifications: { tipoOperazione: string; xml: string }[],
): string {
  return wrap(
    service,
    el(
      'ns:Risposta3003_OK',
      testataXml(t),
      el(
        'comuneRichiesta',
        txt('nomeComune', comune.nomeComune),
        txt('codiceIstat', comune.codiceIstat),
        txt('siglaProvinciaIstat', comune.siglaProvinciaIstat),
      ),
      notifications.map((n) =>
        el(
          'elencoRisposte',
          txt('statoLavorazione', '7'),
          txt('tipoOperazione', n.tipoOperazione),
          txt('xmlRisposta', Buffer.from(n.xml, 'utf8').toString('base64')),
        ),
      ),
    ),
  );
}

/** The 6001 request's datiControllo, in the order the answer's parametriRichiesta echoes them. */
export const CERTIFICATE_PARAMETERS = [
  'tipoRichiedente',
  'tipoRichiesta',
  'paEstera',
  'emissione',
  'bollo',
  'bolloVirtuale',
  'esenzioneDiritti',
  'diritti',
  'esenzioneBollo',
  'descrizioneEsenzioneBollo',
  'forzaCertificazione',
] as const;

export function certificateAnswer(service: AnprService, t: Testata, parametri: Record<string, string | undefined>, pdf: Buffer): string {
  return wrap(
    service,
    el(
      'ns:Risposta6001OK',
      testataXml(t),
      el(
        'parametriRichiesta',
        CERTIFICATE_PARAMETERS.map((k) => txt(k, parametri[k])),
      ),
      el('file', txt('certificatoPdf', pdf.toString('base64'))),
    ),
  );
}

/** Risposta4001 / Risposta4002: the extraction is queued; its parts come through 4005. */
export function extractionQueuedAnswer(
  service: AnprService,
  t: Testata,
  echo: {
    comune?: { nomeComune: string; codiceIstat: string; siglaProvinciaIstat: string };
    datiRichiesti: string[];
    dataRiferimento?: string;
  },
): string {
  const inner =
    service.code === '4001'
      ? el(
          'criteriRicerca',
          echo.comune &&
            el(
              'comuneRichiesta',
              txt('nomeComune', echo.comune.nomeComune),
              txt('codiceIstat', echo.comune.codiceIstat),
              txt('siglaProvinciaIstat', echo.comune.siglaProvinciaIstat),
            ),
          echo.datiRichiesti.map((d) => txt('datiAnagraficiRichiesti', d)),
        )
      : el(
          'datiRichiesti',
          txt('dataRiferimento', echo.dataRiferimento),
          echo.datiRichiesti.map((d) => txt('datiRichiesti', d)),
        );
  return wrap(service, el(`ns:RispostaMultipla${service.code}`, testataXml(t), inner, txt('idOperazioneANPR', t.idOperazioneANPR)));
}

/** Risposta4005 verificaStato: one part of a completed extraction. */
export function extractionPartAnswer(
  service: AnprService,
  t: Testata,
  part: { idOperazioneANPR: string; tipoOperazione: string; progressivo: number; totale: number; xml: string; availableAt: string },
): string {
  return wrap(
    service,
    el(
      'ns:RispostaMultipla4005',
      testataXml(t),
      txt('statoRichiesta', '2'),
      txt('idOperazioneANPR', part.idOperazioneANPR),
      txt('dataDisponibilita', part.availableAt),
      el('datiFornitura', txt('progressivoCorrente', String(part.progressivo)), txt('progressivoTotale', String(part.totale))),
      el(
        'elencoRisposte',
        txt('idOperazioneANPR', part.idOperazioneANPR),
        txt('statoLavorazione', '2'),
        txt('tipoOperazione', part.tipoOperazione),
        txt('contenutoRisposta', Buffer.from(part.xml, 'utf8').toString('base64')),
        txt('formatoRisposta', 'XML'),
      ),
    ),
  );
}
