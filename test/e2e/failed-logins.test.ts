/**
 * The responsabile sees failed logins on the Operators screen (name tried, when, outcome), and the
 * screen stays accessible (axe: no serious or critical violation).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('failed logins on the Operators screen', { timeout: 120_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('lists a wrong password and an unknown name, never the password tried', async () => {
    await page.getByRole('heading', { name: /Primo avvio/ }).waitFor();
    await createResponsabile(page, { displayName: 'Maria Responsabile', username: 'maria' });
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('heading', { name: 'Accesso' }).waitFor();
    for (const [user, password] of [
      ['maria', 'indovino1'],
      ['intruso', 'indovino2'],
    ]) {
      await page.getByLabel('Nome utente').fill(user);
      await page.getByLabel('Password').fill(password);
      await page.keyboard.press('Enter');
      await page.getByText('Nome utente o password non corretti. Riprovare.').waitFor();
    }
    await page.getByLabel('Nome utente').fill('maria');
    await page.getByLabel('Password').fill('segreta123');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno/ }).waitFor();

    await page.getByTestId('nav-operators').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Accessi non riusciti' }).waitFor();
    const table = page.getByTestId('failed-logins').getByRole('table');
    await table.getByRole('cell', { name: 'intruso' }).waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toMatch(/maria/);
    expect(text).toMatch(/Password errata o utente sconosciuto \(accesso\)/);
    expect(text).not.toMatch(/indovino/);
    await expectAccessible(page, 'operators with failed logins');
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= 1024)).toBe(true);
    expect(problems).toEqual([]);
  });
});
