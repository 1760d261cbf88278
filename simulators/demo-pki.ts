/**
 * Certificates for demo mode only: a throw-away "ANPR demo" CA that issues the Comune's and the
 * workstation's PKCS#12, made fresh by the simulator process at start. The simulated ANPR trusts
 * this CA; demo Sportello fetches the PKCS#12 files from the simulator's control API. Never used
 * against a real platform.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import forge from 'node-forge';

export interface DemoCredentials {
  caPem: string;
  comune: { p12: string; password: string };
  postazione: { p12: string; password: string };
}

type KeyPair = { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey };

/** Off the main thread (libuv pool), so a starting host is not held up. */
async function keyPair(): Promise<KeyPair> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

function certificate(
  cn: string,
  keys: KeyPair,
  issuer: { cert: forge.pki.Certificate | null; key: forge.pki.rsa.PrivateKey },
  isCa: boolean,
) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'Sportello DEMO' },
    { name: 'countryName', value: 'IT' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(
    isCa
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
        ],
  );
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

function p12(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey, ca: forge.pki.Certificate, password: string): string {
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert, ca], password, { algorithm: '3des', friendlyName: cert.subject.getField('CN').value });
  return forge.util.encode64(forge.asn1.toDer(asn1).getBytes());
}

export async function createDemoCredentials(codiceIstat: string): Promise<DemoCredentials> {
  const [caKeys, comuneKeys, postazioneKeys] = await Promise.all([keyPair(), keyPair(), keyPair()]);
  const ca = certificate('ANPR DEMO CA', caKeys, { cert: null, key: caKeys.privateKey }, true);
  const make = (cn: string, keys: KeyPair) => {
    const password = randomBytes(9).toString('base64url');
    return { p12: p12(certificate(cn, keys, { cert: ca, key: caKeys.privateKey }, false), keys.privateKey, ca, password), password };
  };
  return {
    caPem: forge.pki.certificateToPem(ca),
    comune: make(`${codiceIstat}-CO-0001`, comuneKeys),
    postazione: make(`${codiceIstat}-PC-0001`, postazioneKeys),
  };
}

/**
 * The same, made in a worker thread so a starting host keeps answering; in-process where a worker
 * cannot load TypeScript (e.g. a bundled build).
 */
export function createDemoCredentialsInWorker(codiceIstat: string): Promise<DemoCredentials> {
  return new Promise<DemoCredentials>((resolve, reject) => {
    const worker = new Worker(new URL('./demo-pki-worker.mjs', import.meta.url), { workerData: codiceIstat });
    worker.once('message', (c: DemoCredentials) => {
      resolve(c);
      void worker.terminate();
    });
    worker.once('error', reject);
  }).catch(() => createDemoCredentials(codiceIstat));
}
