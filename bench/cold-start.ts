/**
 * Cold start of browser mode: process start → `SPORTELLO_URL` printed, and → first render in
 * Chromium (the login screen visible; the browser itself is already open), for `npm start`
 * (bin/sportello-start.mjs: freshness check of the builds, supervisor, bundled back end) and for
 * the bundled back end alone (dist/server/serve.mjs), and for the same back end compiled by tsx at
 * start (how it ran before the bundle). Baseline, same run: a bare `node -e` process printing one
 * line, and Chromium rendering a static page from the same host; and the machine's load average.
 *
 *   node --import tsx bench/cold-start.ts [runs=5] [host options, e.g. --skip-rehearsal]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../test/support/browser';
import { builtForTests, ROOT, serveSportello } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';

const RUNS = Number(process.argv[2] ?? 5);
const HOST_OPTIONS = process.argv.slice(3);
const GOAL_MS = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bareNodeMs(): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const p = spawn(process.execPath, ['-e', 'console.log("ready")'], { cwd: ROOT });
    p.stdout.once('data', () => resolve());
  });
  return performance.now() - t0;
}

await builtForTests(); // a build, if one is due, is not part of a start
const data = tempDir('sportello-cold-');
const browser = await launchChromium();
const ENTRIES = {
  'npm start': ['bin/sportello-start.mjs'],
  'bundled back end': ['dist/server/serve.mjs'],
  // Before the bundle: TypeScript compiled per module at start (the old `npm start`), same run, same load.
  'tsx from source (before)': ['--import', 'tsx', 'electron/serve.ts'],
} as const;
const figures = Object.fromEntries(Object.keys(ENTRIES).map((k) => [k, { toUrl: [] as number[], toRender: [] as number[] }]));
const baseNode: number[] = [];
const baseRender: number[] = [];
let firstStart = 0;
for (let i = 0; i <= RUNS; i++) {
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const page = await browser.newPage(); // the clerk's browser is already open
    const t0 = performance.now();
    const host = await serveSportello(['--data', data.dir, '--demo', ...HOST_OPTIONS], { entry: [...entry] });
    const urlAt = performance.now() - t0;
    await page.goto(host.url);
    await page.getByRole('heading').first().waitFor();
    const renderAt = performance.now() - t0;
    if (i > 0 && name === 'npm start') {
      // Baseline render: a static file from the same host, no app code.
      const b0 = performance.now();
      await page.goto(`${host.base}/index.html#baseline`, { waitUntil: 'domcontentloaded' });
      baseRender.push(performance.now() - b0);
    }
    await page.close();
    await host.stop();
    if (i === 0) {
      firstStart ||= renderAt;
      continue;
    } // the very first start also seeds the demo Comune
    figures[name].toUrl.push(urlAt);
    figures[name].toRender.push(renderAt);
  }
  if (i > 0) baseNode.push(await bareNodeMs());
}
await browser.close();
data.cleanup();

const node = median(baseNode);
console.log(
  `load average at the end (1/5/15 min): ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
console.log(`first start ever (creates the encrypted store, seeds 3,000 demo residents): ${firstStart.toFixed(0)} ms to first render`);
console.log(
  `baseline, median of ${RUNS}: bare \`node -e\` process ${node.toFixed(0)} ms to its first line; static page load ${median(baseRender).toFixed(0)} ms`,
);
for (const [name, f] of Object.entries(figures)) {
  const url = median(f.toUrl);
  const render = median(f.toRender);
  console.log(
    `${name}, cold start, median of ${RUNS}: ${url.toFixed(0)} ms to SPORTELLO_URL, ${render.toFixed(0)} ms to first render (goal < ${GOAL_MS} ms: ${render < GOAL_MS ? 'met' : 'NOT met'}); ratio to bare node: ${(url / node).toFixed(2)} to URL, ${(render / node).toFixed(2)} to first render`,
  );
}
