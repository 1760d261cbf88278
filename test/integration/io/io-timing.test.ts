/**
 * When IO messages leave: the day-before reminder not before 09:00 (Rome) of the day before, on
 * the injectable clock, and withdrawn or replaced when the appointment is cancelled or moved; and
 * IO's 429 honoured — after a 429 with Retry-After, no request for that citizen reaches IO before
 * Retry-After has passed, and the message goes through afterwards (real host, simulator process,
 * a recording forwarder in between).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cancelBooking, rescheduleBooking } from '../../../electron/core/cie/bookings';
import { addDays, weekdayOf } from '../../../electron/core/cie/calendar';
import { romeDate, romeInstant } from '../../../electron/core/rome-time';
import { setTestClock } from '../../support/clock';
import { callHost, type ServedSportello, serveSportello } from '../../support/serve';
import { startSimProcess } from '../../support/sim-process';
import { tempDir } from '../../support/tmp';
import {
  book,
  citizens,
  configureIo,
  freeSlots,
  ioItems,
  notice,
  simIo,
  storedMessages,
  storedPerContent,
  itemContent,
  withStore,
} from './io-fixture';
import { startRecordingProxy } from './recording-proxy';

// Day D, D+1 a weekday with CIE hours: the reminders of D+1's appointments are due at 09:00 of D. The
// day's work is recorded at 08:00 of D (however long set-up takes); the clock moves to just before
// 09:00 only when the host that sends them starts (a reminder's time is absolute, queued with it).
const D = ((d) => {
  while (weekdayOf(addDays(d, 1)) === 0 || weekdayOf(addDays(d, 1)) === 6) d = addDays(d, 1);
  return d;
})(addDays(romeDate(), 1));
const NINE = Date.parse(romeInstant(D, '09:00'));

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});
const LOGIN = { username: 'resp', password: 'password1' };

async function host(dir: string, simUrl: string, setup: boolean): Promise<ServedSportello> {
  const h = await serveSportello(['--data', dir, '--sim-url', simUrl, '--demo-residents', '5', '--probe-ms', '200']);
  cleanups.push(() => h.stop());
  const r = await callHost(h, setup ? 'session.setup' : 'session.login', setup ? { displayName: 'Resp Onsabile', ...LOGIN } : LOGIN);
  expect(r.body.ok).toBe(true);
  return h;
}

async function until<T>(what: string, f: () => T | Promise<T>, ms: number): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('when IO messages leave', () => {
  it('the reminder leaves at 09:00 the day before; a cancelled or moved appointment withdraws it', { timeout: 300_000 }, async () => {
    setTestClock(romeInstant(D, '08:00'));
    const setupSim = await startSimProcess(['--faults', 'none']);
    const data = tempDir();
    cleanups.push(() => data.cleanup());
    await (await host(data.dir, setupSim.url, true)).stop();
    await setupSim.stop();
    const [a, b, c] = citizens(3, 200);

    const ids = withStore(data.dir, (db, actor) => {
      configureIo(db, actor);
      const [sa, sb, sc] = freeSlots(db, addDays(D, 1), 3);
      const later = freeSlots(db, addDays(D, 3), 1)[0];
      const ids = { a: book(db, actor, a, sa), b: book(db, actor, b, sb), c: book(db, actor, c, sc), movedTo: later };
      rescheduleBooking(db, actor, ids.b, { stationId: later.stationId, date: later.date, startTime: later.time });
      cancelBooking(db, actor, ids.c, 'Il cittadino ha disdetto');
      return ids;
    });
    expect(Date.now()).toBeLessThan(NINE - 30 * 60_000); // recorded well before the reminders' hour

    const before = ioItems(data.dir);
    const reminders = before.filter((i) => i.payload.purpose === 'cie.reminder');
    // a: one waiting for 09:00 of D; b: the first withdrawn, a new one for the day before its new date; c: withdrawn.
    const of = (id: string) => reminders.filter((r) => r.item.businessId === id).map((r) => [r.item.state, r.item.nextAttemptAt]);
    expect(of(ids.a)).toEqual([['waiting', new Date(NINE).toISOString()]]);
    expect(of(ids.b)).toEqual([
      ['discarded', null],
      ['waiting', romeInstant(addDays(ids.movedTo.date, -1), '09:00')],
    ]);
    expect(of(ids.c)).toEqual([['discarded', null]]);

    // Just before 09:00 of D: the simulator (whose clock stamps created_at) and the host start now.
    setTestClock(romeInstant(D, '08:59', 45));
    const sim = await startSimProcess(['--faults', 'none']);
    cleanups.push(() => sim.stop());
    await simIo(sim.url, 'profiles', { implicit: 'none', profiles: [a, b, c].map((x) => ({ fiscal_code: x.codiceFiscale })) });
    await host(data.dir, sim.url, false);
    const aReminder = reminders.find((r) => r.item.businessId === ids.a)!;
    const sent = await until(
      "a's reminder at IO",
      async () =>
        (await storedMessages(sim.url)).find((m) => m.fiscal_code === a.codiceFiscale && m.content.subject.startsWith('Promemoria')),
      120_000,
    );
    // Not before its hour (the simulator's clock follows the test's), and exactly the queued text.
    expect(Date.parse(sent.created_at)).toBeGreaterThanOrEqual(NINE);
    expect(sent.content.markdown).toBe(aReminder.payload.markdown);
    const stored = await storedMessages(sim.url);
    const subjects = (cf: string) => stored.filter((m) => m.fiscal_code === cf).map((m) => m.content.subject.split(':')[0]);
    expect(subjects(a.codiceFiscale).sort()).toEqual(["Carta d'identità", 'Promemoria']);
    // b: confirmation and "spostato", no reminder yet (its day is later); c: confirmation and "annullato", never a reminder.
    expect(stored.filter((m) => m.fiscal_code === b.codiceFiscale).map((m) => m.content.subject)).toEqual([
      expect.stringMatching(/^Carta d'identità: appuntamento il /),
      expect.stringMatching(/^Carta d'identità: appuntamento spostato al /),
    ]);
    expect(stored.filter((m) => m.fiscal_code === c.codiceFiscale).map((m) => m.content.subject)).toEqual([
      expect.stringMatching(/^Carta d'identità: appuntamento il /),
      expect.stringMatching(/^Carta d'identità: appuntamento del .* annullato$/),
    ]);
  });

  it("IO's 429 is honoured: nothing for that citizen before Retry-After, then the message goes", { timeout: 300_000 }, async () => {
    const sim = await startSimProcess(['--faults', 'none']);
    cleanups.push(() => sim.stop());
    const proxy = await startRecordingProxy(sim.url);
    cleanups.push(() => proxy.close());
    const people = citizens(6, 300);
    await simIo(sim.url, 'profiles', { implicit: 'none', profiles: people.map((x) => ({ fiscal_code: x.codiceFiscale })) });
    // Three calls per 3 s per service: six notices need twelve calls, so IO answers 429 on the way.
    await simIo(sim.url, 'rate-limit', { calls: 3, perMs: 3000 });
    const data = tempDir();
    cleanups.push(() => data.cleanup());
    await (await host(data.dir, proxy.url, true)).stop();
    withStore(data.dir, (db, actor) => {
      configureIo(db, actor);
      for (const p of people) notice(db, actor, p);
    });
    await host(data.dir, proxy.url, false);
    await until('six messages at IO', async () => (await storedMessages(sim.url)).length >= 6 || null, 120_000);

    const io = proxy.log.filter((e) => e.path.startsWith('/io/api/v1/') && e.fiscalCode);
    const limited = io.filter((e) => e.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const e of limited) {
      expect(e.retryAfterS).toBeGreaterThan(0);
      const next = io.find((x) => x.fiscalCode === e.fiscalCode && x.at > e.answeredAt!);
      expect(next, "the citizen's message went through after the 429").toBeDefined();
      expect(next!.at - e.answeredAt!).toBeGreaterThanOrEqual(e.retryAfterS! * 1000);
    }
    // Each citizen's message exactly once, and every item done.
    const per = storedPerContent(await storedMessages(sim.url));
    const items = ioItems(data.dir);
    expect(items).toHaveLength(6);
    for (const i of items) expect(per.get(itemContent(i))?.stored).toBe(1);
    await until('all recorded done', () => ioItems(data.dir).every((i) => i.item.state === 'done') || null, 30_000);
    console.log(`IO 429: ${limited.length} answers 429, ${io.length} requests for 6 messages`);
  });
});
