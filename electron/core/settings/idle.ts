/** How long the counter may sit idle before it locks, as the responsabile set it (audited). */
import { appendAudit } from '../audit/log';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { getSetting, setSetting } from './settings';

export function storedIdleMinutes(db: Db): number | undefined {
  return getSetting<number>(db, 'idleMinutes');
}

export function saveIdleMinutes(db: Db, actor: Actor, minutes: number): void {
  withTx(db, (tx) => {
    setSetting(tx, 'idleMinutes', minutes);
    appendAudit(tx, actor, { action: 'settings.idle', entityType: 'settings', entityId: 'idleMinutes', detail: { minutes } });
  });
}
