/**
 * Sportello hosts (browser mode, each on its own data folder) and one real PostgreSQL hub:
 * - a counter cut from the hub for a morning books and queues, then syncs exactly once;
 * - SIGKILL of the host, and a restart of PostgreSQL, while it syncs lose nothing and apply nothing twice;
 * - a counter without a hub writes no hub item at all;
 * - a new, empty hub is rebuilt from the counters.
 * Rows are counted in PostgreSQL as its superuser. Each hub write is slowed (a test-only trigger
 * sleeps 40 ms per applied key) so that a kill lands in the middle of the drain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { romeDate } from '../../../electron/core/rome-time';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { countByState } from '../../../electron/core/sync/outbox';
import { hubSettingFor, type Joined, startHub, type TestHub } from '../../support/hub';
import { postgresOrSkipReason } from '../../support/postgres';
import { cuttableLink, type CuttableLink } from '../../support/link';
import { tempDir } from '../../support/tmp';
import { until } from './counters';
import { type CounterHost, prepareCounterFolder, startCounterHost } from './hosts';

const skip = postgresOrSkipReason();
if (skip) console.warn(`hub hosts: skipped — ${skip}`);

const BOOKINGS = 24;
const WALKINS = 24;
const DAY = ((d) => {
  while (weekdayOf(d) !== 3) d = addDays(d, 1);
  return d;
})(addDays(romeDate(), 14));
const slot = (i: number) => {
  const m = 8 * 60 + i * 20;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe.skipIf(skip)('counters on their own data folders, one hub', () => {
  let hub: TestHub;
  const dirs: ReturnType<typeof tempDir>[] = [];
  const hosts: CounterHost[] = [];
  const links: CuttableLink[] = [];
  const folder = () => {
    const d = tempDir('sportello-hubhost-');
    dirs.push(d);
    return d.dir;
  };
  const track = (h: CounterHost) => {
    hosts.push(h);
    return h;
  };
  const rows = (sql: string, params: unknown[] = []) => hub.count(sql, params);
  const direct = (j: Joined) => hubSettingFor(j, hub.server.socketDir, hub.server.port);

  beforeAll(async () => {
    hub = await startHub();
    // Test only: each applied key costs 40 ms, so a drain of ~50 items lasts about a second.
    await hub.admin((c) =>
      c.query(`CREATE FUNCTION sportello.slow_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.04); RETURN NEW; END $$;
               CREATE TRIGGER slow_apply BEFORE INSERT ON sportello.applied_ops FOR EACH ROW EXECUTE FUNCTION sportello.slow_apply();`),
    );
  }, 60_000);
  afterAll(async () => {
    for (const h of hosts) await h.host.stop();
    for (const l of links) await l.close();
    await hub?.stop();
    for (const d of dirs) d.cleanup();
  });

  it('offline for a morning: books and queues, then syncs exactly once; SIGKILL and a PostgreSQL restart mid-sync lose nothing, apply nothing twice', {
    timeout: 180_000,
  }, async () => {
    const joined = await hub.join('Anagrafe');
    // This counter reaches the hub through a link the test can cut.
    const link = await cuttableLink(hub.server);
    links.push(link);
    const dir = folder();
    prepareCounterFolder(dir, hubSettingFor(joined, link.dir, hub.server.port));
    let c = track(await startCounterHost(dir, true));
    await until('hub reached', async () => (await c.call('hub.pullNow')).reached);
    const station = (await c.call('cie.config.get')).stations[0];

    // The morning without the hub.
    await link.cut();
    for (let i = 0; i < BOOKINGS; i++) {
      await c.call('cie.book', {
        stationId: station.id,
        date: DAY,
        startTime: slot(i),
        people: [{ surname: `Cittadino ${String.fromCharCode(65 + (i % 26))}`, givenNames: 'Anna' }],
        channel: 'counter',
        contactPhone: '3330000001',
      });
    }
    const labels: string[] = [];
    for (let i = 0; i < WALKINS; i++)
      labels.push((await c.call('cie.walkins.add', { name: `Persona ${String.fromCharCode(65 + (i % 26))}` })).label);
    // Provisional labels, which no other counter can print: "<counter>-<n>".
    expect(labels.slice(0, 3)).toEqual([`${joined.number}-1`, `${joined.number}-2`, `${joined.number}-3`]);
    const total = BOOKINGS + WALKINS;

    // The link returns; the host is killed with SIGKILL in the middle of the drain.
    await link.restore();
    await until('drain under way', async () => (await rows('SELECT count(*) AS n FROM sportello.applied_ops')) >= 8, 60_000);
    await c.host.kill();
    const atKill = await rows('SELECT count(*) AS n FROM sportello.applied_ops');
    expect(atKill).toBeLessThan(total);

    // Restarted: it goes on; PostgreSQL restarts in the middle of it.
    c = track(await startCounterHost(dir, false));
    await until('more applied', async () => (await rows('SELECT count(*) AS n FROM sportello.applied_ops')) >= atKill + 5, 60_000);
    const atRestart = await rows('SELECT count(*) AS n FROM sportello.applied_ops');
    await hub.server.restart();
    expect(atRestart).toBeLessThan(total);
    await until('all applied', async () => (await rows('SELECT count(*) AS n FROM sportello.applied_ops')) === total, 90_000);
    // Applied once each: one row per booking and per ticket, the ticket numbers 1..n without a gap.
    expect(await rows('SELECT count(*) AS n FROM sportello.agenda_bookings')).toBe(BOOKINGS);
    expect(await rows('SELECT count(*) AS n FROM sportello.walkin_tickets')).toBe(WALKINS);
    expect(await rows('SELECT max(number) AS n FROM sportello.walkin_tickets')).toBe(WALKINS);
    // And the counter's queue says the same; the tickets now show the Comune's numbers.
    await until(
      'queue empty',
      async () => (await c.call('sync.status')).platforms.find((p: any) => p.platform === 'hub')?.counts.pending === 0,
    );
    const queue = await c.call('cie.walkins.list');
    expect(queue.map((w: any) => w.comuneNumber).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: WALKINS }, (_, i) => i + 1),
    );
    // Its outbox states reached the hub's overview, and its last contact is recent.
    await until(
      'states on the hub',
      async () => (await rows(`SELECT count(*) AS n FROM sportello.outbox_state WHERE platform = 'hub' AND state = 'done'`)) === total,
    );
    const ws = (await c.call('hub.workstations')).workstations.find((w: any) => w.self);
    expect(ws.lastContactAt).not.toBeNull();
    await c.host.stop();
    hosts.pop();
    const { db } = openStore(dir, keyFileProvider);
    expect(countByState(db).hub).toMatchObject({ done: total, pending: 0, waiting: 0, attention: 0 });
    db.close();
  });

  it('no hub configured: no hub item is written and the walk-in numbers are the counter’s own, as before', {
    timeout: 60_000,
  }, async () => {
    const dir = folder();
    prepareCounterFolder(dir, null, 7);
    const c = track(await startCounterHost(dir, true));
    const station = (await c.call('cie.config.get')).stations[0];
    const b = await c.call('cie.book', {
      stationId: station.id,
      date: DAY,
      startTime: '09:00',
      people: [{ surname: 'Rossi', givenNames: 'Anna' }],
      channel: 'counter',
      contactPhone: '3330000001',
    });
    await c.call('cie.booking.cancel', { id: b.booking.id, reason: 'Non serve più' });
    const w = await c.call('cie.walkins.add', { name: 'Carla Verdi' });
    expect(w).toMatchObject({ number: 1, label: '1', comuneNumber: null, counter: null, foreign: false });
    await c.call('cie.walkins.callNext');
    const status = await c.call('sync.status');
    expect(status.platforms.map((p: any) => p.platform)).not.toContain('hub');
    expect((await c.call('cie.day', { stationId: station.id, date: DAY })).otherCounters).toEqual([]);
    expect(await c.call('hub.workstations')).toEqual({ workstations: [], lastPullAt: null });
    await c.host.stop();
    hosts.pop();
    const { db } = openStore(dir, keyFileProvider);
    expect(db.prepare(`SELECT count(*) AS n FROM outbox WHERE platform = 'hub'`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM outbox WHERE platform = 'agenda'`).get()).toEqual({ n: 2 });
    db.close();
  });

  it('two counters book the same slot at once: one wins, the other finds it in «Operazioni da verificare» and as a conflict', {
    timeout: 90_000,
  }, async () => {
    await hub.admin((c) => c.query('TRUNCATE sportello.agenda_bookings, sportello.applied_ops'));
    const [j1, j2] = [await hub.join('Anagrafe'), await hub.join('Ufficio CIE')];
    const [d1, d2] = [folder(), folder()];
    prepareCounterFolder(d1, direct(j1));
    prepareCounterFolder(d2, direct(j2));
    const [c1, c2] = [track(await startCounterHost(d1, true)), track(await startCounterHost(d2, true))];
    const book = async (c: CounterHost, surname: string) =>
      c.call('cie.book', {
        stationId: (await c.call('cie.config.get')).stations[0].id,
        date: DAY,
        startTime: '10:00',
        people: [{ surname, givenNames: 'Anna' }],
        channel: 'counter',
        contactPhone: '3330000001',
      });
    await Promise.all([book(c1, 'Rossi'), book(c2, 'Bianchi')]);
    const hubCounts = async (c: CounterHost) => (await c.call('sync.status')).platforms.find((p: any) => p.platform === 'hub').counts;
    await until('both answered', async () => {
      const [a, b] = [await hubCounts(c1), await hubCounts(c2)];
      return a.pending + a.waiting + a.inFlight + b.pending + b.waiting + b.inFlight === 0;
    });
    expect(await rows(`SELECT count(*) AS n FROM sportello.agenda_bookings WHERE status = 'booked'`)).toBe(1);
    const refused = [];
    for (const c of [c1, c2]) for (const item of await c.call('sync.attention')) refused.push({ c, item });
    expect(refused).toHaveLength(1);
    const { c: loser, item } = refused[0];
    expect(item).toMatchObject({ platform: 'hub', code: 'HUB_SLOT_TAKEN' });
    expect(item.text).toMatch(/già prenotato da un altro sportello/);
    expect(item.explanation).toMatch(/spostarla o annullarla/);
    const conflicts = await loser.call('cie.conflicts.list', { status: 'open' });
    expect(conflicts).toHaveLength(1);
    // The winner's booking shows in the loser's day view, marked by its counter.
    await loser.call('hub.pullNow');
    const winner = loser === c1 ? j2 : j1;
    const day = await loser.call('cie.day', { stationId: (await loser.call('cie.config.get')).stations[0].id, date: DAY });
    expect(day.otherCounters).toMatchObject([{ counter: { number: winner.number, self: false }, times: ['10:00'] }]);
    expect(day.slots.find((x: any) => x.time === '10:00').booking.counter).toMatchObject({ self: true });
    // The workstation list has both, with their last contact.
    const list = (await loser.call('hub.workstations')).workstations;
    expect(list.filter((w: any) => [j1.number, j2.number].includes(w.number)).every((w: any) => w.lastContactAt)).toBe(true);
  });

  it('a new, empty hub is rebuilt from the counter: its bookings and tickets are sent again, by itself, once', {
    timeout: 90_000,
  }, async () => {
    const joined = await hub.join('Protocollo');
    const dir = folder();
    prepareCounterFolder(dir, direct(joined));
    const c = track(await startCounterHost(dir, true));
    const stationId = (await c.call('cie.config.get')).stations[0].id;
    for (const t of ['14:00', '14:20', '14:40'])
      await c.call('cie.book', {
        stationId,
        date: DAY,
        startTime: t,
        people: [{ surname: 'Neri', givenNames: 'Anna' }],
        channel: 'counter',
        contactPhone: '3330000001',
      });
    for (const name of ['Luca Bruni', 'Sara Gialli']) await c.call('cie.walkins.add', { name });
    const mine = () => rows('SELECT count(*) AS n FROM sportello.agenda_bookings WHERE workstation = $1', [joined.number]);
    const myTickets = () => rows('SELECT count(*) AS n FROM sportello.walkin_tickets WHERE issued_by = $1', [joined.number]);
    await until('on the hub', async () => (await mine()) === 3 && (await myTickets()) === 2);
    // The responsabile's command on a hub that has everything changes nothing there.
    expect(await c.call('hub.resend')).toEqual({ bookings: 3, tickets: 2 });
    await until('resent', async () => (await c.call('sync.status')).platforms.find((p: any) => p.platform === 'hub').counts.done === 10);
    expect([await mine(), await myTickets()]).toEqual([3, 2]);

    // The hub is lost; a new, empty one takes its place (the registry of workstations restored).
    await hub.admin((x) =>
      x.query(
        'TRUNCATE sportello.agenda_bookings, sportello.walkin_tickets, sportello.walkin_days, sportello.applied_ops, sportello.outbox_state',
      ),
    );
    await until('rebuilt by itself', async () => (await mine()) === 3 && (await myTickets()) === 2, 30_000);
    await new Promise((r) => setTimeout(r, 1_500)); // more pulls: nothing is sent a third time
    const log = () =>
      readFileSync(join(dir, 'logs', 'sportello.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('hub.'));
    expect(await rows('SELECT count(*) AS n FROM sportello.applied_ops WHERE workstation = $1', [joined.number]), log().join('\n')).toBe(5);
    await until('numbered again', async () => (await c.call('cie.walkins.list')).every((w: any) => w.comuneNumber !== null));
    expect((await c.call('cie.walkins.list')).filter((w: any) => !w.foreign)).toHaveLength(2);

    // Later the hub is restored from a dump taken before this counter's last booking: it is sent again, by itself.
    const late = await c.call('cie.book', {
      stationId,
      date: DAY,
      startTime: '15:00',
      people: [{ surname: 'Viola', givenNames: 'Anna' }],
      channel: 'counter',
      contactPhone: '3330000001',
    });
    await until('the late booking on the hub', async () => (await mine()) === 4);
    await hub.admin(async (x) => {
      await x.query('DELETE FROM sportello.agenda_bookings WHERE booking_id = $1', [late.booking.id]);
      await x.query(
        'DELETE FROM sportello.applied_ops WHERE applied_at = (SELECT max(applied_at) FROM sportello.applied_ops WHERE workstation = $1)',
        [joined.number],
      );
    });
    await until('restored from the counter', async () => (await mine()) === 4, 30_000);
    // Sent again once: the 5 writes the hub still knew plus the counter's 6 current records (4 bookings, 2 tickets).
    const applied = () => rows('SELECT count(*) AS n FROM sportello.applied_ops WHERE workstation = $1', [joined.number]);
    await until('all sent again', async () => (await applied()) === 11);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await applied(), log().join('\n')).toBe(11);
  });
});
