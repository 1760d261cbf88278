/**
 * A refused GPD item in the clerk's words (OutboxHandler.describe / correctionScope of gpd.*):
 * the notice by its printed number, the debtor, and which fields the answer lets a correction change.
 */
import type { Db } from '../store/types';
import type { CorrectionScope, ItemSubject, OutboxItem } from '../sync/types';
import { formatEuro } from './format';
import { GPD_CORRECTABLE } from './gpd-payload';
import { getNotice } from './notices';

type PositionLike = { fullName?: string; fiscalCode?: string; paymentOption?: { nav?: string; amount?: number; description?: string }[] };

export function describeGpdItem(db: Db, item: OutboxItem): ItemSubject {
  const position = (item.payload as { position?: PositionLike } | undefined)?.position;
  const notice = !position && item.businessType === 'pagopa_notice' && item.businessId ? getNotice(db, item.businessId) : undefined;
  const option = position?.paymentOption?.[0];
  const nav = option?.nav ?? notice?.options[0]?.nav;
  const name = position?.fullName ?? notice?.debtorName;
  const about = option?.description ?? notice?.subject;
  const cents = option?.amount ?? notice?.totalCents;
  const what = [
    `${item.kind === 'gpd.invalidate' ? 'Annullamento dell’avviso pagoPA' : 'Avviso pagoPA'}${nav ? ` n. ${nav}` : ''}`,
    about,
    typeof cents === 'number' ? formatEuro(cents) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    what,
    person: name ? { name, codiceFiscale: position?.fiscalCode ?? notice?.debtorCf ?? null } : null,
    explanation: null,
  };
}

/** The same allow-list as forbiddenChanges: what pagoPA's answer concerns may change, nothing else. */
export function gpdCorrectionScope(item: OutboxItem, path: string): CorrectionScope {
  const allowed = GPD_CORRECTABLE[item.lastErrorCode ?? ''] ?? [];
  return allowed.includes(path.replace(/\.\d+(?=\.|$)/g, '.*')) ? 'concerned' : 'fixed';
}
