/**
 * Notices at the counter: issue (offline, one transaction with its GPD outbox item and audit
 * entry), cancel (queues an invalidation), mark paid by hand, and read them back.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/log';
import { SportelloError, ValidationError } from '../errors';
import { Problems } from '../forms/problems';
import { dateAfterMax, dateBeforeMin } from '../forms/dates';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { enqueue } from '../sync/outbox';
import { queueNoticeMessage, withdrawNoticeMessages } from '../io/queue';
import { getCatalogueItem } from './catalogue';
import { isCalendarDate, romeEndOfDayUtc } from './format';
import { romeDate } from '../rome-time';
import {
  GPD_KIND_CREATE,
  GPD_KIND_INVALIDATE,
  type GpdCreatePayload,
  type GpdInvalidatePayload,
  type GpdPaymentOption,
  type GpdPosition,
  type GpdTransfer,
} from './gpd-model';
import { iuvOf, makeBase13, makeNav } from './nav';
import { requirePagopaSettings, workstationSlot } from './settings';
import { optionalText, requireCents, requireDebtorCf, requireText } from './validate';

export interface DebtorInput {
  type?: 'F' | 'G';
  codiceFiscale: string;
  fullName: string;
  address?: { streetName?: string; civicNumber?: string; postalCode?: string; city?: string; province?: string; country?: string };
}

export interface IssueNoticeInput {
  debtor: DebtorInput;
  /** Catalogue items charged (1 to 5: each becomes a GPD transfer). */
  items: { catalogueItemId: string }[];
  /** Shown as "Oggetto del pagamento"; defaults to the items' descriptions. */
  subject?: string;
  /** Due date of the rata unica, YYYY-MM-DD. */
  dueDate: string;
  /** None, or 2 to 9 instalments; amounts default to an even split. */
  instalments?: { dueDate: string; amountCents?: number }[];
  personId?: string;
  appointmentId?: string;
}

export type NoticeStatus = 'unpaid' | 'paid' | 'cancelled';
export type NoticeGpdState = 'pending' | 'published' | 'attention' | 'invalidating' | 'invalidated';
/** What the counter shows. */
export type NoticeDisplayStatus = 'paid' | 'unpaid' | 'expired' | 'cancelled';

export interface NoticeOption {
  idx: number;
  nav: string;
  iuv: string;
  amountCents: number;
  dueDate: string;
  status: 'unpaid' | 'paid';
  paymentDate: string | null;
  receiptId: string | null;
  pspCompany: string | null;
}

export interface NoticeLine {
  idx: number;
  catalogueItemId: string | null;
  description: string;
  amountCents: number;
  taxonomy: string;
  iban: string;
}

export interface Notice {
  id: string;
  iupd: string;
  cfEnte: string;
  subject: string;
  debtorType: 'F' | 'G';
  debtorCf: string;
  debtorName: string;
  debtorAddress: DebtorInput['address'] | null;
  totalCents: number;
  dueDate: string;
  status: NoticeStatus;
  displayStatus: NoticeDisplayStatus;
  gpdState: NoticeGpdState;
  gpdStatus: string | null;
  gpdErrorCode: string | null;
  issuedAt: string;
  issuedOn: string;
  issuedBy: string;
  workstationId: string;
  personId: string | null;
  appointmentId: string | null;
  paidAt: string | null;
  paidSource: 'gpd' | 'manual' | null;
  cancelledAt: string | null;
  options: NoticeOption[];
  lines: NoticeLine[];
}

const MAX_TRANSFERS = 5;

function validateDueDate(date: unknown, field: string, today: string): string {
  if (typeof date !== 'string' || !isCalendarDate(date)) {
    throw new ValidationError('PAGOPA_DUE_DATE', 'Data di scadenza non valida.', field);
  }
  if (date < today) {
    throw new ValidationError('PAGOPA_DUE_DATE_PAST', dateBeforeMin(today), field);
  }
  return date;
}

