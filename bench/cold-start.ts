/**
 * Cold start of browser mode: process start → `SPORTELLO_URL` printed, and → first render in
 * Chromium (the login screen visible; the browser itself is already open). Baseline, same run: a bare `node --import tsx` process
 * printing one line, and Chromium rendering a static page from the same host.
 *
 *   node --import tsx bench/cold-start.ts [runs=5] [host options, e.g. --skip-rehearsal]
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../test/support/browser';
import { ROOT, serveSportello } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';

const RUNS = Number(process.argv[2] ?? 5);
const HOST_OPTIONS = process.argv.slice(3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bareNodeMs(): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '-e', 'console.log("ready")'], { cwd: ROOT });
    p.stdout.once('data', () => resolve());
  });
  return performance.now() - t0;
}

const data = tempDir('sportello-cold-');
const browser = await launchChromium();
const toUrl: number[] = [];
const toRender: number[] = [];
const baseNode: number[] = [];
const baseRender: number[] = [];
let firstStart = 0;
for (let i = 0; i <= RUNS; i++) {
  const page = await browser.newPage(); // the clerk's browser is already open
  const t0 = performance.now();
  const host = await serveSportello(['--data', data.dir, '--demo', ...HOST_OPTIONS]);
  const urlAt = performance.now() - t0;
  await page.goto(host.url);
  await page.getByRole('heading').first().waitFor();
  const renderAt = performance.now() - t0;
  // Baseline render: a static file from the same host, no app code.
  const b0 = performance.now();
  await page.goto(`${host.base}/index.html#baseline`, { waitUntil: 'domcontentloaded' });
  baseRender.push(performance.now() - b0);
  await page.close();
  await host.stop();
  if (i === 0) { firstStart = renderAt; continue; } // the very first start also seeds the demo Comune
  toUrl.push(urlAt);
  toRender.push(renderAt);
  baseNode.push(await bareNodeMs());
}
await browser.close();
data.cleanup();

console.log(`first start ever (creates the encrypted store, seeds 3,000 demo residents): ${firstStart.toFixed(0)} ms to first render`);
console.log(`cold start, median of ${RUNS}: ${median(toUrl).toFixed(0)} ms to SPORTELLO_URL, ${median(toRender).toFixed(0)} ms to first render (goal < 1500 ms)`);
console.log(`baseline: bare node+tsx process ${median(baseNode).toFixed(0)} ms to its first line; static page load ${median(baseRender).toFixed(0)} ms`);
console.log(`ratio to SPORTELLO_URL / bare process: ${(median(toUrl) / median(baseNode)).toFixed(2)}`);
