/**
 * Learns payments by asking GPD about published, unpaid notices (GET …/debtpositions/{iupd}):
 * the only pull-only way for a desktop counter (research/pagopa.md §5, option A).
 */
import type { GpdPositionResponse } from '../../core/pagopa/gpd-model';
import { applyGpdPosition, noticesToPoll } from '../../core/pagopa/status';
import type { Actor, Db } from '../../core/store/types';
import { isSportelloError } from '../../core/errors';
import { callGpd, positionsPath, type GpdConfig } from './client';

export interface PollResult {
  checked: number;
  newlyPaid: string[];
  notFound: number;
  /** Set when GPD asked to slow down or could not be reached: the cycle stopped early. */
  stoppedBy?: string;
  retryAfterMs?: number;
}

/** One polling cycle over at most `limit` notices, least recently asked first. */
export async function pollGpdOnce(db: Db, cfg: GpdConfig, actor: Actor, opts: { limit?: number; signal?: AbortSignal; now?: () => Date } = {}): Promise<PollResult> {
  const result: PollResult = { checked: 0, newlyPaid: [], notFound: 0 };
  const now = opts.now ?? (() => new Date());
  for (const n of noticesToPoll(db, opts.limit ?? 20)) {
    if (opts.signal?.aborted) break;
    let ans;
    try {
      ans = await callGpd(cfg, 'GET', positionsPath(n.cfEnte, n.iupd), { signal: opts.signal });
    } catch (e) {
      result.stoppedBy = isSportelloError(e) ? e.code : 'GPD_NETWORK';
      break;
    }
    if (ans.status === 429 || ans.status >= 500) {
      result.stoppedBy = `GPD_HTTP_${ans.status}`;
      result.retryAfterMs = ans.retryAfterMs ?? undefined;
      break;
    }
    result.checked++;
    if (ans.status === 404) {
      result.notFound++;
      db.prepare('UPDATE pagopa_notice SET last_polled_at = ? WHERE iupd = ?').run(now().toISOString(), n.iupd);
      continue;
    }
    if (ans.status !== 200) continue;
    const change = applyGpdPosition(db, actor, ans.body as GpdPositionResponse, now());
    if (change?.becamePaid) result.newlyPaid.push(change.noticeId);
  }
  return result;
}

export interface GpdPoller {
  /** Runs a cycle now (e.g. when the link comes back or the clerk opens the notices list). */
  pollNow(): Promise<PollResult>;
  stop(): Promise<void>;
}

/** Polls every `intervalMs` (longer after a 429/outage); `onPaid` hears which notices became paid. */
export function startGpdPoller(db: Db, cfg: GpdConfig, actor: Actor, opts: { intervalMs?: number; limit?: number; onPaid?: (noticeIds: string[]) => void } = {}): GpdPoller {
  const interval = opts.intervalMs ?? 60_000;
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PollResult> | null = null;

  const cycle = (): Promise<PollResult> => {
    if (running) return running;
    running = pollGpdOnce(db, cfg, actor, { limit: opts.limit, signal: ctrl.signal })
      .then((r) => {
        if (r.newlyPaid.length) opts.onPaid?.(r.newlyPaid);
        return r;
      })
      .finally(() => { running = null; });
    return running;
  };
  const schedule = (ms: number) => {
    if (ctrl.signal.aborted) return;
    timer = setTimeout(async () => {
      const r = await cycle().catch(() => ({ stoppedBy: 'GPD_POLL_FAILED', retryAfterMs: undefined }) as Partial<PollResult>);
      schedule(r.stoppedBy ? Math.max(interval, r.retryAfterMs ?? interval * 2) : interval);
    }, ms);
  };
  schedule(interval);
  return {
    pollNow: cycle,
    async stop() {
      ctrl.abort();
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
