/**
 * Runs the day: starts the simulated platforms (their own process) and Sportello in demo mode
 * (browser host) against them, opens the
 * counter, takes every platform down, serves the citizens through the real UI, brings the
 * platforms back on a bad rural line at closing, waits for the queue, resolves what needs a person
 * in the UI, and builds the report. API calls are used only for what is not the clerk's work:
 * the responsabile's setup, simulator control and reading counts.
 */
import { readdirSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import type { Browser } from 'playwright-core';
import { computeCodiceFiscale } from '../electron/core/anagrafe/codice-fiscale';
import { createResponsabile, launchChromium, watchPageProblems } from '../test/support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../test/support/serve';
import { startSimProcess } from '../test/support/sim-process';
import { tempDir } from '../test/support/tmp';
import { openCardDesk, type CardDesk } from './cards';
import { CounterDriver, dayFrom, until, type VisitResult } from './driver';
import {
  PLATFORMS,
  platformFigures,
  saveFigures,
  textSummary,
  writeReport,
  type AttentionEntry,
  type DayReport,
  type PlatformName,
  type PlatformCounts,
  type SimCounts,
} from './report';
import { demoResidents } from './residents';
import { buildDay, mixOf, residentsFor, type CardHolder, type DaySize } from './script';

export interface RunOptions {
  size: DaySize;
  /** Where the JSON and text reports go; none: not written. */
  outDir?: string;
  /** false: type the citizens' data even where the card test bed could run. */
  cards?: boolean;
  log?: (line: string) => void;
  /** Longest wait for the queue to settle after reconnection. */
  settleTimeoutMs?: number;
  /** Serve without the start-up rehearsal: the baseline that shows what it buys. */
  skipRehearsal?: boolean;
  /** Chromium as it comes, without the shell's feature switches (electron/chromium-features.ts): a baseline. */
  chromiumDefaults?: boolean;
}

export interface RunResult {
  report: DayReport;
  text: string;
  files: { json: string; text: string } | null;
  visits: VisitResult[];
}

const RESPONSABILE = { name: 'Pietro Sportello', user: 'pietro', cf: 'DMEPTR80A01A577B' };
const FAULT_PROFILE = 'rural';

interface SyncStatus {
  openItems: number;
  attentionItems: number;
  platforms: { platform: PlatformName; counts: PlatformCounts }[];
}

export async function runDay(opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const today = dayFrom(0);
  const day = buildDay(opts.size, demoResidents(residentsFor(opts.size)), today, (p) => computeCodiceFiscale(p));
  const holders = day.citizens.map((c) => c.card).filter((c): c is CardHolder => c !== null);
  log(`day: ${day.citizens.length} citizens, ${holders.length} with a CIE to read`);

  const data = tempDir('sportello-day-');
  let desk: CardDesk | null = null;
  let host: ServedSportello | null = null;
  let sims: Awaited<ReturnType<typeof startSimProcess>> | null = null;
  let browser: Browser | null = null;
  try {
    desk = await openCardDesk(holders, { disabled: opts.cards === false ? 'card reading turned off (--no-cards)' : undefined });
    log(
      desk.unavailable
        ? `cards: typed data (${desk.unavailable})`
        : `cards: ${holders.length} virtual CIEs personalised, pcscd test bed up`,
    );
    // The platforms run in their own process, as remote platforms do: their work is not Sportello's.
    sims = await startSimProcess();
    log(`platforms: simulators in their own process at ${sims.url}`);
    host = await serveSportello(
      [
        '--data',
        data.dir,
        '--demo',
        '--sim-url',
        sims.url,
        '--demo-residents',
        String(day.residents),
        '--probe-ms',
        '300',
        ...(opts.skipRehearsal ? ['--skip-rehearsal'] : []),
      ],
      {
        timeoutMs: 180_000,
        env: desk.socketPath ? { PCSCLITE_CSOCK_NAME: desk.socketPath } : {},
      },
    );
    const h = host;
    const simUrl = sims.url;
    const api = async <T = any>(name: string, input: unknown = {}): Promise<T> => {
      const r = await callHost(h, name, input);
      if (!r.body.ok) throw new Error(`${name}: ${r.body.error?.code} ${r.body.error?.message}`);
      return r.body.data as T;
    };

    browser = await launchChromium({ chromiumDefaults: opts.chromiumDefaults });
    // What is measured is Sportello: its host, its browser and pcscd keep the normal priority. The
    // harness (this runner with Playwright, the simulators, and the virtual cards it starts from
    // now on) yields the CPU to them, as on a clerk's PC, where none of it runs.
    yieldCpu(sims.proc.pid);
    yieldCpu(process.pid);
    const page = await browser.newPage({ acceptDownloads: true });
    page.setDefaultTimeout(45_000);
    const problems = watchPageProblems(page);
    await page.goto(h.url);

    // Opening: the responsabile's first start (the CF is the NameID of ANPR requests).
    await createResponsabile(page, { displayName: RESPONSABILE.name, username: RESPONSABILE.user, codiceFiscale: RESPONSABILE.cf });

    // The responsabile's setup (not counter work): a CIE station open all day in 5-minute slots, so
    // the day runs whatever the hour; the virtual cards' test CSCAs trusted.
    const config = await api<{ stations: { id: string; remoteId: string }[] }>('cie.config.get');
    const station = config.stations[0];
    await api('cie.stations.update', { id: station.id, slotMinutes: 5 });
    await api('cie.hours.set', {
      stationId: station.id,
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
    });
    for (const pem of desk.cscas) await api('card.csca.import', { file: Buffer.from(pem).toString('base64') });

    // The planted errors, on the platforms' side.
    for (const p of day.planted) {
      if (p.kind === 'anpr-last-operation') {
        const r = await fetch(`${simUrl}/anpr/_control/last-operation`, {
          method: 'POST',
          body: JSON.stringify({ codiceFiscale: p.codiceFiscale, date: dayFrom(-p.daysAgo) }),
        });
        if (!r.ok) throw new Error(`planting the ANPR last operation: HTTP ${r.status}`);
      } else {
        // A citizen books this slot on the national site a moment after the line drops.
        const r = await fetch(`${simUrl}/agenda/sim/random`, {
          method: 'POST',
          body: JSON.stringify({ stationId: station.remoteId, dates: [dayFrom(p.daysAhead)], times: [p.time], everyMs: 1500, max: 1 }),
        });
        if (!r.ok) throw new Error(`planting the online booking: HTTP ${r.status}`);
      }
    }
    await simControl(simUrl, 'down', { platforms: 'all', down: true });
    log('opening: every platform is down');

    // The day at the counter.
    const driver = new CounterDriver(page, desk);
    const visits: VisitResult[] = [];
    for (const c of day.citizens) {
      const t = Date.now();
      const r = await driver.serve(c);
      visits.push(r);
      log(
        `#${String(c.n).padStart(2)} ${c.visit.kind.padEnd(11)} ${r.cardRead ? 'CIE read ' : 'typed    '} ${String(Date.now() - t).padStart(6)} ms  saves ${r.saves.map((s) => `${s.ms} (api ${s.apiMs})`).join(', ')} ms${c.planted ? `  (planted: ${c.planted.kind})` : ''}`,
      );
    }
    for (const v of visits.filter((x) => x.kind === 'noShow')) {
      await driver.markAbsent(v.bookingCode!);
      log(`#${String(v.n).padStart(2)} noShow      marked absent at closing`);
    }
    const stats = async () => (await simControl(simUrl, 'stats')) as Record<PlatformName, SimCounts>;
    const whileDown = await stats();
    const appliedWhileDown = PLATFORMS.reduce((n, p) => n + whileDown[p].applied, 0);

    // Closing: the line comes back, a bad rural one.
    await simControl(simUrl, 'faults', { profile: FAULT_PROFILE });
    await simControl(simUrl, 'down', { platforms: 'all', down: false });
    const reconnectedAt = Date.now();
    log(`closing: platforms back with the '${FAULT_PROFILE}' profile`);
    const status = () => api<SyncStatus>('sync.status');
    const unsent = (s: SyncStatus) => s.platforms.reduce((n, p) => n + p.counts.pending + p.counts.inFlight + p.counts.waiting, 0);
    await settle(async () => unsent(await status()) === 0, opts.settleTimeoutMs ?? 600_000);
    const settledSeconds = (Date.now() - reconnectedAt) / 1000;
    log(`queue settled in ${settledSeconds.toFixed(1)} s`);

    // What needs a person, and whether it is exactly what was planted.
    const before = await status();
    const attention =
      await api<{ platform: string; kind: string; code: string | null; text: string | null; payload: unknown }[]>('sync.attention');
    const conflicts = await api<{ conflict: { detectedVia: string }; booking: { code: string } }[]>('cie.conflicts.list', {
      status: 'open',
    });
    const plantedCf = day.planted.flatMap((p) => (p.kind === 'anpr-last-operation' ? [p.codiceFiscale] : []));
    const plantedCodes = day.citizens.filter((c) => c.planted?.kind === 'slot-taken-online').map((c) => visits[c.n - 1].bookingCode);
    const needsAttention: AttentionEntry[] = [
      ...attention.map((a) => ({
        platform: a.platform,
        kind: a.kind,
        code: a.code,
        text: a.text,
        planted: a.kind === 'anpr.5008' && plantedCf.some((cf) => JSON.stringify(a.payload).includes(cf)),
      })),
      ...conflicts.map((c) => ({
        platform: 'agenda',
        kind: `conflict (booking ${c.booking.code}, seen by ${c.conflict.detectedVia})`,
        code: 'SLOT_TAKEN',
        text: 'Questo orario è stato preso da una prenotazione online mentre il collegamento mancava. Spostare la prenotazione e avvisare il cittadino.',
        planted: plantedCodes.includes(c.booking.code),
      })),
    ];
    const onlyPlanted = needsAttention.every((a) => a.planted) && needsAttention.filter((a) => a.planted).length === day.planted.length;
    const attentionBy = (p: PlatformName) =>
      before.platforms.find((x) => x.platform === p)!.counts.attention + (p === 'agenda' ? conflicts.length : 0);
    const allConflicts = await api<unknown[]>('cie.conflicts.list', {});

    // The clerk resolves them in the UI.
    let resolved = 0;
    for (const a of attention.filter((x) => x.kind === 'anpr.5008' && plantedCf.some((cf) => JSON.stringify(x.payload).includes(cf)))) {
      void a;
      await driver.correctDecorrenza('anpr.5008', today);
      resolved++;
    }
    for (const c of conflicts.filter((x) => plantedCodes.includes(x.booking.code))) {
      await driver.moveConflict(c.booking.code);
      resolved++;
    }
    const resolvedAt = Date.now();
    let emptied = true;
    try {
      await settle(async () => {
        const s = await status();
        const open = await api<unknown[]>('cie.conflicts.list', { status: 'open' });
        return s.openItems === 0 && open.length === 0;
      }, 300_000);
    } catch {
      emptied = false;
    }
    const resolutionSeconds = (Date.now() - resolvedAt) / 1000;
    const after = await status();
    const openConflicts = (await api<unknown[]>('cie.conflicts.list', { status: 'open' })).length;
    const final = await stats();
    await simControl(simUrl, 'faults', { profile: 'none' });

    const platforms = Object.fromEntries(
      PLATFORMS.map((p) => {
        const counts = after.platforms.find((x) => x.platform === p)!.counts;
        // Faults of the rural line only: the refusals counted while the platform was down all day are not its doing.
        const injected = Object.fromEntries(
          Object.entries(final[p].injected)
            .map(([k, v]) => [k, v - (whileDown[p].injected[k] ?? 0)] as const)
            .filter(([, v]) => v > 0),
        );
        return [p, platformFigures(counts, { ...final[p], injected }, attentionBy(p), p === 'agenda' ? allConflicts.length : 0)];
      }),
    ) as DayReport['platforms'];
    const mix = mixOf(day);
    const noticesFromAppointments = visits.filter((v) => v.nav && (v.kind === 'appointment' || v.kind === 'walkIn')).length;
    const report: DayReport = {
      size: opts.size,
      date: today,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      wallSeconds: (Date.now() - started) / 1000,
      rehearsed: !opts.skipRehearsal,
      chromiumDefaults: opts.chromiumDefaults === true,
      citizens: day.citizens.length,
      mix,
      pratiche: (mix.birth ?? 0) + (mix.immigration ?? 0) + (mix.move ?? 0) + (mix.death ?? 0) + (mix.civilStatus ?? 0),
      cieAppointments: (mix.booking ?? 0) + (mix.appointment ?? 0) + (mix.walkIn ?? 0) + (mix.noShow ?? 0),
      pagopaNotices: visits.filter((v) => v.nav).length,
      noticesFromAppointments,
      identifiedByCard: visits.filter((v) => v.cardRead).length,
      cardReading: desk.unavailable
        ? `data typed: ${desk.unavailable}`
        : 'virtual CIE read through the real pcscd (PACE, passive authentication)',
      // Fictitious residents, but a report is shared: no full codice fiscale in it.
      planted: day.planted.map((p) =>
        p.kind === 'anpr-last-operation' ? { ...p, codiceFiscale: `${p.codiceFiscale.slice(0, 6)}**********` } : p,
      ),
      appliedWhileDown,
      reconnection: { faultProfile: FAULT_PROFILE, settledSeconds },
      platforms,
      needsAttention,
      onlyPlantedNeededAttention: onlyPlanted,
      resolution: {
        resolvedInUi: resolved,
        queueEmpty: emptied && after.openItems === 0 && openConflicts === 0,
        settledSeconds: resolutionSeconds,
        openItems: after.openItems,
        openConflicts,
      },
      totals: {
        created: PLATFORMS.reduce((n, p) => n + platforms[p].created, 0),
        applied: PLATFORMS.reduce((n, p) => n + platforms[p].applied, 0),
        appliedTwice: PLATFORMS.reduce((n, p) => n + platforms[p].appliedTwice, 0),
        lost: PLATFORMS.reduce((n, p) => n + platforms[p].lost, 0),
      },
      saves: saveFigures(driver.saves),
      pageProblems: [...problems],
    };
    const text = textSummary(report);
    const files = opts.outDir ? writeReport(report, opts.outDir) : null;
    return { report, text, files, visits };
  } finally {
    await browser?.close().catch(() => {});
    await host?.stop().catch(() => {});
    await sims?.stop().catch(() => {});
    await desk?.stop().catch(() => {});
    data.cleanup();
  }
}

/** Lowers a process's priority, every thread of it (on Linux a priority is a thread's own). */
function yieldCpu(pid: number | undefined) {
  if (pid === undefined) return;
  let threads: number[];
  try {
    threads = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    threads = [pid];
  }
  for (const tid of threads) {
    try {
      setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
    } catch {
      // Not allowed here, or the thread has ended: it keeps its priority.
    }
  }
}

/** Waits until `done` holds twice in a row, half a second apart (a queue between two sends is not settled). */
async function settle(done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  let streak = 0;
  await until(
    'the queue to settle',
    async () => {
      streak = (await done()) ? streak + 1 : 0;
      return streak >= 2;
    },
    timeoutMs,
    500,
  );
}
