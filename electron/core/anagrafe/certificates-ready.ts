/**
 * "Certificati pronti": the certificates ANPR issued for the counter's 6001 requests (those queued
 * offline come back when the line does), those not printed yet first. A certificate is printed
 * when its PDF was downloaded (the audited 'certificate.download', record-pratica.ts). One pratica
 * is one certificate: a resend carries the same idOperazioneComune and ANPR answers it again with
 * the certificate it already issued, never a second one. Reading the list is audited.
 */
import { recordAudit } from '../audit/log';
import type { Actor, Db } from '../store/types';
import type { Pratica6001 } from './pratica-model';

export interface ReadyCertificate {
  praticaId: string;
  personId: string | null;
  cognome: string | null;
  nome: string | null;
  codiceFiscale: string | null;
  /** Tabella codes of the certificates asked (e.g. '8' residenza). */
  tipi: string[];
  requestedAt: string;
  /** When ANPR's answer was applied. */
  issuedAt: string;
  idOperazioneComune: string;
  idOperazioneAnpr: string | null;
  /** Last time it was printed (downloaded), null while still to print. */
  printedAt: string | null;
}

interface Row {
  id: string;
  person_id: string | null;
  cognome: string | null;
  nome: string | null;
  codice_fiscale: string | null;
  payload: string;
  created_at: string;
  updated_at: string;
  id_operazione_comune: string;
  id_operazione_anpr: string | null;
  printed_at: string | null;
}

export function listReadyCertificates(db: Db, actor: Actor, limit = 200): ReadyCertificate[] {
  const rows = db
    .prepare(
      `SELECT pr.id, pr.person_id, p.cognome, p.nome, p.codice_fiscale, pr.payload, pr.created_at, pr.updated_at,
              pr.id_operazione_comune, pr.id_operazione_anpr,
              (SELECT max(a.at) FROM audit_log a
                WHERE a.entity_type = 'pratica' AND a.entity_id = pr.id AND a.action = 'certificate.download') AS printed_at
       FROM anagrafe_pratica pr
       JOIN outbox o ON o.id = pr.outbox_id
       LEFT JOIN anagrafe_person p ON p.id = pr.person_id
       WHERE pr.state = 'applicata' AND pr.code = '6001' AND json_extract(o.result, '$.certificatoPdf') IS NOT NULL
       ORDER BY printed_at IS NOT NULL, pr.updated_at DESC
       LIMIT ?`,
    )
    .all(limit) as Row[];
  const list = rows.map((r) => ({
    praticaId: r.id,
    personId: r.person_id,
    cognome: r.cognome,
    nome: r.nome,
    codiceFiscale: r.codice_fiscale,
    tipi: (JSON.parse(r.payload) as Pratica6001).richiesta.listaTipiCertificati.tipoCertificato,
    requestedAt: r.created_at,
    issuedAt: r.updated_at,
    idOperazioneComune: r.id_operazione_comune,
    idOperazioneAnpr: r.id_operazione_anpr,
    printedAt: r.printed_at,
  }));
  recordAudit(db, actor, {
    action: 'certificate.list',
    entityType: 'pratica',
    entityId: '*',
    detail: { count: list.length, ids: list.map((c) => c.praticaId) },
  });
  return list;
}
