/**
 * Joining again, and a join whose answer is lost, against a real PostgreSQL: a PC joining again
 * with a code for its number keeps its number and its bookings; another workstation's booking is
 * an item-level refusal, never "this PC was removed"; a removed PC's future bookings free their
 * slots; a retry of a join with the PC's own secret gets the same number; and no password or code
 * in clear reaches the hub's statements (pg_stat_statements, track = all).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_BOOKING_KIND, type HubBookingPayload } from '../../../electron/core/cie/hub-push';
import { hubConnectionOf, pendingJoinPassword } from '../../../electron/core/settings/hub';
import type { OutboxItem } from '../../../electron/core/sync/types';
import { createHubAdapter } from '../../../electron/platforms/hub/adapter';
import { issueJoinCode, removeHubWorkstation, sha256Hex } from '../../../electron/platforms/hub/admin';
import { normalizeJoinCode } from '../../../electron/platforms/hub/codes';
import { createHubPool, fromUrl } from '../../../electron/platforms/hub/connection';
import { type Joined, joinHub } from '../../../electron/platforms/hub/join';
import { migrateHub } from '../../../electron/platforms/hub/migrate';
import { joinHubForSetup } from '../../../electron/platforms/hub/setup-join';
import { openTestDb, type TestDb } from '../../support/db';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub re-join: skipped — ${skip}`);

const FUTURE = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(skip)('joining the hub again, and a join whose answer is lost', () => {
  let server: PgServer;
  const stores: TestDb[] = [];
  beforeAll(async () => {
    server = await startPostgres({ conf: ["shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.track = 'all'"] });
    await admin(async (c) => {
      await c.query('CREATE EXTENSION pg_stat_statements');
      await migrateHub(c);
    });
  });
  afterAll(async () => {
    for (const s of stores) s.cleanup();
    await server?.stop();
  });
  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  const code = async (forNumber?: number) => (await issueJoinCode({ url: server.adminUrl }, { validHours: 1, forNumber })).code;
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'joined',
      (e) => (e as { code: string }).code,
    );
  /** The hub's adapter on this workstation's login, sending one booking change. */
  async function send(j: Joined, bookingId: string, revision: number, time: string) {
    const pool = createHubPool({ client: fromUrl(server.urlFor(j.role, j.password)), timeoutMs: 2_000 });
    try {
      const payload: HubBookingPayload = {
        bookingId,
        revision,
        code: `C-${bookingId}`,
        stationId: 'SEDE-1',
        date: FUTURE,
        times: [time],
        slotMinutes: 20,
        status: 'booked',
        channel: 'counter',
        citizenLabel: 'AB12',
      };
      const item = { kind: HUB_BOOKING_KIND, payload, idempotencyKey: `${bookingId}:${revision}` } as OutboxItem;
      return await createHubAdapter({ pool: () => pool }).send(item, {} as never);
    } finally {
      await pool.end();
    }
  }

  it('a PC joining again with a code for its number keeps the number and its bookings; a removed PC frees its future slots', async () => {
    const a = await joinHub({ url: server.adminUrl, code: await code(), name: 'Anagrafe', wanted: 7 });
    const b = await joinHub({ url: server.adminUrl, code: await code(), name: 'CIE', wanted: 8 });
    expect([a.number, b.number]).toEqual([7, 8]);
    expect(await send(a, 'bk-a', 1, '09:00')).toMatchObject({ kind: 'done' });

    // Another workstation's booking: refused for that item only, not "this PC was removed".
    expect(await send(b, 'bk-a', 2, '09:00')).toMatchObject({ kind: 'attention', code: 'HUB_BOOKING_NOT_MINE' });

    // Removed: its future booking releases its slot, and the removed PC itself is told about its credentials.
    await removeHubWorkstation({ url: server.adminUrl }, 7);
    const row = await admin((c) => c.query(`SELECT status, revision FROM sportello.agenda_bookings WHERE booking_id = 'bk-a'`));
    expect(row.rows[0]).toEqual({ status: 'released', revision: 2 });
    expect(await send(a, 'bk-a', 3, '09:00')).toMatchObject({ kind: 'retry', failure: 'credentials' });

    // The same PC joins again with its number as wish: refused without a code for that number…
    expect(await refusal(joinHub({ url: server.adminUrl, code: await code(), name: 'Anagrafe', wanted: 7 }))).toBe('HUB_NUMBER_TAKEN');
    // …kept with one: the same number, the same role, its own rows writable again.
    const again = await joinHub({ url: server.adminUrl, code: await code(7), name: 'Anagrafe', wanted: 7 });
    expect(again).toMatchObject({ number: 7, role: 'sportello_ws_7' });
    expect(await send(again, 'bk-a', 3, '10:00')).toMatchObject({ kind: 'done' });
    const ws = await admin((c) => c.query('SELECT number, removed_at FROM sportello.workstations ORDER BY number'));
    expect(ws.rows).toEqual([
      { number: 7, removed_at: null },
      { number: 8, removed_at: null },
    ]);
  });

  it('a join whose answer was lost: the retry with the PC’s own secret gets the same number and keeps a password that works', async () => {
    const s = openTestDb();
    stores.push(s);
    const typed = await code();
    // What joinHubAndStore keeps before asking the hub; the hub applies the join, the answer never arrives.
    const secret = pendingJoinPassword(s.db, sha256Hex(normalizeJoinCode(typed)), () => 'not-this-one');
    expect(secret).toBe('not-this-one');
    const lost = await joinHub({ url: server.adminUrl, code: typed, name: 'PC', password: secret });
    // Someone else with the same code (no secret): refused.
    expect(await refusal(joinHub({ url: server.adminUrl, code: typed, name: 'thief' }))).toBe('HUB_JOIN_CODE_USED');
    // The responsabile presses «Collega» again with the same code.
    const ws = await joinHubForSetup(
      s.db,
      { operatorId: 'op', workstationId: 'ws' },
      { url: server.adminUrl, code: typed },
      new Date().toISOString(),
    );
    expect(ws.number).toBe(lost.number);
    const kept = hubConnectionOf(s.db)!;
    expect(kept.password).toBe(secret);
    const c = new pg.Client({ connectionString: server.urlFor(kept.role, kept.password) });
    await c.connect();
    expect((await c.query('SELECT sportello.my_workstation() AS n')).rows[0].n).toBe(lost.number);
    await c.end();
    // No statement the hub kept holds the code or a password in clear.
    const texts = (await admin((q) => q.query('SELECT query FROM pg_stat_statements'))).rows.map((r) => r.query as string).join('\n');
    expect(texts).toMatch(/ALTER ROLE|CREATE ROLE/);
    expect(texts).toContain('SCRAM-SHA-256$');
    expect(texts).not.toContain(normalizeJoinCode(typed));
    expect(texts).not.toContain(secret);
  });
});
