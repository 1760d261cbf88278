/**
 * Checks a PKCS#12 file before it is kept: it opens with its password, holds a private key and the
 * matching certificate, is valid today, and belongs to the chosen Comune in the right role.
 *
 * Whose certificate is it? ANPR names the Comune's certificate `<ISTAT>-CO-nnnn` and the
 * workstation's `<ISTAT>-PC-nnnn` (anpr.md, "certificate naming": the file name is the
 * certificate's id, and the subject's CN carries it). So the subject's CN must start with the
 * Comune's six-digit ISTAT code followed by `-CO-` (Comune) or `-PC-` (workstation). A
 * machine-to-machine installation may use the CO certificate as the workstation's too
 * (anpr.md: issues #2871, #4564, #970): a `-CO-` certificate is accepted in both places.
 */
import forge from 'node-forge';
import { ValidationError } from '../errors';

export type CertificateRole = 'comune' | 'postazione';

/** What the responsabile sees of a certificate: never the key. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  commonName: string;
  /** Instants, UTC ISO. */
  notBefore: string;
  notAfter: string;
}

const ROLE: Record<CertificateRole, string> = { comune: 'del Comune', postazione: 'della postazione' };

function dn(attrs: forge.pki.CertificateField[]): string {
  return attrs.map((a) => `${a.shortName ?? a.name ?? a.type}=${String(a.value)}`).join(', ');
}

function italianDate(d: Date): string {
  return new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

function openPfx(bytes: Buffer, password: string, role: CertificateRole): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    throw notPkcs12(role);
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/MAC could not be verified|Invalid password|decrypt/i.test(msg)) {
      throw new ValidationError(
        'CERT_WRONG_PASSWORD',
        `La password del certificato ${ROLE[role]} non è corretta: il file non si apre. Riscriverla (maiuscole e minuscole contano) o chiedere la password a chi ha consegnato il file.`,
        'password',
      );
    }
    throw notPkcs12(role);
  }
}

function notPkcs12(role: CertificateRole): ValidationError {
  return new ValidationError(
    'CERT_NOT_PKCS12',
    `Il file scelto per il certificato ${ROLE[role]} non è un certificato PKCS#12 (.p12 o .pfx). Scegliere il file .p12 ricevuto dal Ministero dell'Interno.`,
    'file',
  );
}

/** Opens and checks a PKCS#12; throws a ValidationError with an Italian message for each refusal. */
export function inspectPkcs12(
  bytes: Buffer,
  password: string,
  expect: { role: CertificateRole; codiceIstat: string; comuneName: string; now: Date },
): CertificateInfo {
  const { role } = expect;
  const pfx = openPfx(bytes, password, role);
  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  const certs = (pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => !!c);
  const cert = key && certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!key || !cert) {
    throw new ValidationError(
      'CERT_INCOMPLETE',
      `Il file del certificato ${ROLE[role]} non contiene la chiave privata con il suo certificato. Chiedere al referente ANPR il file .p12 completo.`,
      'file',
    );
  }
  const cnField = cert.subject.getField('CN')?.value;
  const commonName = typeof cnField === 'string' ? cnField : '';
  const { notBefore, notAfter } = cert.validity;
  if (expect.now > notAfter) {
    throw new ValidationError(
      'CERT_EXPIRED',
      `Il certificato ${ROLE[role]} (${commonName}) è scaduto il ${italianDate(notAfter)}: ANPR lo rifiuterebbe. Chiedere al Ministero il certificato rinnovato e importare quello.`,
      'file',
      { notAfter: notAfter.toISOString() },
    );
  }
  if (expect.now < notBefore) {
    throw new ValidationError(
      'CERT_NOT_YET_VALID',
      `Il certificato ${ROLE[role]} (${commonName}) sarà valido solo dal ${italianDate(notBefore)}. Importarlo da quel giorno, oppure controllare data e ora del PC.`,
      'file',
    );
  }
  const m = /^(\d{6})-(CO|PC)-/.exec(commonName);
  if (!m || m[1] !== expect.codiceIstat) {
    throw new ValidationError(
      'CERT_OTHER_COMUNE',
      `Il certificato ${ROLE[role]} è intestato a "${commonName || dn(cert.subject.attributes)}", non al ${expect.comuneName} (codice ISTAT ${expect.codiceIstat}): il suo nome deve iniziare con ${expect.codiceIstat}-${role === 'comune' ? 'CO' : 'PC'}-. Scegliere il file del proprio Comune.`,
      'file',
    );
  }
  if (role === 'comune' && m[2] !== 'CO') {
    throw new ValidationError(
      'CERT_WRONG_ROLE',
      `Questo è il certificato di una postazione (${commonName}), non quello del Comune: il certificato del Comune ha un nome che inizia con ${expect.codiceIstat}-CO-.`,
      'file',
    );
  }
  return {
    subject: dn(cert.subject.attributes),
    issuer: dn(cert.issuer.attributes),
    commonName,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}
