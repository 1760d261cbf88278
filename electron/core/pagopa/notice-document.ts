/** Resolves a stored notice and the Comune's settings into what the notice PDF prints, and prints it. */
import { recordAudit } from '../audit/log';
import { SportelloError } from '../errors';
import type { Actor, Db } from '../store/types';
import type { NoticeDocument } from '../print/notice-types';
import { getNotice } from './notices';
import { requirePagopaSettings } from './settings';

export function noticeDocument(db: Db, noticeId: string): NoticeDocument {
  const n = getNotice(db, noticeId);
  if (!n) throw new SportelloError('PAGOPA_NOTICE_NOT_FOUND', "Avviso non trovato: ricaricare l'elenco degli avvisi.", { id: noticeId });
  if (n.status === 'cancelled') {
    throw new SportelloError('PAGOPA_PRINT_CANCELLED', "L'avviso è stato annullato: non si può stampare. Emetterne uno nuovo se serve.", {
      id: n.id,
    });
  }
  const s = requirePagopaSettings(db);
  const a = n.debtorAddress;
  const street = [a?.streetName, a?.civicNumber].filter(Boolean).join(' ');
  const town = [a?.postalCode, a?.city, a?.province ? `(${a.province})` : undefined].filter(Boolean).join(' ');
  return {
    subject: n.subject,
    ente: {
      cf: n.cfEnte,
      name: s.enteName,
      office: s.officeName,
      info: s.enteInfo,
      cbill: s.cbill,
      onlineChannel: s.onlineChannel,
      physicalChannel: s.physicalChannel,
      logo: s.logo,
    },
    debtor: { cf: n.debtorCf === 'ANONIMO' ? null : n.debtorCf, fullName: n.debtorName, addressLines: [street, town].filter(Boolean) },
    single: { nav: n.options[0].nav, amountCents: n.options[0].amountCents, dueDate: n.options[0].dueDate },
    instalments: n.options.slice(1).map((o) => ({ nav: o.nav, amountCents: o.amountCents, dueDate: o.dueDate })),
    poste:
      s.postalAccount && s.postalHolder && s.posteAuthorization
        ? { account: s.postalAccount, holder: s.postalHolder, authorization: s.posteAuthorization }
        : null,
  };
}

/** The notice's PDF (the print module is loaded on first print); the printing is audited. */
export async function printNotice(db: Db, actor: Actor, id: string): Promise<{ nav: string; pdf: Buffer }> {
  const n = getNotice(db, id);
  if (!n) throw new SportelloError('PAGOPA_NOTICE_NOT_FOUND', "Avviso non trovato: ricaricare l'elenco degli avvisi.", { id });
  const { renderNotice } = await import('../print/notice');
  const { pdf } = await renderNotice(noticeDocument(db, n.id));
  const nav = n.options[0].nav;
  recordAudit(db, actor, { action: 'pagopa.notice.print', entityType: 'pagopa_notice', entityId: n.id, detail: { nav } });
  return { nav, pdf };
}
