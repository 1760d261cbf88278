/**
 * Test certificates made by the tests themselves (node-forge): a Comune CA, the Comune's
 * certificate (<ISTAT>-CO-nnnn), a workstation certificate (<ISTAT>-PC-nnnn), an expired one and
 * one of another Comune, each as PKCS#12 with its password. Independent of the client's code.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

type Keys = { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey };

function keys(): Keys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

const DAY = 86_400_000;

export interface TestCa {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
}

export function makeCa(name: string, now: Date): TestCa {
  const k = keys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 365 * DAY);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * DAY);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'Test PKI' },
    { name: 'countryName', value: 'IT' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  cert.sign(k.privateKey, forge.md.sha256.create());
  return { cert, key: k.privateKey, pem: forge.pki.certificateToPem(cert) };
}

export interface TestP12 {
  bytes: Buffer;
  password: string;
  cn: string;
  notAfter: Date;
}

/** A PKCS#12 (key + certificate + CA) for `cn`, valid from `from` to `to`. */
export function makeP12(
  ca: TestCa,
  cn: string,
  validity: { from: Date; to: Date },
  password = randomBytes(9).toString('base64url'),
): TestP12 {
  const k = keys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.publicKey;
  cert.serialNumber = '02' + randomBytes(8).toString('hex');
  cert.validity.notBefore = validity.from;
  cert.validity.notAfter = validity.to;
  cert.setSubject([
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: "Ministero dell'Interno - test" },
    { name: 'countryName', value: 'IT' },
  ]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(k.privateKey, [cert, ca.cert], password, { algorithm: '3des', friendlyName: cn });
  return { bytes: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password, cn, notAfter: validity.to };
}

/** The set the production E2E imports: good ones for `istat`, and the ones that must be refused. */
export function comunePki(istat: string, otherIstat: string, now: Date) {
  const ca = makeCa('Comune Test CA', now);
  const valid = { from: new Date(now.getTime() - DAY), to: new Date(now.getTime() + 365 * DAY) };
  return {
    ca,
    /** Expires in 20 days: the home screen warns. */
    comune: makeP12(ca, `${istat}-CO-0001`, { from: valid.from, to: new Date(now.getTime() + 20 * DAY) }),
    postazione: makeP12(ca, `${istat}-PC-0001`, valid),
    expired: makeP12(ca, `${istat}-CO-0000`, { from: new Date(now.getTime() - 400 * DAY), to: new Date(now.getTime() - 10 * DAY) }),
    otherComune: makeP12(ca, `${otherIstat}-CO-0001`, valid),
  };
}
