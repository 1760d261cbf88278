/**
 * Passive authentication (ICAO 9303-11 §5.1): the SOD's CMS signature with the document signer
 * certificate, the DS certificate up to a CSCA in the list the responsabile maintains, and the
 * data-group hashes. Algorithms come from the SOD (SHA-1/2, RSA PKCS#1 v1.5, RSA-PSS, ECDSA).
 */
import { constants, createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { decodeOid, decodeSmallUnsigned, HASH_BY_OID, OID } from './asn1';
import { equalBytes } from './bytes';
import { parseLdsSecurityObject } from './data-groups';
import { parseTlv, parseTlvList, type Tlv } from './tlv';

/** Parses PEM (one or many certificates) or DER into certificates; invalid input throws. */
export function loadCertificates(input: string | Uint8Array): X509Certificate[] {
  const textual = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (textual.includes('-----BEGIN CERTIFICATE-----')) {
    const blocks = textual.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => new X509Certificate(b));
  }
  return [new X509Certificate(Buffer.from(input as Uint8Array))];
}

export interface SignedDataParts {
  eContentType: string;
  eContent: Buffer;
  certificates: Buffer[];
  digestAlgorithm: string;
  signedAttrs: Tlv | null;
  signatureAlgorithm: { oid: string; params: Tlv | undefined };
  signature: Buffer;
}

/** Unwraps EF.SOD (tag 77, or a bare ContentInfo) down to the pieces passive authentication needs. */
export function parseSignedData(sod: Uint8Array): SignedDataParts {
  let top = parseTlv(sod);
  if (top.tag === 0x77) top = parseTlv(top.value);
  const [ctype, explicit] = parseTlvList(top.value);
  if (decodeOid(ctype.value) !== OID.signedData) throw new Error('SOD is not CMS SignedData');
  const signedData = parseTlv(explicit.value);
  const fields = parseTlvList(signedData.value);
  const encap = fields[2];
  const [eType, eWrapped] = parseTlvList(encap.value);
  const eContent = parseTlv(eWrapped.value).value;
  const certSet = fields.find((f) => f.tag === 0xa0);
  const signerInfos = fields[fields.length - 1];
  const signerInfo = parseTlvList(signerInfos.value)[0];
  const si = parseTlvList(signerInfo.value);
  let i = 2;
  const digestAlgorithm = decodeOid(parseTlvList(si[i++].value)[0].value);
  const signedAttrs = si[i].tag === 0xa0 ? si[i++] : null;
  const sigAlg = parseTlvList(si[i++].value);
  const signature = si[i].value;
  return {
    eContentType: decodeOid(eType.value),
    eContent: Buffer.from(eContent),
    certificates: certSet ? parseTlvList(certSet.value).map((c) => Buffer.from(c.raw)) : [],
    digestAlgorithm,
    signedAttrs,
    signatureAlgorithm: { oid: decodeOid(sigAlg[0].value), params: sigAlg[1] },
    signature: Buffer.from(signature),
  };
}

function attribute(signedAttrs: Tlv, oid: string): Buffer | null {
  for (const attr of parseTlvList(signedAttrs.value)) {
    const [type, values] = parseTlvList(attr.value);
    if (decodeOid(type.value) === oid) return Buffer.from(parseTlvList(values.value)[0].raw);
  }
  return null;
}

const RSA_SIG_HASH: Record<string, string> = {
  [OID.sha1WithRsa]: 'sha1',
  [OID.sha224WithRsa]: 'sha224',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};
const ECDSA_SIG_HASH: Record<string, string> = {
  [OID.ecdsaWithSha1]: 'sha1',
  [OID.ecdsaWithSha224]: 'sha224',
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
};

function pssParams(params: Tlv | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  if (params && params.tag === 0x30) {
    for (const p of parseTlvList(params.value)) {
      if (p.tag === 0xa0) hash = HASH_BY_OID[decodeOid(parseTlvList(parseTlv(p.value).value)[0].value)] ?? hash;
      if (p.tag === 0xa2) saltLength = decodeSmallUnsigned(parseTlv(p.value).value);
    }
  }
  return { hash, saltLength };
}

