/**
 * A workstation joins the Comune hub (the client side of sportello.join_workstation).
 *
 * The design: `sportello-admin hub code` makes a one-time code and, in the hub, a login role
 * `sportello_join_<first 16 hex of sha256(code)>` whose password is the code, valid until the code
 * expires and allowed only to call sportello.join_workstation. The workstation derives that role
 * from the code, logs in with it (over TLS, the Comune's CA checked) and calls the function, which
 * checks the code once more (hash, unused, not expired), hands out the workstation's number, creates
 * its own login role `sportello_ws_<n>` with a fresh random password, marks the code used and
 * disables the join role. A wrong, used or expired code cannot even log in.
 */
import type { Actor, Db } from '../../core/store/types';
import { saveHubJoin } from '../../core/settings/hub';
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
}

export interface Joined {
  number: number;
  role: string;
  password: string;
}

export async function joinHub(req: JoinRequest): Promise<Joined> {
  const code = normalizeJoinCode(req.code);
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
    const r = await client.query<{ number: number; role_name: string; password: string }>(
      'SELECT number, role_name, password FROM sportello.join_workstation($1, $2, $3)',
      [code, req.name.trim().slice(0, 80), req.wanted ?? null],
    );
    const row = r.rows[0];
    return { number: row.number, role: row.role_name, password: row.password };
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
  req: Omit<JoinRequest, 'wanted'>,
  nowIso: string,
): Promise<{ workstation: Workstation; joined: Omit<Joined, 'password'> }> {
  const ws = getWorkstation(db) as Workstation & { configured?: boolean };
  const wanted = ws.configured ? ws.number : undefined;
  const joined = await joinHub({ ...req, wanted });
  const workstation = saveHubJoin(
    db,
    actor,
    { url: req.url, role: joined.role, password: joined.password, number: joined.number, ca: req.ca },
    nowIso,
  );
  return { workstation, joined: { number: joined.number, role: joined.role } };
}
