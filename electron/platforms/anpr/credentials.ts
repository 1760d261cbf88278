/**
 * The two signing identities ANPR requires (anpr.md §2.1): the Comune's certificate
 * (<ISTAT>-CO-nnnn.p12) signs the SAML assertion, the workstation's (<ISTAT>-PC-nnnn.p12) signs
 * IdPostazione. Both arrive as PKCS#12 bytes plus password from Settings.
 */
import forge from 'node-forge';
import { SportelloError } from '../../core/errors';

export interface Pkcs12Source {
  /** PKCS#12 bytes, or the same bytes base64-encoded. */
  p12: Uint8Array | string;
  password: string;
}

export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  certificate: forge.pki.Certificate;
  privateKey: forge.pki.rsa.PrivateKey;
  /** Subject CN, for messages to the clerk (never secret). */
  commonName: string;
}

export type IdentityRole = 'comune' | 'postazione';

const ROLE_LABEL: Record<IdentityRole, string> = {
  comune: 'del Comune',
  postazione: 'della postazione',
};

function toBinaryString(p12: Uint8Array | string): string {
  if (typeof p12 === 'string') return forge.util.decode64(p12.replace(/\s+/g, ''));
  return Buffer.from(p12).toString('binary');
}

export function loadPkcs12(source: Pkcs12Source, role: IdentityRole): SigningIdentity {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(toBinaryString(source.p12));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, source.password);
  } catch (cause) {
    throw new SportelloError(
      'ANPR_CERT_UNREADABLE',
      `Il certificato ${ROLE_LABEL[role]} per ANPR non si apre: il file non è valido o la password è sbagliata. Controllare il file e la password nelle Impostazioni ANPR.`,
      { role },
      { cause },
    );
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key || certBags.length === 0) {
    throw new SportelloError(
      'ANPR_CERT_INCOMPLETE',
      `Il certificato ${ROLE_LABEL[role]} per ANPR non contiene la chiave privata o il certificato. Richiedere al referente il file .p12 completo.`,
      { role },
    );
  }
  // The end-entity certificate is the one whose public key matches the private key.
  const matching = certBags
    .map((b) => b.cert)
    .find((c): c is forge.pki.Certificate => {
      const pub = c?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return !!pub && pub.n.equals(key.n);
    });
  if (!matching) {
    throw new SportelloError(
      'ANPR_CERT_INCOMPLETE',
      `Nel certificato ${ROLE_LABEL[role]} per ANPR la chiave non corrisponde al certificato. Richiedere al referente il file .p12 corretto.`,
      { role },
    );
  }
  const cn = matching.subject.getField('CN')?.value;
  return {
    privateKey: key,
    certificate: matching,
    privateKeyPem: forge.pki.privateKeyToPem(key),
    certificatePem: forge.pki.certificateToPem(matching),
    commonName: typeof cn === 'string' ? cn : '',
  };
}

/** Throws when the certificate is not valid at `now`: ANPR would refuse with "Rejected by policy". */
export function assertValidAt(identity: SigningIdentity, role: IdentityRole, now: Date): void {
  const { notBefore, notAfter } = identity.certificate.validity;
  if (now < notBefore || now > notAfter) {
    throw new SportelloError(
      'ANPR_CERT_EXPIRED',
      `Il certificato ${ROLE_LABEL[role]} per ANPR non è valido in questa data (scadenza ${notAfter.toISOString().slice(0, 10)}). Installare il certificato rinnovato nelle Impostazioni ANPR.`,
      { role, notAfter: notAfter.toISOString() },
    );
  }
}
