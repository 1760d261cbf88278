/**
 * ANPR notifications set aside because the same person has a local pratica still waiting to be
 * sent: both versions side by side for the clerk, and what the clerk decides.
 *  - apply_anpr: ANPR's version goes into the registry; our pratica is withdrawn (not sent) if
 *    it has not left yet — once sent, ANPR has both and its order decides, so ours stays.
 *  - keep_ours: the registry stays as we changed it and our pratica is sent; ANPR judges it
 *    (a refusal comes back to "Operazioni da verificare" like any other).
 * Either decision is audited with ANPR's id and the pratica's.
 */
import { appendAudit } from '../../audit/log';
import { ValidationError } from '../../errors';
import { withTx } from '../../store/tx';
import type { Actor, Db } from '../../store/types';
import { formatDate, labelFor } from '../messages';
import { PRATICA_TITLES, type PraticaCode } from '../pratica-model';
import { getPratica } from '../pratiche';
import { getPersonRow } from '../registry';
import { anprNoticeSchema, NOTICE_TITLES, noticeKind, type AnprNotice } from './model';
import { applyNotice } from './apply-notice';

export type ConflictChoice = 'apply_anpr' | 'keep_ours';

export interface ConflictField {
  label: string;
  value: string;
}

export interface NotificationConflict {
  idOperazioneAnpr: string;
  what: string;
  anprAt: string;
  person: { id: string; name: string; codiceFiscale: string | null } | null;
  /** ANPR's version: what the notification says. */
  anpr: ConflictField[];
  /** Ours: the local pratica waiting to be sent. */
  ours: { praticaId: string; what: string; createdAt: string; fields: ConflictField[]; stillQueued: boolean };
  /** What the clerk may decide, in their words. */
  actions: { choice: ConflictChoice; label: string; explanation: string }[];
}

const ACTIONS: NotificationConflict['actions'] = [
  {
    choice: 'apply_anpr',
    label: 'Applica la versione di ANPR e ritira la nostra pratica',
    explanation: 'La scheda prende i dati di ANPR; la pratica locale non viene inviata (se è già partita, resta e ANPR la valuterà).',
  },
  {
    choice: 'keep_ours',
    label: 'Mantieni la nostra versione e inviala',
    explanation: 'La scheda resta com’è e la pratica locale viene inviata; se ANPR la respinge comparirà tra le operazioni da verificare.',
  },
];

function date(v: string | undefined): string {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : (v ?? '');
}

function anprFields(n: AnprNotice): ConflictField[] {
  const s = n.soggetti[0];
  const out: ConflictField[] = [{ label: 'Operazione ANPR', value: `${NOTICE_TITLES[noticeKind(n)]} · n. ${n.idOperazioneAnpr}` }];
  if (n.decorrenza) out.push({ label: 'Decorrenza', value: date(n.decorrenza) });
  if (!s) return out;
  if (s.previous?.cognome || s.previous?.nome)
    out.push({ label: 'Generalità precedenti', value: [s.previous.cognome, s.previous.nome].filter(Boolean).join(' ') });
  out.push({ label: 'Generalità', value: [s.cognome, s.nome].filter(Boolean).join(' ') || '—' });
  if (s.codiceFiscale) out.push({ label: 'Codice fiscale', value: s.codiceFiscale });
  if (s.dataDecesso) out.push({ label: 'Data del decesso', value: date(s.dataDecesso) });
  if (s.dataCancellazione) out.push({ label: 'Data della cancellazione', value: date(s.dataCancellazione) });
  if (s.destinazione) out.push({ label: 'Trasferito a', value: s.destinazione });
  if (s.provenienza) out.push({ label: 'Proveniente da', value: s.provenienza });
  if (s.residenza)
    out.push({
      label: 'Indirizzo',
      value: [s.residenza.specie, s.residenza.via, s.residenza.numero].filter(Boolean).join(' ') + `, ${s.residenza.comuneNome}`,
    });
  return out;
}

/** A pratica's payload leaves, labelled simply (the attention view labels outbox items fully). */
function praticaFields(payload: unknown): ConflictField[] {
  const out: ConflictField[] = [];
  const walk = (v: unknown, at: string[]) => {
    if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...at, k]);
    else if (v !== undefined && v !== null && at.length) {
      const key = at.filter((x) => !/^\d+$/.test(x)).at(-1) ?? '';
      if (/^(idSchedaSoggetto|idSchedaSoggettoComuneIstat|tipoOperazione)$/.test(key)) return;
      // The pratica's fields in the clerk's words, as "Operazioni da verificare" names them.
      const f = { label: labelFor(['richiesta', ...at]), value: date(String(v)) };
      if (!out.some((o) => o.label === f.label && o.value === f.value)) out.push(f);
    }
  };
  walk((payload as { richiesta?: unknown })?.richiesta ?? payload, []);
  return out.slice(0, 30);
}

interface ConflictRow {
  id_operazione_anpr: string;
  anpr_at: string;
  person_id: string | null;
  pratica_id: string;
  content: string;
}

