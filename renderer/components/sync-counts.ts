import { hasRole, type Role } from '../../electron/core/auth/roles';
import type { SyncStatus } from '../stores/session';

/**
 * What the header and the home page count for this operator. The status is the same for every
 * window (it is broadcast), but ANPR notification conflicts are only listed to the anagrafe
 * operators who can decide them: the others do not see them counted.
 */
export function countsFor(
  sync: Pick<SyncStatus, 'openItems' | 'toSendItems' | 'attentionItems' | 'notificationConflicts'>,
  roles: readonly Role[],
): { open: number; toSend: number; attention: number } {
  const hidden = hasRole(roles, 'anagrafe') ? 0 : sync.notificationConflicts;
  return { open: sync.openItems - hidden, toSend: sync.toSendItems, attention: sync.attentionItems - hidden };
}
