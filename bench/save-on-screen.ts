/**
 * A save as the clerk sees it, on a quiet machine: the real UI in Chromium against the demo host,
 * N pagoPA notices issued through the form (click on "Emetti avviso" → confirmation), timed in
 * the page as the day's scenario times them (scenario/latency.ts): to the confirmation in the
 * document and to its first paint. Baseline measured in the same run: the same call's round trip
 * from Node over loopback HTTP, the floor under any page.
 *
 *   node --import tsx bench/save-on-screen.ts [saves=60]     (build the UI first: npm run build:ui)
 */
import { createResponsabile, launchChromium } from '../test/support/browser';
import { callHost, serveSportello, simControl } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';
import { percentile, timedSave, type SaveTiming } from '../scenario/latency';

const SAVES = Number(process.argv[2] ?? 60);
const WARM_UP = 5;

const data = tempDir('sportello-bench-screen-');
const host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '300'], { timeoutMs: 180_000 });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(host.url);
  await createResponsabile(page, { displayName: 'Pietro Sportello', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
  await simControl(host.simUrl!, 'down', { platforms: 'all', down: true });

  const saves: SaveTiming[] = [];
  for (let i = 0; i < SAVES + WARM_UP; i++) {
    await page.getByTestId('nav-pagopa-issue').click();
    await page.getByRole('heading', { level: 1, name: /Nuovo avviso di pagamento pagoPA/ }).waitFor();
    const another = page.getByRole('button', { name: 'Nuovo avviso', exact: true });
    if (await another.isVisible()) await another.click();
    await page.getByTestId('item-code').focus();
    await page.keyboard.type('CIE-STATO');
    await page.keyboard.press('Enter');
    await page.getByTestId('chosen-items').getByText('CIE-STATO', { exact: true }).waitFor();
    await page.getByLabel('Nome e cognome').fill('Mario Rossi');
    await page.getByLabel('Codice fiscale').fill('RSSMRA80A01H501U');
    const t = await timedSave(page, 'pagopa avviso', { selector: '[data-testid="issued-nav"]' }, () =>
      page.getByRole('button', { name: 'Emetti avviso' }).click(),
    );
    if (i >= WARM_UP) saves.push(t);
  }

  // Baseline: the same call from Node, same host, same number of times.
  const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const trips: number[] = [];
  for (let i = 0; i < SAVES; i++) {
    const t0 = performance.now();
    const r = await callHost(host, 'pagopa.notices.issue', {
      debtor: { fullName: 'Mario Rossi', codiceFiscale: 'RSSMRA80A01H501U' },
      items: ['CIE-STATO'],
      dueDate,
      personId: null,
      appointmentId: null,
    });
    if (!r.body.ok) throw new Error(JSON.stringify(r.body.error));
    trips.push(performance.now() - t0);
  }

  const f = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)}  p99 ${percentile(xs, 99).toFixed(1)}  max ${Math.max(...xs).toFixed(1)} ms`;
  const dom = saves.map((s) => s.ms);
  console.log(`save-on-screen: ${SAVES} notices issued through the UI in Chromium (after ${WARM_UP} not counted)`);
  console.log(`click → confirmation in the document: ${f(dom)}`);
  console.log(`click → confirmation painted:         ${f(saves.map((s) => s.paintedMs ?? NaN).filter((x) => !Number.isNaN(x)))}`);
  console.log(
    `  phases p50: before the call ${percentile(
      saves.map((s) => s.beforeMs),
      50,
    )} ms, call ${percentile(
      saves.map((s) => s.apiMs),
      50,
    )} ms (back end ${percentile(
      saves.map((s) => s.serverMs),
      50,
    )} ms), after the answer ${percentile(
      saves.map((s) => s.afterMs),
      50,
    )} ms`,
  );
  console.log(`baseline, the same call from Node:     ${f(trips)}`);
  console.log(`ratio to baseline (p50): ×${(percentile(dom, 50) / percentile(trips, 50)).toFixed(2)}`);
} finally {
  await browser.close();
  await host.stop();
  data.cleanup();
}
