/**
 * createPratica: validate, then in ONE transaction write the pratica, update the local registry as
 * pending ("in attesa di ANPR"), enqueue the outbox item (idempotencyKey = idOperazioneComune,
 * allocated here and never again) and append the audit entry. Either all of it happens or none.
 */
import { randomUUID } from 'node:crypto';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { appendAudit } from '../audit/log';
import { enqueue } from '../sync/outbox';
import { applyToRegistry } from './apply';
import { allocateIdOperazioneComune } from './id-operazione';
import { getComuneSettings } from '../comune/settings';
import { PRATICA_PAYLOAD_VERSION, type PraticaCode, type PraticaPayload } from './pratica-model';
import type { FieldIssue } from '../errors';
import { checkPratica } from './rules';
import { M } from './messages';
import { romeDate } from '../rome-time';

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export type PraticaState = 'in_attesa' | 'applicata' | 'respinta' | 'annullata';

export interface CreatedPratica {
  praticaId: string;
  code: PraticaCode;
  idOperazioneComune: string;
  outboxId: string;
  /** Local id of the main person (the new one for 1001/1002). */
  personId: string | null;
  familyId: string | null;
  state: PraticaState;
  /** What the clerk sees next to the record. */
  statusText: string;
}

/** `formIssues`: what the form found before sending; the pratica is refused with them and the rules' own. */
export function createPratica(
  db: Db,
  actor: Actor,
  input: unknown,
  clock: Clock = systemClock,
  formIssues: readonly FieldIssue[] = [],
): CreatedPratica {
  const settings = getComuneSettings(db);
  const nowMs = clock.nowMs();
  const now = new Date(nowMs).toISOString();
  return withTx(db, (tx): CreatedPratica => {
    const checked = checkPratica(db, input, { today: romeDate(nowMs), formIssues });
    const praticaId = randomUUID();
    const idOperazioneComune = allocateIdOperazioneComune(db, nowMs);
    const applied = applyToRegistry(db, checked, praticaId, settings, now);
    db.prepare(
      `INSERT INTO anagrafe_pratica (id, code, id_operazione_comune, state, payload, person_id, family_id, data_decorrenza,
         operator_id, workstation_id, created_at, updated_at)
       VALUES (@id, @code, @idOp, 'in_attesa', @payload, @personId, @familyId, @decorrenza, @operatorId, @workstationId, @now, @now)`,
    ).run({
      id: praticaId,
      code: applied.payload.code,
      idOp: idOperazioneComune,
      payload: JSON.stringify(applied.payload),
      personId: applied.mainPersonId,
      familyId: applied.familyId,
      decorrenza: checked.decorrenza,
      operatorId: actor.operatorId,
      workstationId: actor.workstationId,
      now,
    });
    db.prepare('INSERT INTO anagrafe_id_operazione (id_operazione_comune, pratica_id, allocated_at) VALUES (?, ?, ?)').run(
      idOperazioneComune,
      praticaId,
      now,
    );
    const item = enqueue(tx, {
      platform: 'anpr',
      kind: `anpr.${applied.payload.code}`,
      orderingKey: applied.orderingKey,
      payload: applied.payload,
      payloadVersion: PRATICA_PAYLOAD_VERSION,
      idempotencyKey: idOperazioneComune,
      businessType: 'pratica',
      businessId: praticaId,
      operatorId: actor.operatorId,
    });
    db.prepare('UPDATE anagrafe_pratica SET outbox_id = ? WHERE id = ?').run(item.id, praticaId);
    appendAudit(tx, actor, {
      action: 'pratica.create',
      entityType: 'pratica',
      entityId: praticaId,
      detail: { code: applied.payload.code, idOperazioneComune, personIds: applied.personIds, familyId: applied.familyId },
    });
    return {
      praticaId,
      code: applied.payload.code,
      idOperazioneComune,
      outboxId: item.id,
      personId: applied.mainPersonId,
      familyId: applied.familyId,
      state: 'in_attesa',
      statusText: M.inAttesa,
    };
  });
}

export interface PraticaRow {
  id: string;
  code: PraticaCode;
  id_operazione_comune: string;
  state: PraticaState;
  payload: string;
  person_id: string | null;
  family_id: string | null;
  data_decorrenza: string | null;
  operator_id: string;
  workstation_id: string;
  outbox_id: string | null;
  id_operazione_anpr: string | null;
  esito_code: string | null;
  esito_text: string | null;
  created_at: string;
  updated_at: string;
}

export function getPratica(db: Db, id: string): (Omit<PraticaRow, 'payload'> & { payload: PraticaPayload }) | undefined {
  const r = db.prepare('SELECT * FROM anagrafe_pratica WHERE id = ?').get(id) as PraticaRow | undefined;
  return r ? { ...r, payload: JSON.parse(r.payload) as PraticaPayload } : undefined;
}

export function listPratiche(db: Db, f: { state?: PraticaState; personId?: string; limit?: number } = {}): Omit<PraticaRow, 'payload'>[] {
  return db
    .prepare(
      `SELECT id, code, id_operazione_comune, state, person_id, family_id, data_decorrenza, operator_id, workstation_id, outbox_id,
              id_operazione_anpr, esito_code, esito_text, created_at, updated_at
       FROM anagrafe_pratica WHERE (@state IS NULL OR state = @state) AND (@personId IS NULL OR person_id = @personId)
       ORDER BY created_at DESC LIMIT @limit`,
    )
    .all({ state: f.state ?? null, personId: f.personId ?? null, limit: f.limit ?? 100 }) as Omit<PraticaRow, 'payload'>[];
}
