/**
 * The CSCA list the responsabile maintains: which files can be imported (PEM with one or more
 * certificates, a DER certificate, an ICAO CSCA master list) and what is kept of each certificate.
 * Pure: storing the list is the caller's business.
 */
import * as asn1js from 'asn1js';
import { X509Certificate } from 'node:crypto';
import { isSportelloError, SportelloError } from '../errors';
import { loadCertificates, parseSignedData, verifyCmsSignature } from './passive-auth';

const CSCA_MESSAGES = {
  unreadable:
    'Il file scelto non contiene certificati leggibili. Scelga il file del certificato CSCA (PEM, DER o master list) scaricato dal sito del Ministero dell’Interno e riprovi.',
  notCa:
    'Il file contiene un certificato che non è di un’autorità di certificazione (CSCA). Scelga il certificato CSCA dello Stato italiano, non quello di una singola carta o di un sito.',
  listSignature:
    'La master list non ha una firma valida: il file è stato alterato o è incompleto. Nessun certificato è stato importato. Scarichi di nuovo la master list dal sito ufficiale e riprovi.',
  listSigner:
    'La master list è firmata da un certificato che non è stato emesso da nessuna autorità (CSCA) della lista né da una già presente: non è possibile fidarsi del suo contenuto. Nessun certificato è stato importato.',
};

/** id-icao-cscaMasterList (ICAO 9303-12 §9). */
const OID_CSCA_MASTER_LIST = '2.23.136.1.1.2';

export interface CscaSummary {
  fingerprint: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  expired: boolean;
}

/** One line per RDN ("C=IT\nO=…") becomes "C=IT, O=…". */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');

export function describeCsca(cert: X509Certificate, now = new Date()): CscaSummary {
  const validTo = new Date(cert.validTo);
  return {
    fingerprint: cert.fingerprint256,
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    expired: validTo.getTime() < now.getTime(),
  };
}

/**
 * The CSCAs of an ICAO master list (9303-12 §9), read only once the list's own CMS signature
 * verifies and its signer was issued by a CSCA in the list (as ICAO prescribes) or already trusted.
 * That proves the file whole, not who made it: a list built around its own CSCA passes too. Where
 * it comes from is the responsabile's choice of file, as for a PEM, and the screen shows every
 * imported certificate's fingerprint to compare with the one the Ministry publishes.
 */
function masterListCertificates(der: Buffer, trustedIssuers: X509Certificate[]): X509Certificate[] {
  const sd = parseSignedData(der);
  if (sd.eContentType !== OID_CSCA_MASTER_LIST) throw new Error('not a CSCA master list');
  const certs = masterListContent(sd.eContent);
  const cms = verifyCmsSignature(sd);
  if (!cms.valid || !cms.signer) {
    throw new SportelloError('CARD_CSCA_LIST_SIGNATURE', CSCA_MESSAGES.listSignature, { failures: cms.failures });
  }
  const signer = cms.signer;
  const issuer = [...certs, ...trustedIssuers].find((c) => c.ca && c.subject === signer.issuer && verifiedBy(signer, c));
  if (!issuer) throw new SportelloError('CARD_CSCA_LIST_SIGNER', CSCA_MESSAGES.listSigner);
  return certs;
}

/** CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate } */
function masterListContent(content: Buffer): X509Certificate[] {
  const asn = asn1js.fromBER(Uint8Array.from(content));
  const list = asn.result;
  if (asn.offset === -1 || !(list instanceof asn1js.Sequence)) throw new Error('master list content is not a SEQUENCE');
  const [version, certList] = list.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || !(certList instanceof asn1js.Set)) throw new Error('master list content malformed');
  return certList.valueBlock.value.map((c) => new X509Certificate(Buffer.from(c.valueBeforeDecodeView)));
}

function verifiedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Reads an imported file; throws CARD_CSCA_FILE (Italian message) when it holds no usable CA
 * certificate, CARD_CSCA_LIST_* when a master list's own signature cannot be trusted.
 * `trustedIssuers`: CSCAs already trusted, which may have issued a master list's signer.
 */
export function parseCscaFile(bytes: Buffer, trustedIssuers: X509Certificate[] = []): X509Certificate[] {
  let certs: X509Certificate[] = [];
  try {
    certs = loadCertificates(bytes);
  } catch {
    try {
      certs = masterListCertificates(bytes, trustedIssuers);
    } catch (e) {
      if (isSportelloError(e)) throw e;
      certs = [];
    }
  }
  if (certs.length === 0) throw new SportelloError('CARD_CSCA_FILE', CSCA_MESSAGES.unreadable);
  if (certs.some((c) => !c.ca)) throw new SportelloError('CARD_CSCA_NOT_CA', CSCA_MESSAGES.notCa);
  return certs;
}
