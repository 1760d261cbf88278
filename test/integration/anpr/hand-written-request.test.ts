/**
 * The simulator answers a request written by hand from ANPR's documentation and XSDs (not built by
 * Sportello's client), signed here with xml-crypto and node-forge: what it accepts and refuses is
 * ANPR's contract, not whatever the client happens to produce.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnprSimulator, createAnprSimulator } from '../../../simulators/anpr';
import { startSimServer, type RunningSim } from '../../unit/anpr/support/harness';
import { handSignedHeader, type HandSignedHeaderInput } from '../../unit/anpr/support/hand-signed';
import { makeTestPki, type TestPki } from '../../unit/anpr/support/test-pki';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(XSD_DIR, 'tipoDato.xsd'));
const CONSULTAZIONE = '/ANPR3000ServiziConsultazione/AnprService3000';
const CANCELLAZIONE = '/ANPR2000ServiziCancellazione/AnprService2000';
const CF = 'BNCLRA85M41F205K';

let pki: TestPki;
let sim: AnprSimulator;
let running: RunningSim;
/** The instant both the simulator and the signer use: a minute after the test certificates were issued. */
let NOW: Date;

beforeAll(async () => {
  pki = makeTestPki();
  NOW = new Date(Date.now() + 60_000);
  sim = createAnprSimulator({
    comuneIstat: '058091',
    trustedCaPem: [pki.caPem],
    xsdDir: haveData ? XSD_DIR : null,
    now: () => NOW,
    warn: () => undefined,
  });
  running = await startSimServer(sim);
});
afterAll(async () => {
  await running?.close();
  pki?.cleanup();
});

function header(overrides: Partial<HandSignedHeaderInput> = {}): string {
  return handSignedHeader({ pki, now: NOW, operator: 'VRDPLA70A41H501X', idSede: '058091', idPostazione: '058091-PC-0001', ...overrides });
}

/** testataRichiesta (tipoDatoTestataRichiesta in tipoDato.xsd), fields in the XSD's order. */
function testata(idOperazioneComune: string, operazione: string, dataDecorrenza?: string): string {
  return (
    '<testataRichiesta>' +
    `<idOperazioneComune>${idOperazioneComune}</idOperazioneComune><codMittente>058091</codMittente><codDestinatario>ANPR05</codDestinatario>` +
    `<operazioneRichiesta>${operazione}</operazioneRichiesta><dataOraRichiesta>2026-03-02T10:15:00</dataOraRichiesta><tipoOperazione>C</tipoOperazione>` +
    `<tipoInvio>TEST</tipoInvio>${dataDecorrenza ? `<dataDecorrenza>${dataDecorrenza}</dataDecorrenza>` : ''}` +
    '</testataRichiesta>'
  );
}

/** Richiesta3002 (interrogazioneCittadino_famiglia_convivenza) by codice fiscale (xsd-trees/Richiesta3002). */
function richiesta3002(idOperazioneComune: string, codiceFiscale: string): string {
  return (
    '<ns:Richiesta3002 xmlns:ns="http://sogei.it/ANPR/3000consultazione">' +
    testata(idOperazioneComune, '3002') +
    `<criteriRicerca><codiceFiscale>${codiceFiscale}</codiceFiscale></criteriRicerca>` +
    '<datiRichiesta><schedaAnagraficaRichiesta>1</schedaAnagraficaRichiesta><dataRiferimentoRichiesta>2026-03-02</dataRiferimentoRichiesta></datiRichiesta>' +
    '</ns:Richiesta3002>'
  );
}

/** Richiesta2003 (cancellazione_AltriMotivi), motive 6 (irreperibilità), for the head of a one-person family. */
function richiesta2003(idOperazioneComune: string, codiceFiscale: string): string {
  return (
    '<ns:Richiesta2003 xmlns:ns="http://sogei.it/ANPR/2000cancellazione">' +
    testata(idOperazioneComune, '2003', '2026-03-01') +
    '<datiCancellazione><motivoCancellazione>6</motivoCancellazione><notecancellazione>Irreperibile al censimento</notecancellazione>' +
    '<dataDecorrenzaCancellazione>2026-03-01</dataDecorrenzaCancellazione></datiCancellazione>' +
    `<generalitaPerRicerca><codiceFiscale><codFiscale>${codiceFiscale}</codFiscale></codiceFiscale><cognome>VERDI</cognome><nome>GIULIO</nome></generalitaPerRicerca>` +
    '<datiControllo><ruoloSoggetto>2</ruoloSoggetto></datiControllo>' +
    '</ns:Richiesta2003>'
  );
}

function envelope(soapHeader: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">${soapHeader}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

async function post(xml: string, path = CONSULTAZIONE): Promise<{ status: number; text: string; payload: Element }> {
  const res = await fetch(running.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' },
    body: xml,
  });
  const text = await res.text();
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const body = doc.getElementsByTagNameNS('http://schemas.xmlsoap.org/soap/envelope/', 'Body')[0];
  const payload = Array.from(body.childNodes).find((n): n is Element => n.nodeType === 1);
  if (!payload) throw new Error(`answer without a payload: ${text}`);
  return { status: res.status, text, payload };
}

const textOf = (root: Element, localName: string) => root.getElementsByTagNameNS('*', localName)[0]?.textContent ?? undefined;

