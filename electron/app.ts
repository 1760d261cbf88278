/**
 * Composition root: builds the store, session, sync engine and procedures, and exposes one
 * `dispatch` plus its events. Both hosts (Electron IPC; browser mode: the page's WebSocket, and
 * HTTP for scripts) wrap this.
 */
import { EventEmitter } from 'node:events';
import { anchorKeyFileProvider } from './core/audit/anchor-key';
import { AuditAnchoring, type TimeSource } from './core/audit/daily-anchor';
import { CounterSession } from './core/auth/session';
import { createLogger, type Logger } from './core/log';
import { getWorkstation, systemActor as systemActorOf } from './core/settings/workstation';
import { seedDemo } from './demo';
import type { KeyProvider } from './core/store/key-file';
import { checkpointWhenIdle } from './core/store/checkpoint';
import { asDataFolderError, openDataFolder } from './core/store/data-folder';
import { openStore } from './core/store/store';
import { SyncEngine } from './core/sync/engine';
import type { EventName, EventPayload } from './contract';
import { authProcedures, configuredIdleMs, sessionView } from './procedures/auth';
import type { AppServices } from './procedures/services';
import { syncProcedures, syncStatus } from './procedures/sync';
import { anagrafeProcedures } from './procedures/anagrafe';
import { anagrafeLoadProcedures } from './procedures/anagrafe-load';
import { stopInitialLoads } from './core/anagrafe/initial-load';
import { pagopaProcedures } from './procedures/pagopa';
import { cieProcedures } from './procedures/cie';
import { cardProcedures } from './procedures/card';
import { demoProcedures } from './procedures/demo';
import { setupProcedures } from './procedures/setup';
import { ioProcedures } from './procedures/io';
import { fixDataMode } from './core/settings/mode';
import { auditProcedures } from './procedures/audit';
import { statsProcedures } from './procedures/stats';
import { createDispatcher, type Dispatch, type Procedures } from './host/dispatch';
import { buildPlatforms, type PlatformEndpoints } from './platforms/wiring';

export interface AppConfig {
  dataDir: string;
  keys: KeyProvider;
  /** The audit anchors' key, sealed apart from the database key (default: a 0600 file in the data folder). */
  anchorKeys?: KeyProvider;
  /** The time source for anchoring the audit log (default: the system clock). */
  clock?: TimeSource;
  demo: boolean;
  /** Base URLs of the national platforms (the simulators in demo mode); absent = not configured. */
  endpoints?: PlatformEndpoints;
  /** Default idle lock in ms, when the responsabile has not set one (5 minutes). */
  idleMs?: number;
  /** Sync tuning, for tests and benchmarks. */
  syncTuning?: { probeDownMs?: number; probeUpMs?: number; backoffBaseMs?: number; backoffCapMs?: number; credentialsRetryMs?: number };
  logToStderr?: boolean;
  /** Demo mode: how many fictitious residents to create on first start (default 3,000). */
  demoResidents?: number;
  /**
   * Port on 127.0.0.1 where ANPR's N000 pushes are accepted (the Comune's gateway forwards them);
   * absent: no push endpoint, notifications arrive by polling only.
   */
  anprPushPort?: number;
  /** Persons per committed batch of the initial load (tests: small, so a kill lands inside a part). */
  loadBatchSize?: number;
  /** 'idle' (default): WAL checkpoints while no call runs; 'sqlite': inside commits, SQLite's default (benchmark baseline). */
  checkpoints?: 'idle' | 'sqlite';
}

export interface App {
  dispatch: Dispatch;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  services: AppServices;
  close(): Promise<void>;
}

/**
 * Starts the back end on `config.dataDir`, which it holds alone until `close()`: a second start on
 * the same folder (another process or this one) throws INSTANCE_LOCKED. A folder that is missing
 * and cannot be created, read-only or full throws a DATA_DIR_* error; both hosts say it and exit.
 */
export function createApp(config: AppConfig): App {
  const folder = openDataFolder(config.dataDir);
  let app: App;
  try {
    app = startApp(config);
  } catch (e) {
    folder.release();
    throw asDataFolderError(e, config.dataDir);
  }
  return {
    ...app,
    async close() {
      try {
        await app.close();
      } finally {
        folder.release();
      }
    },
  };
}