function verifySignature(parts: SignedDataParts, key: KeyObject, data: Buffer): boolean {
  const { oid, params } = parts.signatureAlgorithm;
  const digest = HASH_BY_OID[parts.digestAlgorithm] ?? 'sha256';
  if (oid === OID.rsaPss) {
    const { hash, saltLength } = pssParams(params);
    return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, parts.signature);
  }
  if (oid === OID.rsaEncryption) return cryptoVerify(digest, data, key, parts.signature);
  if (RSA_SIG_HASH[oid]) return cryptoVerify(RSA_SIG_HASH[oid], data, key, parts.signature);
  if (ECDSA_SIG_HASH[oid]) return cryptoVerify(ECDSA_SIG_HASH[oid], data, { key, dsaEncoding: 'der' }, parts.signature);
  throw new Error(`unsupported signature algorithm ${oid}`);
}

export interface PassiveAuthResult {
  /** Everything checked out. */
  ok: boolean;
  signatureValid: boolean;
  chainValid: boolean;
  hashesValid: boolean;
  documentSigner: string | null;
  csca: string | null;
  /** Data groups whose hash matched (numbers as in the SOD: 1, 2, 11 or 0xA1, 0xA5 for the NIS). */
  checkedGroups: number[];
  /** Short machine-readable reasons, no personal data. */
  failures: string[];
}

/**
 * Verifies a SOD against the data groups actually read and the CSCA list. Data groups in the SOD
 * that were not read are ignored; a data group read but absent from the SOD is a failure.
 */
export function passiveAuthentication(
  sod: Uint8Array,
  dataGroups: Map<number, Buffer>,
  cscas: X509Certificate[],
  now: Date = new Date(),
): PassiveAuthResult {
  const failures: string[] = [];
  let parts: SignedDataParts;
  try {
    parts = parseSignedData(sod);
  } catch {
    return { ok: false, signatureValid: false, chainValid: false, hashesValid: false, documentSigner: null, csca: null, checkedGroups: [], failures: ['sod-malformed'] };
  }
  if (parts.eContentType !== OID.ldsSecurityObject) failures.push('sod-content-type');

  // 1. The signature over the signed attributes, which carry the hash of the LDS security object.
  let signatureValid = false;
  let ds: X509Certificate | null = null;
  try {
    ds = new X509Certificate(parts.certificates[0]);
    const digest = HASH_BY_OID[parts.digestAlgorithm];
    if (!digest) throw new Error('digest');
    if (parts.signedAttrs) {
      const md = attribute(parts.signedAttrs, OID.messageDigest);
      const expected = createHash(digest).update(parts.eContent).digest();
      const mdValue = md ? parseTlv(md).value : null;
      if (!mdValue || !equalBytes(mdValue, expected)) failures.push('sod-message-digest');
      const toVerify = Buffer.from(parts.signedAttrs.raw);
      toVerify[0] = 0x31; // signed attributes are signed as a SET, stored as [0] IMPLICIT
      signatureValid = verifySignature(parts, ds.publicKey, toVerify) && !!mdValue && equalBytes(mdValue, expected);
    } else {
      signatureValid = verifySignature(parts, ds.publicKey, parts.eContent);
    }
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) failures.push('sod-signature');

  // 2. The document signer up to a trusted CSCA.
  let chainValid = false;
  let csca: X509Certificate | null = null;
  if (ds) {
    csca = cscas.find((c) => c.subject === ds!.issuer && safeVerify(ds!, c)) ?? null;
    if (!csca) failures.push('ds-not-issued-by-known-csca');
    const from = new Date(ds.validFrom);
    const to = new Date(ds.validTo);
    if (now < from || now > to) failures.push('ds-expired-or-not-yet-valid');
    chainValid = !!csca && now >= from && now <= to;
  } else failures.push('ds-certificate-missing');

  // 3. Hashes of what we read.
  let hashesValid = true;
  const checkedGroups: number[] = [];
  try {
    const lds = parseLdsSecurityObject(parts.eContent);
    const hash = HASH_BY_OID[lds.hashAlgorithm];
    if (!hash) throw new Error('hash');
    for (const [dg, content] of dataGroups) {
      const expected = lds.hashes.get(dg);
      if (!expected || !equalBytes(createHash(hash).update(content).digest(), expected)) {
        hashesValid = false;
        failures.push(`hash-mismatch-${dg.toString(16)}`);
      } else checkedGroups.push(dg);
    }
  } catch {
    hashesValid = false;
    failures.push('lds-malformed');
  }

  return {
    ok: signatureValid && chainValid && hashesValid && failures.length === 0,
    signatureValid,
    chainValid,
    hashesValid,
    documentSigner: ds?.subject.replace(/\n/g, ', ') ?? null,
    csca: csca?.subject.replace(/\n/g, ', ') ?? null,
    checkedGroups,
    failures,
  };
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}
