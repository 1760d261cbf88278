/**
 * The hub's set-up and access rules on a real PostgreSQL: `sportello-admin hub init` (the bundled
 * CLI) twice, one-time join codes, 20 concurrent joins, numbers never handed out twice, and
 * row-level security between workstations.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initHub, issueJoinCode, removeHubWorkstation } from '../../../electron/platforms/hub/admin';
import { normalizeJoinCode } from '../../../electron/platforms/hub/codes';
import { joinHub, type Joined } from '../../../electron/platforms/hub/join';
import { SLOT_CONSTRAINT } from '../../../electron/platforms/hub/schema';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';
import { ROOT } from '../../support/serve';

const run = promisify(execFile);
const skip = postgresOrSkipReason();
if (skip) console.warn(`hub access: skipped — ${skip}`);

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code: string }).code;
  }
  throw new Error('expected a refusal');
}

describe.skipIf(skip)('the Comune hub: set-up, joining and who may write what', () => {
  let server: PgServer;
  let responsabileUrl: string;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = async <T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const admin = <T>(fn: (c: pg.Client) => Promise<T>) => as(server.adminUrl, fn);
  const ws = <T>(j: Joined, fn: (c: pg.Client) => Promise<T>) => as(server.urlFor(j.role, j.password), fn);
  const join = async (name: string, wanted?: number) => {
    const { code } = await issueJoinCode({ url: server.adminUrl }, { name });
    return joinHub({ url: server.adminUrl, code, name, wanted });
  };

  it('hub init creates the schema and the first responsabile once; a second run changes nothing', async () => {
    const cli = (...args: string[]) => run(process.execPath, ['bin/sportello-admin.mjs', 'hub', ...args], { cwd: ROOT });
    const first = await cli('init', '--url', server.adminUrl);
    expect(first.stdout).toMatch(/Database del Comune pronto: schema versione 3 \(applicate ora: 1, 2, 3\)/);
    const password = /utente sportello_resp_1, password (\S+)/.exec(first.stdout)![1];
    const second = await cli('init', '--url', server.adminUrl);
    expect(second.stdout).toMatch(/già aggiornato: schema versione 3/);
    expect(second.stdout).toMatch(/esiste già e non è stato cambiato/);
    expect(second.stdout).not.toContain(password);
    // The responsabile's access issues codes and reads the registry, with no admin rights.
    responsabileUrl = server.urlFor('sportello_resp_1', password);
    const code = await cli('code', '--url', responsabileUrl, '--name', 'Anagrafe 1');
    expect(code.stdout).toMatch(/Codice di adesione: [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(await refusal(as(responsabileUrl, (c) => c.query('CREATE TABLE sportello.x (a int)')))).toBe('42501');
    expect(await refusal(as(responsabileUrl, (c) => c.query('SELECT code_hash FROM sportello.join_codes')))).toBe('42501');
    // Not the admin: refused with its own exit code.
    const wrong = await cli('init', '--url', server.urlFor('sportello_resp_1', 'wrong-password')).catch((e) => e);
    expect(wrong.code).toBe(21);
    expect(wrong.stderr).toMatch(/HUB_LOGIN_REFUSED/);
    // The admin's own check: a non-admin cannot init.
    expect(await refusal(initHub({ url: responsabileUrl }))).toBe('HUB_ADMIN_RIGHTS');
  });

  it('20 workstations joining at once get 20 different numbers; a code works once', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, (_, i) => issueJoinCode({ url: responsabileUrl }, { name: `PC ${i}` })));
    const joined = await Promise.all(codes.map((c, i) => joinHub({ url: server.adminUrl, code: c.code, name: `PC ${i}` })));
    const numbers = joined.map((j) => j.number).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(joined.map((j) => j.role)).size).toBe(20);
    // Each logs in with its own role, and the hub knows which workstation it is.
    expect(await ws(joined[3], (c) => c.query('SELECT sportello.my_workstation() AS n'))).toMatchObject({
      rows: [{ n: joined[3].number }],
    });
    // A used code: only the PC that used it (its secret) may repeat the join; anyone else is refused.
    expect(await refusal(joinHub({ url: server.adminUrl, code: codes[0].code, name: 'again' }))).toBe('HUB_JOIN_CODE_USED');
    // A made-up code cannot even log in.
    expect(await refusal(joinHub({ url: server.adminUrl, code: 'ABCD-EFGH-JKMN', name: 'x' }))).toBe('HUB_JOIN_CODE_REFUSED');
    expect(await refusal(joinHub({ url: server.adminUrl, code: 'too short', name: 'x' }))).toBe('HUB_JOIN_CODE_MALFORMED');
  });

  it('an expired code is refused: by the hub past its expiry, by PostgreSQL past its role validity', async () => {
    const a = await issueJoinCode({ url: server.adminUrl }, { validHours: 1 });
    // Time passes for the code's row only: the hub's own check refuses it.
    await admin((c) => c.query(`UPDATE sportello.join_codes SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL`));
    expect(await refusal(joinHub({ url: server.adminUrl, code: a.code, name: 'late' }))).toBe('HUB_JOIN_CODE_EXPIRED');
    const b = await issueJoinCode({ url: server.adminUrl }, { validHours: 1 });
    const role = (await admin((c) => c.query(`SELECT join_role FROM sportello.join_codes WHERE used_at IS NULL ORDER BY id DESC LIMIT 1`)))
      .rows[0].join_role;
    await admin((c) => c.query(`ALTER ROLE ${role} VALID UNTIL '2000-01-01'`));
    expect(await refusal(joinHub({ url: server.adminUrl, code: b.code, name: 'late' }))).toBe('HUB_JOIN_CODE_REFUSED');
    // Issuing the next code drops the join roles of expired codes, and of used ones once their workstation has been in contact.
    await admin((c) => c.query(`UPDATE sportello.workstations SET last_contact_at = clock_timestamp()`));
    await issueJoinCode({ url: server.adminUrl });
    const left = await admin((c) =>
      c.query(
        `SELECT count(*)::int AS n FROM pg_roles r JOIN sportello.join_codes j ON j.join_role = r.rolname WHERE j.used_at IS NOT NULL`,
      ),
    );
    expect(left.rows[0].n).toBe(0);
  });

  it("a removed workstation's number is never handed out again; a wished-for free number is kept, a taken one refused", async () => {
    const before = await admin((c) => c.query('SELECT max(number)::int AS n FROM sportello.workstations'));
    const last = before.rows[0].n as number;
    await removeHubWorkstation({ url: responsabileUrl }, last);
    expect(await refusal(as(server.urlFor(`sportello_ws_${last}`, 'any'), (c) => c.query('SELECT 1')))).toBe('28P01');
    const again = await join('replacement');
    expect(again.number).toBe(last + 1);
    const wished = await join('hand-typed 500', 500);
    expect(wished.number).toBe(500);
    // Two PCs that typed the same number: the second is refused, never handed a number an unjoined PC may use.
    expect(await refusal(join('wants 500 too', 500))).toBe('HUB_NUMBER_TAKEN');
    expect(await refusal(join('wants the removed one', last))).toBe('HUB_NUMBER_TAKEN');
    const { code } = await issueJoinCode({ url: server.adminUrl });
    const above = await joinHub({ url: server.adminUrl, code, name: 'wants 500 too', wanted: 500, acceptNewNumber: true });
    expect(above.number).toBe(900);
    const all = await admin((c) => c.query('SELECT number FROM sportello.workstations'));
    expect(new Set(all.rows.map((r) => r.number)).size).toBe(all.rowCount);
    // The responsabile's listing: every workstation once, the removed one marked.
    const listed = JSON.parse(
      (await run(process.execPath, ['bin/sportello-admin.mjs', 'hub', 'list', '--json', '--url', responsabileUrl], { cwd: ROOT })).stdout,
    ) as { number: number; removedAt: string | null; lastContactAt: string | null }[];
    expect(listed.map((w) => w.number)).toEqual(all.rows.map((r) => r.number).sort((x, y) => x - y));
    expect(listed.find((w) => w.number === last)?.removedAt).not.toBeNull();
    expect(listed.find((w) => w.number === 500)?.lastContactAt).not.toBeNull();
  });

  it('a workstation writes only its own rows, reads the Comune’s, and cannot alter the schema', async () => {
    const a = await join('Anagrafe');
    const b = await join('CIE');
    const booking = (id: string, n: number, start: string, end: string) =>
      `INSERT INTO sportello.agenda_bookings (booking_id, workstation, station_id, slot_start, slot_end, status, citizen_label)
       VALUES ('${id}', ${n}, 'st-1', '${start}', '${end}', 'booked', 'AB12')`;
    await ws(a, (c) => c.query(booking('a-1', a.number, '2026-12-09T08:00Z', '2026-12-09T08:20Z')));
    // Not in another's name.
    expect(await refusal(ws(a, (c) => c.query(booking('a-2', b.number, '2026-12-09T09:00Z', '2026-12-09T09:20Z'))))).toBe('42501');
    // The same slot from the other counter: the hub refuses the double booking.
    const taken = await ws(b, (c) => c.query(booking('b-1', b.number, '2026-12-09T08:00Z', '2026-12-09T08:40Z'))).catch((e) => e);
    expect(taken).toMatchObject({ code: '23P01', constraint: SLOT_CONSTRAINT });
    // Two counters racing for one slot: exactly one wins.
    const race = await Promise.allSettled([
      ws(a, (c) => c.query(booking('a-3', a.number, '2026-12-09T10:00Z', '2026-12-09T10:20Z'))),
      ws(b, (c) => c.query(booking('b-3', b.number, '2026-12-09T10:00Z', '2026-12-09T10:20Z'))),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // B reads A's booking but cannot change it; A frees its slot, and B can take it.
    expect((await ws(b, (c) => c.query(`SELECT workstation FROM sportello.agenda_bookings WHERE booking_id = 'a-1'`))).rows).toEqual([
      { workstation: a.number },
    ]);
    expect(
      (await ws(b, (c) => c.query(`UPDATE sportello.agenda_bookings SET status = 'cancelled' WHERE booking_id = 'a-1'`))).rowCount,
    ).toBe(0);
    await ws(a, (c) => c.query(`UPDATE sportello.agenda_bookings SET status = 'cancelled' WHERE booking_id = 'a-1'`));
    await ws(b, (c) => c.query(booking('b-1', b.number, '2026-12-09T08:00Z', '2026-12-09T08:40Z')));
    expect(await refusal(ws(b, (c) => c.query(`DELETE FROM sportello.agenda_bookings WHERE booking_id = 'b-1'`)))).toBe('42501');

    // Walk-in queue: A issues (the Comune's number), B calls and serves it; nobody re-signs the issuer.
    const n = (await ws(a, (c) => c.query(`SELECT sportello.next_ticket_number('2026-12-09') AS n`))).rows[0].n;
    await ws(a, (c) =>
      c.query(`INSERT INTO sportello.walkin_tickets (ticket_id, day, number, issued_by) VALUES ('t-1', '2026-12-09', $1, $2)`, [
        n,
        a.number,
      ]),
    );
    expect(
      await refusal(
        ws(b, (c) =>
          c.query(`INSERT INTO sportello.walkin_tickets (ticket_id, day, number, issued_by) VALUES ('t-2', '2026-12-09', 99, $1)`, [
            a.number,
          ]),
        ),
      ),
    ).toBe('42501');
    await ws(b, (c) =>
      c.query(`UPDATE sportello.walkin_tickets SET called_by = $1, status = 'called', called_at = now() WHERE ticket_id = 't-1'`, [
        b.number,
      ]),
    );
    expect(
      await refusal(ws(b, (c) => c.query(`UPDATE sportello.walkin_tickets SET called_by = $1 WHERE ticket_id = 't-1'`, [a.number]))),
    ).toBe('42501');
    expect(
      await refusal(ws(b, (c) => c.query(`UPDATE sportello.walkin_tickets SET issued_by = $1 WHERE ticket_id = 't-1'`, [b.number]))),
    ).toBe('42501');

    // Outbox state, applied operations, last contact: one's own only.
    await ws(a, (c) =>
      c.query(
        `INSERT INTO sportello.outbox_state (workstation, item_id, platform, kind, state) VALUES ($1, 'i-1', 'anpr', 'anpr.apr', 'pending')`,
        [a.number],
      ),
    );
    expect(
      await refusal(
        ws(b, (c) =>
          c.query(
            `INSERT INTO sportello.outbox_state (workstation, item_id, platform, kind, state) VALUES ($1, 'i-2', 'gpd', 'gpd.create', 'done')`,
            [a.number],
          ),
        ),
      ),
    ).toBe('42501');
    expect((await ws(b, (c) => c.query(`UPDATE sportello.outbox_state SET state = 'done' WHERE item_id = 'i-1'`))).rowCount).toBe(0);
    expect((await ws(b, (c) => c.query(`SELECT workstation_name FROM sportello.outbox_overview WHERE item_id = 'i-1'`))).rows).toEqual([
      { workstation_name: 'Anagrafe' },
    ]);
    expect(
      await refusal(
        ws(b, (c) => c.query(`INSERT INTO sportello.applied_ops (idempotency_key, workstation) VALUES ('k-1', $1)`, [a.number])),
      ),
    ).toBe('42501');
    expect(
      (await ws(b, (c) => c.query(`UPDATE sportello.workstations SET last_contact_at = now() WHERE number = $1`, [a.number]))).rowCount,
    ).toBe(0);
    expect(
      (await ws(b, (c) => c.query(`UPDATE sportello.workstations SET last_contact_at = now() WHERE number = $1`, [b.number]))).rowCount,
    ).toBe(1);
    expect(await refusal(ws(b, (c) => c.query(`UPDATE sportello.workstations SET name = 'x' WHERE number = $1`, [b.number])))).toBe(
      '42501',
    );

    // No workstation alters the schema, a constraint, or hands itself a number.
    for (const ddl of [
      'CREATE TABLE sportello.mine (a int)',
      `ALTER TABLE sportello.agenda_bookings DROP CONSTRAINT ${SLOT_CONSTRAINT}`,
      'ALTER TABLE sportello.agenda_bookings DISABLE ROW LEVEL SECURITY',
      'DROP VIEW sportello.outbox_overview',
      `SELECT nextval('sportello.workstation_number_seq')`,
      `SELECT sportello.create_join_code(repeat('a', 64), 'x', 'me', interval '1 hour')`,
      'SELECT sportello.remove_workstation(1::smallint)',
      `INSERT INTO sportello.workstations (number, name, role_name) VALUES (900, 'fake', 'fake')`,
    ]) {
      expect(await refusal(ws(b, (c) => c.query(ddl))), ddl).toBe('42501');
    }
    expect(normalizeJoinCode('abcd efgh jkmn')).toBe('ABCDEFGHJKMN');
  });
});