function startApp(config: AppConfig): App {
  const log: Logger = createLogger(config.dataDir, config.logToStderr);
  const { db } = openStore(config.dataDir, config.keys);
  try {
    fixDataMode(db, config.demo);
  } catch (e) {
    db.close();
    throw e;
  }
  const workstation = getWorkstation(db);
  if (config.demo) seedDemo(db, workstation, config.demoResidents);

  const bus = new EventEmitter();
  const emit = <E extends EventName>(e: E, p: EventPayload<E>) => bus.emit(e, p);
  let closed = false;
  const later = (fn: () => void, delayMs: number) =>
    coalesced(() => {
      if (!closed) fn();
    }, delayMs);
  // The queue's state goes to the screens at most every SYNC_EVENT_DELAY_MS, well after the answer
  // of the save that changed it: each event redraws the header and the open lists.
  const emitSyncStatus = later(() => emit('sync', syncStatus(services)), SYNC_EVENT_DELAY_MS);

  let services: AppServices;
  const session = new CounterSession(configuredIdleMs({ db }, config.idleMs ?? 5 * 60_000), () => emit('session', sessionView(services)));
  const systemActor = systemActorOf(workstation.id);
  const clock = config.clock ?? { nowMs: () => Date.now() };
  const platforms = buildPlatforms({
    db,
    endpoints: config.endpoints,
    log,
    systemActor,
    demo: config.demo,
    anprPushPort: config.anprPushPort,
    hubPullMs: config.syncTuning?.probeUpMs,
    now: () => new Date(clock.nowMs()),
    onChange: emitSyncStatus,
  });
  const t = config.syncTuning ?? {};
  const sync = new SyncEngine(db, platforms.adapters, platforms.outboxHandlers, {
    log,
    systemActor,
    probeDownMs: t.probeDownMs,
    probeUpMs: t.probeUpMs,
    // Demo: a rotated simulator CA (POST /_sim/rotate-ca) is picked up within seconds.
    credentialsRetryMs: t.credentialsRetryMs ?? (config.demo ? 5_000 : undefined),
    backoff: t.backoffBaseMs ? { baseMs: t.backoffBaseMs, capMs: t.backoffCapMs ?? 60_000 } : undefined,
    onChange: emitSyncStatus,
  });
  services = {
    db,
    log,
    session,
    workstation,
    sync,
    demo: config.demo,
    platforms: platforms.jobs,
    notifySync: later(() => {
      sync.kick();
      emitSyncStatus();
    }, 0),
  };

  const anchoring = new AuditAnchoring({
    db,
    dataDir: config.dataDir,
    log,
    clock,
    actor: systemActor,
    key: (config.anchorKeys ?? anchorKeyFileProvider).getOrCreateKey(config.dataDir),
  });

  const procedures: Procedures = {
    ...authProcedures(services),
    ...syncProcedures(services),
    ...anagrafeProcedures(services),
    ...anagrafeLoadProcedures(services, clock, config.loadBatchSize),
    ...pagopaProcedures(services),
    ...cieProcedures(services),
    ...cardProcedures(services),
    ...demoProcedures(services, config.endpoints),
    ...setupProcedures(services, clock),
    ...ioProcedures(services),
    ...auditProcedures(services, anchoring, clock),
    ...statsProcedures(services, clock),
  };
  const checkpointer = config.checkpoints === 'sqlite' ? { activity() {}, stop() {} } : checkpointWhenIdle(db);
  const dispatchCall = createDispatcher(procedures, session, log);
  const dispatch: Dispatch = (name, input) => {
    checkpointer.activity();
    return dispatchCall(name, input);
  };
  anchoring.start();
  sync.start();
  platforms.jobs.start();
  log.info('app.started', { demo: config.demo, workstation: workstation.number });

  return {
    dispatch,
    services,
    on(event, listener) {
      bus.on(event, listener as (p: unknown) => void);
      return () => bus.off(event, listener as (p: unknown) => void);
    },
    async close() {
      closed = true;
      anchoring.stop();
      checkpointer.stop();
      session.dispose();
      await platforms.jobs.stop();
      await stopInitialLoads(db);
      await sync.stop();
      db.close();
    },
  };
}

const SYNC_EVENT_DELAY_MS = 200;

/**
 * Runs `fn` `delayMs` after it is first asked for (so after the answer being written now), once
 * however often it is asked for meanwhile.
 */
function coalesced(fn: () => void, delayMs: number): () => void {
  let timer: NodeJS.Timeout | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, delayMs);
  };
}
