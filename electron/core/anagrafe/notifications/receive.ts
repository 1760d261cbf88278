/**
 * Receiving one ANPR notification (by poll or N000 push): recorded once per idOperazioneANPR,
 * then applied to the local registry in the same transaction and audited — unless the person has a
 * local pratica still waiting to be sent (changed here and there): then it is set aside as a
 * conflict for the clerk ("Da verificare"), and the registry is left as it is.
 */
import { appendAudit } from '../../audit/log';
import { getComuneSettings } from '../../comune/settings';
import { type TxDb, withTx } from '../../store/tx';
import type { Actor, Db } from '../../store/types';
import { allocateLocalId } from '../id-operazione';
import type { TipoIndirizzo } from '../pratica-model';
import { findPersonByCf, getPersonRow, insertFamily, insertPerson, setFamilyAddress, updatePerson, type PersonRow } from '../registry';
import { anprNoticeSchema, noticeKind, type AnprNotice, type NoticeSubject } from './model';

export type ReceiveOutcome = 'applied' | 'conflict' | 'ignored' | 'duplicate';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  idOperazioneAnpr: string;
  personId: string | null;
}

/** The local person a notification's subject is, by ANPR's ids first, then the codice fiscale. */
export function localPersonOf(db: Db, s: NoticeSubject): PersonRow | undefined {
  const byId = (col: string, v: string | undefined) =>
    v
      ? (db.prepare(`SELECT * FROM anagrafe_person WHERE ${col} = ? AND status <> 'annullato' LIMIT 1`).get(v) as PersonRow | undefined)
      : undefined;
  return (
    byId('id_anpr', s.idANPR) ??
    byId('id_scheda_soggetto_anpr', s.idSchedaSoggettoANPR) ??
    (s.codiceFiscale ? findPersonByCf(db, s.codiceFiscale) : undefined) ??
    (s.previous?.codiceFiscale ? findPersonByCf(db, s.previous.codiceFiscale) : undefined)
  );
}

/**
 * A local pratica on this person still in the outbox — queued, retrying, or refused and waiting for
 * the clerk's correction (a resend would change the person again) — if any.
 */
export function queuedPraticaOf(db: Db, personId: string): string | undefined {
  const r = db
    .prepare(
      `SELECT o.pratica_id AS id FROM anagrafe_operation o JOIN anagrafe_pratica p ON p.id = o.pratica_id JOIN outbox ob ON ob.id = p.outbox_id
       WHERE o.person_id = ? AND p.state IN ('in_attesa', 'respinta') AND ob.state IN ('pending', 'waiting', 'attention')
       ORDER BY p.created_at LIMIT 1`,
    )
    .get(personId) as { id: string } | undefined;
  return r?.id;
}

function addressOf(r: NonNullable<NoticeSubject['residenza']>): TipoIndirizzo {
  return {
    cap: r.cap ?? '',
    comune: { nomeComune: r.comuneNome, codiceIstat: r.comuneIstat, siglaProvinciaIstat: r.sigla ?? '' },
    toponimo: { specie: r.specie, denominazioneToponimo: r.via },
    ...(r.numero ? { numeroCivico: { numero: r.numero } } : {}),
  } as TipoIndirizzo;
}

