import type { z } from 'zod';
import type { NoticeView, PagopaSettingsView } from '../contracts/pagopa';
import type { Operator } from '../core/auth/operators';
import { ValidationError } from '../core/errors';
import { createCatalogueItem, listCatalogue, updateCatalogueItem } from '../core/pagopa/catalogue';
import { debtorOf } from '../core/pagopa/debtor';
import { printNotice } from '../core/pagopa/notice-document';
import { findNotices } from '../core/pagopa/notice-search';
import { cancelNotice, issueNotice, markNoticePaid, type Notice } from '../core/pagopa/notices';
import { dailyReconciliation, exportReconciliation } from '../core/pagopa/reconciliation';
import { currentWorkstationSlot, getPagopaSettings, savePagopaSetup, type PagopaSettings } from '../core/pagopa/settings';
import { romeDate } from '../core/rome-time';
import { getComune, operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { pagopaContract } from '../contracts/pagopa';
import type { AppServices } from './services';
import { noticeIoStatus } from '../core/io/status';
import type { Db } from '../core/store/types';

type PagopaProcedures = Pick<Procedures, keyof typeof pagopaContract>;
type NoticeViewT = z.output<typeof NoticeView>;

function noticeView(n: Notice, db: Db): NoticeViewT {
  return {
    id: n.id,
    io: noticeIoStatus(db, n.id, n.status === 'unpaid' && (n.gpdState === 'pending' || n.gpdState === 'attention')),
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

function download(filename: string, mime: string, data: Buffer) {
  return { filename, mime, base64: data.toString('base64') };
}

export function pagopaProcedures(s: AppServices): PagopaProcedures {
  const actor = (op: Operator | null) => operatorActor(op, s.workstation.id);
  const settingsAnswer = () => {
    const p = getPagopaSettings(s.db);
    const comune = p ? undefined : getComune(s.db);
    const defaults = comune?.cfEnte ? { cfEnte: comune.cfEnte, enteName: comune.nome } : null;
    return {
      settings: p ? settingsView(p) : null,
      slot: currentWorkstationSlot(s.db, s.workstation.id),
      workstationNumber: s.workstation.number,
      defaults,
    };
  };

  return {
    'pagopa.settings.get': () => settingsAnswer(),

    'pagopa.settings.save': ({ logoBase64, slot, ...input }, ctx) => {
      const logo = decodeLogo(logoBase64);
      savePagopaSetup(
        s.db,
        actor(ctx.operator),
        s.workstation.id,
        {
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
        },
        slot,
      );
      return settingsAnswer();
    },

    'pagopa.catalogue.list': ({ includeInactive }) => listCatalogue(s.db, { includeInactive: includeInactive ?? false }),

    'pagopa.catalogue.save': ({ id, ...item }, ctx) =>
      id ? updateCatalogueItem(s.db, actor(ctx.operator), id, item) : createCatalogueItem(s.db, actor(ctx.operator), item),

    'pagopa.debtor': ({ personId, appointmentId }, ctx) => debtorOf(s.db, actor(ctx.operator), { personId, appointmentId }),

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
      return noticeView(n, s.db);
    },

    'pagopa.notices.list': ({ scope, query }) =>
      findNotices(s.db, query ?? undefined, scope === 'today' ? romeDate(new Date()) : null).map((n) => noticeView(n, s.db)),

    'pagopa.notices.pdf': async ({ id }, ctx) => {
      const { nav, pdf } = await printNotice(s.db, actor(ctx.operator), id);
      return download(`avviso-pagopa-${nav}.pdf`, 'application/pdf', pdf);
    },

    'pagopa.notices.markPaid': ({ id, receipt, paidOn }, ctx) => {
      // Midday UTC falls on the same calendar day in Rome, whatever the season.
      const paidAt = paidOn ? `${paidOn}T12:00:00.000Z` : undefined;
      return noticeView(markNoticePaid(s.db, actor(ctx.operator), id, { note: receipt, paidAt }), s.db);
    },

    'pagopa.notices.cancel': ({ id, reason }, ctx) => {
      const a = actor(ctx.operator);
      const n = cancelNotice(s.db, a, id, reason, (outboxId, why) => s.sync.withdraw(a, outboxId, why));
      s.notifySync();
      return noticeView(n, s.db);
    },

    'pagopa.refresh': () => {
      void s.platforms.pollPayments().catch((e: unknown) => s.log.warn('pagopa.refresh_failed', { error: String(e) }));
      return { ok: true as const };
    },

    'pagopa.reconciliation': ({ date }) => dailyReconciliation(s.db, date),

    'pagopa.reconciliation.csv': ({ date }, ctx) =>
      download(
        `riconciliazione-pagopa-${date}.csv`,
        'text/csv;charset=utf-8',
        Buffer.from(exportReconciliation(s.db, actor(ctx.operator), date), 'utf8'),
      ),
  };
}