function view(db: Db, r: ConflictRow): NotificationConflict {
  const n = anprNoticeSchema.parse(JSON.parse(r.content));
  const p = r.person_id ? getPersonRow(db, r.person_id) : undefined;
  const pr = getPratica(db, r.pratica_id);
  const dec = (pr?.payload as { testata?: { dataDecorrenza?: string } } | undefined)?.testata?.dataDecorrenza;
  const title = PRATICA_TITLES[pr?.code as PraticaCode] ?? 'Pratica anagrafica';
  return {
    idOperazioneAnpr: r.id_operazione_anpr,
    what: NOTICE_TITLES[noticeKind(n)],
    anprAt: r.anpr_at,
    person: p
      ? { id: p.id, name: [p.cognome, p.nome].filter(Boolean).join(' ') || 'Persona senza nome', codiceFiscale: p.codice_fiscale }
      : null,
    anpr: anprFields(n),
    ours: {
      praticaId: r.pratica_id,
      what: dec ? `${title}, con decorrenza dal ${formatDate(dec)}` : title,
      createdAt: pr?.created_at ?? '',
      fields: pr ? praticaFields(pr.payload) : [],
      stillQueued: pr?.state === 'in_attesa' || pr?.state === 'respinta',
    },
    actions: ACTIONS,
  };
}

/**
 * The notifications waiting for the clerk's decision, oldest first (ANPR's order). The list shows
 * persons' names and codici fiscali: the read is audited, one entry naming the persons shown.
 */
export function listNotificationConflicts(db: Db, actor: Actor): NotificationConflict[] {
  return withTx(db, (tx) => {
    const rows = tx
      .prepare(
        `SELECT id_operazione_anpr, anpr_at, person_id, pratica_id, content FROM anagrafe_notification WHERE state = 'conflict' ORDER BY anpr_at, rowid`,
      )
      .all() as ConflictRow[];
    const list = rows.map((r) => view(tx, r));
    appendAudit(tx, actor, {
      action: 'anagrafe.notification.conflicts.read',
      entityType: 'person',
      entityId: '*',
      detail: { count: list.length, ids: [...new Set(list.flatMap((c) => (c.person ? [c.person.id] : [])))] },
    });
    return list;
  });
}

export function countNotificationConflicts(db: Db): number {
  return (db.prepare(`SELECT count(*) AS n FROM anagrafe_notification WHERE state = 'conflict'`).get() as { n: number }).n;
}

/**
 * The clerk's decision on one conflict. `withdraw` takes the pratica's queued item out of the
 * outbox (the sync room's job); it returns false when the item has already left.
 */
export function resolveNotificationConflict(
  db: Db,
  actor: Actor,
  idOperazioneAnpr: string,
  choice: ConflictChoice,
  withdraw: (outboxId: string, reason: string) => boolean,
  at: Date = new Date(),
): { outcome: string } {
  const now = at.toISOString();
  return withTx(db, (tx) => {
    const r = tx
      .prepare(
        `SELECT id_operazione_anpr, anpr_at, person_id, pratica_id, content FROM anagrafe_notification WHERE id_operazione_anpr = ? AND state = 'conflict'`,
      )
      .get(idOperazioneAnpr) as ConflictRow | undefined;
    if (!r)
      throw new ValidationError('ANAGRAFE_NOTIFICATION_NOT_PENDING', 'Questa notifica è già stata gestita: aggiornare la pagina.', 'id');
    const pratica = getPratica(tx, r.pratica_id);
    let outcome: string;
    if (choice === 'apply_anpr') {
      let withdrawn = false;
      if ((pratica?.state === 'in_attesa' || pratica?.state === 'respinta') && pratica.outbox_id) {
        // The sync room takes the item out and its handler (onDiscarded) closes the pratica.
        withdrawn = withdraw(pratica.outbox_id, `Ritirata: applicata la notifica ANPR n. ${idOperazioneAnpr}`);
      }
      const applied = applyNotice(tx, anprNoticeSchema.parse(JSON.parse(r.content)), now);
      outcome = `${applied.outcome} ${withdrawn ? 'Pratica locale ritirata.' : 'La pratica locale era già stata inviata: resta ad ANPR.'}`;
      tx.prepare(`UPDATE anagrafe_notification SET state = 'applied', outcome = ?, resolved_at = ? WHERE id_operazione_anpr = ?`).run(
        outcome,
        now,
        idOperazioneAnpr,
      );
    } else {
      outcome = 'Mantenuta la versione locale: la pratica viene inviata ad ANPR.';
      tx.prepare(`UPDATE anagrafe_notification SET state = 'kept_local', outcome = ?, resolved_at = ? WHERE id_operazione_anpr = ?`).run(
        outcome,
        now,
        idOperazioneAnpr,
      );
    }
    appendAudit(tx, actor, {
      action: 'anagrafe.notification.resolved',
      entityType: 'person',
      entityId: r.person_id ?? idOperazioneAnpr,
      detail: { idOperazioneAnpr, choice, praticaId: r.pratica_id },
    });
    return { outcome };
  });
}

/** The notifications recorded for a person (their history), newest first. */
export function personNotifications(db: Db, personId: string) {
  const rows = db
    .prepare(
      `SELECT id_operazione_anpr, tipo, operazione, anpr_at, decorrenza, state, source, outcome FROM anagrafe_notification
       WHERE person_id = ? ORDER BY anpr_at DESC, rowid DESC`,
    )
    .all(personId) as {
    id_operazione_anpr: string;
    tipo: string;
    operazione: string | null;
    anpr_at: string;
    decorrenza: string | null;
    state: string;
    source: string;
    outcome: string | null;
  }[];
  return rows.map((r) => ({
    idOperazioneAnpr: r.id_operazione_anpr,
    title: NOTICE_TITLES[noticeKind({ tipo: r.tipo, operazione: r.operazione ?? undefined })],
    anprAt: r.anpr_at,
    decorrenza: r.decorrenza,
    state: r.state as 'applied' | 'conflict' | 'kept_local' | 'ignored',
    source: r.source as 'poll' | 'push',
    outcome: r.outcome,
  }));
}
