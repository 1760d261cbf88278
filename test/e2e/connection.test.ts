/**
 * The connection state in the header and on "Invii alle piattaforme", with Sportello's own probe
 * timings (no test tuning): a platform that stops answering while the counter is idle shows as
 * such within seconds (the idle probe, then a failed probe shows it down at once), not at the next
 * save; "Ultimo contatto riuscito" keeps the last success meanwhile; the return is noticed by the
 * probes. (A failed send probing at once: test/integration/sync/connection-state.test.ts.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, createResponsabile, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('connection state within seconds', { timeout: 120_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  const indicator = () => page.getByTestId('online-indicator').getAttribute('data-state');
  const lastSuccess = () => page.getByTestId('last-success-gpd').textContent();

  beforeAll(async () => {
    setTestClock('10:00');
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '10']);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Sara Sportello', username: 'sara' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('GPD stops answering while nobody saves anything: the header shows it within seconds; the last success stays', async () => {
    await page.getByTestId('nav-sync').click();
    await expect.poll(indicator, { timeout: 30_000 }).toBe('online');
    await expect.poll(lastSuccess).toMatch(/^Ultimo contatto riuscito: \d\d\/\d\d\/\d{4}, \d\d:\d\d$/);
    const before = await lastSuccess();

    await simControl(host.simUrl!, 'down', { platforms: ['gpd'], down: true });
    const t0 = Date.now();
    // The idle probe (every 10 s) fails, and a failed probe shows the platform down at once.
    await expect.poll(indicator, { timeout: 15_000, interval: 100 }).toBe('partial');
    expect(Date.now() - t0).toBeLessThan(12_000);
    expect(await page.getByTestId('platform-gpd').getAttribute('data-health')).toBe('down');
    expect(await lastSuccess()).toBe(before);
  });

  it('a notice issued meanwhile waits: the header says "1 da inviare", not "da verificare"', async () => {
    const issued = await callHost(host, 'pagopa.notices.issue', {
      debtor: { fullName: 'Cittadino Prova', codiceFiscale: 'DMEPTR80A01A577B' },
      items: ['CIE-STATO', 'CIE-COMUNE'],
      dueDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(issued.body.ok).toBe(true);
    await expect.poll(() => page.getByTestId('online-indicator').textContent()).toMatch(/1 da inviare/);
    expect(await page.getByTestId('online-indicator').textContent()).not.toMatch(/da verificare/);
    expect(await indicator()).toBe('partial');
  });

  it('GPD answers again: the probes notice, the notice goes, the header is back online', async () => {
    await simControl(host.simUrl!, 'down', { platforms: ['gpd'], down: false });
    await expect.poll(indicator, { timeout: 30_000 }).toBe('online');
    await expect.poll(() => page.getByTestId('count-gpd-done').textContent(), { timeout: 30_000 }).toBe('1');
    expect(await page.getByTestId('online-indicator').textContent()).not.toMatch(/da inviare|da verificare/);
    expect(problems).toEqual([]);
  });
});
