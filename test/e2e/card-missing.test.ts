// A counter PC without PC/SC (the `smartcard` module not built, as after `npm ci` on a machine
// without libpcsclite-dev): Sportello starts, "Leggi CIE" says in plain Italian what is missing and
// how the Comune's IT person installs it, a read is refused with the same words, and the rest works.
// The production loader (native/pcsc-reader.ts loadPcsc) is pointed at a module that does not exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PCSC_MODULE_ENV } from '../../native/pcsc-reader';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile } from '../support/browser';
import { callHost, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('"Leggi CIE" on a PC without the card reader module', { timeout: 180_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir('sportello-nopcsc-');

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '30', '--probe-ms', '300'], {
      env: { [PCSC_MODULE_ENV]: join(data.dir, 'no-such-dir', 'smartcard') },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  const panel = () => page.getByRole('group', { name: 'Lettura della Carta d’Identità Elettronica' });

  it('starts, and the responsabile opens the new iscrizione form', async () => {
    await page.getByRole('heading', { name: /Primo avvio/ }).waitFor();
    await createResponsabile(page, { displayName: 'Demo Pietro', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
    await page.getByTestId('nav-anagrafe').click();
    const new1002 = /Iscrizione per altri motivi/;
    await page
      .getByRole('button', { name: new1002 })
      .or(page.getByRole('link', { name: new1002 }))
      .first()
      .click();
    await page.getByRole('button', { name: 'Leggi CIE' }).waitFor();
  });

  it('the reader panel says what is missing and how the IT person installs it', async () => {
    await page.getByRole('button', { name: 'Leggi CIE' }).click();
    await panel().waitFor();
    await page
      .getByTestId('card-reader-status')
      .getByText('Su questo computer manca il supporto per i lettori di carte: inserire i dati a mano.', { exact: false })
      .waitFor();
    const help = page.getByTestId('card-reader-install');
    await help
      .getByText('Il modulo di Sportello per il lettore di carte non è stato compilato su questo computer.', { exact: false })
      .waitFor();
    const text = (await help.textContent()) ?? '';
    expect(text).toContain('Per l’assistenza informatica del Comune');
    expect(text).toContain('sudo apt-get install pcscd libpcsclite-dev');
    expect(text).toContain('npm rebuild smartcard');
    await expectAccessible(page, 'Leggi CIE panel without PC/SC');
  });

  it('a read is refused in plain Italian, naming the instructions', async () => {
    await page.getByLabel('CAN (6 cifre)').fill('123456');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/manca il supporto per i lettori di carte \(PC\/SC\)/)
      .waitFor();
    await page.getByLabel('CAN (6 cifre)').focus();
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    const refused = await callHost(host, 'card.read', { can: '123456' });
    expect(refused.body.error?.code).toBe('CARD_NO_PCSC');
    const status = await callHost(host, 'card.status');
    expect(status.body.data).toMatchObject({ service: 'missing', missing: { reason: 'module-missing', os: 'linux' } });
  });

  it('everything else works: the form still saves a pratica to the queue', async () => {
    const before = await callHost(host, 'sync.status');
    expect(before.body.ok, JSON.stringify(before.body)).toBe(true);
    const search = await callHost(host, 'anagrafe.search', { query: 'a' });
    expect(search.body.ok, JSON.stringify(search.body)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('logged why, once, without a stack', async () => {
    const log = readFileSync(join(data.dir, 'logs', 'sportello.log'), 'utf8');
    const lines = log.split('\n').filter((l) => l.includes('card.pcsc.unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"reason":"module-missing"');
    expect(host.output()).not.toMatch(/\n\s+at /);
  });
});