/** Splits `amount` over `weights` proportionally, exactly (largest remainder), every part ≥ 1 cent. */
export function splitCents(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (amount * w) / total);
  const parts = raw.map(Math.floor);
  let rest = amount - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  if (parts.some((p) => p < 1)) {
    throw new ValidationError(
      'PAGOPA_INSTALMENT_TOO_SMALL',
      'Rata troppo piccola per dividerla tra le voci: ridurre il numero di rate.',
      'instalments',
    );
  }
  return parts;
}

function allocateNavs(db: Db, segregationCode: string, slot: number, year: number, count: number): string[] {
  const row = db
    .prepare(
      `INSERT INTO pagopa_nav_counter (year, slot, last_seq) VALUES (@year, @slot, @count)
       ON CONFLICT (year, slot) DO UPDATE SET last_seq = last_seq + @count RETURNING last_seq`,
    )
    .get({ year, slot, count }) as { last_seq: number };
  const first = row.last_seq - count + 1;
  return Array.from({ length: count }, (_, i) => makeNav(segregationCode, makeBase13(year, slot, first + i)));
}

/** The catalogue items of a notice, 1 to 5, each found and active. */
function noticeLines(db: Db, items: IssueNoticeInput['items']): NoticeLine[] {
  if (!Array.isArray(items) || items.length === 0) {
    throw new ValidationError('PAGOPA_NO_ITEMS', 'Scegliere almeno una voce del catalogo da far pagare.', 'items');
  }
  if (items.length > MAX_TRANSFERS) {
    throw new ValidationError('PAGOPA_TOO_MANY_ITEMS', 'Un avviso può contenere al massimo 5 voci: emettere un secondo avviso.', 'items');
  }
  return items.map((it, idx) => {
    const c = getCatalogueItem(db, it.catalogueItemId);
    if (!c || !c.active) {
      throw new ValidationError(
        'PAGOPA_ITEM_UNKNOWN',
        "Voce del catalogo non trovata o non più attiva: sceglierne un'altra.",
        `items.${idx}`,
      );
    }
    return { idx, catalogueItemId: c.id, description: c.description, amountCents: c.amountCents, taxonomy: c.taxonomy, iban: c.iban };
  });
}

