/**
 * IO messages for bookings and notices recorded OFFLINE, drained by the real host into the IO
 * simulator process under its 'rural' and 'chaos' fault profiles. IO has no idempotency key, so
 * Sportello never resends a message that may have reached IO (platforms/io/README.md):
 * - at most once: no content is stored twice by IO (the simulator's own duplicated packets apart);
 * - every item whose outcome Sportello knew (201) is stored exactly once;
 * - the items held as "esito incerto" are exactly those whose message IO stored and whose answer
 *   was lost (the simulator's after-store faults, `answer_lost` reset/timeout), plus some whose
 *   request was cut before the store (a cut after the request left looks the same on the wire);
 * - the clerk then asks the citizen: "ricevuto" → annulla; "non arrivato" → Invia di nuovo; in the
 *   end every message is stored exactly once;
 * - a citizen not on IO, or who turned the service off, gets nothing, and the booking's / notice's
 *   view says so with the paper path; the notice message's payment_data matches the notice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IO_OUTCOME_UNCERTAIN } from '../../../electron/core/io/model';
import { callHost, type ServedSportello, serveSportello } from '../../support/serve';
import { startSimProcess } from '../../support/sim-process';
import { tempDir } from '../../support/tmp';
import {
  book,
  citizens,
  configureIo,
  freeSlots,
  type IoItem,
  itemContent,
  notice,
  simIo,
  storedContent,
  storedMessages,
  storedPerContent,
  untilSettled,
  withStore,
} from './io-fixture';
import { addDays } from '../../../electron/core/cie/calendar';
import { romeDate } from '../../../electron/core/rome-time';
import { setTestClock } from '../../support/clock';

// A pinned start (10:00 in Rome): bookings ten days ahead, so no reminder's 09:00 falls within the run.
setTestClock('10:00');

const BOOKINGS = 20;
const NOTICES = 20;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const hostArgs = (dir: string, simUrl: string) => ['--data', dir, '--sim-url', simUrl, '--demo-residents', '5', '--probe-ms', '200'];
const LOGIN = { username: 'resp', password: 'password1' };

async function ok(host: ServedSportello, name: string, input: unknown = {}) {
  const r = await callHost(host, name, input);
  if (!r.body.ok) throw new Error(`${name}: ${JSON.stringify(r.body.error)}`);
  return r.body.data;
}

/** A data folder started once (demo seed, the responsabile created), then stopped. */
async function preparedFolder(simUrl: string): Promise<string> {
  const data = tempDir();
  cleanups.push(() => data.cleanup());
  const first = await serveSportello(hostArgs(data.dir, simUrl));
  try {
    await ok(first, 'session.setup', { displayName: 'Resp Onsabile', ...LOGIN });
  } finally {
    await first.stop();
  }
  return data.dir;
}

async function startHost(dir: string, simUrl: string): Promise<ServedSportello> {
  const host = await serveSportello(hostArgs(dir, simUrl));
  cleanups.push(() => host.stop());
  await ok(host, 'session.login', LOGIN);
  return host;
}

const isUncertain = (i: IoItem) => i.item.state === 'attention' && i.item.lastErrorCode === IO_OUTCOME_UNCERTAIN;
const isSent = (i: IoItem) => i.item.state === 'done' && i.result?.outcome === 'sent';

