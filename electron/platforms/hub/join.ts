/**
 * A workstation joins the Comune hub (the client side of sportello.join_workstation).
 *
 * The design: `sportello-admin hub code` makes a one-time code and, in the hub, a login role
 * `sportello_join_<first 16 hex of sha256(code)>` whose password is the code, valid until the code
 * expires and allowed only to call sportello.join_workstation. The workstation derives that role
 * from the code, logs in with it (over TLS, the Comune's CA checked) and calls the function, which
 * checks the code once more (hash, not expired), hands out the workstation's number and creates
 * its own login role `sportello_ws_<n>` with the password this PC chose (only its SCRAM verifier
 * and a hash of it travel). The code is then used: a retry with the same password (a lost answer,
 * a failed local save) gets the same number; anyone else is refused. A wrong or expired code
 * cannot even log in. The number: the code's own when the responsabile issued it for a registered
 * workstation joining again (`hub code --postazione n`), else the one this PC already used when no
 * other workstation has it; when another has it the join is refused (HUB_NUMBER_TAKEN) unless the
 * responsabile accepts a new number from 900 up (acceptNewNumber).
 */
import { randomBytes } from 'node:crypto';
import type { Actor, Db } from '../../core/store/types';
import { pendingJoinPassword, saveHubJoin } from '../../core/settings/hub';
import { scramVerifier, sha256Hex } from './admin';
import { getWorkstation, type Workstation } from '../../core/settings/workstation';
import { joinRoleOf, normalizeJoinCode } from './codes';
import { connectHub, HubError, hubError } from './connect';

export interface JoinRequest {
  /** postgresql://server[:port]/database (or ?host=/socket/dir on the hub's own machine). */
  url: string;
  /** As typed (XXXX-XXXX-XXXX; case, spaces and dashes do not matter). */
  code: string;
  /** This PC's name as the responsabile will see it. */
  name: string;
  /** PEM of the Comune's CA. */
  ca?: string;
  /** The number this PC already used (hand-typed), kept when no other workstation has it. */
  wanted?: number;
  /** When another workstation has `wanted`: take a new number from 900 up instead of being refused. */
  acceptNewNumber?: boolean;
  /** The password of this PC's hub login, chosen here (a retry passes the same one); a fresh one when absent. */
  password?: string;
}

export interface Joined {
  number: number;
  role: string;
  password: string;
}

const freshPassword = (): string => randomBytes(24).toString('base64url');

export async function joinHub(req: JoinRequest): Promise<Joined> {
  const code = normalizeJoinCode(req.code);
  const password = req.password ?? freshPassword();
  let client: Awaited<ReturnType<typeof connectHub>>;
  try {
    client = await connectHub({ url: req.url, user: joinRoleOf(code), password: code, ca: req.ca });
  } catch (e) {
    if (e instanceof HubError && e.code === 'HUB_LOGIN_REFUSED') {
      throw new HubError(
        'HUB_JOIN_CODE_REFUSED',
        'Il server del Comune non accetta questo codice di adesione: è sbagliato, già usato o scaduto. Chiedere al responsabile un codice nuovo (sportello-admin hub code).',
        'refused',
        {},
        e,
      );
    }
    throw e;
  }
  try {
    const r = await client.query<{ number: number; role_name: string }>(
      'SELECT number, role_name FROM sportello.join_workstation($1, $2, $3, $4, $5, $6)',
      [code, req.name.trim().slice(0, 80), req.wanted ?? null, sha256Hex(password), scramVerifier(password), req.acceptNewNumber === true],
    );
    const row = r.rows[0];
    return { number: row.number, role: row.role_name, password };
  } catch (e) {
    throw hubError(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The step a procedure calls: joins with this PC's number as the wish (when it was set: by hand,
 * or by a previous hub — a hub rebuilt from its counters gives each its old number back), then keeps the connection in the encrypted
 * settings and takes the hub's number.
 */
export async function joinHubAndStore(
  db: Db,
  actor: Actor,
  req: Omit<JoinRequest, 'wanted' | 'password'>,
  nowIso: string,
): Promise<{ workstation: Workstation; joined: Omit<Joined, 'password'> }> {
  const ws = getWorkstation(db) as Workstation & { configured?: boolean };
  const wanted = ws.configured ? ws.number : undefined;
  const password = pendingJoinPassword(db, sha256Hex(normalizeJoinCode(req.code)), freshPassword);
  const joined = await joinHub({ ...req, wanted, password });
  const workstation = saveHubJoin(
    db,
    actor,
    { url: req.url, role: joined.role, password: joined.password, number: joined.number, ca: req.ca },
    nowIso,
  );
  return { workstation, joined: { number: joined.number, role: joined.role } };
}
