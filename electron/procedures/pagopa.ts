import { withTx } from '../core/store/tx';
import type { z } from 'zod';
import type { NoticeView, PagopaSettingsView } from '../contracts/pagopa';
import { appendAudit } from '../core/audit/log';
import type { Operator } from '../core/auth/operators';
import { readPersonRecord } from '../core/anagrafe/registry';
import { getBooking } from '../core/cie/booking-store';
import { isSportelloError, SportelloError, ValidationError } from '../core/errors';
import { createCatalogueItem, listCatalogue, updateCatalogueItem } from '../core/pagopa/catalogue';
import { romeDate } from '../core/rome-time';
import { noticeDocument } from '../core/pagopa/notice-document';
import { cancelNotice, getNotice, issueNotice, listNotices, markNoticePaid, type Notice } from '../core/pagopa/notices';
import { dailyReconciliation, reconciliationCsv } from '../core/pagopa/reconciliation';
import {
  assignWorkstationSlot,
  getPagopaSettings,
  savePagopaSettings,
  workstationSlot,
  type PagopaSettings,
} from '../core/pagopa/settings';
import type { Db } from '../core/store/types';
import { getComune } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { pagopaContract } from '../contracts/pagopa';
import type { AppServices } from './services';

type PagopaProcedures = Pick<Procedures, keyof typeof pagopaContract>;
type NoticeViewT = z.output<typeof NoticeView>;

const LIST_LIMIT = 200;

function noticeView(n: Notice): NoticeViewT {
  return {
    id: n.id,
    nav: n.options[0].nav,
    iuv: n.options[0].iuv,
    subject: n.subject,
    debtorName: n.debtorName,
    debtorCf: n.debtorCf,
    totalCents: n.totalCents,
    dueDate: n.dueDate,
    displayStatus: n.displayStatus,
    gpdState: n.gpdState,
    gpdErrorCode: n.gpdErrorCode,
    issuedAt: n.issuedAt,
    issuedOn: n.issuedOn,
    paidAt: n.paidAt,
    paidSource: n.paidSource,
    cancelledAt: n.cancelledAt,
    personId: n.personId,
    appointmentId: n.appointmentId,
    lines: n.lines.map((l) => ({ description: l.description, amountCents: l.amountCents })),
    options: n.options.map((o) => ({
      idx: o.idx,
      nav: o.nav,
      amountCents: o.amountCents,
      dueDate: o.dueDate,
      status: o.status,
      receiptId: o.receiptId,
    })),
  };
}

function settingsView(p: PagopaSettings): z.output<typeof PagopaSettingsView> {
  const { logo, ...rest } = p;
  return { ...rest, logoBase64: logo ? logo.toString('base64') : null };
}

function decodeLogo(b64: string | null): Buffer | null {
  if (!b64) return null;
  const clean = b64.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new ValidationError('PAGOPA_LOGO_FORMAT', 'Il logo non è stato letto correttamente: sceglierlo di nuovo.', 'logo');
  }
  return Buffer.from(clean, 'base64');
}

/** Notice ids whose code, IUV, debtor name or codice fiscale contain `query`, newest first. */
function searchNoticeIds(db: Db, query: string, issuedOn: string | null): string[] {
  const q = query.trim();
  const digits = q.replace(/[\s.-]/g, '');
  const byCode = /^\d{3,18}$/.test(digits);
  const rows = db
    .prepare(
      `SELECT n.id FROM pagopa_notice n
       WHERE (@issuedOn IS NULL OR n.issued_on = @issuedOn)
         AND (${
           byCode
             ? `EXISTS (SELECT 1 FROM pagopa_payment_option o WHERE o.notice_id = n.id AND (o.nav LIKE @like ESCAPE '\\' OR o.iuv LIKE @like ESCAPE '\\'))`
             : `(n.debtor_name LIKE @like ESCAPE '\\' OR n.debtor_cf LIKE @like ESCAPE '\\' OR n.subject LIKE @like ESCAPE '\\')`
         })
       ORDER BY n.issued_at DESC LIMIT ${LIST_LIMIT}`,
    )
    .all({ issuedOn, like: `%${(byCode ? digits : q).replace(/[\\%_]/g, (c) => `\\${c}`)}%` }) as { id: string }[];
  return rows.map((r) => r.id);
}

function download(filename: string, mime: string, data: Buffer) {
  return { filename, mime, base64: data.toString('base64') };
}