/** Applies a notification to the registry; returns the person it concerned and what was done (Italian). */
export function applyToRegistry(db: TxDb, n: AnprNotice, now: string): { personId: string | null; outcome: string; applied: boolean } {
  const kind = noticeKind(n);
  const s = n.soggetti[0];
  if (!s) return { personId: null, outcome: 'Notifica senza soggetto: nulla da aggiornare.', applied: false };
  const decorrenza = n.decorrenza ?? s.residenza?.decorrenza ?? n.at.slice(0, 10);
  const ids = { idAnpr: s.idANPR, idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR };
  let p = localPersonOf(db, s);

  if (kind === 'immigrazione') {
    if (p && p.status === 'residente') {
      updatePerson(db, p.id, ids, now);
    } else if (p && p.status === 'cancellato') {
      // Back from another Comune: the same record, resident again, in a family of their own.
      const familyId = allocateLocalId(db, 'F');
      insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
      updatePerson(db, p.id, { ...ids, status: 'residente', familyId, codiceLegame: '1', dataDecorrenzaLegame: decorrenza }, now);
      p = getPersonRow(db, p.id);
    } else {
      const personId = allocateLocalId(db, 'S');
      const familyId = allocateLocalId(db, 'F');
      insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
      insertPerson(
        db,
        {
          id: personId,
          codiceFiscale: s.codiceFiscale ?? null,
          cognome: s.cognome ?? null,
          nome: s.nome ?? null,
          sesso: s.sesso ?? null,
          dataNascita: s.dataNascita ?? null,
          luogoNascita: null,
          cittadinanza: null,
          statoCivile: null,
          familyId,
          codiceLegame: '1',
          dataDecorrenzaLegame: decorrenza,
          idAnpr: s.idANPR ?? null,
          idSchedaSoggettoAnpr: s.idSchedaSoggettoANPR ?? null,
        },
        now,
      );
      p = getPersonRow(db, personId);
    }
    if (p?.family_id && s.residenza) setFamilyAddress(db, p.family_id, '1', addressOf(s.residenza), decorrenza);
    return { personId: p?.id ?? null, outcome: `Iscritto per provenienza da ${s.provenienza ?? 'altro Comune'}.`, applied: true };
  }
  if (!p) return { personId: null, outcome: 'La persona non è nell’anagrafe locale: nulla da aggiornare.', applied: false };
  switch (kind) {
    case 'decesso':
      updatePerson(db, p.id, { ...ids, status: 'deceduto' }, now);
      return { personId: p.id, outcome: `Deceduto il ${s.dataDecesso ?? decorrenza}.`, applied: true };
    case 'cancellazione':
      updatePerson(db, p.id, { ...ids, status: 'cancellato' }, now);
      return { personId: p.id, outcome: `Cancellato${s.destinazione ? ` per trasferimento a ${s.destinazione}` : ''}.`, applied: true };
    case 'cambio_indirizzo': {
      if (!s.residenza) return { personId: p.id, outcome: 'Notifica senza indirizzo: nulla da aggiornare.', applied: false };
      let familyId = p.family_id;
      if (!familyId) {
        familyId = allocateLocalId(db, 'F');
        insertFamily(db, { id: familyId, kind: 'famiglia', dataOrigine: decorrenza }, now);
        updatePerson(db, p.id, { familyId, codiceLegame: '1', dataDecorrenzaLegame: decorrenza }, now);
      }
      setFamilyAddress(db, familyId, '1', addressOf(s.residenza), decorrenza);
      updatePerson(db, p.id, ids, now);
      return {
        personId: p.id,
        outcome: `Nuovo indirizzo: ${s.residenza.via}${s.residenza.numero ? ` ${s.residenza.numero}` : ''}.`,
        applied: true,
      };
    }
    case 'rettifica':
      updatePerson(
        db,
        p.id,
        {
          ...ids,
          ...(s.codiceFiscale ? { codiceFiscale: s.codiceFiscale } : {}),
          ...(s.cognome ? { cognome: s.cognome } : {}),
          ...(s.nome ? { nome: s.nome } : {}),
          ...(s.sesso ? { sesso: s.sesso } : {}),
          ...(s.dataNascita ? { dataNascita: s.dataNascita } : {}),
        },
        now,
      );
      return { personId: p.id, outcome: 'Dati anagrafici rettificati come in ANPR.', applied: true };
    default:
      return { personId: p.id, outcome: 'Tipo di notifica non gestito: registrata senza modifiche.', applied: false };
  }
}

