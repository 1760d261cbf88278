/**
 * The start-up rehearsal. The first save of each kind in a process is the slowest of the day: V8
 * compiles a function when it is first called and Node loads some built-ins on first use, so the
 * first citizens' saves cost the back end 13–22 ms in the day's scenario, against 4–7 ms later.
 *
 * While the counter opens, every kind of save the counter makes runs once through `dispatch`, the
 * path of the page's calls, on a scratch store: fictitious demo residents, in a temporary folder,
 * under a throwaway key, with no platform configured. The store is closed and deleted at the end.
 * The Comune's own store is never opened here, and nothing is sent anywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp, type App } from './app';
import type { Logger } from './core/log';
import { computeCodiceFiscale } from './core/anagrafe/codice-fiscale';
import { seedDemoPlaces } from './core/anagrafe/demo';
import { romeDate } from './core/rome-time';
import { listItems, markAttention } from './core/sync/outbox';
import { praticaOf, untouchedResidents } from './procedures/demo-visits';
import { buildDay, type Newcomer } from '../scenario/script';

export interface Rehearsal {
  ms: number;
  /** Each call made, and the error code of those the scratch store refused (none expected). */
  steps: { call: string; ok: boolean; code?: string }[];
}

/** Enough families for one visit of each kind of the short day. */
const SCRATCH_RESIDENTS = 200;
const DAY_MS = 86_400_000;

export async function rehearse(): Promise<Rehearsal> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-rehearsal-'));
  const key = randomBytes(32).toString('hex');
  let app: App | null = null;
  const steps: Rehearsal['steps'] = [];
  try {
    app = createApp({ dataDir: dir, keys: { getOrCreateKey: () => key }, demo: true, demoResidents: SCRATCH_RESIDENTS });
    // Before the anagrafe room starts loading every place in the background (a second, not needed here).
    seedDemoPlaces(app.services.db);
    const call = callerOf(app, steps);
    await run(app, call);
  } finally {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms: Math.round(performance.now() - started), steps };
}

/**
 * What the hosts start once they serve the page. It yields between its steps, so the page's first
 * requests are answered meanwhile (awaited before serving, it made the first render 250–360 ms
 * later, bench/cold-start); it ends long before a first save, which needs the clerk signed in.
 * A rehearsal that fails (a full temporary disk) costs only speed: it is logged.
 */
export async function rehearseWhileOpening(log: Logger): Promise<void> {
  try {
    const r = await rehearse();
    log.info('host.rehearsed', {
      ms: r.ms,
      calls: r.steps.length,
      refused: r.steps.filter((x) => !x.ok).map((x) => `${x.call}: ${x.code}`),
    });
  } catch (e) {
    log.warn('host.rehearsal_failed', { error: e instanceof Error ? e.name : 'unknown' });
  }
}

type Call = <T = Record<string, unknown>>(name: string, input?: unknown) => Promise<T | null>;

function callerOf(app: App, steps: Rehearsal['steps']): Call {
  return async (name, input) => {
    const answer = await app.dispatch(name, input ?? {});
    // The page's answers are serialised for the socket: so are these.
    JSON.stringify(answer);
    await new Promise((resolve) => setImmediate(resolve)); // the host's own requests first
    steps.push(answer.ok ? { call: name, ok: true } : { call: name, ok: false, code: answer.error.code });
    return answer.ok ? (answer.data as never) : null;
  };
}