export function pagopaProcedures(s: AppServices): PagopaProcedures {
  const actor = (op: Operator | null) => ({ operatorId: op!.id, workstationId: s.workstation.id });
  const currentSlot = (): number | null => {
    try {
      return workstationSlot(s.db, s.workstation.id);
    } catch (e) {
      if (isSportelloError(e) && e.code === 'PAGOPA_NO_SLOT') return null;
      throw e;
    }
  };
  const settingsAnswer = () => {
    const p = getPagopaSettings(s.db);
    const comune = p ? undefined : getComune(s.db);
    const defaults = comune?.cfEnte ? { cfEnte: comune.cfEnte, enteName: comune.nome } : null;
    return { settings: p ? settingsView(p) : null, slot: currentSlot(), workstationNumber: s.workstation.number, defaults };
  };
  const requireNotice = (id: string): Notice => {
    const n = getNotice(s.db, id);
    if (!n) throw new SportelloError('PAGOPA_NOTICE_NOT_FOUND', "Avviso non trovato: ricaricare l'elenco degli avvisi.", { id });
    return n;
  };

  return {
    'pagopa.settings.get': () => settingsAnswer(),

    'pagopa.settings.save': ({ logoBase64, slot, ...input }, ctx) => {
      const logo = decodeLogo(logoBase64);
      s.db.transaction(() => {
        savePagopaSettings(s.db, actor(ctx.operator), {
          ...input,
          officeName: input.officeName ?? null,
          enteInfo: input.enteInfo ?? null,
          cbill: input.cbill ?? null,
          physicalChannel: input.physicalChannel ?? null,
          onlineChannel: input.onlineChannel ?? null,
          postalAccount: input.postalAccount ?? null,
          postalHolder: input.postalHolder ?? null,
          posteAuthorization: input.posteAuthorization ?? null,
          logo,
        });
        if (currentSlot() !== slot) assignWorkstationSlot(s.db, actor(ctx.operator), s.workstation.id, slot);
      })();
      return settingsAnswer();
    },

    'pagopa.catalogue.list': ({ includeInactive }) => listCatalogue(s.db, { includeInactive: includeInactive ?? false }),

    'pagopa.catalogue.save': ({ id, ...item }, ctx) =>
      id ? updateCatalogueItem(s.db, actor(ctx.operator), id, item) : createCatalogueItem(s.db, actor(ctx.operator), item),

    'pagopa.debtor': ({ personId, appointmentId }, ctx) => {
      if (personId) {
        const { person } = readPersonRecord(s.db, actor(ctx.operator), personId);
        return {
          fullName: [person.nome, person.cognome].filter(Boolean).join(' '),
          codiceFiscale: person.codice_fiscale ?? '',
          personId: person.id,
          appointmentId: appointmentId ?? null,
        };
      }
      if (appointmentId) {
        const b = getBooking(s.db, appointmentId);
        const p = b.people[0];
        withTx(s.db, (tx) =>
          appendAudit(tx, actor(ctx.operator), { action: 'pagopa.debtor.read', entityType: 'cie_booking', entityId: b.id, detail: {} }),
        );
        return {
          fullName: p ? `${p.givenNames} ${p.surname}` : '',
          codiceFiscale: p?.codiceFiscale ?? '',
          personId: p?.personId ?? null,
          appointmentId: b.id,
        };
      }
      throw new ValidationError('PAGOPA_DEBTOR_SOURCE', "Indicare la persona o l'appuntamento da cui prendere i dati.", 'personId');
    },

    'pagopa.notices.issue': (input, ctx) => {
      const n = issueNotice(s.db, actor(ctx.operator), {
        debtor: { type: 'F', fullName: input.debtor.fullName, codiceFiscale: input.debtor.codiceFiscale },
        items: input.items.map((code) => ({ catalogueItemId: code })),
        dueDate: input.dueDate,
        instalments: input.instalments,
        subject: input.subject ?? undefined,
        personId: input.personId ?? undefined,
        appointmentId: input.appointmentId ?? undefined,
      });
      s.notifySync();
      return noticeView(n);
    },

    'pagopa.notices.list': ({ scope, query }) => {
      const issuedOn = scope === 'today' ? romeDate(new Date()) : null;
      if (query?.trim()) {
        return searchNoticeIds(s.db, query, issuedOn).map((id) => noticeView(getNotice(s.db, id)!));
      }
      return listNotices(s.db, { issuedOn: issuedOn ?? undefined, limit: LIST_LIMIT }).map(noticeView);
    },

    'pagopa.notices.pdf': async ({ id }, ctx) => {
      const n = requireNotice(id);
      const { renderNotice } = await import('../core/print/notice'); // loaded on first print
      const { pdf } = await renderNotice(noticeDocument(s.db, n.id));
      withTx(s.db, (tx) =>
        appendAudit(tx, actor(ctx.operator), {
          action: 'pagopa.notice.print',
          entityType: 'pagopa_notice',
          entityId: n.id,
          detail: { nav: n.options[0].nav },
        }),
      );
      return download(`avviso-pagopa-${n.options[0].nav}.pdf`, 'application/pdf', pdf);
    },

    'pagopa.notices.markPaid': ({ id, receipt, paidOn }, ctx) => {
      if (paidOn && paidOn > romeDate(new Date())) {
        throw new ValidationError('PAGOPA_PAID_FUTURE', 'La data di pagamento non può essere nel futuro.', 'paidOn');
      }
      // Midday UTC falls on the same calendar day in Rome, whatever the season.
      const paidAt = paidOn ? `${paidOn}T12:00:00.000Z` : undefined;
      return noticeView(markNoticePaid(s.db, actor(ctx.operator), id, { note: receipt, paidAt }));
    },

    'pagopa.notices.cancel': ({ id, reason }, ctx) => {
      const n = cancelNotice(s.db, actor(ctx.operator), id, reason);
      s.notifySync();
      return noticeView(n);
    },

    'pagopa.refresh': () => {
      void s.platforms.pollPayments().catch((e: unknown) => s.log.warn('pagopa.refresh_failed', { error: String(e) }));
      return { ok: true as const };
    },

    'pagopa.reconciliation': ({ date }) => dailyReconciliation(s.db, date),

    'pagopa.reconciliation.csv': ({ date }, ctx) => {
      const csv = reconciliationCsv(dailyReconciliation(s.db, date));
      withTx(s.db, (tx) =>
        appendAudit(tx, actor(ctx.operator), {
          action: 'pagopa.reconciliation.export',
          entityType: 'pagopa_reconciliation',
          entityId: date,
          detail: {},
        }),
      );
      return download(`riconciliazione-pagopa-${date}.csv`, 'text/csv;charset=utf-8', Buffer.from(csv, 'utf8'));
    },
  };
}
