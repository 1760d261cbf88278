/**
 * The clerk's pratiche, as the counter records them: a pratica from the forms (after the places
 * table the birthplace rules need), the request for a certificate (6001) on a resident, and the
 * certificate ANPR sent back. createPratica checks, writes, queues and audits each pratica in one
 * transaction.
 */
import { appendAudit } from '../audit/log';
import { getComuneSettings } from '../comune/settings';
import { SportelloError, ValidationError, type FieldIssue } from '../errors';
import { withTx } from '../store/tx';
import { itemResult } from '../sync/outbox';
import type { Actor, Db } from '../store/types';
import { generalitaOf } from './person-view';
import { ensurePlaces } from './places';
import { createPratica, type Clock, type CreatedPratica, getPratica, systemClock } from './pratiche';
import { readPersonRecord } from './registry';
import { normalizeText } from './text';

export async function recordPratica(
  db: Db,
  actor: Actor,
  input: unknown,
  clock: Clock = systemClock,
  formIssues: readonly FieldIssue[] = [],
): Promise<CreatedPratica> {
  await ensurePlaces(db);
  return createPratica(db, actor, input, clock, formIssues);
}

/** The officer's name split for ANPR's cognome/nomeUffAnagrafe (letters, spaces, apostrophes only). */
function officerName(displayName: string): { nome: string; cognome: string } {
  const words = normalizeText(displayName).split(' ').filter(Boolean);
  const nome = words[0] ?? 'UFFICIALE';
  const cognome = words.slice(1).join(' ') || 'ANAGRAFE';
  return { nome, cognome };
}

/** A certificate for a resident, asked of ANPR (pratica 6001) by the officer at the counter. */
export function requestCertificate(
  db: Db,
  actor: Actor,
  r: { personId: string; tipi: string[]; officerDisplayName: string },
  clock: Clock = systemClock,
): CreatedPratica {
  const rec = readPersonRecord(db, actor, r.personId);
  if (rec.person.status !== 'residente') {
    throw new ValidationError(
      'ANAGRAFE_CERT_NOT_RESIDENT',
      'Il certificato si può chiedere solo per una persona residente. Per le altre usare la consultazione ANPR.',
      'personId',
    );
  }
  const officer = officerName(r.officerDisplayName);
  return createPratica(
    db,
    actor,
    {
      code: '6001',
      testata: { tipoOperazione: 'C' },
      richiesta: {
        listaTipiCertificati: { tipoCertificato: r.tipi },
        soggettoIntestatario: { generalita: generalitaOf(rec.person, getComuneSettings(db).comuneIstat) },
        // Issued at the counter to the person themselves, in bollo, standard fees (Tabella 13 conventions as in anpr.md).
        datiControllo: {
          cognomeUffAnagrafe: officer.cognome,
          nomeUffAnagrafe: officer.nome,
          tipoRichiedente: '1',
          tipoRichiesta: '1',
          paEstera: '0',
          emissione: '1',
          bollo: '1600',
          diritti: '52',
        },
      },
    },
    clock,
  );
}

/** The certificate ANPR issued for a 6001 pratica (PDF, base64); its download is audited. */
export function issuedCertificate(db: Db, actor: Actor, praticaId: string): string {
  return withTx(db, (tx) => {
    const p = getPratica(tx, praticaId);
    const pdf = p && p.code === '6001' && p.state === 'applicata' ? itemResult(tx, p.outbox_id)?.certificatoPdf : undefined;
    if (typeof pdf !== 'string') {
      throw new SportelloError(
        'ANAGRAFE_CERT_NOT_READY',
        'Il certificato non è ancora arrivato da ANPR. Riprovare quando la richiesta risulta completata.',
      );
    }
    appendAudit(tx, actor, {
      action: 'certificate.download',
      entityType: 'pratica',
      entityId: praticaId,
      detail: { personId: p!.person_id },
    });
    return pdf;
  });
}