export function issueNotice(db: Db, actor: Actor, input: IssueNoticeInput, now: Date = new Date()): Notice {
  const settings = requirePagopaSettings(db);
  const today = romeDate(now);
  const debtorType = input.debtor?.type ?? 'F';
  if (debtorType !== 'F' && debtorType !== 'G') {
    throw new ValidationError('PAGOPA_DEBTOR_TYPE', 'Tipo di destinatario non valido.', 'debtor.type');
  }
  // The debtor, the due date and the items are checked together: every problem at once.
  const p = new Problems((n) => `Ci sono ${n} dati da correggere: sono indicati accanto a ciascun campo.`);
  const name = p.run(() => requireText(input.debtor?.fullName, 'debtor.fullName', 'Nome e cognome del destinatario', 70));
  const cf = p.run(() => requireDebtorCf(debtorType, input.debtor?.codiceFiscale));
  const address = input.debtor.address ?? null;
  const due = p.run(() => validateDueDate(input.dueDate, 'dueDate', today));
  const lines = p.run(() => noticeLines(db, input.items)) ?? [];
  p.settle();
  const [debtorName, debtorCf, dueDate] = [name!, cf!, due!];
  const totalCents = lines.reduce((a, l) => a + l.amountCents, 0);
  const subject = input.subject?.trim()
    ? requireText(input.subject, 'subject', 'Oggetto del pagamento', 90)
    : lines
        .map((l) => l.description)
        .join(' + ')
        .slice(0, 90);

  const inst = input.instalments ?? [];
  if (inst.length === 1 || inst.length > 9) {
    throw new ValidationError(
      'PAGOPA_INSTALMENTS',
      'Le rate possono essere da 2 a 9; per un solo pagamento non indicare rate.',
      'instalments',
    );
  }
  let instAmounts: number[] = [];
  if (inst.length > 0) {
    const given = inst.map((r) => r.amountCents);
    if (given.every((a) => a === undefined)) {
      const base = Math.floor(totalCents / inst.length);
      instAmounts = inst.map((_, i) => base + (i === 0 ? totalCents - base * inst.length : 0));
    } else {
      instAmounts = given.map((a, i) => requireCents(a, `instalments.${i}.amountCents`, `Rata ${i + 1}`));
      if (instAmounts.reduce((a, b) => a + b, 0) !== totalCents) {
        throw new ValidationError('PAGOPA_INSTALMENTS_SUM', "La somma delle rate deve essere uguale al totale dell'avviso.", 'instalments');
      }
    }
    if (instAmounts.some((a) => a < 1)) {
      throw new ValidationError('PAGOPA_INSTALMENT_TOO_SMALL', 'Importo troppo basso per dividerlo in rate.', 'instalments');
    }
    let prev = '';
    inst.forEach((r, i) => {
      const d = validateDueDate(r.dueDate, `instalments.${i}.dueDate`, today);
      if (d <= prev)
        throw new ValidationError(
          'PAGOPA_INSTALMENT_ORDER',
          'Le scadenze delle rate devono essere in ordine crescente.',
          `instalments.${i}.dueDate`,
        );
      prev = d;
    });
  }

  const id = randomUUID();
  const iupd = `${settings.cfEnte}-${randomUUID()}`;
  const issuedAt = now.toISOString();

  return withTx(db, (tx) => {
    const slot = workstationSlot(db, actor.workstationId);
    const navs = allocateNavs(db, settings.segregationCode, slot, Number(today.slice(0, 4)), 1 + inst.length);
    const options: NoticeOption[] = [
      { idx: 0, amountCents: totalCents, dueDate },
      ...inst.map((r, i) => ({ idx: i + 1, amountCents: instAmounts[i], dueDate: r.dueDate })),
    ].map((o, i) => ({ ...o, nav: navs[i], iuv: iuvOf(navs[i]), status: 'unpaid', paymentDate: null, receiptId: null, pspCompany: null }));

    db.prepare(
      `INSERT INTO pagopa_notice (id, iupd, cf_ente, subject, debtor_type, debtor_cf, debtor_name, debtor_address, total_cents,
         due_date, instalments, status, gpd_state, issued_at, issued_on, issued_by, workstation_id, person_id, appointment_id)
       VALUES (@id, @iupd, @cfEnte, @subject, @debtorType, @debtorCf, @debtorName, @address, @totalCents, @dueDate,
         @instalments, 'unpaid', 'pending', @issuedAt, @issuedOn, @issuedBy, @workstationId, @personId, @appointmentId)`,
    ).run({
      id,
      iupd,
      cfEnte: settings.cfEnte,
      subject,
      debtorType,
      debtorCf,
      debtorName,
      address: address ? JSON.stringify(address) : null,
      totalCents,
      dueDate,
      instalments: inst.length,
      issuedAt,
      issuedOn: today,
      issuedBy: actor.operatorId,
      workstationId: actor.workstationId,
      personId: optionalText(input.personId, 'personId', 'Persona', 100),
      appointmentId: optionalText(input.appointmentId, 'appointmentId', 'Appuntamento', 100),
    });
    const insOption = db.prepare(
      `INSERT INTO pagopa_payment_option (nav, iuv, notice_id, idx, amount_cents, due_date, status)
       VALUES (?, ?, ?, ?, ?, ?, 'unpaid')`,
    );
    for (const o of options) insOption.run(o.nav, o.iuv, id, o.idx, o.amountCents, o.dueDate);
    const insLine = db.prepare(
      `INSERT INTO pagopa_notice_line (notice_id, idx, catalogue_item_id, description, amount_cents, taxonomy, iban)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const l of lines) insLine.run(id, l.idx, l.catalogueItemId, l.description, l.amountCents, l.taxonomy, l.iban);

    const position = buildPosition({
      iupd,
      debtorType,
      debtorCf,
      debtorName,
      address,
      companyName: settings.enteName,
      officeName: settings.officeName,
      subject,
      lines,
      options,
    });
    const payload: GpdCreatePayload = { cfEnte: settings.cfEnte, position };
    enqueue(tx, {
      platform: 'gpd',
      kind: GPD_KIND_CREATE,
      orderingKey: `gpd:${iupd}`,
      payload,
      payloadVersion: 1,
      idempotencyKey: iupd,
      businessType: 'pagopa_notice',
      businessId: id,
      operatorId: actor.operatorId,
    });
    // The citizen's IO message with the payment data leaves only once pagoPA has the position
    // (queueNoticeIo, from the gpd.create handler's onDone): never for a position pagoPA refused.
    appendAudit(tx, actor, {
      action: 'pagopa.notice.issue',
      entityType: 'pagopa_notice',
      entityId: id,
      detail: { nav: options[0].nav, totalCents, instalments: inst.length, items: lines.map((l) => l.catalogueItemId) },
    });
    return getNotice(db, id, now)!;
  });
}

interface PositionParts {
  iupd: string;
  debtorType: 'F' | 'G';
  debtorCf: string;
  debtorName: string;
  address: DebtorInput['address'] | null;
  companyName: string;
  officeName: string | null;
  subject: string;
  lines: NoticeLine[];
  options: { idx: number; nav: string; iuv: string; amountCents: number; dueDate: string }[];
}

/** The GPD body, built once at issue time: every resend carries exactly these bytes. */
export function buildPosition(p: PositionParts): GpdPosition {
  const weights = p.lines.map((l) => l.amountCents);
  const paymentOption: GpdPaymentOption[] = p.options.map((o) => {
    const amounts = o.idx === 0 ? weights : splitCents(o.amountCents, weights);
    const transfer: GpdTransfer[] = p.lines.map((l, i) => ({
      idTransfer: String(i + 1) as GpdTransfer['idTransfer'],
      amount: amounts[i],
      remittanceInformation: l.description.slice(0, 140),
      category: l.taxonomy,
      iban: l.iban,
    }));
    return {
      iuv: o.iuv,
      nav: o.nav,
      amount: o.amountCents,
      description: (o.idx === 0 ? p.subject : `${p.subject} - Rata ${o.idx}`).slice(0, 140),
      isPartialPayment: o.idx !== 0,
      dueDate: romeEndOfDayUtc(o.dueDate),
      transfer,
    };
  });
  const a = p.address ?? {};
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
  return clean({
    iupd: p.iupd,
    type: p.debtorType,
    fiscalCode: p.debtorCf,
    fullName: p.debtorName,
    streetName: a.streetName,
    civicNumber: a.civicNumber,
    postalCode: a.postalCode,
    city: a.city,
    province: a.province,
    country: a.country,
    switchToExpired: false,
    companyName: p.companyName.slice(0, 140),
    officeName: p.officeName?.slice(0, 140),
    paymentOption,
  });
}

interface NoticeRow {
  id: string;
  iupd: string;
  cf_ente: string;
  subject: string;
  debtor_type: 'F' | 'G';
  debtor_cf: string;
  debtor_name: string;
  debtor_address: string | null;
  total_cents: number;
  due_date: string;
  status: NoticeStatus;
  gpd_state: NoticeGpdState;
  gpd_status: string | null;
  gpd_error_code: string | null;
  issued_at: string;
  issued_on: string;
  issued_by: string;
  workstation_id: string;
  person_id: string | null;
  appointment_id: string | null;
  paid_at: string | null;
  paid_source: 'gpd' | 'manual' | null;
  cancelled_at: string | null;
}

interface OptionRow {
  nav: string;
  iuv: string;
  idx: number;
  amount_cents: number;
  due_date: string;
  status: 'unpaid' | 'paid';
  payment_date: string | null;
  receipt_id: string | null;
  psp_company: string | null;
}

export function displayStatus(status: NoticeStatus, gpdStatus: string | null, lastDueDate: string, today: string): NoticeDisplayStatus {
  if (status === 'paid') return 'paid';
  if (status === 'cancelled') return 'cancelled';
  if (gpdStatus === 'EXPIRED' || lastDueDate < today) return 'expired';
  return 'unpaid';
}

export function getNotice(db: Db, id: string, now: Date = new Date()): Notice | undefined {
  const r = db.prepare('SELECT * FROM pagopa_notice WHERE id = ? OR iupd = ?').get(id, id) as NoticeRow | undefined;
  if (!r) return undefined;
  const options = (db.prepare('SELECT * FROM pagopa_payment_option WHERE notice_id = ? ORDER BY idx').all(r.id) as OptionRow[]).map(
    (o): NoticeOption => ({
      idx: o.idx,
      nav: o.nav,
      iuv: o.iuv,
      amountCents: o.amount_cents,
      dueDate: o.due_date,
      status: o.status,
      paymentDate: o.payment_date,
      receiptId: o.receipt_id,
      pspCompany: o.psp_company,
    }),
  );
  const lines = (
    db.prepare('SELECT * FROM pagopa_notice_line WHERE notice_id = ? ORDER BY idx').all(r.id) as {
      idx: number;
      catalogue_item_id: string | null;
      description: string;
      amount_cents: number;
      taxonomy: string;
      iban: string;
    }[]
  ).map((l) => ({
    idx: l.idx,
    catalogueItemId: l.catalogue_item_id,
    description: l.description,
    amountCents: l.amount_cents,
    taxonomy: l.taxonomy,
    iban: l.iban,
  }));
  const lastDue = options.reduce((m, o) => (o.dueDate > m ? o.dueDate : m), r.due_date);
  return {
    id: r.id,
    iupd: r.iupd,
    cfEnte: r.cf_ente,
    subject: r.subject,
    debtorType: r.debtor_type,
    debtorCf: r.debtor_cf,
    debtorName: r.debtor_name,
    debtorAddress: r.debtor_address ? JSON.parse(r.debtor_address) : null,
    totalCents: r.total_cents,
    dueDate: r.due_date,
    status: r.status,
    displayStatus: displayStatus(r.status, r.gpd_status, lastDue, romeDate(now)),
    gpdState: r.gpd_state,
    gpdStatus: r.gpd_status,
    gpdErrorCode: r.gpd_error_code,
    issuedAt: r.issued_at,
    issuedOn: r.issued_on,
    issuedBy: r.issued_by,
    workstationId: r.workstation_id,
    personId: r.person_id,
    appointmentId: r.appointment_id,
    paidAt: r.paid_at,
    paidSource: r.paid_source,
    cancelledAt: r.cancelled_at,
    options,
    lines,
  };
}

function requireNotice(db: Db, id: string): Notice {
  const n = getNotice(db, id);
  if (!n) throw new SportelloError('PAGOPA_NOTICE_NOT_FOUND', "Avviso non trovato: ricaricare l'elenco degli avvisi.", { id });
  return n;
}

/**
 * The notice's IO message with its payment data, queued in the transaction that records pagoPA's
 * "created" (gpd.create onDone): the citizen can pay in the app only a position pagoPA holds. A
 * notice cancelled meanwhile gets none. Audited as the issuing clerk's, from this workstation.
 */
export function queueNoticeIo(tx: TxDb, noticeId: string, operatorId: string | null, workstationId: string): void {
  const n = getNotice(tx, noticeId);
  if (!n || n.status !== 'unpaid') return;
  const row = tx.prepare('SELECT instalments FROM pagopa_notice WHERE id = ?').get(noticeId) as { instalments: number };
  queueNoticeMessage(
    tx,
    { operatorId: operatorId ?? n.issuedBy, workstationId },
    {
      noticeId: n.id,
      debtorType: n.debtorType,
      debtorCf: n.debtorCf,
      debtorName: n.debtorName,
      enteName: requirePagopaSettings(tx).enteName,
      subject: n.subject,
      noticeNumber: n.options[0].nav,
      amountCents: n.totalCents,
      dueDate: n.dueDate,
      instalments: row.instalments,
      payeeFiscalCode: n.cfEnte,
    },
  );
}

/** Takes a queued item out unless it is on the wire (the sync engine's withdraw; false: it stays). */
export type Withdraw = (outboxId: string, reason: string) => boolean;

/**
 * Cancels an unpaid notice: locally at once, on GPD by a queued invalidation; its IO message not
 * sent yet is withdrawn (`withdraw`: the engine's, which leaves one on the wire alone; without an
 * engine running, the item is withdrawn here).
 */
export function cancelNotice(db: Db, actor: Actor, id: string, reason: string, withdraw?: Withdraw): Notice {
  const why = requireText(reason, 'reason', "Motivo dell'annullamento", 200);
  return withTx(db, (tx) => {
    const n = requireNotice(db, id);
    if (n.status === 'cancelled') {
      throw new SportelloError('PAGOPA_ALREADY_CANCELLED', 'Questo avviso è già stato annullato.', { id: n.id });
    }
    if (n.status === 'paid' || n.options.some((o) => o.status === 'paid')) {
      throw new SportelloError(
        'PAGOPA_CANCEL_PAID',
        "L'avviso risulta già pagato (anche solo in parte) e non si può annullare: per un rimborso seguire la procedura della ragioneria.",
        { id: n.id },
      );
    }
    db.prepare(
      `UPDATE pagopa_notice SET status = 'cancelled', gpd_state = 'invalidating', cancelled_at = ?, cancel_reason = ? WHERE id = ?`,
    ).run(new Date().toISOString(), why, n.id);
    const payload: GpdInvalidatePayload = { cfEnte: n.cfEnte, iupd: n.iupd };
    enqueue(tx, {
      platform: 'gpd',
      kind: GPD_KIND_INVALIDATE,
      orderingKey: `gpd:${n.iupd}`,
      payload,
      payloadVersion: 1,
      idempotencyKey: `${n.iupd}:invalidate`,
      businessType: 'pagopa_notice',
      businessId: n.id,
      operatorId: actor.operatorId,
    });
    withdrawNoticeMessages(tx, actor, n.id, 'Avviso annullato', withdraw);
    appendAudit(tx, actor, {
      action: 'pagopa.notice.cancel',
      entityType: 'pagopa_notice',
      entityId: n.id,
      detail: { nav: n.options[0].nav },
    });
    return getNotice(db, n.id)!;
  });
}

/** The citizen shows proof of payment before GPD reports it: the counter records it by hand. */
export function markNoticePaid(db: Db, actor: Actor, id: string, proof: { note: string; paidAt?: string }, now: Date = new Date()): Notice {
  const note = requireText(proof.note, 'note', 'Estremi della ricevuta', 200);
  const paidAt = proof.paidAt ?? now.toISOString();
  if (Number.isNaN(Date.parse(paidAt))) throw new ValidationError('PAGOPA_PAID_AT', 'Data di pagamento non valida.', 'paidAt');
  const today = romeDate(now);
  if (romeDate(new Date(paidAt)) > today) throw new ValidationError('PAGOPA_PAID_FUTURE', dateAfterMax(today), 'paidOn');
  return withTx(db, (tx) => {
    const n = requireNotice(db, id);
    if (n.status === 'cancelled') {
      throw new SportelloError(
        'PAGOPA_PAY_CANCELLED',
        "L'avviso è stato annullato: non si può segnare come pagato. Emettere un nuovo avviso se serve.",
        { id: n.id },
      );
    }
    if (n.status === 'paid') return n;
    db.prepare(`UPDATE pagopa_notice SET status = 'paid', paid_at = ?, paid_source = 'manual', paid_note = ? WHERE id = ?`).run(
      new Date(paidAt).toISOString(),
      note,
      n.id,
    );
    appendAudit(tx, actor, {
      action: 'pagopa.notice.paid.manual',
      entityType: 'pagopa_notice',
      entityId: n.id,
      detail: { nav: n.options[0].nav },
    });
    return getNotice(db, n.id)!;
  });
}

export interface NoticeListFilter {
  personId?: string;
  appointmentId?: string;
  issuedOn?: string;
  limit?: number;
}

export function listNotices(db: Db, f: NoticeListFilter = {}, now: Date = new Date()): Notice[] {
  const ids = db
    .prepare(
      `SELECT id FROM pagopa_notice
       WHERE (@personId IS NULL OR person_id = @personId) AND (@appointmentId IS NULL OR appointment_id = @appointmentId)
         AND (@issuedOn IS NULL OR issued_on = @issuedOn)
       ORDER BY issued_at DESC LIMIT @limit`,
    )
    .all({ personId: f.personId ?? null, appointmentId: f.appointmentId ?? null, issuedOn: f.issuedOn ?? null, limit: f.limit ?? 200 }) as {
    id: string;
  }[];
  return ids.map((r) => getNotice(db, r.id, now)!);
}
