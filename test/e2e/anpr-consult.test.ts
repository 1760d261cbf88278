/**
 * "Cerca in ANPR" at the counter, in Chromium: a codice fiscale the local registry does not have,
 * the consultation with its purpose, ANPR's record read-only, a 1002 started from it (prefilled)
 * and saved; with ANPR down the button is off and says why, and comes back by itself. A certificate
 * asked while ANPR is down reaches "Certificati pronti" after reconnection and its PDF opens. axe on
 * each new view. Demo host with its simulators; the person consulted exists only in the ANPR simulator.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale } from '../../electron/core/anagrafe/codice-fiscale';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('Cerca in ANPR and Certificati pronti in Chromium', { timeout: 240_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  const person = { cognome: 'MANCINI', nome: 'ELENA', sesso: 'F' as const, dataNascita: '1984-11-23' };
  const cf = computeCodiceFiscale({ ...person, belfiore: 'F205' });
  const other = computeCodiceFiscale({ cognome: 'GALLI', nome: 'SERGIO', sesso: 'M', dataNascita: '1971-02-02', belfiore: 'L219' });
  let idAnpr = '';

  async function searchAbsent(q: string) {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByRole('heading', { name: 'Anagrafe: ricerca' }).waitFor();
    await page.getByTestId('anagrafe-search').fill(q);
    await page.getByTestId('search-count').getByText('Nessuna persona trovata').waitFor();
  }

  const anprHealth = async () =>
    ((await callHost(host, 'sync.status')).body.data.platforms as { platform: string; health: string }[]).find((p) => p.platform === 'anpr')
      ?.health;

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '40', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
    // The person lives in another Comune: ANPR knows her, the local registry does not.
    const res = await fetch(`${host.simUrl}/anpr/_control/subjects`, {
      method: 'POST',
      body: JSON.stringify({ codiceFiscale: cf, ...person }),
    });
    idAnpr = ((await res.json()) as { idANPR: string }).idANPR;
    expect(idAnpr).toBeTruthy();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('finds in ANPR a person absent locally, shows the record read-only and starts a 1002 from it', async () => {
    await searchAbsent(cf);
    await expect.poll(anprHealth, { timeout: 30_000 }).toBe('reachable');
    const open = page.getByTestId('anpr-open');
    expect(await open.isEnabled()).toBe(true);
    await expectAccessible(page, 'search with Cerca in ANPR');
    await open.click();
    // The search text is the first criterion.
    expect(await page.getByTestId('anpr-cf').inputValue()).toBe(cf);
    // No purpose chosen: the back end names the field, ANPR is not called.
    const before = (await simControl(host.simUrl!, 'stats')).anpr.requests;
    await page.getByTestId('anpr-submit').click();
    await page.getByText('Scegliere il motivo della consultazione.').waitFor();
    expect((await simControl(host.simUrl!, 'stats')).anpr.requests).toBe(before);
    await page.getByLabel('Motivo della consultazione').selectOption({ label: 'Verifica identità allo sportello' });
    await expectAccessible(page, 'Cerca in ANPR form');
    await page.getByTestId('anpr-submit').click();
    const record = page.getByTestId('anpr-record');
    await record.waitFor();
    expect(await page.getByTestId('anpr-consult-status').textContent()).toBe('ANPR ha trovato 1 persona.');
    const text = ((await record.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Scheda ANPR di MANCINI ELENA');
    expect(text).toContain(cf);
    expect(text).toContain(idAnpr);
    expect(text).toContain('23/11/1984');
    expect(text).toContain('Femmina');
    // Read-only: nothing in the record can be edited.
    expect(await record.locator('input, select, textarea').count()).toBe(0);
    await expectAccessible(page, 'ANPR record');

    await page.getByTestId('anpr-start-1002').click();
    await page.getByRole('heading', { name: 'Iscrizione per altri motivi' }).waitFor();
    await page.getByText(`Dati presi da ANPR (ID ANPR ${idAnpr})`).waitFor();
    expect(await page.getByLabel('Cognome').inputValue()).toBe('MANCINI');
    expect(await page.getByLabel('Nome', { exact: true }).inputValue()).toBe('ELENA');
    expect(await page.getByLabel('Sesso').inputValue()).toBe('F');
    expect(await page.getByLabel('Data di nascita').inputValue()).toBe('23/11/1984');
    expect(await page.getByLabel('Codice fiscale', { exact: true }).inputValue()).toBe(cf);
    await expectAccessible(page, '1002 prefilled from ANPR');
    // The clerk completes what ANPR's record does not carry, from the document, and saves.
    await page.getByLabel('Motivo').selectOption('3');
    await page.getByLabel('Luogo di nascita (comune italiano o Stato estero)').fill('MILANO (MI)');
    await page.getByLabel('Stato civile').selectOption('1');
    await page.getByLabel('Cittadinanza italiana').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Provenienza (comune italiano o Stato estero)').fill('MILANO (MI)');
    await page.getByLabel('Nome della strada').fill('DEI TIGLI');
    await page.getByLabel('Numero civico').fill('8');
    await page.getByLabel('Numero civico').press('Enter');
    await page.getByTestId('pratica-saved').waitFor();
    const hits = (await callHost(host, 'anagrafe.search', { query: cf })).body.data as { codiceFiscale: string; cognome: string }[];
    expect(hits.map((h) => [h.codiceFiscale, h.cognome])).toEqual([[cf, 'MANCINI']]);

    // Opened again, the form is blank: the record was handed over once.
    await page.getByTestId('nav-anagrafe').click();
    await page.getByRole('button', { name: /Iscrizione per altri motivi/ }).click();
    await page.getByRole('heading', { name: 'Iscrizione per altri motivi' }).waitFor();
    expect(await page.getByLabel('Cognome').inputValue()).toBe('');
  });

  it('with ANPR down the button is off and says why; it comes back by itself', async () => {
    await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: true });
    try {
      await searchAbsent(other);
      await expect.poll(anprHealth, { timeout: 30_000 }).toBe('down');
      const open = page.getByTestId('anpr-open');
      await expect.poll(() => open.isDisabled()).toBe(true);
      const reason = page.getByTestId('anpr-off-reason');
      expect(await reason.textContent()).toMatch(/^Ricerca in ANPR non disponibile: ANPR non è raggiungibile in questo momento\./);
      expect(await open.getAttribute('aria-describedby')).toBe(await reason.getAttribute('id'));
      await expectAccessible(page, 'Cerca in ANPR offline');
    } finally {
      await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: false });
    }
    await expect.poll(anprHealth, { timeout: 30_000 }).toBe('reachable');
    await expect.poll(() => page.getByTestId('anpr-open').isEnabled()).toBe(true);
    await page.getByTestId('anpr-open').click();
    await page.getByLabel('Motivo della consultazione').selectOption({ label: 'Controllo d’ufficio' });
    await page.getByTestId('anpr-submit').click();
    await expect
      .poll(() => page.getByTestId('anpr-consult-status').textContent(), { timeout: 30_000 })
      .toBe('ANPR non ha trovato nessuna persona con questi dati. Controllare quanto scritto (ad esempio il codice fiscale) e riprovare.');
  });

  it('a certificate asked while ANPR is down appears in "Certificati pronti" after reconnection, and its PDF opens', async () => {
    const resident = (
      (await callHost(host, 'anagrafe.search', { query: 'ROSSI' })).body.data as { codiceFiscale: string | null; status: string }[]
    ).find((h) => h.codiceFiscale && h.status === 'residente')!;
    await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: true });
    try {
      await expect.poll(anprHealth, { timeout: 30_000 }).toBe('down');
      await page.getByTestId('nav-anagrafe').click();
      await page.getByTestId('anagrafe-search').fill(resident.codiceFiscale!);
      await page.getByTestId('search-results').getByText(resident.codiceFiscale!).waitFor();
      await page.getByTestId('anagrafe-search').press('Enter');
      await page.getByTestId('person-record').waitFor();
      await page.getByRole('button', { name: 'Richiedi certificato' }).click();
      await page.getByText('Richiesta di certificato registrata').waitFor();
      await page.getByTestId('nav-certificati').click();
      await page.getByRole('heading', { name: 'Certificati pronti' }).waitFor();
      await page.getByTestId('certificates-count').getByText('Nessun certificato pronto.').waitFor();
      await expectAccessible(page, 'Certificati pronti, empty');
    } finally {
      await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: false });
    }
    // Back online: the queued request goes, ANPR's certificate comes back and the list shows it by itself.
    const row = page.getByTestId('certificate-row').filter({ hasText: resident.codiceFiscale! });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-printed')).toBe('no');
    expect(await page.getByTestId('certificates-count').textContent()).toBe('1 certificato, 1 da stampare.');
    await expectAccessible(page, 'Certificati pronti');
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /Stampa \(PDF\)/ }).click()]);
    const file = (await download.path())!;
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (existsSync('/usr/bin/pdftotext')) expect(execFileSync('pdftotext', [file, '-']).toString()).toMatch(/Certificato ANPR/);
    await expect.poll(() => row.getAttribute('data-printed')).toBe('yes');
    expect(await page.getByTestId('certificates-count').textContent()).toBe('1 certificato, 0 da stampare.');
    // The same certificate in the person's record.
    await row.getByRole('button', { name: /Apri la scheda/ }).click();
    await page.getByTestId('person-record').waitFor();
    await page.getByRole('button', { name: 'Scarica certificato' }).waitFor();
  });

  it('raised no CSP violation or page error along the way', () => {
    expect(problems).toEqual([]);
  });
});
