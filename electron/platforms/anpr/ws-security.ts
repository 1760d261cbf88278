/**
 * WS-Security header for ANPR (anpr.md §2.1, after italia/anpr-client-example SAML2CallbackHandler):
 * a wsu:Timestamp and a SAML 2.0 assertion signed (XML-DSig, exclusive c14n, RSA-SHA256) with the
 * Comune's key; NameID = the operator's codice fiscale; attributes IdSede, IdPostazione,
 * IdPostazioneFirmato (CMS SignedData of IdPostazione made with the workstation key), IdApplicazione.
 * Built at send time: the assertion is valid for five minutes.
 */
import { randomUUID } from 'node:crypto';
import forge from 'node-forge';
import { SignedXml } from 'xml-crypto';
import { el, elA, escapeXml } from './xml-build';
import type { SigningIdentity } from './credentials';

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xs: 'http://www.w3.org/2001/XMLSchema',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
} as const;

export const ASSERTION_VALIDITY_MS = 5 * 60 * 1000;
export const SAML_ISSUER = 'XS';

export interface AssertionInput {
  /** Codice fiscale of the operator registered and profiled in ANPR. Never logged. */
  operatorCodiceFiscale: string;
  /** ISTAT code of the Comune. */
  idSede: string;
  idPostazione: string;
  idApplicazione?: string;
  localIp?: string;
  now: Date;
  comune: SigningIdentity;
  postazione: SigningIdentity;
}

/** Base64 DER of a CMS SignedData (content attached) over the UTF-8 IdPostazione. */
export function signIdPostazione(idPostazione: string, postazione: SigningIdentity, now: Date): string {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(idPostazione, 'utf8');
  p7.addCertificate(postazione.certificate);
  p7.addSigner({
    key: postazione.privateKey,
    certificate: postazione.certificate,
    digestAlgorithm: forge.pki.oids.sha256,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest },
      // node-forge accepts a Date here although its typings say string.
      { type: forge.pki.oids.signingTime, value: now as unknown as string },
    ],
  });
  p7.sign();
  return forge.util.encode64(forge.asn1.toDer(p7.toAsn1()).getBytes());
}

function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function attribute(name: string, value: string): string {
  return elA('saml2:Attribute', { Name: name }, elA('saml2:AttributeValue', { 'xsi:type': 'xs:string' }, escapeXml(value)));
}

export function unsignedAssertionXml(input: AssertionInput, id: string): string {
  const notBefore = isoSeconds(input.now);
  const notOnOrAfter = isoSeconds(new Date(input.now.getTime() + ASSERTION_VALIDITY_MS));
  return elA(
    'saml2:Assertion',
    { 'xmlns:saml2': NS.saml2, 'xmlns:xs': NS.xs, 'xmlns:xsi': NS.xsi, ID: id, IssueInstant: notBefore, Version: '2.0' },
    el('saml2:Issuer', SAML_ISSUER),
    el(
      'saml2:Subject',
      elA('saml2:NameID', { Format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }, escapeXml(input.operatorCodiceFiscale)),
      elA(
        'saml2:SubjectConfirmation',
        { Method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer' },
        elA('saml2:SubjectConfirmationData', { NotBefore: notBefore, NotOnOrAfter: notOnOrAfter }),
      ),
    ),
    elA('saml2:Conditions', { NotBefore: notBefore, NotOnOrAfter: notOnOrAfter }),
    elA(
      'saml2:AuthnStatement',
      { AuthnInstant: notBefore },
      input.localIp ? elA('saml2:SubjectLocality', { Address: input.localIp }) : '',
      el('saml2:AuthnContext', el('saml2:AuthnContextClassRef', 'urn:oasis:names:tc:SAML:2.0:ac:classes:X509')),
    ),
    el(
      'saml2:AttributeStatement',
      attribute('IdSede', input.idSede),
      attribute('IdPostazione', input.idPostazione),
      attribute('IdPostazioneFirmato', signIdPostazione(input.idPostazione, input.postazione, input.now)),
      input.idApplicazione ? attribute('IdApplicazione', input.idApplicazione) : '',
    ),
  );
}

/** The assertion with an enveloped ds:Signature placed right after saml2:Issuer, as SAML requires. */
export function signedAssertionXml(input: AssertionInput): string {
  const id = `_${randomUUID()}`;
  const sig = new SignedXml({
    privateKey: input.comune.privateKeyPem,
    publicCert: input.comune.certificatePem,
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  });
  sig.addReference({
    xpath: "/*[local-name()='Assertion']",
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  sig.computeSignature(unsignedAssertionXml(input, id), {
    prefix: 'ds',
    location: { reference: "/*[local-name()='Assertion']/*[local-name()='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

/** The complete wsse:Security header block. */
export function securityHeaderXml(input: AssertionInput): string {
  const created = isoSeconds(input.now);
  const expires = isoSeconds(new Date(input.now.getTime() + ASSERTION_VALIDITY_MS));
  return elA(
    'wsse:Security',
    { 'xmlns:wsse': NS.wsse, 'xmlns:wsu': NS.wsu, 'soapenv:mustUnderstand': '1' },
    elA('wsu:Timestamp', { 'wsu:Id': `TS-${randomUUID()}` }, el('wsu:Created', created), el('wsu:Expires', expires)),
    signedAssertionXml(input),
  );
}

/** SOAP 1.1 envelope: WS-Security header plus the RichiestaNNNN element as the only body child. */
export function envelopeXml(securityHeader: string, requestElement: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    elA('soapenv:Envelope', { 'xmlns:soapenv': NS.soap }, el('soapenv:Header', securityHeader), el('soapenv:Body', requestElement))
  );
}
