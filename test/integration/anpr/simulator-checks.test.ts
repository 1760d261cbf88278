/**
 * The simulator checks what ANPR checks, seen from raw HTTP: tampered assertions and XSD-invalid
 * bodies are refused before any business rule, and its own answers validate against the XSDs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale } from '../../../electron/core/anagrafe/codice-fiscale';
import { createAnprClient } from '../../../electron/platforms/anpr/client';
import { ANPR_SERVICES } from '../../../electron/platforms/anpr/services';
import { parseAnswer } from '../../../electron/platforms/anpr/answer';
import { parseXml, soapParts } from '../../../electron/platforms/anpr/xml-read';
import { createAnprSimulator, type AnprSimulator } from '../../../simulators/anpr';
import { makeTestPki, type TestPki } from '../../unit/anpr/support/test-pki';
import { anprConfig, OPERATOR_CF, startSimServer, type RunningSim } from '../../unit/anpr/support/harness';
import { birth, newborn, ROSSI_MARIO, sampleRequests } from '../../unit/anpr/support/sample-requests';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(XSD_DIR, 'tipoDato.xsd'));

let pki: TestPki;
let sim: AnprSimulator;
let running: RunningSim;

beforeAll(async () => {
  pki = makeTestPki();
  sim = createAnprSimulator({ comuneIstat: '058091', trustedCaPem: [pki.caPem], xsdDir: haveData ? XSD_DIR : null, warn: () => undefined });
  running = await startSimServer(sim);
});
afterAll(async () => {
  await running?.close();
  pki?.cleanup();
});

async function post(path: string, xml: string) {
  const res = await fetch(running.baseUrl + path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  return { status: res.status, parsed: parseAnswer(await res.text()) };
}

describe('ANPR simulator checks', () => {
  const client = () => createAnprClient(anprConfig(pki, running.baseUrl));

  it('refuses an assertion altered after signing (signature wrapping of NameID)', async () => {
    const xml = client().buildEnvelope(birth(), { idOperazioneComune: '1', operatorCodiceFiscale: OPERATOR_CF });
    const r = await post(ANPR_SERVICES['1001'].path, xml.replace(OPERATOR_CF, 'RSSMRA80A01H501U'));
    expect(r.parsed).toMatchObject({ kind: 'fault', faultstring: 'Rejected by policy. (from client)' });
    expect(sim.stats().applied).toBe(0);
  });

  it('refuses a request without WS-Security', async () => {
    const xml = client().buildEnvelope(birth(), { idOperazioneComune: '2', operatorCodiceFiscale: OPERATOR_CF });
    const r = await post(ANPR_SERVICES['1001'].path, xml.replace(/<soapenv:Header>.*<\/soapenv:Header>/s, ''));
    expect(r.parsed).toMatchObject({ kind: 'fault', faultstring: 'Rejected by policy. (from client)' });
  });

  it.skipIf(!haveData)('refuses a body the XSD forbids, with xmllint’s reason', async () => {
    const xml = client().buildEnvelope(birth(), { idOperazioneComune: '3', operatorCodiceFiscale: OPERATOR_CF });
    // The body is outside the signed assertion, so the policy check passes and the schema check runs.
    const r = await post(ANPR_SERVICES['1001'].path, xml.replace(/<cittadinanza>.*?<\/cittadinanza>/, ''));
    expect(r.parsed.kind).toBe('fault');
    expect(r.parsed.kind === 'fault' && r.parsed.faultstring).toMatch(/Unmarshalling Error/);
    expect(sim.lastRefusal()).toMatch(/cittadinanza|paternita|Element/);
  });

  it('refuses a birth as ANPR does: no parents (EN140, ES042, ES043), another family without its data (EF030)', async () => {
    const c = client();
    const orphan = birth();
    const r0 = orphan.richiesta as Record<string, unknown>;
    delete r0.paternita;
    delete r0.maternita;
    r0.datiControllo = { attribuzioneFamiglia: '1' };
    const r = await c.call(orphan, { idOperazioneComune: '40', operatorCodiceFiscale: OPERATOR_CF });
    expect(r.parsed.kind).toBe('ko');
    expect(r.parsed.kind === 'ko' && r.parsed.errors.map((e) => e.code).sort()).toEqual(['EN140', 'ES042', 'ES043']);

    const elsewhere = birth(newborn('RSSLCU25C10H501P'), '2025-03-10');
    const r1 = elsewhere.richiesta as Record<string, unknown>;
    delete r1.famConv;
    r1.datiControllo = { attribuzioneFamiglia: '5' };
    const e = await c.call(elsewhere, { idOperazioneComune: '41', operatorCodiceFiscale: OPERATOR_CF });
    expect(e.parsed.kind === 'ko' && e.parsed.errors.map((x) => x.code)).toEqual(['EF030']);
    expect(sim.stats().applied).toBe(0);
  });

  it('attributes the codice fiscale when asked (gestioneCF 1) and answers with it', async () => {
    sim.reset();
    sim.addSubject({ codiceFiscale: ROSSI_MARIO.codiceFiscale!.codFiscale, cognome: 'ROSSI', nome: 'MARIO', sesso: 'M' });
    const child = newborn();
    delete child.codiceFiscale;
    const req = birth(child);
    (req.richiesta as unknown as { datiControllo: Record<string, string> }).datiControllo = { attribuzioneFamiglia: '2', gestioneCF: '1' };
    const r = await client().call(req, { idOperazioneComune: '42', operatorCodiceFiscale: OPERATOR_CF });
    expect(r.parsed.kind).toBe('ok');
    // ROSSI LUCA, male, born 10/03/2025 in Roma (H501): the code the client's own (independent) computation gives.
    const expected = computeCodiceFiscale({ cognome: 'ROSSI', nome: 'LUCA', sesso: 'M', dataNascita: '2025-03-10', belfiore: 'H501' });
    expect(r.parsed.kind === 'ok' && r.parsed.soggetti.map((x) => x.codiceFiscale)).toEqual([expected]);
  });

  it('refuses a request for the wrong environment (tipoInvio)', async () => {
    const other = createAnprClient(anprConfig(pki, running.baseUrl, { tipoInvio: 'PROD' }));
    const r = await other.call(birth(), { idOperazioneComune: '4', operatorCodiceFiscale: OPERATOR_CF });
    expect(r.parsed).toMatchObject({ kind: 'ko', errors: [expect.objectContaining({ code: 'EN148' })] });
  });

  it.skipIf(!haveData)('its answers validate against the official XSDs', async () => {
    sim.reset();
    sim.addSubject({
      codiceFiscale: ROSSI_MARIO.codiceFiscale!.codFiscale,
      cognome: 'ROSSI',
      nome: 'MARIO',
      sesso: 'M',
      dataNascita: '1980-01-01',
    });
    sim.addSubject({ codiceFiscale: 'BNCNNA82C45H501Z', cognome: 'BIANCHI', nome: 'ANNA' });
    sim.addNotification({ tipoOperazione: 'N010', xml: '<listaSoggettiVariati/>' });
    const c = client();
    let n = 100;
    for (const r of [...sampleRequests(), birth()]) {
      const res = await fetch(running.baseUrl + ANPR_SERVICES[r.code].path, {
        method: 'POST',
        body: c.buildEnvelope(r, { idOperazioneComune: String(n++), operatorCodiceFiscale: OPERATOR_CF }),
      });
      const text = await res.text();
      const payload = soapParts(parseXml(text)!)!.payload!;
      const file = join(pki.dir, `answer-${n}.xml`);
      writeFileSync(file, String(payload));
      expect(
        () =>
          execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(XSD_DIR, ANPR_SERVICES[r.code].xsd), file], { stdio: 'pipe' }),
        `${r.code}: ${text.slice(0, 400)}`,
      ).not.toThrow();
    }
  });
});
