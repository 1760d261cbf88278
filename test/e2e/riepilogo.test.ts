import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, romeDate } from '../../electron/core/rome-time';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { callHost, ROOT, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

/** A weekday at 09:00 in Rome: the demo station is open, so a walk-in booking can be served today. */
const WEEKDAY = Array.from({ length: 7 }, (_, i) => addDays(romeDate(), i + 1)).find((d) =>
  [1, 2, 3, 4, 5].includes(new Date(`${d}T12:00:00Z`).getUTCDay()),
)!;
setTestClock('09:00', WEEKDAY);

const DEBTORS = [
  { fullName: 'Mario Rossi', codiceFiscale: 'RSSMRA80A01H501U' },
  { fullName: 'Pietro Demo', codiceFiscale: 'DMEPTR80A01A577B' },
];

async function ok(host: ServedSportello, name: string, input: unknown) {
  const r = await callHost(host, name, input);
  if (!r.body.ok) throw new Error(`${name}: ${JSON.stringify(r.body.error)}`);
  return r.body.data;
}

/** Pixels of a canvas that are not transparent (what chart.js painted). */
const painted = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return { n, w: c.width, h: c.height };
    });

describe.skipIf(!CHROMIUM)('the Riepilogo: charts with their tables, and the month’s open data', { timeout: 180_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  const today = WEEKDAY;

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '30', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1024, height: 768 } });
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await page.getByRole('heading', { name: /Primo avvio/ }).waitFor();
    await createResponsabile(page, { displayName: 'Maria Responsabile', username: 'maria', codiceFiscale: 'DMEPTR80A01A577B' });

    // Today at the counter: 4 notices (1 paid), one CIE appointment served for two people.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const n = await ok(host, 'pagopa.notices.issue', { debtor: DEBTORS[i % 2], items: ['CIE-STATO'], dueDate: addDays(today, 30) });
      ids.push(n.id);
    }
    await ok(host, 'pagopa.notices.markPaid', { id: ids[0], receipt: 'Ricevuta 0001' });
    const station = (await ok(host, 'cie.config.get', {})).stations[0].id;
    const { starts } = await ok(host, 'cie.freeStarts', { stationId: station, date: today, people: 2 });
    const booking = await ok(host, 'cie.book', {
      stationId: station,
      date: today,
      startTime: starts[0],
      channel: 'counter',
      contactPhone: '+39 333 123 4567',
      people: [
        { surname: 'Verdi', givenNames: 'Anna', birthDate: '1985-03-12' },
        { surname: 'Verdi', givenNames: 'Luca', birthDate: '2015-06-01' },
      ],
    });
    await ok(host, 'cie.booking.arrived', { id: booking.booking.id });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('opens from the menu with the keyboard and paints every chart', async () => {
    await page.getByTestId('nav-riepilogo').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Riepilogo dello sportello' }).waitFor();
    await page.getByTestId('chart-served').waitFor();
    for (const id of ['chart-served', 'chart-wait', 'chart-notices', 'chart-sync-anpr', 'chart-sync-agenda', 'chart-sync-gpd']) {
      const p = await painted(page, id);
      expect(p.w * p.h, id).toBeGreaterThan(10_000);
      // Axes, labels and (where there are figures) bars: far more than an empty canvas's 0.
      expect(p.n, id).toBeGreaterThan(500);
    }
    // The bars themselves: the notices chart holds bootstrap-italia's green (#008055) where it drew them.
    const green = await page
      .getByTestId('chart-notices')
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => {
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] === 0 && px[i + 1] === 0x80 && px[i + 2] === 0x55) n++;
        return n;
      });
    expect(green).toBeGreaterThan(200);
    await expect
      .poll(() => page.getByTestId('chart-notices').locator('canvas').getAttribute('aria-label'))
      .toBe('Grafico a barre: avvisi emessi nel periodo, 1 pagati, 3 da pagare, 0 annullati.');
    expect(await page.getByTestId('chart-served').locator('canvas').getAttribute('role')).toBe('img');
  });

  it('reaches each chart’s table with Tab, and the tables carry the figures', async () => {
    await page.getByRole('heading', { level: 1 }).focus();
    const reached: string[] = [];
    for (let i = 0; i < 40 && reached.length < 3; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return el.tagName === 'BUTTON' && el.getAttribute('aria-expanded') === 'false'
          ? (el.closest('[data-testid]')?.getAttribute('data-testid') ?? '')
          : '';
      });
      if (where === 'chart-served' || where === 'chart-wait' || where === 'chart-notices') {
        reached.push(where);
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true');
      }
    }
    expect(reached).toEqual(['chart-served', 'chart-wait', 'chart-notices']);

    const notices = page.getByTestId('chart-notices').getByRole('table');
    await expect.poll(() => notices.locator('caption').textContent()).toBe('Avvisi pagoPA emessi nel periodo, per stato');
    expect(
      await notices
        .getByRole('row', { name: /Pagati/ })
        .locator('td')
        .textContent(),
    ).toBe('1');
    expect(
      await notices
        .getByRole('row', { name: /Da pagare/ })
        .locator('td')
        .textContent(),
    ).toBe('3');
    const day = `${today.slice(8)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    const served = page.getByTestId('chart-served').getByRole('table');
    const cells = await served
      .getByRole('row', { name: new RegExp(`^${day}`) })
      .locator('td')
      .allTextContents();
    // Pratiche, CIE (two people), notices, total.
    expect(cells).toEqual(['0', '2', '4', '6']);
    expect(await served.locator('th[scope="col"]').allTextContents()).toEqual([
      'Giorno',
      'Pratiche anagrafe',
      'Persone servite per la CIE',
      'Avvisi pagoPA emessi',
      'Totale',
    ]);
    await expectAccessible(page, 'riepilogo with its tables shown');

    const dir = join(ROOT, 'artifacts', 'screens');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'riepilogo-e2e-1024x768.png'), fullPage: true });
  });

  it('exports the month’s open data: CSV and DCAT-AP_IT metadata, with no debtor in them', async () => {
    const month = today.slice(0, 7);
    await page.getByLabel('Mese', { exact: true }).selectOption(month);
    await page.getByLabel(/Email di contatto/).fill('anagrafe@comune.esempio.it');
    const files = new Promise<string[]>((resolve) => {
      const got: string[] = [];
      page.on('download', async (d) => {
        const path = join(data.dir, d.suggestedFilename());
        await d.saveAs(path);
        got.push(path);
        if (got.length === 2) resolve(got);
      });
    });
    await page.getByRole('button', { name: 'Scarica i dati aperti (CSV e metadati)' }).click();
    const [csvPath, metaPath] = (await files).sort();
    await page.getByText(/Dati aperti di .* scaricati/).waitFor();
    const csv = readFileSync(csvPath, 'utf8');
    const meta = readFileSync(metaPath, 'utf8');
    expect(csvPath).toMatch(/\.csv$/);
    expect(metaPath).toMatch(/\.jsonld$/);
    expect(csv).toContain(`${month},avvisi_pagopa,CIE-STATO,`);
    expect(csv).toMatch(new RegExp(`${month},avvisi_pagopa,CIE-STATO,[^\\r\\n]*,emessi,4,numero`));
    expect(csv).toMatch(new RegExp(`${month},avvisi_pagopa,CIE-STATO,[^\\r\\n]*,pagati,<3,numero`));
    expect(JSON.parse(meta)['dcat:distribution'][0]['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    // Whole words: "Demo" is a debtor's surname and also inside "demografici".
    const words = new Set(`${csv}${meta}`.toUpperCase().split(/[^A-Z0-9]+/));
    const people = [...DEBTORS.flatMap((d) => [d.codiceFiscale, ...d.fullName.split(' ')]), 'Verdi', 'Anna', 'Luca'];
    expect(people.filter((s) => words.has(s.toUpperCase()))).toEqual([]);
    await expectAccessible(page, 'riepilogo after the export');
    expect(problems).toEqual([]);
  });

  it('is the responsabile’s only: a cashier sees no Riepilogo and the host refuses both calls', async () => {
    await ok(host, 'operators.create', { username: 'carlo', displayName: 'Carlo Cassa', password: 'cassiere1', roles: ['cassa'] });
    await callHost(host, 'session.logout');
    await ok(host, 'session.login', { username: 'carlo', password: 'cassiere1' });
    await page.getByRole('heading', { name: /Buongiorno, Carlo Cassa/ }).waitFor();
    expect(await page.getByTestId('nav-riepilogo').count()).toBe(0);
    expect((await callHost(host, 'stats.summary', {})).body.error?.code).toBe('AUTH_ROLE');
    expect((await callHost(host, 'stats.openData.export', { month: today.slice(0, 7) })).body.error?.code).toBe('AUTH_ROLE');
  });
});
