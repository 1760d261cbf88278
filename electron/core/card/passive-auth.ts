/**
 * Passive authentication (ICAO 9303-11 §5.1): the SOD's CMS signature (parsed with pkijs) with the
 * document signer certificate its SignerIdentifier names, the DS certificate up to a CSCA in the
 * list the responsabile maintains, and the data-group hashes. Algorithms come from the SOD (SHA-1/2, RSA PKCS#1 v1.5, RSA-PSS, ECDSA).
 */
import * as asn1js from 'asn1js';
import { constants, createHash, verify as cryptoVerify, X509Certificate, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { HASH_BY_OID, OID } from './asn1';
import { equalBytes } from './bytes';
import { parseLdsSecurityObject } from './data-groups';

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
  /** Every certificate in the SignedData's set, DER, in the order found. */
  certificates: Buffer[];
  /** The certificate the SignerInfo's SignerIdentifier names (DER), or null when the set holds none. */
  signerCertificate: Buffer | null;
  digestAlgorithm: string;
  /** The signed attributes as they are signed (DER, a SET), or null when the content is signed directly. */
  signedAttrs: Buffer | null;
  /** The messageDigest and contentType signed attributes, when present. */
  messageDigest: Buffer | null;
  contentTypeAttr: string | null;
  signatureAlgorithm: { oid: string; pss: { hash: string; saltLength: number } | null };
  signature: Buffer;
}

const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

const bytesOf = (view: ArrayBuffer | Uint8Array) => Buffer.from(view instanceof Uint8Array ? view : new Uint8Array(view));

/**
 * Parses EF.SOD (tag 77 around a ContentInfo, or a bare ContentInfo) or any CMS SignedData (an ICAO
 * master list) with pkijs, and finds the signer's certificate by the SignerInfo's SignerIdentifier:
 * issuerAndSerialNumber or subjectKeyIdentifier, wherever it sits in the certificate set.
 */
export function parseSignedData(bytes: Uint8Array): SignedDataParts {
  const asn = asn1js.fromBER(Uint8Array.from(bytes));
  if (asn.offset === -1) throw new Error('not BER');
  let block: asn1js.AsnType = asn.result;
  // EF.SOD: [APPLICATION 23] (0x77) around the ContentInfo.
  if (block.idBlock.tagClass === 2 && block.idBlock.tagNumber === 23) block = (block as asn1js.Constructed).valueBlock.value[0];
  const ci = new pkijs.ContentInfo({ schema: block });
  if (ci.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not CMS SignedData');
  const rawCertificates = certificateSet(ci.content as asn1js.Sequence);
  const sd = new pkijs.SignedData({ schema: ci.content });
  // ICAO 9303-10 §4.6.2 and 9303-12 §9: exactly one SignerInfo.
  if (sd.signerInfos.length !== 1) throw new Error('expected exactly one SignerInfo');
  const si = sd.signerInfos[0];
  const eContent = sd.encapContentInfo.eContent;
  if (!eContent) throw new Error('no encapsulated content');

  const signer = rawCertificates.find((raw) => identifiesSigner(si.sid, raw)) ?? null;
  const attrs = si.signedAttrs;
  const attrValue = (oid: string) => attrs?.attributes.find((a) => a.type === oid)?.values[0];
  const md = attrValue(OID.messageDigest);
  const ct = attrValue(OID_CONTENT_TYPE);
  const sigOid = si.signatureAlgorithm.algorithmId;
  let pss: SignedDataParts['signatureAlgorithm']['pss'] = null;
  if (sigOid === OID.rsaPss) {
    const params = si.signatureAlgorithm.algorithmParams
      ? new pkijs.RSASSAPSSParams({ schema: si.signatureAlgorithm.algorithmParams })
      : new pkijs.RSASSAPSSParams();
    pss = { hash: HASH_BY_OID[params.hashAlgorithm.algorithmId] ?? 'sha1', saltLength: params.saltLength };
  }
  return {
    eContentType: sd.encapContentInfo.eContentType,
    eContent: bytesOf((eContent as asn1js.OctetString).getValue()),
    certificates: rawCertificates,
    signerCertificate: signer,
    digestAlgorithm: si.digestAlgorithm.algorithmId,
    signedAttrs: attrs ? bytesOf(attrs.encodedValue) : null, // pkijs already sets the SET tag (0x31)
    messageDigest: md instanceof asn1js.OctetString ? bytesOf(md.valueBlock.valueHexView) : null,
    contentTypeAttr: ct instanceof asn1js.ObjectIdentifier ? ct.valueBlock.toString() : null,
    signatureAlgorithm: { oid: sigOid, pss },
    signature: bytesOf(si.signature.valueBlock.valueHexView),
  };
}

/** The certificates of SignedData's `certificates [0] IMPLICIT CertificateSet`, as encoded. */
function certificateSet(signedData: asn1js.Sequence): Buffer[] {
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0) as
    | asn1js.Constructed
    | undefined;
  if (!set) return [];
  // Only X.509 certificates (a SEQUENCE); other CertificateChoices are context-tagged.
  return set.valueBlock.value
    .filter((b) => b.idBlock.tagClass === 1 && b.idBlock.tagNumber === 16)
    .map((b) => bytesOf(b.valueBeforeDecodeView));
}

