import { appendAudit } from '../audit/log';
import { isSportelloError, SportelloError, ValidationError } from '../errors';
import type { Logger } from '../log';
import { type TxDb, withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { CircuitBreaker } from './breaker';
import * as outbox from './outbox';
import { SlidingWindowLimiter } from './rate-limit';
import type { Adapter, OutboxHandler, OutboxItem, Platform, ProbeResult, SendOutcome } from './types';

/** A schema issue in Italian: our own rules' messages are Italian; zod's built-in ones are not. */
function issueText(issue: { message: string; code?: string } | undefined): string {
  if (!issue) return 'formato errato';
  return issue.code === 'custom' ? issue.message : 'valore mancante o non valido';
}

/** A schema issue's path in the clerk's words, from the kind's handler; none without a label. */
function fieldLabelOf(handler: OutboxHandler | undefined, path: readonly PropertyKey[] | undefined): string | undefined {
  return path?.length ? handler?.fieldLabel?.(path) : undefined;
}

/** Why a platform's lane is paused: the platform refused the Comune's credentials, in its words. */
export interface CredentialsPause {
  code: string;
  text: string;
  since: string;
}

export type Health = 'unknown' | 'reachable' | 'degraded' | 'down';

export interface PlatformHealth {
  platform: Platform;
  health: Health;
  /** Last time the platform answered anything (an error answer too); never set by a failed attempt. */
  lastContactAt: string | null;
  /** Last time an item was applied or a probe succeeded. */
  lastSuccessAt: string | null;
  /** Set while the lane is paused because the platform refused the Comune's credentials. */
  credentials: CredentialsPause | null;
  clockSkewMs: number | null;
  draining: boolean;
  /** Items sent and not yet answered (they are 'pending' in the database until answered). */
  inFlight: number;
}

export interface EngineOptions {
  log: Logger;
  /** The actor recorded in audit entries for what the engine itself does. */
  systemActor: Actor;
  backoff?: BackoffPolicy;
  /** How often a platform that is down (or unknown) is probed. */
  probeDownMs?: number;
  /** How often a reachable platform is probed while idle (clock skew, outage detection within seconds). Default 10 s. */
  probeUpMs?: number;
  /** Consecutive transport failures that open the circuit, and how long it stays open. */
  breakerThreshold?: number;
  breakerOpenMs?: number;
  /** A send not answered within this time is abandoned and retried with the same key. */
  sendTimeoutMs?: number;
  /** While paused for credentials: how often the credentials are re-read and one item tried again. */
  credentialsRetryMs?: number;
  onChange?: () => void;
}

/** Clock skew above which the clerk is warned: ANPR rejects assertions from skewed clocks. */
export const CLOCK_SKEW_WARN_MS = 2 * 60_000;

interface Lane {
  adapter: Adapter;
  breaker: CircuitBreaker;
  limiter: SlidingWindowLimiter | null;
  inFlight: Map<string, AbortController>;
  health: Health;
  lastContactAt: string | null;
  lastSuccessAt: string | null;
  credentials: CredentialsPause | null;
  /** Bumped at each pause: only an answer to a send made after the pause may end it. */
  pauseEpoch: number;
  /** Paused: one item may go as a trial (set by a probe, credentialsChanged or retryNow). */
  trialDue: boolean;
  /** The last failed probe's reason, to write and announce only a change. */
  lastProbeError: string | null;
  clockSkewMs: number | null;
  timer: NodeJS.Timeout | null;
  probeTimer: NodeJS.Timeout | null;
  probing: boolean;
  /** Credentials changed while a probe was on the wire (with the old ones): probe again after it. */
  probeAgain: boolean;
  pumping: boolean;
  pumpAgain: boolean;
}

/**
 * Drains the outbox to the platforms: per-platform concurrency, FIFO per ordering key, backoff
 * with jitter, circuit breaker, probes, rate limits. Every outcome is written in one transaction
 * with the room's handler and an audit entry. An item stays 'pending' in the database until its
 * answer is recorded, so one sent when the process died is simply sent again after restart, with
 * its original idempotency key (what is in flight is counted in memory: PlatformHealth.inFlight).
 */
export class SyncEngine {
  private readonly lanes = new Map<Platform, Lane>();
  private readonly handlers = new Map<string, OutboxHandler>();
  private readonly backoff: BackoffPolicy;
  private running = false;
  private changeTimer: NodeJS.Timeout | null = null;
  private finished: { p: Platform; lane: Lane; item: OutboxItem; outcome: SendOutcome; epoch: number }[] = [];
  private flushScheduled = false;

  constructor(
    private readonly db: Db,
    adapters: Adapter[],
    handlers: OutboxHandler[],
    private readonly opts: EngineOptions,
  ) {
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    for (const a of adapters) this.addLane(a);
    for (const h of handlers) this.handlers.set(h.kind, h);
    this.loadStatus();
  }

  private addLane(a: Adapter): void {
    this.lanes.set(a.platform, {
      adapter: a,
      breaker: new CircuitBreaker(this.opts.breakerThreshold ?? 3, this.opts.breakerOpenMs ?? 30_000),
      limiter: a.rateLimit ? new SlidingWindowLimiter(a.rateLimit.calls, a.rateLimit.perMs) : null,
      inFlight: new Map(),
      health: 'unknown',
      lastContactAt: null,
      lastSuccessAt: null,
      credentials: null,
      pauseEpoch: 0,
      trialDue: false,
      lastProbeError: null,
      clockSkewMs: null,
      timer: null,
      probeTimer: null,
      probing: false,
      probeAgain: false,
      pumping: false,
      pumpAgain: false,
    });
  }

  /**
   * A platform configured after the start (a workstation that joined the Comune hub): its lane opens
   * now, probed at once when the engine runs. Nothing when it already has one.
   */
  addAdapter(a: Adapter): void {
    if (this.lanes.has(a.platform)) return;
    this.addLane(a);
    if (this.running) void this.probe(a.platform);
    this.changed();
  }

  /** The last contact and success recorded before this start: "Ultimo contatto riuscito" survives a restart. */
  private loadStatus(): void {
    const table = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'platform_status'`).get();
    if (!table) return;
    const rows = this.db.prepare('SELECT platform, last_contact_at, last_ok_at FROM platform_status').all() as {
      platform: Platform;
      last_contact_at: string | null;
      last_ok_at: string | null;
    }[];
    for (const r of rows) {
      const lane = this.lanes.get(r.platform);
      if (!lane) continue;
      lane.lastContactAt = r.last_contact_at;
      lane.lastSuccessAt = r.last_ok_at;
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const p of this.lanes.keys()) void this.probe(p);
  }

  async stop(): Promise<void> {
    this.flush(); // answers already in hand are recorded; the rest stay pending and go again at start
    this.running = false;
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      if (lane.probeTimer) clearTimeout(lane.probeTimer);
      for (const c of lane.inFlight.values()) c.abort();
    }
    if (this.changeTimer) clearTimeout(this.changeTimer);
  }

  /** Something was queued or changed: try to send now. */
  kick(platform?: Platform): void {
    for (const p of platform ? [platform] : [...this.lanes.keys()]) void this.pump(p);
  }

  /** Re-probes every platform now and sends everything due, ignoring backoff waits. */
  retryNow(): void {
    this.db.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state = 'waiting'`).run();
    for (const [p, lane] of this.lanes) {
      lane.breaker.success();
      if (lane.credentials) lane.adapter.reloadCredentials?.();
      void this.probe(p, true);
    }
  }

  /**
   * The Comune's credentials for `platform` changed (e.g. a renewed certificate was installed in
   * the Settings): the adapter re-reads them and a paused lane tries again now, with no restart.
   */
  credentialsChanged(platform: Platform): void {
    const lane = this.lanes.get(platform);
    if (!lane) return;
    lane.adapter.reloadCredentials?.();
    if (lane.credentials) void this.probe(platform, true);
  }

  health(): PlatformHealth[] {
    return [...this.lanes.entries()].map(([platform, l]) => ({
      platform,
      health: l.health,
      lastContactAt: l.lastContactAt,
      lastSuccessAt: l.lastSuccessAt,
      credentials: l.credentials,
      clockSkewMs: l.clockSkewMs,
      draining: l.inFlight.size > 0,
      inFlight: l.inFlight.size,
    }));
  }

  /** The room's handler of an item kind (what "Operazioni da verificare" asks it: describe, correctionScope). */
  handler(kind: string): OutboxHandler | undefined {
    return this.handlers.get(kind);
  }

  /** The clerk corrected an item that needed attention: validate with its room, then resend. */
  resend(actor: Actor, id: string, payload: unknown | undefined): void {
    const stored = this.requireAttention(id);
    const handler = this.handlers.get(stored.kind);
    const original = this.parsePayload(stored);
    if (!handler || 'corrupt' in original) {
      throw new ValidationError(
        'SYNC_PAYLOAD_CORRUPT',
        'I dati salvati di questa operazione sono illeggibili e non si possono reinviare: annullarla indicando il motivo e registrarla di nuovo.',
      );
    }
    const item = original.item;
    let corrected: unknown = item.payload;
    if (payload !== undefined) {
      // The same schema as a new item of this kind: what the clerk typed is parsed, not trusted.
      const parsed = handler.payloadSchemas[handler.payloadVersion].safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || undefined;
        const label = fieldLabelOf(handler, issue?.path);
        throw new ValidationError(
          'SYNC_CORRECTION_INVALID',
          `I dati corretti non sono validi${label ? ` («${label}»)` : ''}: ${issueText(issue)}. Correggere il dato e reinviare.`,
          field,
        );
      }
      corrected = parsed.data;
      if (!handler.prepareCorrection && JSON.stringify(corrected) !== JSON.stringify(item.payload)) {
        throw new ValidationError(
          'SYNC_CORRECTION_NOT_ALLOWED',
          'Questa operazione non si può correggere: reinviarla così com’è, oppure annullarla indicando il motivo e registrarla di nuovo.',
        );
      }
    }
    withTx(this.db, (tx) => {
      let next = { payload: corrected, idempotencyKey: undefined as string | undefined };
      if (handler.prepareCorrection) next = { ...next, ...handler.prepareCorrection(tx, item, next.payload) };
      const version = payload === undefined ? item.payloadVersion : handler.payloadVersion;
      outbox.resendCorrected(this.db, id, next.payload, next.idempotencyKey, version);
      appendAudit(tx, actor, {
        action: 'sync.resend',
        entityType: item.businessType ?? 'outbox',
        entityId: item.businessId ?? id,
        detail: { outboxId: id, kind: item.kind, corrected: payload !== undefined, newKey: next.idempotencyKey !== undefined },
      });
    });
    this.changed();
    this.kick(item.platform);
  }

  /** The clerk gave up on an item, with a reason: it leaves the queue and unblocks its chain. */
  discard(actor: Actor, id: string, reason: string): void {
    const stored = this.requireAttention(id);
    const parsed = this.parsePayload(stored);
    const item = 'item' in parsed ? parsed.item : stored;
    withTx(this.db, (tx) => {
      outbox.markDiscarded(this.db, id, reason);
      // A room's handler never sees a payload that does not parse (the business record keeps its state).
      if ('item' in parsed) this.handlers.get(item.kind)?.onDiscarded?.(tx, item, reason);
      appendAudit(tx, actor, {
        action: 'sync.discard',
        entityType: item.businessType ?? 'outbox',
        entityId: item.businessId ?? id,
        detail: { outboxId: id, kind: item.kind, reason, ...('corrupt' in parsed ? { corrupt: parsed.code } : {}) },
      });
    });
    this.changed();
    this.kick(item.platform);
  }

  /**
   * Takes a queued item out before it is sent, for a room that learned it is no longer wanted (an
   * ANPR notification the clerk applied instead). False when it is on the wire or already answered:
   * then it stays, and the platform's answer decides.
   */
  withdraw(actor: Actor, id: string, reason: string): boolean {
    const item = outbox.getItem(this.db, id);
    if (!item || this.lanes.get(item.platform)?.inFlight.has(id)) return false;
    const parsed = this.parsePayload(item);
    const done = withTx(this.db, (tx) => {
      if (!outbox.markWithdrawn(this.db, id, reason)) return false;
      if ('item' in parsed) this.handlers.get(item.kind)?.onDiscarded?.(tx, parsed.item, reason);
      appendAudit(tx, actor, {
        action: 'sync.withdraw',
        entityType: item.businessType ?? 'outbox',
        entityId: item.businessId ?? id,
        detail: { outboxId: id, kind: item.kind, reason },
      });
      return true;
    });
    if (done) this.changed();
    return done;
  }

  private requireAttention(id: string): OutboxItem {
    const item = outbox.getItem(this.db, id);
    if (!item) throw new SportelloError('SYNC_NO_ITEM', 'Operazione non trovata: aggiornare la pagina.');
    if (item.state !== 'attention') {
      throw new ValidationError('SYNC_NOT_ATTENTION', 'Questa operazione non richiede più un intervento: aggiornare la pagina.');
    }
    return item;
  }

  /** Parses a loaded item's payload with its kind's schema for its payloadVersion. */
  private parsePayload(item: OutboxItem): { item: OutboxItem } | { corrupt: true; code: string; text: string; field?: string } {
    const handler = this.handlers.get(item.kind);
    const schema = handler?.payloadSchemas[item.payloadVersion];
    const corrupt = (code: string, why: string, field?: string) => ({
      corrupt: true as const,
      code,
      ...(field ? { field } : {}),
      text: `I dati salvati di questa operazione non sono validi (${why}): non è stata inviata. Annullarla indicando il motivo e registrarla di nuovo, o avvisare l'assistenza Sportello.`,
    });
    if (!handler) return corrupt('SYNC_KIND_UNKNOWN', `tipo di operazione "${item.kind}" sconosciuto`);
    if (!schema) return corrupt('SYNC_PAYLOAD_VERSION', `versione ${item.payloadVersion} non prevista`);
    if (item.payloadUnreadable) return corrupt('SYNC_PAYLOAD_CORRUPT', 'non leggibili');
    const r = schema.safeParse(item.payload);
    if (!r.success) {
      const issue = r.error.issues[0];
      const label = fieldLabelOf(handler, issue?.path);
      return corrupt(
        'SYNC_PAYLOAD_CORRUPT',
        `${label ? `${label}: ` : ''}${issueText(issue)}`,
        issue?.path.map(String).join('.') || undefined,
      );
    }
    return { item: { ...item, payload: r.data } };
  }

  /** Sets aside an item whose stored payload does not parse: no room handler runs on it. */
  private setAsideCorrupt(item: OutboxItem, code: string, text: string, field?: string): void {
    this.opts.log.error('sync.payload_corrupt', { kind: item.kind, outboxId: item.id, code, field });
    this.bookkeeping((tx) => {
      outbox.markAttention(this.db, item.id, code, text);
      appendAudit(tx, this.opts.systemActor, {
        action: 'sync.corrupt',
        entityType: item.businessType ?? 'outbox',
        entityId: item.businessId ?? item.id,
        detail: { outboxId: item.id, kind: item.kind, code, payloadVersion: item.payloadVersion, ...(field ? { field } : {}) },
      });
    });
    this.changed();
  }

  private async pump(p: Platform): Promise<void> {
    const lane = this.lanes.get(p);
    if (!lane || !this.running) return;
    if (lane.pumping) {
      lane.pumpAgain = true;
      return;
    }
    lane.pumping = true;
    try {
      do {
        lane.pumpAgain = false;
        this.fill(p, lane);
      } while (lane.pumpAgain && this.running);
    } finally {
      lane.pumping = false;
    }
  }

  /** Starts as many sends as concurrency, breaker and rate limit allow; arms a timer otherwise. */
  private fill(p: Platform, lane: Lane): void {
    const now = Date.now();
    if (lane.health === 'down' || lane.breaker.blocks(now)) return; // the probe loop will kick us
    let free = lane.adapter.concurrency - lane.inFlight.size;
    if (lane.credentials) {
      // Paused for credentials: one trial at a time, when a probe or a change of credentials allows.
      if (!lane.trialDue || lane.inFlight.size > 0) return;
      free = 1;
    }
    if (free <= 0) return;
    // Paused with nothing due (empty queue, or only items behind one needing attention): the lane
    // stays paused and the trial stays due, for the next item queued. Only an answer to a send, or
    // a probe that presented the credentials, says they are accepted.
    const heads = outbox.dueHeads(this.db, p, new Date(now).toISOString(), free, new Set(lane.inFlight.keys()));
    const go: OutboxItem[] = [];
    for (const loaded of heads) {
      const parsed = this.parsePayload(loaded);
      if ('corrupt' in parsed) {
        this.setAsideCorrupt(loaded, parsed.code, parsed.text, parsed.field);
        lane.pumpAgain = true; // its slot (and its chain's next item) can go now
        continue;
      }
      const wait = lane.limiter?.waitMs(Date.now()) ?? 0;
      if (wait > 0) {
        this.arm(p, lane, wait);
        break;
      }
      lane.limiter?.record(Date.now());
      lane.trialDue = false; // a corrupt head set aside above does not use up the trial
      go.push(parsed.item);
    }
    // In flight is known in memory only: after a crash these items are still 'pending' in the
    // database and are simply sent again, with the same idempotency key.
    for (const item of go) this.send(p, lane, item);
    if (heads.length === 0 && lane.inFlight.size === 0) {
      const due = outbox.nextDueAt(this.db, p);
      if (due !== null) this.arm(p, lane, Math.max(0, (due ? Date.parse(due) : now) - now));
    }
  }

  private arm(p: Platform, lane: Lane, ms: number): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = setTimeout(
      () => {
        lane.timer = null;
        void this.pump(p);
      },
      Math.max(5, ms),
    );
    lane.timer.unref();
  }

  private send(p: Platform, lane: Lane, item: OutboxItem): void {
    const ctl = new AbortController();
    lane.inFlight.set(item.id, ctl);
    const timeout = setTimeout(() => ctl.abort(), this.opts.sendTimeoutMs ?? 60_000);
    const attempt: OutboxItem = { ...item, attempts: item.attempts + 1 };
    const epoch = lane.pauseEpoch;
    lane.adapter
      .send(attempt, { signal: ctl.signal, operatorId: item.operatorId })
      // An adapter that throws has not heard an answer: the platform was not reached.
      .catch((e: unknown): SendOutcome => ({ kind: 'retry', failure: 'transport', ...this.thrownBySend(p, item, e, ctl.signal.aborted) }))
      .then((outcome) => {
        clearTimeout(timeout);
        if (!this.running) return; // stopping: the item is still pending and is resent at next start
        this.finished.push({ p, lane, item: attempt, outcome, epoch });
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(() => this.flush());
        }
      });
  }

  /**
   * What the clerk reads for a send that threw: a typed error keeps its code and Italian message;
   * anything else (a bug, a library's English text) gets a plain Italian one and goes to the log.
   */
  private thrownBySend(p: Platform, item: OutboxItem, e: unknown, timedOut: boolean): { code: string; text: string } {
    if (timedOut) return { code: 'SYNC_TIMEOUT', text: 'La piattaforma non ha risposto in tempo: Sportello riproverà da solo.' };
    if (isSportelloError(e)) return { code: e.code, text: e.userMessage };
    // Only the error's name: an untyped message may quote the payload.
    this.opts.log.warn('sync.send_threw', {
      platform: p,
      kind: item.kind,
      outboxId: item.id,
      error: e instanceof Error ? e.name : typeof e,
    });
    return {
      code: 'SYNC_TRANSPORT',
      text: "Invio non riuscito per un errore imprevisto: Sportello riproverà da solo. Se il problema continua, avvisare l'assistenza Sportello.",
    };
  }

  /**
   * Records every answer that arrived since the last flush in ONE transaction (group commit).
   * Safe because an answer lost to a crash before its commit leaves the item pending, and it is
   * resent with the same idempotency key.
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.finished.splice(0);
    if (!batch.length || !this.running) return;
    this.bookkeeping((tx) => {
      for (const f of batch) this.record(tx, f.p, f.lane, f.item, f.outcome, f.epoch);
      // The last success survives a restart ("Ultimo contatto riuscito"), in the same commit.
      for (const p of new Set(batch.filter((f) => f.outcome.kind === 'done' && !f.outcome.local).map((f) => f.p))) {
        const lane = this.lanes.get(p)!;
        this.persistStatus(p, lane, lane.credentials ? `${lane.credentials.code}: ${lane.credentials.text}` : null);
      }
    });
    const platforms = new Set<Platform>();
    for (const f of batch) {
      f.lane.inFlight.delete(f.item.id);
      platforms.add(f.p);
    }
    this.changed();
    // A room's onDone may queue work for another platform (a notice's IO message once pagoPA has it):
    // after a success every lane looks for what is due, not only the ones that answered.
    const kick = batch.some((f) => f.outcome.kind === 'done') ? new Set(this.lanes.keys()) : platforms;
    for (const p of kick) void this.pump(p);
  }

  private record(tx: TxDb, p: Platform, lane: Lane, item: OutboxItem, outcome: SendOutcome, epoch: number): void {
    const handler = this.handlers.get(item.kind);
    const nowIso = new Date().toISOString();
    const audit = (action: string, detail: Record<string, unknown>) =>
      appendAudit(tx, this.opts.systemActor, {
        action,
        entityType: item.businessType ?? 'outbox',
        entityId: item.businessId ?? item.id,
        detail: { outboxId: item.id, kind: item.kind, attempt: item.attempts, ...detail },
      });
    if (outcome.local && outcome.kind === 'retry') {
      // Concluded without the network (e.g. not due yet): the item waits; nothing about the platform.
      const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(item.attempts, this.backoff));
      outbox.markWaiting(this.db, item.id, new Date(Date.now() + delay).toISOString(), outcome.code, outcome.text);
      return;
    }
    if (outcome.kind === 'retry' && outcome.failure === 'credentials') {
      // Not the item's fault: it stays queued, due as soon as the lane resumes.
      outbox.markWaiting(this.db, item.id, null, outcome.code, outcome.text);
      lane.lastContactAt = nowIso;
      this.pause(p, lane, outcome.code, outcome.text);
      return;
    }
    // Any other answer to a send made while paused means the credentials were accepted.
    if (lane.credentials && epoch === lane.pauseEpoch && !outcome.local && !(outcome.kind === 'retry' && outcome.failure === 'transport'))
      this.resume(p, lane);
    if (outcome.kind === 'retry') {
      const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(item.attempts, this.backoff));
      outbox.markWaiting(this.db, item.id, new Date(Date.now() + delay).toISOString(), outcome.code, outcome.text);
      if (outcome.failure === 'transport') {
        lane.breaker.failure(Date.now());
        if (lane.breaker.isOpen) this.setHealth(p, lane, 'down');
        else if (lane.health === 'reachable') this.setHealth(p, lane, 'degraded');
        // Is the platform gone, or was it this one send? A probe now says so within seconds,
        // instead of at the next idle probe: a failed probe shows the platform down at once.
        if (lane.health !== 'down') queueMicrotask(() => void this.probe(p));
      } else {
        lane.lastContactAt = nowIso;
      }
      return;
    }
    if (!outcome.local) {
      const wasDown = lane.health !== 'reachable';
      lane.breaker.success();
      lane.lastContactAt = nowIso;
      if (outcome.kind === 'done') lane.lastSuccessAt = nowIso;
      this.setHealth(p, lane, 'reachable');
      if (wasDown) this.releaseWaiting(p);
    }
    try {
      // A savepoint inside the flush's transaction: one room's failure undoes only its own item.
      // An item withdrawn while it was on the wire stays withdrawn: its room hears nothing more.
      withTx(this.db, (tx) => {
        if (outcome.kind === 'done') {
          if (!outbox.markDone(this.db, item.id, outcome.result)) return;
          handler?.onDone?.(tx, item, outcome.result);
          audit('sync.done', {});
        } else {
          if (!outbox.markAttention(this.db, item.id, outcome.code, outcome.text)) return;
          handler?.onAttention?.(tx, item, outcome.code, outcome.text, outcome.detail);
          audit('sync.attention', { code: outcome.code });
        }
      });
    } catch (e) {
      // The room could not apply the answer: keep it visible rather than lose it.
      this.opts.log.error('sync.apply_failed', { kind: item.kind, outboxId: item.id, error: String(e) });
      outbox.markAttention(
        this.db,
        item.id,
        'SYNC_APPLY',
        "La risposta della piattaforma non è stata registrata: contattare l'assistenza.",
      );
    }
  }

  /**
   * The engine's own writes in one transaction, committed without waiting for the disk
   * (synchronous=NORMAL in WAL mode: atomic, and safe against a killed process; a power cut may
   * undo the last few). That is enough here because every such write can be lost without harm:
   * the item is then still pending and is resent with the same idempotency key. The clerk's own
   * saves keep full durability.
   */
  private bookkeeping(fn: (tx: TxDb) => void): void {
    this.db.pragma('synchronous = NORMAL');
    try {
      withTx(this.db, fn);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /** After an outage every waiting item becomes due at once (immediate drain). */
  private releaseWaiting(p: Platform): void {
    this.db.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE platform = ? AND state = 'waiting'`).run(p);
  }

  /** Probes the platform; `trial` (paused lanes): a successful probe lets one item go as a trial. */
  private async probe(p: Platform, trial = false): Promise<void> {
    const lane = this.lanes.get(p);
    if (!lane || !this.running) return;
    if (lane.probing) {
      if (trial) lane.probeAgain = true;
      return;
    }
    lane.probing = true;
    if (lane.credentials && !trial) lane.adapter.reloadCredentials?.(); // a renewed certificate may be there now
    const started = Date.now();
    let result: ProbeResult;
    try {
      result = await lane.adapter.probe(AbortSignal.timeout(10_000));
    } catch (e) {
      result = { reachable: false, error: isSportelloError(e) ? e.userMessage : e instanceof Error ? e.message : String(e) };
    }
    lane.probing = false;
    if (!this.running) return;
    if (result.local) {
      // Answered without the platform (not set up): nothing learnt about it; what is queued may still go.
      void this.pump(p);
      return;
    }
    if (result.reachable && result.credentialsAccepted === false) {
      lane.lastContactAt = new Date().toISOString();
      this.pause(p, lane, result.code ?? 'SYNC_CREDENTIALS_REFUSED', result.error ?? 'credenziali rifiutate');
      if (lane.health === 'down' || lane.health === 'unknown') this.setHealth(p, lane, 'reachable');
    } else if (result.reachable) {
      const wasDown = lane.health === 'down' || lane.health === 'unknown' || lane.breaker.isOpen;
      lane.lastContactAt = new Date().toISOString();
      // An answer that did not check the credentials of a paused lane is no success yet.
      if (!lane.credentials || result.credentialsAccepted === true) lane.lastSuccessAt = lane.lastContactAt;
      lane.lastProbeError = null;
      if (lane.credentials) {
        if (result.credentialsAccepted === true) this.resume(p, lane);
        else lane.trialDue = true; // the probe did not present the credentials: one item will
      }
      if (result.serverDate) {
        const serverMs = Date.parse(result.serverDate);
        // Compare with the local clock at the request's midpoint; Date has 1 s resolution.
        if (!Number.isNaN(serverMs)) lane.clockSkewMs = Math.round(started + (Date.now() - started) / 2 - serverMs);
        if (lane.clockSkewMs !== null && Math.abs(lane.clockSkewMs) > CLOCK_SKEW_WARN_MS) {
          this.opts.log.warn('sync.clock_skew', { platform: p, skewMs: lane.clockSkewMs });
        }
      }
      if (wasDown) {
        lane.breaker.success();
        this.releaseWaiting(p);
      }
      if (lane.health !== 'degraded' || wasDown) this.setHealth(p, lane, 'reachable');
      this.persistStatus(p, lane, lane.credentials ? `${lane.credentials.code}: ${lane.credentials.text}` : null);
      void this.pump(p);
      this.changed();
    } else {
      const error = result.error ?? 'unreachable';
      // Still down for the same reason: nothing to write or redraw (probes run every few seconds).
      const news = lane.health !== 'down' || lane.lastProbeError !== error;
      lane.lastProbeError = error;
      this.setHealth(p, lane, 'down');
      if (news) {
        this.persistStatus(p, lane, error);
        this.changed();
      }
    }
    if (lane.probeAgain) {
      lane.probeAgain = false;
      void this.probe(p, true);
      return;
    }
    const next =
      lane.health === 'down'
        ? (this.opts.probeDownMs ?? 5_000)
        : lane.credentials
          ? (this.opts.credentialsRetryMs ?? 60_000)
          : (this.opts.probeUpMs ?? 10_000);
    if (lane.probeTimer) clearTimeout(lane.probeTimer);
    lane.probeTimer = setTimeout(() => void this.probe(p), next);
    lane.probeTimer.unref();
  }

  /** The platform refused the Comune's credentials: nothing more goes until a trial is accepted. */
  private pause(p: Platform, lane: Lane, code: string, text: string): void {
    const news = !lane.credentials || lane.credentials.code !== code || lane.credentials.text !== text;
    if (!lane.credentials) {
      lane.pauseEpoch++;
      this.opts.log.warn('sync.credentials_refused', { platform: p, code });
      this.persistStatus(p, lane, `${code}: ${text}`);
    }
    lane.credentials = { code, text, since: lane.credentials?.since ?? new Date().toISOString() };
    lane.trialDue = false;
    // The next trial comes with the probe loop, at the credentials' pace.
    if (lane.probeTimer) clearTimeout(lane.probeTimer);
    lane.probeTimer = setTimeout(() => void this.probe(p), this.opts.credentialsRetryMs ?? 60_000);
    lane.probeTimer.unref();
    if (news) this.changed();
  }

  private resume(p: Platform, lane: Lane): void {
    if (!lane.credentials) return;
    this.opts.log.info('sync.credentials_accepted', { platform: p, pausedSince: lane.credentials.since });
    lane.credentials = null;
    lane.trialDue = false;
    this.persistStatus(p, lane, null);
    this.changed();
    lane.pumpAgain = true;
    queueMicrotask(() => void this.pump(p));
  }

  private setHealth(p: Platform, lane: Lane, h: Health): void {
    if (lane.health === h) return;
    this.opts.log.info('sync.health', { platform: p, from: lane.health, to: h });
    lane.health = h;
    if (h === 'down') {
      // Probe soon to notice the return quickly.
      if (lane.probeTimer) clearTimeout(lane.probeTimer);
      lane.probeTimer = setTimeout(() => void this.probe(p), this.opts.probeDownMs ?? 5_000);
      lane.probeTimer.unref();
    }
    this.changed();
  }

  private persistStatus(p: Platform, lane: Lane, error: string | null): void {
    this.db
      .prepare(
        `INSERT INTO platform_status (platform, last_contact_at, last_ok_at, clock_skew_ms, last_error)
         VALUES (@p, @contact, @ok, @skew, @error)
         ON CONFLICT(platform) DO UPDATE SET last_contact_at = coalesce(@contact, last_contact_at),
           last_ok_at = coalesce(@ok, last_ok_at), clock_skew_ms = coalesce(@skew, clock_skew_ms), last_error = @error`,
      )
      .run({ p, contact: lane.lastContactAt, ok: lane.lastSuccessAt, skew: lane.clockSkewMs, error });
  }

  /** Coalesces change notifications (at most one every 100 ms). */
  private changed(): void {
    if (!this.opts.onChange || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.opts.onChange?.();
    }, 100);
    this.changeTimer.unref();
  }
}
