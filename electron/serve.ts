/**
 * Browser mode: `npm run serve -- [--data <dir>] [--port <port>] [--demo]`.
 * Starts the back end and serves the built renderer on 127.0.0.1; prints one line
 * `SPORTELLO_URL=<url with token>` when ready. Without --data it uses the user's data folder and
 * the demo defaults (demo Comune, local simulated platforms).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createApp } from './app';
import { isSportelloError } from './core/errors';
import { keyFileProvider } from './core/store/key-file';
import { startHttpHost } from './host/http';
import { rehearseWhileOpening } from './rehearsal';
import { defaultDataDir } from './paths';

const { values } = parseArgs({
  options: {
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
    /** Benchmarks: leave WAL checkpoints to SQLite (inside commits), the baseline of bench/save-latency. */
    'sqlite-checkpoints': { type: 'boolean', default: false },
    /** Benchmarks: serve without the start-up rehearsal (electron/rehearsal.ts), the baseline of bench/first-save. */
    'skip-rehearsal': { type: 'boolean', default: false },
  },
});

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
const app = startOrExplain(() => createApp({
  dataDir,
  keys: keyFileProvider,
  demo,
  endpoints,
  demoResidents: values['demo-residents'] ? Number(values['demo-residents']) : undefined,
  idleMs: values['idle-seconds'] ? Number(values['idle-seconds']) * 1000 : undefined,
  syncTuning: values['probe-ms'] ? { probeDownMs: Number(values['probe-ms']), probeUpMs: Number(values['probe-ms']), backoffBaseMs: Number(values['probe-ms']) } : undefined,
  checkpoints: values['sqlite-checkpoints'] ? 'sqlite' : 'idle',
}));
const host = await startHttpHost({ app, staticDir, port: Number(values.port) });
if (sims) console.log(`SIM_URL=${sims.url}`);
console.log(`SPORTELLO_URL=${host.launchUrl}`);
if (!values['skip-rehearsal']) void rehearseWhileOpening(app.services.log);

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