/** Does the SignerIdentifier (RFC 5652 §5.3) name this certificate? */
function identifiesSigner(sid: pkijs.SignerInfo['sid'], raw: Buffer): boolean {
  let cert: pkijs.Certificate;
  try {
    cert = pkijs.Certificate.fromBER(Uint8Array.from(raw));
  } catch {
    return false;
  }
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return sid.issuer.isEqual(cert.issuer) && sid.serialNumber.isEqual(cert.serialNumber);
  }
  // subjectKeyIdentifier [0]: the certificate's own extension, else the SHA-1 of its public key (RFC 5280 §4.2.1.2).
  const s = sid as asn1js.Constructed & asn1js.Primitive;
  const keyId = bytesOf(
    s.idBlock.isConstructed ? (s.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView : s.valueBlock.valueHexView,
  );
  const ext = cert.extensions?.find((e) => e.extnID === OID_SUBJECT_KEY_IDENTIFIER);
  if (ext?.parsedValue instanceof asn1js.OctetString && equalBytes(bytesOf(ext.parsedValue.valueBlock.valueHexView), keyId)) return true;
  const spk = createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  return equalBytes(spk, keyId);
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

// node:crypto checks the signature itself: it knows brainpool curves and RSA-PSS, WebCrypto does not.
function verifySignature(parts: SignedDataParts, key: KeyObject, data: Buffer): boolean {
  const { oid, pss } = parts.signatureAlgorithm;
  const digest = HASH_BY_OID[parts.digestAlgorithm] ?? 'sha256';
  if (oid === OID.rsaPss && pss) {
    return cryptoVerify(pss.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, parts.signature);
  }
  if (oid === OID.rsaEncryption) return cryptoVerify(digest, data, key, parts.signature);
  if (RSA_SIG_HASH[oid]) return cryptoVerify(RSA_SIG_HASH[oid], data, key, parts.signature);
  if (ECDSA_SIG_HASH[oid]) return cryptoVerify(ECDSA_SIG_HASH[oid], data, { key, dsaEncoding: 'der' }, parts.signature);
  throw new Error(`unsupported signature algorithm ${oid}`);
}

export interface CmsSignatureCheck {
  /** The certificate named by the SignerIdentifier, when the set holds it. */
  signer: X509Certificate | null;
  /** The signature verifies with that certificate and the signed attributes match the content. */
  valid: boolean;
  /** 'signer-missing', 'message-digest', 'content-type', 'signature'. */
  failures: string[];
}

/**
 * Checks a SignedData's own signature: the signer found by its SignerIdentifier, the messageDigest
 * (and contentType) attributes against the content, the signature over the signed attributes.
 * Says nothing about whether the signer is trusted: that is the caller's chain check.
 */
export function verifyCmsSignature(parts: SignedDataParts): CmsSignatureCheck {
  const failures: string[] = [];
  let signer: X509Certificate | null = null;
  try {
    signer = parts.signerCertificate ? new X509Certificate(parts.signerCertificate) : null;
  } catch {
    signer = null;
  }
  if (!signer) return { signer: null, valid: false, failures: ['signer-missing'] };
  let valid = false;
  try {
    const digest = HASH_BY_OID[parts.digestAlgorithm];
    if (!digest) throw new Error('digest');
    if (parts.signedAttrs) {
      const expected = createHash(digest).update(parts.eContent).digest();
      const digestOk = !!parts.messageDigest && equalBytes(parts.messageDigest, expected);
      if (!digestOk) failures.push('message-digest');
      const typeOk = parts.contentTypeAttr === null || parts.contentTypeAttr === parts.eContentType;
      if (!typeOk) failures.push('content-type');
      valid = verifySignature(parts, signer.publicKey, parts.signedAttrs) && digestOk && typeOk;
    } else {
      valid = verifySignature(parts, signer.publicKey, parts.eContent);
    }
  } catch {
    valid = false;
  }
  if (!valid) failures.push('signature');
  return { signer, valid, failures };
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
    return {
      ok: false,
      signatureValid: false,
      chainValid: false,
      hashesValid: false,
      documentSigner: null,
      csca: null,
      checkedGroups: [],
      failures: ['sod-malformed'],
    };
  }
  if (parts.eContentType !== OID.ldsSecurityObject) failures.push('sod-content-type');

  // 1. The signature over the signed attributes, which carry the hash of the LDS security object,
  //    by the document signer the SignerIdentifier names.
  const cms = verifyCmsSignature(parts);
  const ds = cms.signer;
  const signatureValid = cms.valid;
  if (cms.failures.includes('message-digest')) failures.push('sod-message-digest');
  if (cms.failures.includes('content-type')) failures.push('sod-content-type-attribute');
  if (!signatureValid) failures.push('sod-signature');

  // 2. The document signer up to a trusted CSCA.
  let chainValid = false;
  let csca: X509Certificate | null = null;
  if (ds) {
    csca = cscas.find((c) => c.subject === ds.issuer && safeVerify(ds, c)) ?? null;
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
