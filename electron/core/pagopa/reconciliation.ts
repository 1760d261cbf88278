/** The daily reconciliation: what was issued, paid and still outstanding on a day, and its CSV. */
import { recordAudit } from '../audit/log';
import type { Actor, Db } from '../store/types';
import { ValidationError } from '../errors';
import { centsToDecimal, formatDateIt, isCalendarDate } from './format';
import { romeDate } from '../rome-time';
import { dateAfterMax } from '../forms/dates';

export interface ReconciliationRow {
  noticeId: string;
  nav: string;
  iuv: string;
  subject: string;
  debtorName: string;
  totalCents: number;
  /** Sum already paid (instalments paid so far, or the whole amount). */
  paidCents: number;
  dueDate: string;
  issuedOn: string;
  paidAt: string | null;
  paidSource: 'gpd' | 'manual' | null;
  receiptIds: string[];
  gpdState: string;
}

export interface Reconciliation {
  date: string;
  issued: ReconciliationRow[];
  paid: ReconciliationRow[];
  outstanding: ReconciliationRow[];
  totals: {
    issuedCents: number;
    paidCents: number;
    outstandingCents: number;
    issuedCount: number;
    paidCount: number;
    outstandingCount: number;
  };
}

interface Row {
  id: string;
  subject: string;
  debtor_name: string;
  total_cents: number;
  due_date: string;
  issued_on: string;
  issued_at: string;
  status: string;
  paid_at: string | null;
  paid_source: 'gpd' | 'manual' | null;
  gpd_state: string;
  nav: string;
  iuv: string;
  inst_paid: number;
  receipts: string | null;
}

const SELECT = `
  SELECT n.id, n.subject, n.debtor_name, n.total_cents, n.due_date, n.issued_on, n.issued_at, n.status, n.paid_at,
         n.paid_source, n.gpd_state, o.nav, o.iuv,
         (SELECT coalesce(sum(p.amount_cents), 0) FROM pagopa_payment_option p
            WHERE p.notice_id = n.id AND p.status = 'paid' AND p.idx > 0) AS inst_paid,
         (SELECT group_concat(p.receipt_id, ' ') FROM pagopa_payment_option p
            WHERE p.notice_id = n.id AND p.receipt_id IS NOT NULL) AS receipts
  FROM pagopa_notice n JOIN pagopa_payment_option o ON o.notice_id = n.id AND o.idx = 0`;

function toRow(r: Row): ReconciliationRow {
  return {
    noticeId: r.id,
    nav: r.nav,
    iuv: r.iuv,
    subject: r.subject,
    debtorName: r.debtor_name,
    totalCents: r.total_cents,
    paidCents: r.status === 'paid' ? r.total_cents : r.inst_paid,
    dueDate: r.due_date,
    issuedOn: r.issued_on,
    paidAt: r.paid_at,
    paidSource: r.paid_source,
    receiptIds: r.receipts ? r.receipts.split(' ') : [],
    gpdState: r.gpd_state,
  };
}

/**
 * `date` is a Europe/Rome calendar day. Issued: notices issued that day (cancelled ones excluded).
 * Paid: notices whose payment happened that day (Rome time). Outstanding: not paid, not cancelled,
 * issued on or before that day, as known now.
 */
export function dailyReconciliation(db: Db, date: string, now: Date = new Date()): Reconciliation {
  if (!isCalendarDate(date)) throw new ValidationError('PAGOPA_RECON_DATE', 'Data non valida per la riconciliazione.', 'date');
  const today = romeDate(now);
  if (date > today) throw new ValidationError('PAGOPA_RECON_FUTURE', dateAfterMax(today), 'date');
  const all = db.prepare(`${SELECT} WHERE n.issued_on <= ? ORDER BY n.issued_at`).all(date) as Row[];
  const issued: ReconciliationRow[] = [];
  const paid: ReconciliationRow[] = [];
  const outstanding: ReconciliationRow[] = [];
  for (const r of all) {
    const row = toRow(r);
    if (r.status !== 'cancelled' && r.issued_on === date) issued.push(row);
    if (r.status === 'paid' && r.paid_at && romeDate(new Date(r.paid_at)) === date) paid.push(row);
    const paidByThen = r.status === 'paid' && r.paid_at !== null && romeDate(new Date(r.paid_at)) <= date;
    if (r.status !== 'cancelled' && !paidByThen) outstanding.push(row);
  }
  const sum = (rows: ReconciliationRow[], f: (r: ReconciliationRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  return {
    date,
    issued,
    paid,
    outstanding,
    totals: {
      issuedCents: sum(issued, (r) => r.totalCents),
      paidCents: sum(paid, (r) => r.totalCents),
      outstandingCents: sum(outstanding, (r) => r.totalCents - r.paidCents),
      issuedCount: issued.length,
      paidCount: paid.length,
      outstandingCount: outstanding.length,
    },
  };
}

function csvCell(v: string): string {
  // Neutralise spreadsheet formulas and quote everything (RFC 4180).
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

const SECTIONS: [keyof Pick<Reconciliation, 'issued' | 'paid' | 'outstanding'>, string][] = [
  ['issued', 'emesso'],
  ['paid', 'pagato'],
  ['outstanding', 'da incassare'],
];

/** Semicolon-separated, UTF-8 with BOM, CRLF: what Italian spreadsheets open without questions. */
export function reconciliationCsv(rec: Reconciliation): string {
  const header = [
    'Sezione',
    'Data emissione',
    'Codice avviso',
    'IUV',
    'Oggetto',
    'Destinatario',
    'Importo (euro)',
    'Pagato (euro)',
    'Scadenza',
    'Data pagamento',
    'Fonte pagamento',
    'ID ricevuta',
    'Stato pagoPA',
  ];
  const lines = [header.map(csvCell).join(';')];
  for (const [key, label] of SECTIONS) {
    for (const r of rec[key]) {
      lines.push(
        [
          label,
          formatDateIt(r.issuedOn),
          r.nav,
          r.iuv,
          r.subject,
          r.debtorName,
          centsToDecimal(r.totalCents),
          centsToDecimal(r.paidCents),
          formatDateIt(r.dueDate),
          r.paidAt ? formatDateIt(romeDate(new Date(r.paidAt))) : '',
          r.paidSource === 'gpd' ? 'pagoPA' : r.paidSource === 'manual' ? 'ricevuta allo sportello' : '',
          r.receiptIds.join(' '),
          r.gpdState,
        ]
          .map(csvCell)
          .join(';'),
      );
    }
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The day's reconciliation as a CSV file leaving Sportello: the export is audited. */
export function exportReconciliation(db: Db, actor: Actor, date: string): string {
  const csv = reconciliationCsv(dailyReconciliation(db, date));
  recordAudit(db, actor, { action: 'pagopa.reconciliation.export', entityType: 'pagopa_reconciliation', entityId: date, detail: {} });
  return csv;
}