async function run(app: App, call: Call) {
  const db = app.services.db;
  const today = romeDate(new Date());
  const dayAt = (offset: number) => romeDate(new Date(Date.now() + offset * DAY_MS));
  const cf = (p: Newcomer) => computeCodiceFiscale(p);

  // Signed in directly: a password check is scrypt, slow by design, and not a save.
  app.services.session.signIn({
    id: 'rehearsal',
    username: 'prova',
    displayName: 'Prova generale',
    codiceFiscale: null,
    roles: ['responsabile'],
    active: true,
  });
  await call('session.get');
  await call('sync.status');
  await call('sync.attention');

  // Anagrafe: a search, a record, and one pratica of each kind of the day.
  const day = buildDay('short', untouchedResidents(db), today, cf);
  const someone = day.citizens.find((c) => c.visit.kind === 'civilStatus')!.visit as { person: { id: string; cognome: string } };
  await call('anagrafe.info');
  await call('anagrafe.search', { query: someone.person.cognome });
  await call('anagrafe.person', { id: someone.person.id });
  const pratiche = new Set(['birth', 'immigration', 'move', 'death', 'civilStatus']);
  for (const { visit } of day.citizens) {
    if (!pratiche.delete(visit.kind)) continue;
    await call('anagrafe.pratica.create', { pratica: praticaOf(db, visit, today, cf) });
  }
  // A refusal corrected and sent again ("Invii alle piattaforme"): one pratica is marked as refused.
  const queued = listItems(db, { states: ['pending'] }).find((i) => i.platform === 'anpr');
  if (queued) {
    markAttention(db, queued.id, 'EN240', 'Prova generale');
    await call('sync.attention');
    await call('sync.resend', { id: queued.id, payload: queued.payload });
  }

  // pagoPA: a standalone notice.
  const notice = day.citizens.find((c) => c.visit.kind === 'notice')!.visit as {
    debtor: { id: string; nome: string; cognome: string; codiceFiscale: string };
  };
  const debtor = notice.debtor;
  await call('pagopa.catalogue.list');
  await call('pagopa.debtor', { personId: debtor.id });
  await call('pagopa.notices.issue', {
    debtor: { fullName: `${debtor.nome} ${debtor.cognome}`, codiceFiscale: debtor.codiceFiscale },
    items: ['SEGRETERIA'],
    dueDate: dayAt(30),
    personId: debtor.id,
  });
  await call('pagopa.notices.list', { scope: 'today' });

  // CIE: the station open all day in short slots, so that today has slots left whatever the hour.
  const config = await call<{ stations: { id: string }[] }>('cie.config.get');
  const stationId = config?.stations[0]?.id;
  if (!stationId) return;
  await call('cie.stations.update', { id: stationId, slotMinutes: 5 });
  await call('cie.hours.set', { stationId, ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })) });
  const visitors = day.citizens
    .filter((c) => c.visit.kind === 'appointment' || c.visit.kind === 'walkIn' || c.visit.kind === 'booking')
    .map((c) => (c.visit as { person: Person }).person);
  const people = (p: Person) => [
    { personId: p.id, codiceFiscale: p.codiceFiscale, surname: p.cognome, givenNames: p.nome, birthDate: p.dataNascita },
  ];
  const firstFree = async (date: string) => (await call<{ starts: string[] }>('cie.freeStarts', { stationId, date, people: 1 }))?.starts[0];
  await call('cie.registry.search', { query: visitors[0].cognome });
  await call('cie.day', { stationId, date: today });

  // A booking by phone for tomorrow.
  const tomorrow = await firstFree(dayAt(1));
  if (tomorrow)
    await call('cie.book', {
      stationId,
      date: dayAt(1),
      startTime: tomorrow,
      people: people(visitors[0]),
      channel: 'phone',
      contactPhone: '333 000 0000',
    });
  // A walk-in: a number in the queue, served into the next free slot.
  const walkIn = await call<{ id: string }>('cie.walkins.add', { name: `${visitors[1].nome} ${visitors[1].cognome}` });
  await call('cie.walkins.list');
  const forWalkIn = await firstFree(today);
  if (walkIn && forWalkIn) await call('cie.walkins.serve', { id: walkIn.id, stationId, startTime: forWalkIn, people: people(visitors[1]) });
  // Today's appointment: arrival, its fee notice, the checklist to "pronto per CIEOnline".
  const forAppointment = await firstFree(today);
  if (forAppointment) {
    const booked = await call<{ booking: { id: string } }>('cie.book', {
      stationId,
      date: today,
      startTime: forAppointment,
      people: people(visitors[2]),
      channel: 'counter',
      contactPhone: '333 000 0000',
    });
    if (booked) await checkIn(call, booked.booking.id, visitors[2], dayAt(30));
  }
}

interface Person {
  id: string;
  codiceFiscale: string;
  cognome: string;
  nome: string;
  dataNascita: string;
}

async function checkIn(call: Call, bookingId: string, p: Person, dueDate: string) {
  await call('cie.booking.get', { id: bookingId });
  await call('cie.booking.arrived', { id: bookingId });
  await call('pagopa.debtor', { appointmentId: bookingId });
  const notice = await call<{ nav: string; totalCents: number }>('pagopa.notices.issue', {
    debtor: { fullName: `${p.nome} ${p.cognome}`, codiceFiscale: p.codiceFiscale },
    items: ['CIE-STATO', 'CIE-COMUNE'],
    dueDate,
    personId: p.id,
    appointmentId: bookingId,
  });
  const ref = { bookingId, personIdx: 0 };
  await call('cie.checklist.get', ref);
  await call('cie.checklist.update', {
    ...ref,
    patch: {
      case: 'first_issue',
      identity: { method: 'document_seen', documentType: 'carta_identita', documentNumber: 'AX0000001' },
      registry: { confirmed: true },
      paperPhoto: true,
      photoLooksCompliant: true,
      fingerprints: 'taken',
      organDonation: 'consent',
      delivery: { mode: 'comune', delegate: null },
    },
  });
  await call('cie.checklist.ready', {
    ...ref,
    patch: {
      fee: notice
        ? { method: 'pagopa', noticeNumber: notice.nav, amountCents: notice.totalCents, note: null }
        : { method: 'cash', receiptNumber: 'R-PROVA', amountCents: 2221, note: null },
    },
  });
}