function insertRow(
  db: TxDb,
  n: AnprNotice,
  source: 'poll' | 'push',
  state: string,
  personId: string | null,
  praticaId: string | null,
  outcome: string,
  now: string,
) {
  db.prepare(
    `INSERT INTO anagrafe_notification (id_operazione_anpr, tipo, operazione, anpr_at, decorrenza, source, state, person_id, pratica_id, content,
       outcome, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    n.idOperazioneAnpr,
    n.tipo,
    n.operazione ?? null,
    n.at,
    n.decorrenza ?? null,
    source,
    state,
    personId,
    praticaId,
    JSON.stringify(n),
    outcome,
    now,
  );
  advanceCursor(db, n.at, now);
}

/** The cursor only moves forward: a pushed notification older than the cursor does not pull it back. */
function advanceCursor(db: Db, at: string, polledAt: string): void {
  db.prepare(
    `INSERT INTO anagrafe_notification_cursor (id, last_anpr_at, polled_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_anpr_at = max(last_anpr_at, excluded.last_anpr_at)`,
  ).run(at, polledAt);
}

/** Records and applies one notification exactly once (whichever way it came), in one transaction. */
export function receiveNotice(db: Db, actor: Actor, input: unknown, source: 'poll' | 'push', at: Date = new Date()): ReceiveResult {
  const n = anprNoticeSchema.parse(input);
  const now = at.toISOString();
  return withTx(db, (tx) => {
    const seen = tx.prepare('SELECT 1 FROM anagrafe_notification WHERE id_operazione_anpr = ?').get(n.idOperazioneAnpr);
    if (seen) return { outcome: 'duplicate', idOperazioneAnpr: n.idOperazioneAnpr, personId: null };
    const s = n.soggetti[0];
    const local = s ? localPersonOf(tx, s) : undefined;
    const queued = local ? queuedPraticaOf(tx, local.id) : undefined;
    const detail = { idOperazioneAnpr: n.idOperazioneAnpr, tipo: n.tipo, source };
    if (local && queued) {
      insertRow(
        tx,
        n,
        source,
        'conflict',
        local.id,
        queued,
        'In attesa di decisione: la persona ha una pratica locale non ancora inviata.',
        now,
      );
      appendAudit(tx, actor, {
        action: 'anagrafe.notification.conflict',
        entityType: 'person',
        entityId: local.id,
        detail: { ...detail, praticaId: queued },
      });
      return { outcome: 'conflict', idOperazioneAnpr: n.idOperazioneAnpr, personId: local.id };
    }
    const r = applyToRegistry(tx, n, now);
    insertRow(tx, n, source, r.applied ? 'applied' : 'ignored', r.personId, null, r.outcome, now);
    appendAudit(tx, actor, {
      action: r.applied ? 'anagrafe.notification.applied' : 'anagrafe.notification.ignored',
      entityType: r.personId ? 'person' : 'anpr_notification',
      entityId: r.personId ?? n.idOperazioneAnpr,
      detail,
    });
    return { outcome: r.applied ? 'applied' : 'ignored', idOperazioneAnpr: n.idOperazioneAnpr, personId: r.personId };
  });
}

/** ANPR's time of the newest notification recorded (the poller's cursor), or null before the first. */
export function notificationCursor(db: Db): string | null {
  const r = db.prepare('SELECT last_anpr_at FROM anagrafe_notification_cursor WHERE id = 1').get() as { last_anpr_at: string } | undefined;
  return r?.last_anpr_at ?? null;
}

/**
 * The registry is true as of `at` (ANPR's time), e.g. at the end of the initial load from ANPR's
 * extraction: later polls ask from there instead of ANPR's whole 180 days. Only moves forward.
 */
export function setNotificationCursor(db: Db, at: Date): void {
  advanceCursor(db, at.toISOString(), at.toISOString());
}

/** Remembers when ANPR was last asked (shown as "ultimo controllo"). */
export function markPolled(db: Db, at: Date): void {
  db.prepare(
    `INSERT INTO anagrafe_notification_cursor (id, last_anpr_at, polled_at) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET polled_at = excluded.polled_at`,
  ).run(new Date(0).toISOString(), at.toISOString());
}

/** The Comune's identity as 3003 names it. */
export function comuneRichiesta(db: Db) {
  const c = getComuneSettings(db);
  return { nomeComune: c.comuneName, codiceIstat: c.comuneIstat, siglaProvinciaIstat: c.siglaProvincia };
}
