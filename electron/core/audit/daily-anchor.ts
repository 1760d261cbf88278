import type { Logger } from '../log';
import { romeDate } from '../rome-time';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { appendAnchor, auditHead, lastAnchorAt, type Anchor, type AnchorReason } from './anchors';
import { appendAudit } from './log';

/** Audit actions that record the anchors' life in the chain itself (see verify.ts). */
export const ANCHORS_STARTED = 'audit.anchors.started';
export const ANCHORS_MISSING = 'audit.anchors.missing';

/** The app's time source (the same shape as the injectable clock of core/anagrafe). */
export interface TimeSource {
  nowMs(): number;
}

const DAY_MS = 24 * 60 * 60_000;

export interface AuditAnchoringOptions {
  db: Db;
  dataDir: string;
  /** The anchors' key (anchor-key.ts). */
  key: string;
  clock: TimeSource;
  /** Who records the anchors' start (and a missing anchors file) in the audit log. */
  actor: Actor;
  log?: Logger;
}

/**
 * Anchors the audit chain's head in the anchors file at least once per Rome day: at start when the
 * last anchor is more than a day old, and whenever the app runs past a Rome day boundary. `check`
 * is what the timer calls; tests call it with their own clock.
 */
export class AuditAnchoring {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: AuditAnchoringOptions) {}

  /** Read from the file each time: the admin CLI appends backup anchors too. */
  private get lastAt(): string | null {
    return lastAnchorAt(this.opts.dataDir);
  }

  /**
   * At start: an anchor when there is none yet or the last one is more than a day old. The first
   * anchor is preceded by an audit entry saying anchoring started; when that entry exists but the
   * anchors file does not, the file was removed: that is recorded in the chain (and logged) before
   * a new file is begun, so `audit verify` reports it.
   */
  atStart(): Anchor | null {
    const now = this.opts.clock.nowMs();
    const last = this.lastAt;
    if (last === null) {
      const { db, actor } = this.opts;
      const started = db.prepare('SELECT 1 FROM audit_log WHERE action = ? LIMIT 1').get(ANCHORS_STARTED) !== undefined;
      if (started) this.opts.log?.error('audit.anchors_missing', {});
      withTx(db, (tx) =>
        appendAudit(tx, actor, {
          action: started ? ANCHORS_MISSING : ANCHORS_STARTED,
          entityType: 'audit_anchors',
          entityId: 'audit-anchors.jsonl',
        }),
      );
    } else if (now - Date.parse(last) <= DAY_MS) return null;
    return this.anchor('start');
  }

  /** An anchor when the Rome date has changed since the last anchor. */
  check(): Anchor | null {
    const now = this.opts.clock.nowMs();
    if (this.lastAt !== null && romeDate(this.lastAt) === romeDate(now)) return null;
    return this.anchor('daily');
  }

  /** Anchors the current head now. */
  anchor(reason: AnchorReason): Anchor {
    const at = new Date(this.opts.clock.nowMs()).toISOString();
    const a = appendAnchor(this.opts.dataDir, this.opts.key, auditHead(this.opts.db), reason, at);
    this.opts.log?.info('audit.anchored', { reason, seq: a.seq, line: a.n });
    return a;
  }

  /** Checks every `everyMs` (a minute by default) whether a Rome day boundary has passed. */
  start(everyMs = 60_000): void {
    // A failed anchor must not stop the counter; it is logged and tried again at the next check.
    const guarded = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        this.opts.log?.error('audit.anchor_failed', { error: String(e) });
      }
    };
    guarded(() => this.atStart());
    this.timer = setInterval(() => guarded(() => this.check()), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
