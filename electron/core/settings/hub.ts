/**
 * This counter's connection to the Comune hub (issue 18), kept in the encrypted settings under
 * 'hub': the address, the workstation's own login role and password handed out by the hub when it
 * joined, and the Comune's CA certificate (PEM) its TLS certificate is checked against. Once joined,
 * the workstation number is the hub's: saveWorkstation refuses a hand-typed change.
 * No hub configured (a single-PC Comune) means nothing here and today's behaviour.
 */
import { appendAudit } from '../audit/log';
import { ValidationError } from '../errors';
import { withTx } from '../store/tx';
import type { Actor, Db } from '../store/types';
import { applyWorkstationNumber } from './production';
import { getSetting, setSetting } from './settings';
import { getWorkstation, type Workstation } from './workstation';

export interface HubConnection {
  /** postgresql://host[:port]/database (no credentials in it). */
  url: string;
  role: string;
  password: string;
  /** PEM of the Comune's CA; absent on a Unix socket. */
  ca?: string;
  /** The workstation number the hub handed out. */
  number: number;
  joinedAt: string;
}

/** What may be shown of it: never the password. */
export interface HubView {
  url: string;
  role: string;
  number: number;
  caSet: boolean;
  joinedAt: string;
}

export const hubConnectionOf = (db: Db): HubConnection | undefined => getSetting<HubConnection>(db, 'hub');

export function hubView(db: Db): HubView | null {
  const h = hubConnectionOf(db);
  return h ? { url: h.url, role: h.role, number: h.number, caSet: Boolean(h.ca), joinedAt: h.joinedAt } : null;
}

/** The hub's address without user, password or query (what is kept and shown). */
export function hubAddress(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new ValidationError('HUB_URL', 'Indirizzo del server del Comune non valido: scriverlo come postgresql://server/database.', 'url');
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new ValidationError('HUB_URL', "L'indirizzo del server del Comune deve iniziare con postgresql://", 'url');
  }
  const socket = u.searchParams.get('host');
  const port = u.searchParams.get('port');
  const query = socket ? `?host=${encodeURIComponent(socket)}${port ? `&port=${port}` : ''}` : '';
  return `postgresql://${u.host}${u.pathname}${query}`;
}

const PENDING_JOIN = 'hub_join_pending';

/**
 * The password this PC chose for its hub login when joining with a code (the code's hash names
 * it). It is kept before the hub is asked, so a retry after a lost answer or a failed local save
 * presents the same one and the hub hands back the same number; saveHubJoin forgets it.
 */
export function pendingJoinPassword(db: Db, codeHash: string, fresh: () => string): string {
  const p = getSetting<{ codeHash: string; password: string }>(db, PENDING_JOIN);
  if (p?.codeHash === codeHash) return p.password;
  const password = fresh();
  setSetting(db, PENDING_JOIN, { codeHash, password });
  return password;
}

/**
 * Keeps what the hub handed out when this workstation joined and takes its number (notice and
 * anagrafe slots follow), audited without the password.
 */
export function saveHubJoin(
  db: Db,
  actor: Actor,
  joined: { url: string; role: string; password: string; number: number; ca?: string },
  nowIso: string,
): Workstation {
  const before = getWorkstation(db) as Workstation & { configured?: boolean };
  const previous = hubConnectionOf(db);
  const hub: HubConnection = {
    url: hubAddress(joined.url),
    role: joined.role,
    password: joined.password,
    ...(joined.ca ? { ca: joined.ca } : {}),
    number: joined.number,
    joinedAt: nowIso,
  };
  const next = { ...before, number: joined.number, configured: true };
  withTx(db, (tx) => {
    applyWorkstationNumber(db, actor, before, joined.number);
    setSetting(db, 'hub', hub);
    setSetting(db, 'workstation', next);
    db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_JOIN);
    appendAudit(tx, actor, {
      action: 'settings.change',
      entityType: 'settings',
      entityId: 'hub',
      detail: {
        fields: ['url', 'role', 'password', ...(joined.ca ? ['ca'] : []), 'number'],
        number: joined.number,
        previousNumber: before.number,
        rejoined: Boolean(previous),
      },
    });
  });
  return next;
}
