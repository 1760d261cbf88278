/**
 * The outbox handlers of the pagoPA room (gpd.create, gpd.invalidate): what a GPD answer does to
 * the local notice. Registered with the sync engine; they run in the transaction that closes the item.
 */
import { ValidationError } from '../errors';
import type { Db } from '../store/types';
import type { OutboxHandler, OutboxItem } from '../sync/types';
import { GPD_KIND_CREATE, GPD_KIND_INVALIDATE, type GpdCreatePayload, type GpdInvalidatePayload } from './gpd-model';
import { forbiddenChanges, gpdCreatePayloadV1, gpdFieldLabel, gpdInvalidatePayloadV1 } from './gpd-payload';
import { describeGpdItem, gpdCorrectionScope } from './attention';
import { queueNoticeIo } from './notices';
import { getWorkstation } from '../settings/workstation';

/**
 * A corrected creation (only descriptive fields, see GPD_CORRECTABLE) is what pagoPA will show:
 * the notice's own record takes the same name, address, subject and line descriptions.
 */
function keepNoticeInLine(db: Db, noticeId: string | null, p: GpdCreatePayload): void {
  if (!noticeId) return;
  const pos = p.position;
  const address = Object.fromEntries(
    (['streetName', 'civicNumber', 'postalCode', 'city', 'province', 'country'] as const)
      .filter((k) => pos[k] !== undefined)
      .map((k) => [k, pos[k]]),
  );
  const single = pos.paymentOption.find((o) => !o.isPartialPayment) ?? pos.paymentOption[0];
  db.prepare('UPDATE pagopa_notice SET debtor_name = ?, debtor_address = ?, subject = ? WHERE id = ?').run(
    pos.fullName,
    Object.keys(address).length ? JSON.stringify(address) : null,
    single.description.slice(0, 90),
    noticeId,
  );
  const line = db.prepare('UPDATE pagopa_notice_line SET description = ? WHERE notice_id = ? AND idx = ?');
  for (const [idx, t] of single.transfer.entries()) line.run(t.remittanceInformation, noticeId, idx);
}

function noticeIdOf(item: OutboxItem): string | null {
  return item.businessType === 'pagopa_notice' ? item.businessId : null;
}

export const gpdOutboxHandlers: OutboxHandler[] = [
  {
    kind: GPD_KIND_CREATE,
    payloadSchemas: { 1: gpdCreatePayloadV1 },
    payloadVersion: 1,
    fieldLabel: gpdFieldLabel,
    describe: describeGpdItem,
    correctionScope: gpdCorrectionScope,
    onDone(db, item, result) {
      const id = noticeIdOf(item);
      const status = (result as { status?: string } | undefined)?.status ?? null;
      db.prepare(
        `UPDATE pagopa_notice SET gpd_state = CASE WHEN gpd_state IN ('pending', 'attention') THEN 'published' ELSE gpd_state END,
         gpd_status = coalesce(gpd_status, ?), gpd_error_code = NULL WHERE id = ?`,
      ).run(status, id);
      // pagoPA holds the position now: the citizen's pay-in-app message may leave.
      if (id) queueNoticeIo(db, id, item.operatorId, getWorkstation(db).id);
    },
    onAttention(db, item, code) {
      db.prepare(`UPDATE pagopa_notice SET gpd_state = 'attention', gpd_error_code = ? WHERE id = ? AND gpd_state = 'pending'`).run(
        code,
        noticeIdOf(item),
      );
    },
    onDiscarded(db, item, reason) {
      // Never published and never will be: the printed notice cannot be paid, so it is void here too.
      db.prepare(
        `UPDATE pagopa_notice SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?
         WHERE id = ? AND status = 'unpaid'`,
      ).run(new Date().toISOString(), `Non pubblicato su pagoPA: ${reason}`.slice(0, 200), noticeIdOf(item));
    },
    prepareCorrection(db, item, payload) {
      // Both parsed by the engine with gpdCreatePayloadV1. The notice is already printed: only
      // what pagoPA's answer concerns may change (an allow-list per answer code, gpd-payload.ts).
      const p = payload as GpdCreatePayload;
      const forbidden = forbiddenChanges(item.lastErrorCode, item.payload, p);
      if (forbidden.length) {
        throw new ValidationError(
          'PAGOPA_CORRECTION_FIELD',
          `L'avviso è già stampato: «${gpdFieldLabel(forbidden[0])}» non si può cambiare con una correzione${item.lastErrorCode === 'GPD_REJECTED' ? '' : ' (per questa risposta di pagoPA si può solo reinviare lo stesso avviso)'}. Se il dato è sbagliato, annullare l'avviso ed emetterne uno nuovo.`,
          forbidden[0],
          { code: item.lastErrorCode, fields: forbidden.slice(0, 10) },
        );
      }
      keepNoticeInLine(db, noticeIdOf(item), p);
      return { payload: p };
    },
  },
  {
    kind: GPD_KIND_INVALIDATE,
    payloadSchemas: { 1: gpdInvalidatePayloadV1 },
    payloadVersion: 1,
    fieldLabel: gpdFieldLabel,
    describe: describeGpdItem,
    onDone(db, item) {
      db.prepare(`UPDATE pagopa_notice SET gpd_state = 'invalidated', gpd_error_code = NULL WHERE id = ?`).run(noticeIdOf(item));
    },
    onAttention(db, item, code) {
      const p = item.payload as GpdInvalidatePayload;
      db.prepare(`UPDATE pagopa_notice SET gpd_state = 'attention', gpd_error_code = ? WHERE iupd = ?`).run(code, p.iupd);
    },
  },
];
