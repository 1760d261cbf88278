/**
 * Keeps the registry current: asks ANPR (3003 ricercaElenchiRichieste) for the Comune's
 * notifications since the cursor and hands each, in ANPR's order, to the anagrafe room, which
 * records it once per idOperazioneANPR and applies it (or sets it aside as a conflict).
 * The window starts a little before the cursor (OVERLAP_MS: a notification ANPR records late is
 * not skipped; the room drops the repeats) and never before ANPR's 180 days.
 */
import { allocateIdOperazioneComune } from '../../core/anagrafe/id-operazione';
import { comuneRichiesta, markPolled, notificationCursor, receiveNotice } from '../../core/anagrafe/notifications/receive';
import type { AnprNotice } from '../../core/anagrafe/notifications/model';
import { isSportelloError } from '../../core/errors';
import { withTx } from '../../core/store/tx';
import type { Actor, Db } from '../../core/store/types';
import type { AnprClient } from '../anpr/client';
import { pollNotifications } from '../anpr/lookups';
import { readNotice } from './notice-read';

export const OVERLAP_MS = 10 * 60_000;
/** ANPR05: searches of operations and notifications reach 180 days back; a minute's margin. */
export const WINDOW_MS = 180 * 24 * 3600_000 - 60_000;

export interface NotificationPollResult {
  received: number;
  applied: number;
  conflicts: number;
  duplicates: number;
  ignored: number;
  /** Contents that are not a readable Risposta_Comune (counted, never applied). */
  unreadable: number;
  stoppedBy?: string;
}

export interface NotificationPollOptions {
  operatorCodiceFiscale: string;
  now?: () => Date;
  signal?: AbortSignal;
  /** Called after each notification is recorded (tests stop a cycle half way here). */
  afterEach?: (n: AnprNotice, index: number) => void;
}

const byAnprOrder = (a: AnprNotice, b: AnprNotice) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(BigInt(a.idOperazioneAnpr) - BigInt(b.idOperazioneAnpr));

export async function pollAnprNotificationsOnce(
  db: Db,
  client: AnprClient,
  actor: Actor,
  o: NotificationPollOptions,
): Promise<NotificationPollResult> {
  const now = (o.now ?? (() => new Date()))();
  const result: NotificationPollResult = { received: 0, applied: 0, conflicts: 0, duplicates: 0, ignored: 0, unreadable: 0 };
  const cursor = notificationCursor(db);
  const oldest = now.getTime() - WINDOW_MS;
  const from = new Date(Math.max(oldest, cursor ? Date.parse(cursor) - OVERLAP_MS : oldest));
  const idOperazioneComune = withTx(db, (tx) => allocateIdOperazioneComune(tx, now.getTime()));
  let list;
  try {
    list = await pollNotifications(
      client,
      { comune: comuneRichiesta(db), from: from.toISOString(), to: now.toISOString() },
      { idOperazioneComune, operatorCodiceFiscale: o.operatorCodiceFiscale, signal: o.signal },
    );
  } catch (e) {
    result.stoppedBy = isSportelloError(e) ? e.code : 'ANPR_NETWORK';
    return result;
  }
  const notices: AnprNotice[] = [];
  for (const item of list) {
    const n = item.xml ? readNotice(item.xml, item.tipoOperazione) : null;
    if (n) notices.push(n);
    else result.unreadable++;
  }
  notices.sort(byAnprOrder);
  for (const [i, n] of notices.entries()) {
    if (o.signal?.aborted) break;
    const r = receiveNotice(db, actor, n, 'poll', now);
    result.received++;
    if (r.outcome === 'applied') result.applied++;
    else if (r.outcome === 'conflict') result.conflicts++;
    else if (r.outcome === 'duplicate') result.duplicates++;
    else result.ignored++;
    o.afterEach?.(n, i);
  }
  markPolled(db, now);
  return result;
}

export interface NotificationPoller {
  pollNow(): Promise<NotificationPollResult | null>;
  stop(): Promise<void>;
}

/**
 * Polls every `intervalMs` while ANPR is configured (`client()` resolves undefined otherwise);
 * `onReceived` hears when something was recorded (the UI refreshes).
 */
export function startNotificationPoller(
  db: Db,
  client: () => Promise<AnprClient | undefined>,
  actor: Actor,
  opts: {
    operatorCodiceFiscale: () => string | null;
    intervalMs?: number;
    now?: () => Date;
    onReceived?: (r: NotificationPollResult) => void;
  },
): NotificationPoller {
  const interval = opts.intervalMs ?? 5 * 60_000;
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<NotificationPollResult | null> | null = null;
  const cycle = (): Promise<NotificationPollResult | null> => {
    if (running) return running;
    running = (async () => {
      const c = await client().catch(() => undefined);
      const cf = opts.operatorCodiceFiscale();
      if (!c || !cf) return null;
      const r = await pollAnprNotificationsOnce(db, c, actor, { operatorCodiceFiscale: cf, now: opts.now, signal: ctrl.signal });
      if (r.received > 0) opts.onReceived?.(r);
      return r;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const schedule = () => {
    if (ctrl.signal.aborted) return;
    timer = setTimeout(() => {
      void cycle()
        .catch(() => null)
        .finally(schedule);
    }, interval);
    timer.unref();
  };
  schedule();
  return {
    pollNow: cycle,
    async stop() {
      ctrl.abort();
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
