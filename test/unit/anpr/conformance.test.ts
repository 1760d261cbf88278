/**
 * Done-when: every request type Sportello sends validates against the official XSDs (xmllint) and
 * its signatures verify with independent tools: xmlsec1 for the SAML assertion, openssl cms for
 * IdPostazioneFirmato, both against the test CA.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnprClient, type AnprClient } from '../../../electron/platforms/anpr/client';
import { ANPR_SERVICES } from '../../../electron/platforms/anpr/services';
import { parseXml, soapParts, descendants, childText, childElements, firstChild, path } from '../../../electron/platforms/anpr/xml-read';
import { praticaPayload } from '../../../electron/core/anagrafe/pratica-model';
import { buildRequestElement } from '../../../electron/platforms/anpr/messages/requests';
import { makeTestPki, type TestPki } from './support/test-pki';
import { sampleRequests, birth } from './support/sample-requests';
import { anprConfig, ID_POSTAZIONE, OPERATOR_CF } from './support/harness';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(XSD_DIR, 'tipoDato.xsd'));

let pki: TestPki;
let client: AnprClient;

beforeAll(() => {
  pki = makeTestPki();
  client = createAnprClient(anprConfig(pki, 'http://127.0.0.1:9/anpr'));
});
afterAll(() => pki?.cleanup());

function envelopeFor(i: number) {
  const request = sampleRequests()[i];
  const idOperazioneComune = `17356896000000${String(i).padStart(2, '0')}`;
  const xml = client.buildEnvelope(request, { idOperazioneComune, operatorCodiceFiscale: OPERATOR_CF });
  const file = join(pki.dir, `envelope-${request.code}.xml`);
  writeFileSync(file, xml);
  return { request, xml, file, idOperazioneComune };
}

describe('ANPR request conformance', () => {
  it('covers every service Sportello sends, and each sample is a valid pratica payload', () => {
    const codes = sampleRequests()
      .map((r) => r.code)
      .sort();
    expect(codes).toEqual(Object.keys(ANPR_SERVICES).sort());
    for (const r of sampleRequests())
      if (!['3003', '4001', '4002', '4005'].includes(r.code)) expect(praticaPayload.safeParse(r).success, r.code).toBe(true);
  });

  describe.skipIf(!haveData)('against the official XSDs (skipped: ../shared/data/anpr/wsdl-comuni absent)', () => {
    for (const [i, r] of sampleRequests().entries()) {
      it(`Richiesta${r.code} validates with xmllint`, () => {
        const { xml, idOperazioneComune } = envelopeFor(i);
        const soap = soapParts(parseXml(xml)!)!;
        const file = join(pki.dir, `body-${r.code}.xml`);
        writeFileSync(file, String(soap.payload));
        const out = execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(XSD_DIR, ANPR_SERVICES[r.code].xsd), file], {
          stdio: 'pipe',
        }).toString();
        expect(out).toBe('');
        expect(childText(firstChild(soap.payload, 'testataRichiesta'), 'idOperazioneComune')).toBe(idOperazioneComune);
        expect(childText(firstChild(soap.payload, 'testataRichiesta'), 'operazioneRichiesta')).toBe(r.code);
      });
    }

    it('a request the schema forbids is caught by xmllint (the check can fail)', () => {
      const el = buildRequestElement(
        birth(),
        { codMittente: '058091', codDestinatario: 'ANPR05', tipoInvio: 'TEST' },
        { idOperazioneComune: '1', dataOraRichiesta: '2025-01-01T00:00:00Z' },
      );
      const broken = el.replace(/<cittadinanza>.*?<\/cittadinanza>/, '');
      const file = join(pki.dir, 'broken.xml');
      writeFileSync(file, broken);
      expect(() =>
        execFileSync('xmllint', ['--noout', '--schema', join(XSD_DIR, '1000iscrizione.xsd'), file], { stdio: 'pipe' }),
      ).toThrow();
    });
  });

  for (const [i, r] of sampleRequests().entries()) {
    it(`Richiesta${r.code}: the SAML assertion signature verifies with xmlsec1 against the test CA`, () => {
      const { file } = envelopeFor(i);
      const out = execFileSync(
        'xmlsec1',
        ['--verify', '--trusted-pem', pki.caCertPath, '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', file],
        { stdio: 'pipe' },
      );
      expect(out.toString() + '').not.toContain('FAIL');
    });
  }

  it('xmlsec1 refuses the assertion once NameID is altered after signing', () => {
    const { xml } = envelopeFor(0);
    const file = join(pki.dir, 'tampered.xml');
    writeFileSync(file, xml.replace(OPERATOR_CF, 'RSSMRA80A01H501U'));
    expect(() =>
      execFileSync(
        'xmlsec1',
        ['--verify', '--trusted-pem', pki.caCertPath, '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', file],
        { stdio: 'pipe' },
      ),
    ).toThrow();
  });

  it('assertion carries NameID = operator CF, a five-minute window and IdPostazioneFirmato verifiable with openssl cms', () => {
    const { xml } = envelopeFor(1);
    const soap = soapParts(parseXml(xml)!)!;
    const assertion = descendants(soap.header!, 'Assertion')[0];
    expect(childText(path(assertion, 'Subject'), 'NameID')).toBe(OPERATOR_CF);
    const cond = firstChild(assertion, 'Conditions')!;
    expect(Date.parse(cond.getAttribute('NotOnOrAfter')!) - Date.parse(cond.getAttribute('NotBefore')!)).toBe(5 * 60 * 1000);
    const attrs = new Map(
      childElements(firstChild(assertion, 'AttributeStatement')!, 'Attribute').map((a) => [
        a.getAttribute('Name'),
        childText(a, 'AttributeValue'),
      ]),
    );
    expect(attrs.get('IdSede')).toBe('058091');
    expect(attrs.get('IdPostazione')).toBe(ID_POSTAZIONE);
    const cms = join(pki.dir, 'idpostazione.der');
    writeFileSync(cms, Buffer.from(attrs.get('IdPostazioneFirmato')!, 'base64'));
    const content = execFileSync(
      'openssl',
      ['cms', '-verify', '-inform', 'DER', '-in', cms, '-CAfile', pki.caCertPath, '-purpose', 'any'],
      { stdio: 'pipe' },
    ).toString();
    expect(content).toBe(ID_POSTAZIONE);
  });

  it('refuses a payload field the XSD table does not know instead of dropping it', () => {
    const r = birth();
    (r.richiesta as Record<string, unknown>).campoInventato = 'x';
    expect(() => client.buildEnvelope(r, { idOperazioneComune: '1', operatorCodiceFiscale: OPERATOR_CF })).toThrow(/ANPR_FIELD_UNEXPECTED/);
  });

  it('refuses an idOperazioneComune ANPR would not accept', () => {
    expect(() => client.buildEnvelope(birth(), { idOperazioneComune: 'abc-123', operatorCodiceFiscale: OPERATOR_CF })).toThrow(
      /ANPR_OPERATION_ID_INVALID/,
    );
  });

  it('reports a wrong PKCS#12 password with an Italian message and a stable code', () => {
    const bad = createAnprClient(
      anprConfig(pki, 'http://127.0.0.1:9/anpr', { comuneCertificate: { p12: pki.comuneP12, password: 'sbagliata' } }),
    );
    expect(() => bad.buildEnvelope(birth(), { idOperazioneComune: '1', operatorCodiceFiscale: OPERATOR_CF })).toThrow(
      /ANPR_CERT_UNREADABLE/,
    );
  });
});
