/**
 * A WS-Security header written by hand from ANPR's documentation (shared/research/anpr.md §2.1,
 * after italia/anpr-client-example's SAML2CallbackHandler), signed here with xml-crypto and
 * node-forge: the test side of "the simulator is checked against the documentation, not against
 * the client". Nothing of electron/platforms/anpr is used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { SignedXml } from 'xml-crypto';
import type { TestPki } from './test-pki';

export interface HandSignedHeaderInput {
  pki: TestPki;
  now: Date;
  /** Codice fiscale of the operator (SAML NameID). */
  operator: string;
  idSede: string;
  idPostazione: string;
  /** Signs IdPostazione with this key/certificate pair instead of the workstation's (negative tests). */
  postazioneKeyFile?: string;
  postazioneCertFile?: string;
}

const pem = (pki: TestPki, file: string) => readFileSync(join(pki.dir, file), 'utf8');
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Base64 DER of a CMS SignedData (content attached, SHA-256) over IdPostazione: node-forge's PKCS#7. */
export function cmsOfIdPostazione(idPostazione: string, keyPem: string, certPem: string, now: Date): string {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(idPostazione, 'utf8');
  const certificate = forge.pki.certificateFromPem(certPem);
  p7.addCertificate(certificate);
  p7.addSigner({
    key: forge.pki.privateKeyFromPem(keyPem),
    certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
      // node-forge encodes a Date here (UTCTime); its typings only know strings.
      { type: forge.pki.oids.signingTime, value: now as unknown as string },
    ],
  });
  p7.sign();
  return forge.util.encode64(forge.asn1.toDer(p7.toAsn1()).getBytes());
}

function assertionXml(input: HandSignedHeaderInput, id: string): string {
  const from = iso(input.now);
  const until = iso(new Date(input.now.getTime() + 5 * 60_000));
  const cms = cmsOfIdPostazione(
    input.idPostazione,
    pem(input.pki, input.postazioneKeyFile ?? 'postazione.key'),
    pem(input.pki, input.postazioneCertFile ?? 'postazione.crt'),
    input.now,
  );
  const attribute = (name: string, value: string) =>
    `<saml2:Attribute Name="${name}"><saml2:AttributeValue xsi:type="xs:string">${value}</saml2:AttributeValue></saml2:Attribute>`;
  return (
    `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id}" IssueInstant="${from}" Version="2.0">` +
    '<saml2:Issuer>XS</saml2:Issuer>' +
    `<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${input.operator}</saml2:NameID>` +
    `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotBefore="${from}" NotOnOrAfter="${until}"/></saml2:SubjectConfirmation></saml2:Subject>` +
    `<saml2:Conditions NotBefore="${from}" NotOnOrAfter="${until}"/>` +
    `<saml2:AuthnStatement AuthnInstant="${from}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
    `<saml2:AttributeStatement>${attribute('IdSede', input.idSede)}${attribute('IdPostazione', input.idPostazione)}${attribute('IdPostazioneFirmato', cms)}${attribute('IdApplicazione', 'ProvaManuale')}</saml2:AttributeStatement>` +
    '</saml2:Assertion>'
  );
}

/** The assertion signed with the Comune's key (enveloped XML-DSig, exclusive c14n, RSA-SHA256), signature after Issuer. */
function signedAssertion(input: HandSignedHeaderInput): string {
  const signer = new SignedXml({
    privateKey: pem(input.pki, 'comune.key'),
    publicCert: input.pki.comuneCertPem,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.computeSignature(assertionXml(input, '_hand-written-1'), {
    prefix: 'ds',
    location: { reference: "//*[local-name(.)='Issuer']", action: 'after' },
  });
  return signer.getSignedXml();
}

/** soapenv:Header with wsse:Security (wsu:Timestamp + signed SAML 2.0 assertion), for an envelope declaring `soapenv`. */
export function handSignedHeader(input: HandSignedHeaderInput): string {
  return (
    '<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" ' +
    'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" soapenv:mustUnderstand="1">' +
    `<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${iso(input.now)}</wsu:Created><wsu:Expires>${iso(new Date(input.now.getTime() + 5 * 60_000))}</wsu:Expires></wsu:Timestamp>` +
    `${signedAssertion(input)}</wsse:Security></soapenv:Header>`
  );
}
