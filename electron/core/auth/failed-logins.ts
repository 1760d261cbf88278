/**
 * Failed logins, in the audit log (hash-chained, encrypted): the user name tried, when, on which
 * workstation and why it failed. Never the password. The responsabile sees the latest ones.
 */
import { recordAudit } from '../audit/log';
import type { Db } from '../store/types';

export const FAILED_LOGIN_ACTION = 'session.login_failed';
/** Who is recorded as the actor: nobody was signed in. */
export const NOBODY = 'anonimo';

/** 'credentials': wrong password or unknown name; 'throttled': refused unchecked, a wait was running. */
export type FailedLoginReason = 'credentials' | 'throttled';

export interface FailedLogin {
  /** The audit entry's number. */
  seq: number;
  at: string;
  username: string;
  reason: FailedLoginReason;
  /** 'login' from the sign-in screen, 'unlock' from a locked workstation. */
  via: 'login' | 'unlock';
  workstationId: string;
}

export function recordFailedLogin(
  db: Db,
  workstationId: string,
  username: string,
  reason: FailedLoginReason,
  via: FailedLogin['via'],
): void {
  const name = username.trim().slice(0, 40);
  recordAudit(
    db,
    { operatorId: NOBODY, workstationId },
    {
      action: FAILED_LOGIN_ACTION,
      entityType: 'login',
      entityId: name.toLowerCase(),
      detail: { username: name, reason, via },
    },
  );
}

/** The latest failed logins, newest first. */
export function listFailedLogins(db: Db, limit = 50): FailedLogin[] {
  const rows = db
    .prepare('SELECT seq, at, workstation_id AS workstationId, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT ?')
    .all(FAILED_LOGIN_ACTION, limit) as { seq: number; at: string; workstationId: string; detail: string }[];
  return rows.map((r) => {
    const d = JSON.parse(r.detail) as { username: string; reason: FailedLoginReason; via: FailedLogin['via'] };
    return { seq: r.seq, at: r.at, username: d.username, reason: d.reason, via: d.via, workstationId: r.workstationId };
  });
}
