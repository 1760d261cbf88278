/**
 * What ANPR's policy checks before a request reaches a service (anpr.md §2.1): a SAML 2.0 assertion
 * in wsse:Security, signed by a certificate issued by a trusted CA, inside its validity window;
 * NameID present; IdSede = the calling Comune; IdPostazioneFirmato a valid CMS signature of
 * IdPostazione by a trusted workstation certificate. Any failure is "Rejected by policy".
 */
import forge from 'node-forge';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SignedXml } from 'xml-crypto';
import { SAML2_ASSERTION, WSSE, XMLDSIG } from './namespaces';
import { childElements, childText, descendants, firstChild, parseXml, type XElement } from './xml-read';

export interface SecurityPolicy {
  trustedCas: forge.pki.Certificate[];
  comuneIstat: string;
  now: () => Date;
  /** Tolerated clock difference between the workstation and "ANPR". */
  clockSkewMs: number;
}

export type SecurityVerdict = { ok: true; operatorCodiceFiscale: string; idPostazione: string } | { ok: false; reason: string };

function issuedByTrusted(cert: forge.pki.Certificate, cas: forge.pki.Certificate[], now: Date): string | null {
  if (now < cert.validity.notBefore || now > cert.validity.notAfter) return 'certificato scaduto o non ancora valido';
  for (const ca of cas) {
    try {
      if (ca.verify(cert)) return null;
    } catch {
      // not issued by this CA
    }
  }
  return 'certificato non emesso da una CA riconosciuta';
}

function serialize(node: XElement): string {
  return String(node);
}

async function verifyIdPostazioneFirmato(b64: string, idPostazione: string, policy: SecurityPolicy): Promise<string | null> {
  try {
    const der = Buffer.from(b64, 'base64');
    const asn = asn1js.fromBER(new Uint8Array(der));
    if (asn.offset === -1) return 'IdPostazioneFirmato non è DER';
    const ci = new pkijs.ContentInfo({ schema: asn.result });
    const sd = new pkijs.SignedData({ schema: ci.content });
    const ok = await sd.verify({ signer: 0, checkChain: false });
    if (!ok) return 'firma di IdPostazioneFirmato non valida';
    const content = sd.encapContentInfo.eContent?.getValue();
    if (!content || Buffer.from(content).toString('utf8') !== idPostazione) return 'IdPostazioneFirmato non corrisponde a IdPostazione';
    const signerCert = sd.certificates?.find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    if (!signerCert) return 'IdPostazioneFirmato senza certificato';
    const forgeCert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(signerCert.toSchema().toBER()).toString('binary')));
    return issuedByTrusted(forgeCert, policy.trustedCas, policy.now());
  } catch (e) {
    return `IdPostazioneFirmato illeggibile (${e instanceof Error ? e.message : String(e)})`;
  }
}

export async function checkSecurity(envelopeXml: string, header: XElement | undefined, policy: SecurityPolicy): Promise<SecurityVerdict> {
  const security = header && childElements(header, 'Security').find((e) => e.namespaceURI === WSSE);
  if (!security) return { ok: false, reason: 'intestazione wsse:Security assente' };
  const assertion = childElements(security, 'Assertion').find((e) => e.namespaceURI === SAML2_ASSERTION);
  if (!assertion) return { ok: false, reason: 'asserzione SAML assente' };
  const signature = childElements(assertion, 'Signature').find((e) => e.namespaceURI === XMLDSIG);
  if (!signature) return { ok: false, reason: 'asserzione non firmata' };
  const certB64 = descendants(signature, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  if (!certB64) return { ok: false, reason: 'certificato assente dalla firma' };
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.decode64(certB64)));
  } catch {
    return { ok: false, reason: 'certificato della firma illeggibile' };
  }
  const certProblem = issuedByTrusted(cert, policy.trustedCas, policy.now());
  if (certProblem) return { ok: false, reason: certProblem };

  // Verify against the whole envelope, then read the assertion only from what was signed.
  const sig = new SignedXml({ publicCert: forge.pki.certificateToPem(cert) });
  let signedAssertion: XElement | null | undefined;
  try {
    sig.loadSignature(serialize(signature));
    if (!sig.checkSignature(envelopeXml)) return { ok: false, reason: 'firma dell’asserzione non valida' };
    const refs = sig.getSignedReferences();
    signedAssertion = refs.length === 1 ? parseXml(refs[0])?.documentElement : null;
  } catch (e) {
    return { ok: false, reason: `firma dell’asserzione non valida (${e instanceof Error ? e.message : String(e)})` };
  }
  if (
    !signedAssertion ||
    signedAssertion.localName !== 'Assertion' ||
    signedAssertion.getAttribute('ID') !== assertion.getAttribute('ID')
  ) {
    return { ok: false, reason: 'la firma non copre l’asserzione' };
  }

  const conditions = firstChild(signedAssertion, 'Conditions');
  const notBefore = Date.parse(conditions?.getAttribute('NotBefore') ?? '');
  const notOnOrAfter = Date.parse(conditions?.getAttribute('NotOnOrAfter') ?? '');
  const now = policy.now().getTime();
  if (!Number.isFinite(notBefore) || !Number.isFinite(notOnOrAfter)) return { ok: false, reason: 'validità dell’asserzione assente' };
  if (now + policy.clockSkewMs < notBefore || now - policy.clockSkewMs >= notOnOrAfter)
    return { ok: false, reason: 'asserzione fuori dal periodo di validità' };

  const nameId = childText(firstChild(signedAssertion, 'Subject'), 'NameID');
  if (!nameId || !/^[0-9A-Z]{16}$/i.test(nameId)) return { ok: false, reason: 'NameID non è un codice fiscale' };

  const attrs = new Map<string, string>();
  for (const a of childElements(firstChild(signedAssertion, 'AttributeStatement') ?? signedAssertion, 'Attribute')) {
    const name = a.getAttribute('Name');
    const value = childText(a, 'AttributeValue');
    if (name && value) attrs.set(name, value);
  }
  if (attrs.get('IdSede') !== policy.comuneIstat) return { ok: false, reason: 'IdSede diverso dal Comune abilitato' };
  const idPostazione = attrs.get('IdPostazione');
  const firmato = attrs.get('IdPostazioneFirmato');
  if (!idPostazione || !firmato) return { ok: false, reason: 'IdPostazione o IdPostazioneFirmato assente' };
  const cmsProblem = await verifyIdPostazioneFirmato(firmato, idPostazione, policy);
  if (cmsProblem) return { ok: false, reason: cmsProblem };
  return { ok: true, operatorCodiceFiscale: nameId.toUpperCase(), idPostazione };
}
