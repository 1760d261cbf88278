/**
 * Browser mode: `npm run serve -- [--data <dir>] [--port <port>] [--demo]`.
 * Starts the back end and serves the built renderer on 127.0.0.1; prints one line
 * `SPORTELLO_URL=<url with token>` when ready. Without --data it uses the user's data folder and
 * the demo defaults (demo Comune, local simulated platforms).
 */
import '../clock/from-argv'; // first: every module below loads with the clock it will run on
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createApp } from './app';
import { clockOffsetMs } from '../clock/clock';
import { isSportelloError } from './core/errors';
import { keyFileProvider } from './core/store/key-file';
import { startHttpHost } from './host/http';
import { rehearseWhileOpening } from './rehearsal';
import { defaultDataDir } from './paths';

const OPTIONS = {
  data: { type: 'string' },
  port: { type: 'string', default: '0' },
  demo: { type: 'boolean', default: false },
  'sim-faults': { type: 'string' },
  /** Use simulators already running elsewhere (npm run sim) instead of starting them here. */
  'sim-url': { type: 'string' },
  /** Demo: number of fictitious residents created on first start. */
  'demo-residents': { type: 'string' },
  /** Idle lock in seconds, for tests and demonstrations (the responsabile's setting wins). */
  'idle-seconds': { type: 'string' },
  'probe-ms': { type: 'string' },
  /** Accept ANPR's N000 pushes on this port of 127.0.0.1 (the Comune's gateway forwards them). */
  'anpr-push-port': { type: 'string' },
  /** Tests: persons per committed batch of the initial load (default 2,000). */
  'load-batch': { type: 'string' },
  /** Benchmarks: leave WAL checkpoints to SQLite (inside commits), the baseline of bench/save-latency. */
  'sqlite-checkpoints': { type: 'boolean', default: false },
  /** Benchmarks: serve without the start-up rehearsal (electron/rehearsal.ts), the baseline of bench/first-save. */
  'skip-rehearsal': { type: 'boolean', default: false },
  /** Tests and the scenario only: this process's clock starts at that instant and flows on (clock/). */
  'clock-start': { type: 'string' },
  /** Tests and the scenario only: this process's clock runs that many ms from the system's. */
  'clock-offset': { type: 'string' },
} as const;
const { values } = parseOrExplain();

/** Wrong usage is said in one line and exits 2 (so `npm start`'s supervisor does not start it again). */
function parseOrExplain() {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (e) {
    console.error(`Opzione non valida: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

/** After the page's first answer (its first render follows within a few hundred ms), and at the latest. */
const REHEARSAL_AFTER_PAGE_MS = 1000;
const REHEARSAL_LATEST_MS = 5000;

const demo = values.demo || !values.data || Boolean(values['sim-url']);
const dataDir = values.data ?? defaultDataDir();
const staticDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));
if (!existsSync(staticDir)) {
  console.error('Interfaccia non compilata: eseguire prima "npm run build:ui".');
  process.exit(2);
}

const external = values['sim-url'];
// The simulators (and their PKI: node-forge, xml-crypto) load in demo mode only.
const demoPlatforms = demo ? await import('../simulators/demo') : null;
const sims = demoPlatforms && !external ? await demoPlatforms.startDemoPlatforms({ faults: values['sim-faults'] }) : null;
const endpoints = demoPlatforms && external ? demoPlatforms.demoEndpoints(external) : sims?.endpoints;
const app = startOrExplain(() =>
  createApp({
    dataDir,
    keys: keyFileProvider,
    demo,
    endpoints,
    demoResidents: values['demo-residents'] ? Number(values['demo-residents']) : undefined,
    anprPushPort: values['anpr-push-port'] ? Number(values['anpr-push-port']) : undefined,
    idleMs: values['idle-seconds'] ? Number(values['idle-seconds']) * 1000 : undefined,
    syncTuning: values['probe-ms']
      ? { probeDownMs: Number(values['probe-ms']), probeUpMs: Number(values['probe-ms']), backoffBaseMs: Number(values['probe-ms']) }
      : undefined,
    checkpoints: values['sqlite-checkpoints'] ? 'sqlite' : 'idle',
    loadBatchSize: values['load-batch'] ? Number(values['load-batch']) : undefined,
  }),
);
// The rehearsal (electron/rehearsal.ts) starts once the page has had its first answer, not with the
// page's first render to compete with on a two-core PC (bench/cold-start); at the latest 5 s after start.
let rehearsalDue: (() => void) | null = values['skip-rehearsal'] ? null : () => void rehearseWhileOpening(app.services.log);
const rehearseSoon = (delayMs: number) => {
  const run = rehearsalDue;
  rehearsalDue = null;
  if (run) setTimeout(run, delayMs).unref();
};
const served: typeof app = {
  ...app,
  dispatch: async (name, input) => {
    const answer = await app.dispatch(name, input);
    if (rehearsalDue && name === 'session.get') rehearseSoon(REHEARSAL_AFTER_PAGE_MS);
    return answer;
  },
};
const host = await startHttpHost({ app: served, staticDir, port: Number(values.port) });
if (sims) console.log(`SIM_URL=${sims.url}`);
// A shifted clock travels to the page in the launch address, so the page reads the host's time.
console.log(`SPORTELLO_URL=${host.launchUrl}${clockOffsetMs() ? `&clock-offset=${clockOffsetMs()}` : ''}`);
logRestart(app.services.log);
if (rehearsalDue) setTimeout(() => rehearseSoon(0), REHEARSAL_LATEST_MS).unref();

/** Started again by `npm start`'s supervisor (scripts/supervise.mjs) after the back end died: say so in the log. */
function logRestart(log: { warn(event: string, fields: Record<string, unknown>): void }) {
  const raw = process.env.SPORTELLO_RESTART;
  if (!raw) return;
  try {
    const r = JSON.parse(raw) as { cause?: unknown; restarts?: unknown; delayMs?: unknown };
    log.warn('host.restarted', { cause: String(r.cause), restarts: Number(r.restarts), delayMs: Number(r.delayMs) });
  } catch {
    log.warn('host.restarted', { cause: 'unknown' });
  }
}

/** A store that cannot be opened (wrong key, failed migration) is said plainly, with its code. */
function startOrExplain<T>(start: () => T): T {
  try {
    return start();
  } catch (e) {
    if (!isSportelloError(e)) throw e;
    console.error(`${e.userMessage} [${e.code}]`);
    process.exit(3);
  }
}

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await host.close();
  await app.close();
  await sims?.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
