/**
 * The README's backup and restore of the hub, exactly as written there: pg_dump (custom format) and
 * pg_dumpall --roles-only, then psql, createdb, pg_restore and hub init on a new PostgreSQL. The
 * counters log in with the passwords they already hold, their rows are there, and a number handed
 * out before the backup is still never handed out again.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initHub, issueJoinCode, removeHubWorkstation } from '../../../electron/platforms/hub/admin';
import { joinHub } from '../../../electron/platforms/hub/join';
import { type PgServer, postgresOrSkipReason, startPostgres } from '../../support/postgres';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub backup: skipped — ${skip}`);

describe.skipIf(skip)('backing up and restoring the hub with pg_dump / pg_restore', () => {
  let lost: PgServer;
  let fresh: PgServer;
  beforeAll(async () => {
    [lost, fresh] = await Promise.all([startPostgres(), startPostgres()]);
  });
  afterAll(async () => {
    await Promise.all([lost?.stop(), fresh?.stop()]);
  });
  const query = async (url: string, sql: string, params: unknown[] = []) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };

  it('a restored hub is the same hub: logins, rows, and numbers never handed out twice', async () => {
    lost.tool('createdb', ['sportello']);
    const admin = { url: lost.urlFor('postgres', lost.adminPassword, 'sportello') };
    await initHub(admin);
    const enrol = async (name: string) => joinHub({ url: admin.url, code: (await issueJoinCode(admin)).code, name });
    const a = await enrol('Anagrafe');
    const b = await enrol('CIE');
    await query(
      lost.urlFor(a.role, a.password, 'sportello'),
      `INSERT INTO sportello.agenda_bookings (booking_id, workstation, station_id, slot_start, slot_end, status)
       VALUES ('bk-1', $1, 'st-1', '2026-12-09T08:00Z', '2026-12-09T08:20Z', 'booked')`,
      [a.number],
    );
    await removeHubWorkstation(admin, b.number);

    // README step 5, the nightly backup (kept off the hub's machine: here, in the new cluster's folder).
    const dump = join(fresh.dir, 'sportello.dump');
    const roles = join(fresh.dir, 'roles.sql');
    lost.tool('pg_dump', ['--format=custom', '--dbname=sportello', `--file=${dump}`]);
    lost.tool('pg_dumpall', ['--roles-only', `--file=${roles}`]);
    await lost.stop();

    // …and the restore on a new PostgreSQL. The roles file brings the lost cluster's logins,
    // the administrator's password included.
    fresh.tool('psql', ['--quiet', `--file=${roles}`]);
    const password = lost.adminPassword;
    fresh.tool('createdb', ['sportello'], { password });
    fresh.tool('pg_restore', ['--dbname=sportello', '--exit-on-error', dump], { password });
    const restored = { url: fresh.urlFor('postgres', password, 'sportello') };
    const again = await initHub(restored);
    expect(again.applied).toEqual([]);
    expect(again.responsabile.password).toBeNull();

    // The counter logs in with the password it already holds and finds its booking.
    const url = fresh.urlFor(a.role, a.password, 'sportello');
    expect(await query(url, 'SELECT sportello.my_workstation() AS n')).toEqual([{ n: a.number }]);
    expect(await query(url, 'SELECT booking_id, workstation FROM sportello.agenda_bookings')).toEqual([
      { booking_id: 'bk-1', workstation: a.number },
    ]);
    // The double-booking rule came back with it.
    await expect(
      query(
        url,
        `INSERT INTO sportello.agenda_bookings (booking_id, workstation, station_id, slot_start, slot_end, status)
         VALUES ('bk-2', $1, 'st-1', '2026-12-09T08:10Z', '2026-12-09T08:30Z', 'booked')`,
        [a.number],
      ),
    ).rejects.toMatchObject({ code: '23P01' });
    // The removed workstation stays removed, and the next join gets a number never handed out.
    await expect(query(fresh.urlFor(b.role, b.password, 'sportello'), 'SELECT 1')).rejects.toMatchObject({ code: '28000' });
    const c = await joinHub({ url: restored.url, code: (await issueJoinCode(restored)).code, name: 'Front office' });
    expect(c.number).toBe(Math.max(a.number, b.number) + 1);
  });
});
