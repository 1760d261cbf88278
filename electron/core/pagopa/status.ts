/**
 * What GPD says about a notice's payment, applied locally: the poller's status updates (PAID,
 * PO_PAID with payment date and receipt id). The outbox handlers are in outbox-handlers.ts.
 */
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { isPaidOptionStatus, type GpdPositionResponse } from './gpd-model';

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
  return withTx(db, (tx) => {
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
      appendAudit(tx, actor, {
        action: becamePaid ? 'pagopa.notice.paid' : 'pagopa.notice.partially_paid',
        entityType: 'pagopa_notice',
        entityId: n.id,
        detail: { gpdStatus: pos.status, paidOptions },
      });
    }
    return { noticeId: n.id, becamePaid, paidOptions };
  });
}

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