async function deliveryUnder(profile: 'rural' | 'chaos' | 'resets') {
  const sim = await startSimProcess(['--faults', profile]);
  cleanups.push(() => sim.stop());
  const onIo = citizens(BOOKINGS + NOTICES);
  const [notOnIo, turnedOff] = citizens(2, 100);
  await simIo(sim.url, 'profiles', {
    implicit: 'none',
    profiles: [
      ...onIo.map((c) => ({ fiscal_code: c.codiceFiscale })),
      { fiscal_code: notOnIo.codiceFiscale, on_io: false },
      { fiscal_code: turnedOff.codiceFiscale, blocked: 'all' },
    ],
  });
  const dir = await preparedFolder(sim.url);

  // The day's work, with the host off (no line): 20 bookings, 20 notices, and the two without IO.
  const ids = withStore(dir, (db, actor) => {
    configureIo(db, actor);
    const slots = freeSlots(db, addDays(romeDate(), 10), BOOKINGS + 1);
    const bookings = onIo.slice(0, BOOKINGS).map((c, i) => book(db, actor, c, slots[i]));
    const notices = onIo.slice(BOOKINGS).map((c) => notice(db, actor, c));
    return {
      bookings,
      notices,
      bookingNotOnIo: book(db, actor, notOnIo, slots[BOOKINGS]),
      noticeTurnedOff: notice(db, actor, turnedOff),
    };
  });

  const host = await startHost(dir, sim.url);
  let items = await untilSettled(dir, 300_000);
  const now = items.filter((i) => i.payload.purpose !== 'cie.reminder');
  expect(now).toHaveLength(BOOKINGS + NOTICES + 2);
  let stored = await storedMessages(sim.url);
  let per = storedPerContent(stored);
  const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()).io;

  // At most once, whatever the faults.
  for (const [k, v] of per) expect(v.stored, `stored twice: ${k.slice(0, 16)}`).toBeLessThanOrEqual(1);
  // Known outcome → exactly once.
  for (const i of now.filter(isSent)) expect(per.get(itemContent(i))?.stored).toBe(1);
  // Nothing else is left to a person but the uncertain ones (no refusal, no other code).
  const unexpected = now.filter((i) => !isSent(i) && !isUncertain(i) && i.item.state !== 'done');
  expect(unexpected.map((i) => `${i.item.state}/${i.item.lastErrorCode}`)).toEqual([]);
  // Held uncertain ⟺ IO stored it and its answer was lost (after-store), or it was cut before the store.
  const lostAfterStore = new Set(stored.filter((m) => m.answer_lost === 'reset' || m.answer_lost === 'timeout').map(storedContent));
  const uncertain = now.filter(isUncertain);
  const uncertainStored = new Set(uncertain.filter((i) => per.get(itemContent(i))?.stored === 1).map(itemContent));
  expect([...uncertainStored].sort()).toEqual([...lostAfterStore].sort());
  const afterStore = Object.entries(stats.faults.afterStore as Record<string, number>)
    .filter(([k]) => k !== 'duplicate')
    .reduce((n, [, v]) => n + v, 0);
  expect(uncertainStored.size).toBe(afterStore);
  const beforeStore = Object.values(stats.faults.beforeStore as Record<string, number>).reduce((n, v) => n + v, 0);
  expect(uncertain.length - uncertainStored.size).toBeLessThanOrEqual(beforeStore);
  // The faults did strike the submissions (under 'resets', always after the store: the uncertain path is taken).
  expect(afterStore + beforeStore).toBeGreaterThan(0);
  if (profile === 'resets') expect(afterStore).toBeGreaterThan(0);

  // The citizens without IO got nothing, and the clerk sees why, with the paper path.
  expect(stored.filter((m) => m.fiscal_code === notOnIo.codiceFiscale || m.fiscal_code === turnedOff.codiceFiscale)).toEqual([]);
  const booking = await ok(host, 'cie.booking.get', { id: ids.bookingNotOnIo });
  // Its confirmation ended "not on IO"; its reminder still waits for its day (it looks again then).
  expect(booking.io.messages.map((m: { state: string }) => m.state)).toEqual(['not_on_io', 'scheduled']);
  expect(booking.io.messages[0].text).toMatch(/non usa l'app IO: consegnare la ricevuta stampata/);
  const notices = (await ok(host, 'pagopa.notices.list', { scope: 'all' })) as {
    id: string;
    nav: string;
    totalCents: number;
    io: { messages: { state: string; text: string }[] };
  }[];
  const off = notices.find((n) => n.id === ids.noticeTurnedOff)!;
  expect(off.io.messages.map((m) => m.state)).toEqual(['not_on_io']);
  expect(off.io.messages[0].text).toMatch(/disattivato in IO i messaggi di questo servizio: consegnare l'avviso stampato/);

  // «Operazioni da verificare» holds exactly the uncertain ones, each with what to do; their booking or notice says so too.
  const attention = (
    (await ok(host, 'sync.attention')) as { id: string; platform: string; explanation: string | null; resendable: boolean }[]
  ).filter((a) => a.platform === 'io');
  expect(attention.map((a) => a.id).sort()).toEqual(uncertain.map((i) => i.item.id).sort());
  for (const a of attention) {
    expect(a.explanation).toMatch(/Chiedere al cittadino se ha ricevuto il messaggio/);
    expect(a.resendable).toBe(true);
  }
  const uncertainBooking = uncertain.find((i) => i.item.businessType === 'io.cie_booking');
  if (uncertainBooking) {
    const d = await ok(host, 'cie.booking.get', { id: uncertainBooking.item.businessId });
    expect(d.io.messages.find((m: { outboxId: string }) => m.outboxId === uncertainBooking.item.id).text).toMatch(/^Esito incerto/);
  }

  // The clerk: for each uncertain message, asks the citizen (here: the simulator knows) and decides.
  const counts = { uncertain: uncertain.length, uncertainStored: uncertainStored.size, afterStore, beforeStore, rounds: 0 };
  for (let round = 0; round < 6; round++) {
    const pending = items.filter((i) => i.payload.purpose !== 'cie.reminder' && isUncertain(i));
    if (pending.length === 0) break;
    counts.rounds++;
    for (const i of pending) {
      if (per.get(itemContent(i))?.stored === 1)
        await ok(host, 'sync.discard', { id: i.item.id, reason: 'Il cittadino conferma: messaggio ricevuto in IO' });
      else await ok(host, 'sync.resend', { id: i.item.id });
    }
    items = await untilSettled(dir, 300_000);
    stored = await storedMessages(sim.url);
    per = storedPerContent(stored);
    for (const [, v] of per) expect(v.stored).toBeLessThanOrEqual(1);
  }
  // In the end every citizen on IO has each of their messages exactly once.
  for (const i of items.filter((x) => x.payload.purpose !== 'cie.reminder' && onIo.some((c) => c.codiceFiscale === x.payload.fiscalCode)))
    expect(per.get(itemContent(i))?.stored, `${i.payload.purpose} ${i.item.state}`).toBe(1);

  // The reminders wait for 09:00 of the day before (not one reached IO).
  const reminders = items.filter((i) => i.payload.purpose === 'cie.reminder');
  expect(reminders).toHaveLength(BOOKINGS + 1);
  for (const r of reminders) expect(r.item.state).toBe('waiting');
  expect(stored.filter((m) => m.content.subject.startsWith('Promemoria'))).toEqual([]);
  // …and the queue's counts show them as scheduled, not as late: nothing IO "to send".
  const ioHealth = (await ok(host, 'sync.status')).platforms.find((p: { platform: string }) => p.platform === 'io');
  expect(ioHealth.counts).toMatchObject({ pending: 0, waiting: 0 });

  // The notice message's payment data is the notice's (the contract's view of it and the settings' payee).
  const payee = (await ok(host, 'pagopa.settings.get')).settings.cfEnte as string;
  for (const id of ids.notices) {
    const n = notices.find((x) => x.id === id)!;
    const cf = items.find((i) => i.item.businessId === id)!.payload.fiscalCode;
    const msg = stored.filter((m) => m.fiscal_code === cf && m.content.payment_data && m.answer_lost !== 'duplicate');
    expect(msg).toHaveLength(1);
    expect(msg[0].content.payment_data).toMatchObject({ notice_number: n.nav, amount: n.totalCents, payee: { fiscal_code: payee } });
  }
  const after = (await ok(host, 'pagopa.notices.list', { scope: 'all' })) as typeof notices;
  const sentNotice = after.find((n) => n.id === ids.notices[0])!;
  // Sent, or (uncertain, the citizen confirmed it arrived) closed by the clerk with their reason: never "withdrawn".
  const noticeMsg = sentNotice.io.messages[0];
  expect(['sent', 'closed']).toContain(noticeMsg.state);
  if (noticeMsg.state === 'closed')
    expect(noticeMsg.text).toBe('Invio chiuso dall’operatore: Il cittadino conferma: messaggio ricevuto in IO.');
  console.log(`IO ${profile}: ${JSON.stringify({ ...counts, stored: stored.length, stats: stats.faults })}`);
  await host.stop();
  await sim.stop();
}

describe('IO messages queued offline, delivered under faults', () => {
  it("under 'rural': at most once always, exactly once when known, uncertain = lost after store", { timeout: 900_000 }, () =>
    deliveryUnder('rural'),
  );
  it("under 'chaos': the same", { timeout: 900_000 }, () => deliveryUnder('chaos'));
  it("under 'resets' (a fifth of the answers lost after IO stored the message): the same", { timeout: 900_000 }, () =>
    deliveryUnder('resets'),
  );
});