describe('the ANPR simulator and a hand-written request', () => {
  it('answers a hand-written, hand-signed 3002 with the person it knows, as Risposta3002_OK', async () => {
    const known = sim.addSubject({ codiceFiscale: CF, cognome: 'BIANCHI', nome: 'LAURA', sesso: 'F', dataNascita: '1985-08-01' });
    const r = await post(envelope(header(), richiesta3002('7001', CF)));
    expect(r.status).toBe(200);
    expect(r.payload.localName).toBe('Risposta3002');
    expect(r.payload.namespaceURI).toBe('http://sogei.it/ANPR/3000consultazione');
    const ok = r.payload.getElementsByTagNameNS('*', 'Risposta3002_OK')[0];
    expect(ok).toBeDefined();
    expect(textOf(ok, 'idOperazioneComune')).toBe('7001');
    expect(textOf(ok, 'codDestinatario')).toBe('058091');
    expect(textOf(ok, 'operazioneRichiesta')).toBe('3002');
    expect(textOf(ok, 'esitoOperazione')).toBe('2');
    expect(BigInt(textOf(ok, 'idOperazioneANPR') ?? '0')).toBeGreaterThan(2n ** 31n);
    expect(textOf(ok, 'idANPR')).toBe(known.idANPR);
    expect(textOf(ok, 'codFiscale')).toBe(CF);
    expect(textOf(ok, 'cognome')).toBe('BIANCHI');
  });

  it.skipIf(!haveData)('its answer to the hand-written request validates against 3000consultazione.xsd', async () => {
    const r = await post(envelope(header(), richiesta3002('7002', CF)));
    const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(XSD_DIR, '3000consultazione.xsd'), '-'], {
      input: r.payload.toString(),
      stdio: 'pipe',
    });
    expect(out.toString()).toBe('');
  });

  it('answers EN122 to a hand-written 3002 for a person it does not know', async () => {
    const r = await post(envelope(header(), richiesta3002('7003', 'RSSGNN60R30H501U')));
    expect(r.payload.getElementsByTagNameNS('*', 'rispostaKO')).toHaveLength(1);
    expect(textOf(r.payload, 'codiceErroreAnomalia')).toBe('EN122');
    expect(textOf(r.payload, 'esitoOperazione')).toBe('3');
  });

  it('is "Rejected by policy" when the signed NameID is changed after signing', async () => {
    const tampered = header().replace('VRDPLA70A41H501X', 'RSSMRA80A01H501U');
    const r = await post(envelope(tampered, richiesta3002('7004', CF)));
    expect(r.status).toBe(500);
    expect(textOf(r.payload, 'faultstring')).toBe('Rejected by policy. (from client)');
    expect(sim.lastRefusal()).toMatch(/firma/);
  });

  it('is "Rejected by policy" when IdPostazione is signed by a certificate of another CA', async () => {
    const rogue = header({ postazioneKeyFile: 'rogue.key', postazioneCertFile: 'rogue.crt' });
    const r = await post(envelope(rogue, richiesta3002('7005', CF)));
    expect(textOf(r.payload, 'faultstring')).toBe('Rejected by policy. (from client)');
    expect(sim.lastRefusal()).toBe('certificato non emesso da una CA riconosciuta');
  });

  it('is "Rejected by policy" without wsse:Security', async () => {
    const r = await post(envelope('', richiesta3002('7006', CF)));
    expect(textOf(r.payload, 'faultstring')).toBe('Rejected by policy. (from client)');
    expect(sim.lastRefusal()).toBe('intestazione wsse:Security assente');
  });

  it('applies a hand-written 2003 once: Risposta_Comune with the subject, and a resend replays the same answer', async () => {
    const cf = 'VRDGLI70A01F205X';
    const known = sim.addSubject({ codiceFiscale: cf, cognome: 'VERDI', nome: 'GIULIO', sesso: 'M', dataNascita: '1970-01-01' });
    const request = envelope(header(), richiesta2003('7010', cf));
    const first = await post(request, CANCELLAZIONE);
    expect(first.payload.localName).toBe('Risposta2003');
    const risposta = first.payload.getElementsByTagNameNS('http://sogei.it/ANPR/rispostaComune', 'Risposta_Comune')[0];
    expect(risposta).toBeDefined();
    expect(textOf(risposta, 'esitoOperazione')).toBe('2');
    expect(textOf(risposta, 'idANPR')).toBe(known.idANPR);
    expect(sim.subject(cf)?.state).toBe('cancellato');

    const again = await post(envelope(header(), richiesta2003('7010', cf)), CANCELLAZIONE);
    expect(again.text).toBe(first.text);
    expect(sim.appliedOperations().filter((a) => a.idOperazioneComune === '7010')).toEqual([
      { idOperazioneComune: '7010', service: '2003' },
    ]);
    if (haveData) {
      const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(XSD_DIR, '2000cancellazione.xsd'), '-'], {
        input: first.payload.toString(),
        stdio: 'pipe',
      });
      expect(out.toString()).toBe('');
    }
  });

  it.skipIf(!haveData)('refuses a hand-written 3002 the XSD forbids (datiRichiesta missing) with an Unmarshalling Error', async () => {
    const bad = richiesta3002('7007', CF).replace(/<datiRichiesta>.*<\/datiRichiesta>/, '');
    const r = await post(envelope(header(), bad));
    expect(r.status).toBe(500);
    expect(textOf(r.payload, 'faultstring')).toMatch(/^Unmarshalling Error: .*datiRichiesta/s);
  });
});
