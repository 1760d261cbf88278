/**
 * The header's counts per operator: ANPR notification conflicts are listed only to anagrafe
 * operators (and the responsabile), so only they see them counted; the rest of the queue is
 * counted for everybody.
 */
import { describe, expect, it } from 'vitest';
import { countsFor } from '../../../renderer/components/sync-counts';

const status = { openItems: 7, toSendItems: 3, attentionItems: 4, notificationConflicts: 2 };

describe('header counts per role', () => {
  it('counts notification conflicts for the operators who can decide them', () => {
    expect(countsFor(status, ['anagrafe'])).toEqual({ open: 7, toSend: 3, attention: 4 });
    expect(countsFor(status, ['responsabile'])).toEqual({ open: 7, toSend: 3, attention: 4 });
  });

  it('leaves them out for the others, keeping the rest of the queue', () => {
    expect(countsFor(status, ['cassa'])).toEqual({ open: 5, toSend: 3, attention: 2 });
    expect(countsFor(status, ['cie', 'cassa'])).toEqual({ open: 5, toSend: 3, attention: 2 });
    expect(countsFor({ ...status, notificationConflicts: 0 }, ['cassa'])).toEqual({ open: 7, toSend: 3, attention: 4 });
  });
});
