/**
 * What GPD says about a notice, applied locally: the sync handlers (create / invalidate outcome)
 * and the poller's status updates (PAID, PO_PAID with payment date and receipt id).
 */
import { appendAudit } from '../audit/log';
import { ValidationError } from '../errors';
import type { Actor, Db } from '../store/types';
import type { ItemHandler, OutboxItem } from '../sync/types';
import {
  GPD_KIND_CREATE,
  GPD_KIND_INVALIDATE,
  isPaidOptionStatus,
  type GpdCreatePayload,
  type GpdInvalidatePayload,
  type GpdPositionResponse,
} from './gpd-model';
import { forbiddenChanges, gpdCreatePayloadV1, gpdFieldLabel, gpdInvalidatePayloadV1 } from './gpd-payload';

/** GPD date-times are LocalDateTime in UTC, sometimes without the "Z". */
export function gpdInstant(s: string | null | undefined): string | null {
  if (!s) return null;
  const withZone = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export interface StatusChange {
  noticeId: string;
  becamePaid: boolean;
  paidOptions: string[];
}

/** Applies one GET …/debtpositions/{iupd} answer. Idempotent: applying it twice changes nothing more. */
export function applyGpdPosition(db: Db, actor: Actor, pos: GpdPositionResponse, now: Date = new Date()): StatusChange | null {
  return db.transaction(() => {
    const n = db.prepare('SELECT id, status, paid_source FROM pagopa_notice WHERE iupd = ?').get(pos.iupd) as
      | { id: string; status: string; paid_source: string | null }
      | undefined;
    if (!n) return null;
    const paidOptions: string[] = [];
    const setPaid = db.prepare(
      `UPDATE pagopa_payment_option SET status = 'paid', payment_date = ?, receipt_id = ?, psp_company = ?
       WHERE notice_id = ? AND iuv = ? AND status = 'unpaid'`,
    );
    let latestPayment: string | null = null;
    for (const o of pos.paymentOption ?? []) {
      if (!isPaidOptionStatus(o.status)) continue;
      const paidAt = gpdInstant(o.paymentDate) ?? gpdInstant(pos.paymentDate);
      if (paidAt && (!latestPayment || paidAt > latestPayment)) latestPayment = paidAt;
      if (setPaid.run(paidAt, o.idReceipt ?? null, o.pspCompany ?? null, n.id, o.iuv).changes > 0) paidOptions.push(o.iuv);
    }
    const fullyPaid = pos.status === 'PAID' || pos.status === 'REPORTED';
    const becamePaid = fullyPaid && n.status === 'unpaid';
    db.prepare('UPDATE pagopa_notice SET gpd_status = ?, last_polled_at = ? WHERE id = ?').run(pos.status, now.toISOString(), n.id);
    if (fullyPaid && (n.status === 'unpaid' || n.paid_source === 'manual')) {
      db.prepare(`UPDATE pagopa_notice SET status = 'paid', paid_source = 'gpd', paid_at = coalesce(?, paid_at, ?) WHERE id = ?`).run(
        latestPayment ?? gpdInstant(pos.paymentDate),
        now.toISOString(),
        n.id,
      );
    }
    if (becamePaid || paidOptions.length > 0) {
      appendAudit(db, actor, {
        action: becamePaid ? 'pagopa.notice.paid' : 'pagopa.notice.partially_paid',
        entityType: 'pagopa_notice',
        entityId: n.id,
        detail: { gpdStatus: pos.status, paidOptions },
      });
    }
    return { noticeId: n.id, becamePaid, paidOptions };
  })();
}

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

/** Registered with the sync scheduler: they run in the transaction that closes the outbox item. */
export const gpdItemHandlers: ItemHandler[] = [
  {
    kind: GPD_KIND_CREATE,
    payloadSchemas: { 1: gpdCreatePayloadV1 },
    payloadVersion: 1,
    fieldLabel: gpdFieldLabel,
    onDone(db, item, result) {
      const id = noticeIdOf(item);
      const status = (result as { status?: string } | undefined)?.status ?? null;
      db.prepare(
        `UPDATE pagopa_notice SET gpd_state = CASE WHEN gpd_state IN ('pending', 'attention') THEN 'published' ELSE gpd_state END,
         gpd_status = coalesce(gpd_status, ?), gpd_error_code = NULL WHERE id = ?`,
      ).run(status, id);
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
    onDone(db, item) {
      db.prepare(`UPDATE pagopa_notice SET gpd_state = 'invalidated', gpd_error_code = NULL WHERE id = ?`).run(noticeIdOf(item));
    },
    onAttention(db, item, code) {
      const p = item.payload as GpdInvalidatePayload;
      db.prepare(`UPDATE pagopa_notice SET gpd_state = 'attention', gpd_error_code = ? WHERE iupd = ?`).run(code, p.iupd);
    },
  },
];

/** Notices whose payment the poller should ask GPD about, least recently asked first. */
export function noticesToPoll(db: Db, limit: number): { iupd: string; cfEnte: string }[] {
  return db
    .prepare(
      `SELECT iupd, cf_ente AS cfEnte FROM pagopa_notice
       WHERE gpd_state = 'published' AND (status = 'unpaid' OR paid_source = 'manual')
       ORDER BY coalesce(last_polled_at, '') , issued_at LIMIT ?`,
    )
    .all(limit) as { iupd: string; cfEnte: string }[];
}
