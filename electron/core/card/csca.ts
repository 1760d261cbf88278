/**
 * The CSCA list the responsabile maintains: which files can be imported (PEM with one or more
 * certificates, a DER certificate, an ICAO CSCA master list) and what is kept of each certificate.
 * Pure: storing the list is the caller's business.
 */
import { X509Certificate } from 'node:crypto';
import { decodeOid } from './asn1';
import { SportelloError } from '../errors';
import { loadCertificates, parseSignedData } from './passive-auth';
import { parseTlv, parseTlvList } from './tlv';

const CSCA_MESSAGES = {
  unreadable:
    'Il file scelto non contiene certificati leggibili. Scelga il file del certificato CSCA (PEM, DER o master list) scaricato dal sito del Ministero dell’Interno e riprovi.',
  notCa:
    'Il file contiene un certificato che non è di un’autorità di certificazione (CSCA). Scelga il certificato CSCA dello Stato italiano, non quello di una singola carta o di un sito.',
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

function masterListCertificates(der: Buffer): X509Certificate[] {
  const sd = parseSignedData(der);
  if (sd.eContentType !== OID_CSCA_MASTER_LIST) throw new Error('not a CSCA master list');
  // CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }
  const [, certList] = parseTlvList(parseTlv(sd.eContent).value);
  return parseTlvList(certList.value).map((t) => new X509Certificate(t.raw));
}

/** Reads an imported file; throws CARD_CSCA_FILE (Italian message) when it holds no usable CA certificate. */
export function parseCscaFile(bytes: Buffer): X509Certificate[] {
  let certs: X509Certificate[] = [];
  try {
    certs = loadCertificates(bytes);
  } catch {
    try {
      const top = parseTlv(bytes);
      // A ContentInfo starts with the signedData OID; anything else is not a master list.
      const oid = parseTlvList(top.value)[0];
      if (oid?.tag === 0x06 && decodeOid(oid.value)) certs = masterListCertificates(bytes);
    } catch {
      certs = [];
    }
  }
  if (certs.length === 0) throw new SportelloError('CARD_CSCA_FILE', CSCA_MESSAGES.unreadable);
  if (certs.some((c) => !c.ca)) throw new SportelloError('CARD_CSCA_NOT_CA', CSCA_MESSAGES.notCa);
  return certs;
}
