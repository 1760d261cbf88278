import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('the responsabile prints the daily closing report', { timeout: 120_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir]);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1024, height: 768 } });
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await page.getByRole('heading', { name: /Primo avvio/ }).waitFor();
    await createResponsabile(page, { displayName: 'Maria Responsabile', username: 'maria' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('from the Operatori screen, with the keyboard, and gets a PDF naming the audit head', async () => {
    await page.getByTestId('nav-operators').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Chiusura giornaliera' }).waitFor();
    await expectAccessible(page, 'operators with closing report');
    await page.getByRole('button', { name: 'Stampa la chiusura (PDF)' }).focus();
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^chiusura-\d{4}-\d{2}-\d{2}\.pdf$/);
    await page.getByText(/Chiusura pronta: 0 operazioni; registro degli accessi fino alla voce n\. \d+/).waitFor();
    await expectAccessible(page, 'closing report printed');
    expect(problems).toEqual([]);
  });
});
