/**
 * Slows password guessing, in the encrypted database so it survives a restart. Two counters of
 * consecutive failures: one per user name tried (on this workstation), one for the whole
 * workstation (many names tried in turn). Past the free tries each further failure waits longer:
 * 30 s, 2 min, 10 min, 30 min, then 1 hour.
 *
 * The attempt is counted BEFORE the password is hashed, in the same synchronous step as the
 * check (one SQLite transaction, no await between): parallel attempts cannot all pass the check
 * and then all be hashed. A success clears both counters.
 */
import { SportelloError } from '../errors';
import type { Db, Migration } from '../store/types';

export const loginThrottleMigrations: Migration[] = [
  {
    version: 20,
    name: 'login_throttle',
    up(db) {
      db.exec(`
        CREATE TABLE login_throttle (
          workstation_id TEXT NOT NULL,
          scope TEXT NOT NULL CHECK (scope IN ('user', 'workstation')),
          subject TEXT NOT NULL,
          failures INTEGER NOT NULL,
          blocked_until_ms INTEGER NOT NULL,
          PRIMARY KEY (workstation_id, scope, subject)
        );
      `);
    },
  },
];

/** Consecutive failures allowed before the first wait: per user name, and for the workstation. */
export const FREE_TRIES = { user: 5, workstation: 20 } as const;
/** The waits after the free tries, in order; the last repeats. */
export const WAITS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000] as const;

export interface LoginAttempt {
  /** The password was right: both counters start again. */
  succeeded(): void;
}

type Scope = keyof typeof FREE_TRIES;

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly workstationId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Call synchronously, before hashing: throws AUTH_THROTTLED while a wait runs; otherwise counts
   * this attempt as a failure (undone by `succeeded()`) and lets it be checked.
   */
  begin(username: string): LoginAttempt {
    const subjects: [Scope, string][] = [
      ['user', username.trim().toLowerCase()],
      ['workstation', this.workstationId],
    ];
    const now = this.now();
    this.db.transaction(() => {
      const waitMs = Math.max(0, ...subjects.map(([scope, subject]) => (this.row(scope, subject)?.blocked_until_ms ?? 0) - now));
      if (waitMs > 0) throw throttled(waitMs);
      for (const [scope, subject] of subjects) {
        const failures = (this.row(scope, subject)?.failures ?? 0) + 1;
        const over = failures - FREE_TRIES[scope];
        const blockedUntil = over >= 0 ? now + WAITS_MS[Math.min(over, WAITS_MS.length - 1)] : 0;
        this.db
          .prepare(
            `INSERT INTO login_throttle (workstation_id, scope, subject, failures, blocked_until_ms) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (workstation_id, scope, subject) DO UPDATE SET failures = excluded.failures, blocked_until_ms = excluded.blocked_until_ms`,
          )
          .run(this.workstationId, scope, subject, failures, blockedUntil);
      }
    })();
    return {
      succeeded: () => {
        const clear = this.db.prepare('DELETE FROM login_throttle WHERE workstation_id = ? AND scope = ? AND subject = ?');
        this.db.transaction(() => {
          for (const [scope, subject] of subjects) clear.run(this.workstationId, scope, subject);
        })();
      },
    };
  }

  private row(scope: Scope, subject: string) {
    return this.db
      .prepare('SELECT failures, blocked_until_ms FROM login_throttle WHERE workstation_id = ? AND scope = ? AND subject = ?')
      .get(this.workstationId, scope, subject) as { failures: number; blocked_until_ms: number } | undefined;
  }
}

function throttled(waitMs: number): SportelloError {
  const wait = waitMs < 60_000 ? `${Math.ceil(waitMs / 1000)} secondi` : `${Math.ceil(waitMs / 60_000)} minuti`;
  return new SportelloError(
    'AUTH_THROTTLED',
    `Troppi tentativi errati: attendere ${wait} e riprovare. Se la password è stata dimenticata, chiedere al responsabile.`,
    { waitMs },
  );
}
