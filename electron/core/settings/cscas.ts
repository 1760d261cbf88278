/**
 * The CSCA certificates (the States' document signers' roots) the responsabile imports to verify
 * CIE cards, kept in the encrypted settings. Each import and removal is audited with the change.
 */
import type { X509Certificate } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { parseCscaFile } from '../card/csca';
import { loadCertificates } from '../card/passive-auth';
import { SportelloError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { getSetting, setSetting } from './settings';

/** Settings key of the imported CSCA certificates. */
const CSCA_SETTING = 'card.cscas';

export interface StoredCsca {
  pem: string;
  importedAt: string;
  importedBy: string;
}

export const storedCscas = (db: Db): StoredCsca[] => getSetting<StoredCsca[]>(db, CSCA_SETTING) ?? [];

/** The certificates in a PEM text, or none when it does not parse. */
export function safeLoadCertificates(pem: string): X509Certificate[] {
  try {
    return loadCertificates(pem);
  } catch {
    return [];
  }
}

/** Adds the file's certificates not already kept (`trusted` may sign them: see parseCscaFile). */
export function importCscaFile(db: Db, actor: Actor, file: Buffer, trusted: X509Certificate[]): { added: number; alreadyPresent: number } {
  const certs = parseCscaFile(file, trusted);
  const current = storedCscas(db);
  const known = new Set(current.flatMap((c) => safeLoadCertificates(c.pem)).map((c) => c.fingerprint256));
  const importedAt = new Date().toISOString();
  let added = 0;
  withTx(db, (tx) => {
    for (const cert of certs) {
      if (known.has(cert.fingerprint256)) continue;
      known.add(cert.fingerprint256);
      current.push({ pem: cert.toString(), importedAt, importedBy: actor.operatorId });
      added++;
      appendAudit(tx, actor, {
        action: 'card.csca.import',
        entityType: 'csca',
        entityId: cert.fingerprint256,
        detail: { subject: cert.subject, validTo: cert.validTo },
      });
    }
    setSetting(tx, CSCA_SETTING, current);
  });
  return { added, alreadyPresent: certs.length - added };
}

export function removeCsca(db: Db, actor: Actor, fingerprint: string): void {
  const current = storedCscas(db);
  const kept = current.filter((c) => !safeLoadCertificates(c.pem).some((cert) => cert.fingerprint256 === fingerprint));
  if (kept.length === current.length) {
    throw new SportelloError('CARD_CSCA_UNKNOWN', 'Questo certificato non è nell’elenco (forse è già stato tolto). Aggiorni la pagina.');
  }
  withTx(db, (tx) => {
    setSetting(tx, CSCA_SETTING, kept);
    appendAudit(tx, actor, { action: 'card.csca.remove', entityType: 'csca', entityId: fingerprint });
  });
}
