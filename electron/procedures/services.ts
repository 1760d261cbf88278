import type { CounterSession } from '../core/auth/session';
import type { Logger } from '../core/log';
import type { Workstation } from '../core/settings/workstation';
import type { Db } from '../core/store/types';
import type { SyncEngine } from '../core/sync/engine';
import type { PlatformJobs } from '../platforms/wiring';

/** What procedures are given by the composition root (electron/app.ts). */
export interface AppServices {
  db: Db;
  log: Logger;
  session: CounterSession;
  workstation: Workstation;
  sync: SyncEngine;
  demo: boolean;
  /** Pulls from the platforms on demand (payments, online bookings). */
  platforms: PlatformJobs;
  /** Tells the UI that something changed (emits an event through whichever host is bound). */
  notifySync(): void;
}
