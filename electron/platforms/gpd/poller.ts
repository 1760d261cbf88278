/**
 * Learns payments by asking GPD about published, unpaid notices (GET …/debtpositions/{iupd}):
 * the only pull-only way for a desktop counter (research/pagopa.md §5, option A).
 */
import { appendAudit } from '../../core/audit/log';
import type { GpdPositionResponse } from '../../core/pagopa/gpd-model';
import { applyGpdPosition, noticesToPoll } from '../../core/pagopa/status';
import { withTx } from '../../core/store/tx';
import type { Actor, Db } from '../../core/store/types';
import { isSportelloError } from '../../core/errors';
import { callGpd, positionsPath, type GpdConfig } from './client';

/** Consecutive "not found" answers after which a published notice is shown to a person. */
export const NOT_FOUND_LIMIT = 3;
export const NOT_FOUND_CODE = 'GPD_POSITION_NOT_FOUND';

export interface PollResult {
  checked: number;
  newlyPaid: string[];
  notFound: number;
  /** Notices GPD kept not knowing: set aside for a person (gpd_state 'attention'), no longer polled. */
  setAside: string[];
  /** Set when GPD asked to slow down or could not be reached: the cycle stopped early. */
  stoppedBy?: string;
  retryAfterMs?: number;
}

/** One polling cycle over at most `limit` notices, least recently asked first. */
export async function pollGpdOnce(
  db: Db,
  cfg: GpdConfig,
  actor: Actor,
  opts: { limit?: number; signal?: AbortSignal; now?: () => Date; misses?: Map<string, number> } = {},
): Promise<PollResult> {
  const result: PollResult = { checked: 0, newlyPaid: [], notFound: 0, setAside: [] };
  // Consecutive 404s per iupd: kept by the poller across cycles (a restart starts counting again).
  const misses = opts.misses ?? new Map<string, number>();
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
    if (ans.status === 429 || ans.status >= 500 || ans.status === 401 || ans.status === 403) {
      // 401/403: the key is refused for every notice alike; the sync panel shows it (GPD's lane pauses).
      result.stoppedBy = `GPD_HTTP_${ans.status}`;
      result.retryAfterMs = ans.retryAfterMs ?? undefined;
      break;
    }
    result.checked++;
    if (ans.status === 404) {
      result.notFound++;
      const count = (misses.get(n.iupd) ?? 0) + 1;
      misses.set(n.iupd, count);
      if (count >= NOT_FOUND_LIMIT) {
        misses.delete(n.iupd);
        if (setAsideMissing(db, actor, n.iupd, count, now())) result.setAside.push(n.iupd);
      } else {
        db.prepare('UPDATE pagopa_notice SET last_polled_at = ? WHERE iupd = ?').run(now().toISOString(), n.iupd);
      }
      continue;
    }
    misses.delete(n.iupd);
    if (ans.status !== 200) continue;
    const change = applyGpdPosition(db, actor, ans.body as GpdPositionResponse, now());
    if (change?.becamePaid) result.newlyPaid.push(change.noticeId);
  }
  return result;
}

/**
 * A published notice GPD no longer knows (deleted or never really published there): a citizen
 * could not pay it. Shown to a person on the notices list and audited, instead of asked forever.
 */
function setAsideMissing(db: Db, actor: Actor, iupd: string, tries: number, at: Date): boolean {
  return withTx(db, (tx) => {
    const n = db.prepare(`SELECT id FROM pagopa_notice WHERE iupd = ? AND gpd_state = 'published'`).get(iupd) as { id: string } | undefined;
    if (!n) return false;
    db.prepare(`UPDATE pagopa_notice SET gpd_state = 'attention', gpd_error_code = ?, last_polled_at = ? WHERE id = ?`).run(
      NOT_FOUND_CODE,
      at.toISOString(),
      n.id,
    );
    appendAudit(tx, actor, { action: 'pagopa.notice.not_found', entityType: 'pagopa_notice', entityId: n.id, detail: { tries } });
    return true;
  });
}

export interface GpdPoller {
  /** Runs a cycle now (e.g. when the link comes back or the clerk opens the notices list). */
  pollNow(): Promise<PollResult>;
  stop(): Promise<void>;
}

/**
 * Polls every `intervalMs` (longer after a 429/outage); `onPaid` hears which notices became paid.
 * `config` is read at each cycle (settings saved meanwhile apply at once); while it is undefined
 * (GPD not configured yet) a cycle asks nothing.
 */
export function startGpdPoller(
  db: Db,
  config: () => GpdConfig | undefined,
  actor: Actor,
  opts: { intervalMs?: number; limit?: number; onPaid?: (noticeIds: string[]) => void; onSetAside?: (iupds: string[]) => void } = {},
): GpdPoller {
  const misses = new Map<string, number>();
  const interval = opts.intervalMs ?? 60_000;
  const ctrl = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PollResult> | null = null;

  const cycle = (): Promise<PollResult> => {
    if (running) return running;
    const cfg = config();
    if (!cfg) return Promise.resolve({ checked: 0, newlyPaid: [], notFound: 0, setAside: [] });
    running = pollGpdOnce(db, cfg, actor, { limit: opts.limit, signal: ctrl.signal, misses })
      .then((r) => {
        if (r.newlyPaid.length) opts.onPaid?.(r.newlyPaid);
        if (r.setAside.length) opts.onSetAside?.(r.setAside);
        return r;
      })
      .finally(() => {
        running = null;
      });
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
