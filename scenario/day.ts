/**
 * `npm run scenario:day [-- --short] [--out DIR] [--no-cards] [--skip-rehearsal] [--chromium-defaults] [--clock-start HH:MM|instant|now]`:
 * runs the day at the counter and prints the text report; JSON and text are written to DIR
 * (default scenario/out/).
 * The UI and the back end are built first when stale (scripts/build.mjs).
 * The day opens at the next 08:30 in Rome whatever the hour (the injectable clock, clock/): the
 * simulators, the host and the page follow; `--clock-start now` keeps the system clock.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { runDay } from './run';
import { setTestClock } from '../test/support/clock';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: fileURLToPath(new URL('./out/', import.meta.url)) },
    short: { type: 'boolean', default: false },
    'no-cards': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    /** The host serves without its start-up rehearsal (electron/rehearsal.ts): a baseline. */
    'skip-rehearsal': { type: 'boolean', default: false },
    /** The page runs in Chromium as it comes, without the shell's feature switches: a baseline. */
    'chromium-defaults': { type: 'boolean', default: false },
    'clock-start': { type: 'string', default: '08:30' },
  },
});
if (values['clock-start'] !== 'now') setTestClock(values['clock-start']);

const result = await runDay({
  size: values.short ? 'short' : 'full',
  outDir: values.out,
  cards: !values['no-cards'],
  skipRehearsal: values['skip-rehearsal'],
  chromiumDefaults: values['chromium-defaults'],
  log: values.quiet ? undefined : (line) => console.error(line),
});
process.stdout.write(result.text);
if (result.files) console.error(`report: ${result.files.json}\n        ${result.files.text}`);
const r = result.report;
const ok =
  r.totals.lost === 0 && r.totals.appliedTwice === 0 && r.onlyPlantedNeededAttention && r.resolution.queueEmpty && r.appliedWhileDown === 0;
process.exit(ok ? 0 : 1);
