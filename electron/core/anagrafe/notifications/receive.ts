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
import type { PersonRow } from '../registry';
import { applyNotice, localPersonOf } from './apply-notice';
import { anprNoticeSchema, type AnprNotice } from './model';

export type ReceiveOutcome = 'applied' | 'conflict' | 'ignored' | 'duplicate';

export interface ReceiveResult {
  outcome: ReceiveOutcome;
  idOperazioneAnpr: string;
  personId: string | null;
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

/** The first subject of the notification that is a local person with a pratica still queued. */
function firstQueued(db: Db, n: AnprNotice): { local: PersonRow; queued: string } | undefined {
  for (const s of n.soggetti) {
    const local = localPersonOf(db, s);
    const queued = local ? queuedPraticaOf(db, local.id) : undefined;
    if (local && queued) return { local, queued };
  }
  return undefined;
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
    // Any subject with a local pratica still queued sets the whole notification aside.
    const clash = firstQueued(tx, n);
    const detail = { idOperazioneAnpr: n.idOperazioneAnpr, tipo: n.tipo, source };
    if (clash) {
      const { local, queued } = clash;
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
    const r = applyNotice(tx, n, now);
    insertRow(tx, n, source, r.applied ? 'applied' : 'ignored', r.personId, null, r.outcome, now);
    if (r.applied) {
      // One entry per person changed, each with ANPR's id: every person's history shows it.
      for (const personId of r.personIds)
        appendAudit(tx, actor, { action: 'anagrafe.notification.applied', entityType: 'person', entityId: personId, detail });
    } else {
      appendAudit(tx, actor, {
        action: 'anagrafe.notification.ignored',
        entityType: r.personId ? 'person' : 'anpr_notification',
        entityId: r.personId ?? n.idOperazioneAnpr,
        detail,
      });
    }
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
