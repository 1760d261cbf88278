/**
 * The responsabile's initial load in Chromium: the screen starts a 4001 extraction from the ANPR
 * simulator, shows progress and counts, ends with the summary and the refused rows with their
 * reason; axe finds no serious or critical violation before, during or after.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentAt } from '../../simulators/anpr/population';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

const SPEC = { size: 1500, faults: { 5: 'cf' as const } };

describe.skipIf(!CHROMIUM)('initial load from ANPR in Chromium', { timeout: 240_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '5', '--probe-ms', '300']);
    const planted = await fetch(`${host.simUrl}/anpr/_control/population`, {
      method: 'POST',
      headers: { 'x-sim-setup': '1' },
      body: JSON.stringify({ ...SPEC, partSize: 300 }),
    });
    expect(planted.status).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Paola Verdi', username: 'paola', codiceFiscale: 'VRDPLA70A41H501X' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('loads the residents, shows the summary and the refused row with its reason', async () => {
    await page.getByTestId('nav-anagrafe-load').click();
    await page.getByRole('heading', { name: 'Caricamento iniziale dei residenti da ANPR' }).waitFor();
    await expectAccessible(page, 'caricamento iniziale (scelta della fonte)');

    await page.getByLabel('Percorso del file di estrazione').waitFor({ state: 'detached' });
    await page.getByLabel(/tutti i residenti del Comune/).check();
    await page.getByRole('button', { name: 'Avvia il caricamento' }).click();
    await page.getByTestId('load-progress').waitFor();
    await expectAccessible(page, 'caricamento iniziale (in corso)');

    await page.getByText('Caricamento completato.').waitFor();
    await expect
      .poll(() => page.getByTestId('load-progress').textContent())
      .toContain('Caricate 1499 persone, 600 famiglie, 600 indirizzi; 1 riga scartata.');
    const refused = page.getByTestId('load-refused');
    await expect.poll(() => refused.textContent()).toContain(residentAt(5, SPEC).codiceFiscale);
    expect(await refused.textContent()).toMatch(/carattere di controllo errato/);
    expect(await page.getByRole('progressbar').getAttribute('value')).toBe('100');
    await expectAccessible(page, 'caricamento iniziale (riepilogo)');
    expect(problems).toEqual([]);
  });

  it('a missing file is said next to its field; a load left unfinished hides the new-load form until abandoned, with confirmation', async () => {
    await page.getByLabel(/File di estrazione ANPR già presente/).check();
    const pathField = page.getByLabel('Percorso del file di estrazione');
    await pathField.fill(join(data.dir, 'assente.xml'));
    await page.getByRole('button', { name: 'Avvia il caricamento' }).click();
    await expect.poll(() => pathField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(/non esiste o non si può leggere/).waitFor();

    const other = join(data.dir, 'non-estrazione.xml');
    writeFileSync(other, '<?xml version="1.0"?><fattura><cedente><nome>ACME</nome></cedente></fattura>');
    await pathField.fill(other);
    await page.getByRole('button', { name: 'Avvia il caricamento' }).click();
    await page.getByText(/non sembrano un'estrazione ANPR/).waitFor();
    await page.getByRole('button', { name: 'Riprendi il caricamento' }).waitFor();
    // While it can be resumed, no new load can be started over it.
    expect(await page.getByRole('button', { name: 'Avvia il caricamento' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Abbandona il caricamento interrotto' }).click();
    await page.getByText(/Abbandonare questo caricamento\?/).waitFor();
    await expectAccessible(page, 'caricamento iniziale (conferma abbandono)');
    await page.getByRole('button', { name: 'Sì, abbandona il caricamento' }).click();
    await page.getByText('Il caricamento è stato abbandonato.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Avvia il caricamento' }).waitFor();
    expect(await page.getByRole('button', { name: 'Riprendi il caricamento' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
