/**
 * The page's way to the back end in browser mode: the same cheap call (`session.get`) N times from
 * the real UI's page in Chromium, over the page's WebSocket (what renderer/api.ts uses) against the
 * baseline of one HTTP fetch per call (what it used before), measured in the same run and page.
 *
 *   node --import tsx bench/page-transport.ts [calls=300]     (build the UI first: npm run build:ui)
 */
import { launchChromium } from '../test/support/browser';
import { serveSportello } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';
import { percentile } from '../scenario/latency';

const CALLS = Number(process.argv[2] ?? 300);
const WARM_UP = 20;
const PAUSE_MS = 20; // calls a moment apart, as a clerk's are, not back to back

/** Runs in the page (as source text: the TypeScript loader would rewrite a function). */
const MEASURE = `async ({ calls, pause }) => {
  const token = sessionStorage.getItem('sportello.token');
  const body = JSON.stringify({});
  const wait = () => new Promise((r) => setTimeout(r, pause));
  const fetched = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    const r = await fetch('/api/call/session.get', { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body });
    if (!(await r.json()).ok) throw new Error('fetch call refused');
    fetched.push(performance.now() - t);
    await wait();
  }
  const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/socket', ['sportello', 'token.' + token]);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  let waiting = null;
  ws.onmessage = (m) => {
    const message = JSON.parse(m.data);
    if (waiting && message.id === waiting.id) waiting.resolve(message); // not the back end's events
  };
  const socketed = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    const reply = await new Promise((resolve) => { waiting = { id: i, resolve }; ws.send(JSON.stringify({ id: i, call: 'session.get', input: {} })); });
    if (!reply.answer.ok) throw new Error('socket call refused');
    socketed.push(performance.now() - t);
    await wait();
  }
  ws.close();
  return { fetched, socketed };
}`;

const data = tempDir('sportello-bench-transport-');
const host = await serveSportello(['--data', data.dir, '--port', '0'], { timeoutMs: 120_000 });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const r = (await page.evaluate(`(${MEASURE})(${JSON.stringify({ calls: CALLS + WARM_UP, pause: PAUSE_MS })})`)) as {
    fetched: number[];
    socketed: number[];
  };
  const fetched = r.fetched.slice(WARM_UP);
  const socketed = r.socketed.slice(WARM_UP);
  const f = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)}  p99 ${percentile(xs, 99).toFixed(1)}  max ${Math.max(...xs).toFixed(1)} ms`;
  console.log(
    `page-transport: ${CALLS} calls of session.get from the page in Chromium, ${PAUSE_MS} ms apart (after ${WARM_UP} not counted)`,
  );
  console.log(`page's socket (Sportello):         ${f(socketed)}`);
  console.log(`baseline, one HTTP fetch per call: ${f(fetched)}`);
  console.log(
    `ratio to baseline: p50 ×${(percentile(socketed, 50) / percentile(fetched, 50)).toFixed(2)}, p99 ×${(percentile(socketed, 99) / percentile(fetched, 99)).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await host.stop();
  data.cleanup();
}
