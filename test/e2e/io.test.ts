/**
 * IO in Chromium, demo mode (the simulators' IO): the responsabile sets up the Comune's IO service
 * with the keyboard — the key is never shown back, only its last four characters — and a notice
 * issued at the counter then says, in its row, what its IO message did (sent, or the paper path).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../electron/core/rome-time';
import { DEMO_IO_SERVICES } from '../../simulators/io';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { callHost, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

const KEY = DEMO_IO_SERVICES[0].keys[0];

describe.skipIf(!CHROMIUM)('IO in Chromium: the services in Impostazioni, a notice’s message on its row', { timeout: 180_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '5', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Ilaria Io', username: 'ilaria', codiceFiscale: 'DMEPTR80A01A577B' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('adds the IO service with the keyboard; the key is shown only by its last four characters', async () => {
    await page.getByTestId('nav-io-settings').click();
    await page.getByRole('heading', { level: 1, name: /App IO/ }).waitFor();
    await page.getByText(/Nessun servizio/).waitFor();
    await page.getByRole('button', { name: 'Aggiungi servizio' }).press('Enter');
    await page.getByLabel('Nome del servizio su IO').fill(DEMO_IO_SERVICES[0].name);
    await page.getByLabel('Chiave del servizio').fill(KEY);
    await page.getByLabel(/Appuntamenti CIE/).check();
    await page.getByLabel(/Avvisi pagoPA/).check();
    await page.getByLabel('Chiave del servizio').press('Enter');
    await page.getByText('Servizio IO salvato.').waitFor();
    const row = page.getByTestId('io-service');
    await row.getByText(`••••${KEY.slice(-4)}`).waitFor();
    expect(await page.content()).not.toContain(KEY);
    await expectAccessible(page, 'io settings');
  });

  it('a notice issued at the counter says on its row what its IO message did', async () => {
    const catalogue = (await callHost(host, 'pagopa.catalogue.list', {})).body.data as { id: string; code: string }[];
    const issued = await callHost(host, 'pagopa.notices.issue', {
      debtor: { fullName: 'Mario Rossi', codiceFiscale: 'RSSMRA80A01H501U' },
      items: [catalogue.find((c) => c.code.startsWith('CIE-'))!.id],
      dueDate: addDays(romeDate(), 30),
    });
    expect(issued.body.ok).toBe(true);
    await page.getByTestId('nav-pagopa-notices').click();
    await page.getByRole('heading', { level: 1, name: /Avvisi/ }).waitFor();
    const status = page.locator(`[data-nav="${issued.body.data.nav}"] [data-testid="io-status"]`);
    await status
      .filter({ hasText: /App IO: (Messaggio inviato in IO il|Il cittadino non usa l'app IO|Il cittadino ha disattivato)/ })
      .waitFor();
    await expectAccessible(page, 'notices with IO');
    expect(problems).toEqual([]);
  });
});
