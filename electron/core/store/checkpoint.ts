import type { Db } from './types';

export interface Checkpointer {
  /** A clerk's call arrived: no checkpoint for the next `idleMs`. */
  activity(): void;
  stop(): void;
}

/**
 * Copies the WAL into the database file while the counter is idle, instead of inside a commit.
 * SQLite's automatic checkpoint runs in whichever transaction crosses 1000 WAL pages, and made
 * that save wait 15–25 ms (once every ~37 notices, measured over loopback). Commits stay durable
 * either way (WAL with synchronous=FULL). Without an idle moment for `maxWaitMs`, it copies anyway.
 */
export function checkpointWhenIdle(db: Db, opts: { idleMs?: number; everyMs?: number; maxWaitMs?: number } = {}): Checkpointer {
  const idleMs = opts.idleMs ?? 300;
  const maxWaitMs = opts.maxWaitMs ?? 30_000;
  db.pragma('wal_autocheckpoint = 0');
  let lastActivity = 0;
  let lastCheckpoint = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - lastActivity < idleMs && now - lastCheckpoint < maxWaitMs) return;
    lastCheckpoint = now;
    try {
      // PASSIVE copies what no reader needs and never waits; with nothing new it costs nothing.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Closing, or busy: the next tick tries again.
    }
  }, opts.everyMs ?? 1000);
  timer.unref();
  return {
    activity: () => {
      lastActivity = Date.now();
    },
    stop: () => {
      clearInterval(timer);
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
  };
}
