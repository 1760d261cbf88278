import type { z } from 'zod';
import type { SyncStatusView } from '../contracts/sync';
import { hasRole, type Role } from '../core/auth/roles';
import { getOperator, type Operator } from '../core/auth/operators';
import { SportelloError } from '../core/errors';
import { CLOCK_SKEW_WARN_MS } from '../core/sync/engine';
import { attentionView } from '../core/sync/attention';
import { countNotificationConflicts } from '../core/anagrafe/notifications/conflicts';
import { getItem } from '../core/sync/outbox';
import type { OutboxItem, Platform } from '../core/sync/types';
import { IO_NOTICE } from '../core/io/queue';
import { getIoSettings } from '../core/io/settings';
import { queueCounts } from '../core/io/status';
import { operatorActor } from '../core/settings/workstation';
import type { Procedures } from '../host/dispatch';
import type { AppServices } from './services';

/** Which role may correct or discard an item of each platform. */
const ROLE_FOR_PLATFORM: Record<Platform, Role> = { anpr: 'anagrafe', gpd: 'cassa', agenda: 'cie', hub: 'cie', io: 'cie' };

/** An IO message belongs to whoever issued what it is about: a notice's to the cassa, a booking's to the CIE desk. */
const roleFor = (item: Pick<OutboxItem, 'platform' | 'businessType'>): Role =>
  item.platform === 'io' && item.businessType === IO_NOTICE ? 'cassa' : ROLE_FOR_PLATFORM[item.platform];

export function syncStatus(s: AppServices): z.output<typeof SyncStatusView> {
  const counts = queueCounts(s.db, new Date());
  // IO's lane is always there (what the responsabile saves takes effect at once); a Comune that has
  // not set up IO is not shown a platform it does not use.
  const ioInUse = getIoSettings(s.db) !== undefined || counts.io.pending + counts.io.waiting + counts.io.attention > 0;
  const health = s.sync.health().filter((h) => h.platform !== 'io' || ioInUse);
  const platforms = health.map(({ inFlight, ...h }) => ({
    ...h,
    clockSkewWarning: h.clockSkewMs !== null && Math.abs(h.clockSkewMs) > CLOCK_SKEW_WARN_MS,
    // In-flight items are pending in the database (see SyncEngine.send): counted apart, from memory.
    counts: { ...counts[h.platform], pending: Math.max(0, counts[h.platform].pending - inFlight), inFlight },
  }));
  const all = Object.values(counts);
  const sum = (f: (c: (typeof all)[number]) => number) => all.reduce((n, c) => n + f(c), 0);
  const toSend = sum((c) => c.pending + c.waiting);
  // A notification conflict needs the clerk like a refused item does: counted with them, shown in the same panel.
  const conflicts = countNotificationConflicts(s.db);
  const attention = sum((c) => c.attention) + conflicts;
  return {
    online: platforms.length > 0 && platforms.every((p) => (p.health === 'reachable' || p.health === 'degraded') && !p.credentials),
    platforms,
    openItems: toSend + attention,
    toSendItems: toSend,
    attentionItems: attention,
    notificationConflicts: conflicts,
  };
}

type SyncProcedures = Pick<Procedures, 'sync.status' | 'sync.attention' | 'sync.resend' | 'sync.discard' | 'sync.retryNow'>;

export function syncProcedures(s: AppServices): SyncProcedures {
  const mayHandle = (op: Operator, id: string) => {
    const item = getItem(s.db, id);
    if (!item) throw new SportelloError('SYNC_NO_ITEM', 'Operazione non trovata: aggiornare la pagina.');
    if (!hasRole(op.roles, roleFor(item))) {
      throw new SportelloError('AUTH_ROLE', 'Questa operazione non è consentita al suo profilo. Chiedere al responsabile.');
    }
  };
  const actor = (op: Operator) => operatorActor(op, s.workstation.id);
  return {
    'sync.status': () => syncStatus(s),
    'sync.attention': (_i, ctx) =>
      attentionView(s.db, {
        handler: (kind) => s.sync.handler(kind),
        operatorName: (id) => getOperator(s.db, id)?.displayName ?? null,
        visible: (_p, item) => hasRole(ctx.operator!.roles, roleFor(item)),
        actor: actor(ctx.operator!),
      }),
    'sync.resend': ({ id, payload }, ctx) => {
      mayHandle(ctx.operator!, id);
      s.sync.resend(actor(ctx.operator!), id, payload);
      return { ok: true as const };
    },
    'sync.discard': ({ id, reason }, ctx) => {
      mayHandle(ctx.operator!, id);
      s.sync.discard(actor(ctx.operator!), id, reason);
      return { ok: true as const };
    },
    'sync.retryNow': () => {
      s.sync.retryNow();
      return { ok: true as const };
    },
  };
}
