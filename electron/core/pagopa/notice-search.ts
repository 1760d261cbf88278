/** The notices list: today's or all, or those matching what the clerk typed. */
import type { Db } from '../store/types';
import { getNotice, listNotices, type Notice } from './notices';

const LIST_LIMIT = 200;

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

/** Notices issued on `issuedOn` (all when null), filtered by `query` when given; newest first. */
export function findNotices(db: Db, query: string | undefined, issuedOn: string | null): Notice[] {
  if (query?.trim()) return searchNoticeIds(db, query, issuedOn).map((id) => getNotice(db, id)!);
  return listNotices(db, { issuedOn: issuedOn ?? undefined, limit: LIST_LIMIT });
}
