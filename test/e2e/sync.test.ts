/**
 * The sync panel in Chromium: offline (the queue grows), online (it drains to zero), and a
 * platform refusal resolved by the clerk.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { openStore } from '../../electron/core/store/store';
import { listItems } from '../../electron/core/sync/outbox';
import { positionsPath } from '../../electron/platforms/gpd/client';
import { DEMO_CF_ENTE } from '../../electron/demo';
import { CHROMIUM, launchChromium, seriousA11yViolations, watchPageProblems, createResponsabile } from '../support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

describe.skipIf(!CHROMIUM)('sync panel in Chromium', { timeout: 180_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '10', '--probe-ms', '300']);
    await simControl(host.simUrl!, 'down', { platforms: 'all', down: true });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Sara Sportello', username: 'sara' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  const count = (platform: string, state: string) => page.getByTestId(`count-${platform}-${state}`).textContent().then(Number);
  const issue = (i: number) =>
    callHost(host, 'pagopa.notices.issue', {
      // A person's name: letters only (the anagrafe's rule), so the number is spelled.
      debtor: { fullName: `Cittadino ${['Zero', 'Uno', 'Due', 'Tre', 'Quattro'][i]}`, codiceFiscale: 'DMEPTR80A01A577B' },
      items: ['CIE-STATO', 'CIE-COMUNE'],
      dueDate: due,
    });

  it('offline: the header says so and the queue grows as work is recorded', async () => {
    await page.getByTestId('nav-sync').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Invii alle piattaforme nazionali' }).waitFor();
    await expect.poll(() => page.getByTestId('online-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    for (let i = 1; i <= 3; i++) {
      expect((await issue(i)).body.ok).toBe(true);
      await expect.poll(() => count('gpd', 'pending').then(async (p) => p + (await count('gpd', 'waiting'))), { timeout: 15_000 }).toBe(i);
    }
    expect(await page.getByTestId('platform-gpd').getAttribute('data-health')).toBe('down');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('a notice whose code GPD already holds with other content needs a person', async () => {
    const refused = (await issue(4)).body.data as { id: string };
    // Another system published a different position under the same iupd (simulator set-up).
    const db = openStore(data.dir, keyFileProvider).db;
    const item = listItems(db, { businessId: refused.id })[0];
    db.close();
    const position = structuredClone((item.payload as { position: { paymentOption: { transfer: { iban: string }[] }[] } }).position);
    position.paymentOption[0].transfer[0].iban = 'IT02L1234512345123456789012';
    const planted = await fetch(`${host.simUrl}/gpd${positionsPath(DEMO_CF_ENTE)}?toPublish=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': 'k', 'X-Sim-Setup': '1' },
      body: JSON.stringify(position),
    });
    expect(planted.status).toBe(201);
  });

  it('online: the queue drains to zero by itself and the header turns online', async () => {
    await simControl(host.simUrl!, 'down', { platforms: 'all', down: false });
    await expect.poll(() => count('gpd', 'done'), { timeout: 60_000 }).toBe(3);
    await expect
      .poll(() => count('gpd', 'pending').then(async (p) => p + (await count('gpd', 'waiting')) + (await count('gpd', 'inFlight'))), {
        timeout: 30_000,
      })
      .toBe(0);
    await expect.poll(() => page.getByTestId('online-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => count('gpd', 'attention'), { timeout: 30_000 }).toBe(1);
    const stats = await simControl(host.simUrl!, 'stats');
    expect(stats.gpd.appliedTwice).toBe(0);
  });

  it('the clerk resolves the refused item: discarded with a reason, and nothing is left', async () => {
    const item = page.getByTestId('attention-item');
    await item.waitFor();
    expect(await item.getByTestId('attention-code').textContent()).toBe('GPD_CONFLICT');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Annulla invio' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Motivo dell’annullamento').fill('Avviso già emesso da un altro sistema');
    await page.getByRole('button', { name: 'Conferma annullamento' }).click();
    await page.getByText('Invio annullato.').waitFor();
    await page.getByTestId('attention-empty').waitFor();
    await expect.poll(() => count('gpd', 'attention')).toBe(0);
    expect(await page.getByTestId('online-indicator').textContent()).not.toMatch(/da verificare/);
    expect(problems).toEqual([]);
  });

  it('pagoPA refuses the Comune\'s key: "Credenziali da verificare" with pagoPA\'s words on the panel and Home, the notice stays queued, and the lane comes back', async () => {
    const refuse = (status: 401 | null) =>
      fetch(`${host.simUrl}/_sim/refuse-credentials`, { method: 'POST', body: JSON.stringify({ platforms: ['gpd'], status }) });
    await refuse(401);
    expect((await issue(5)).body.ok).toBe(true);
    await page.getByTestId('credentials-gpd').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('credentials-text-gpd').textContent()).toMatch(/invalid subscription key/);
    expect(await page.getByTestId('platform-gpd').textContent()).toContain('Credenziali da verificare');
    expect(await page.getByTestId('online-indicator').getAttribute('data-state')).toBe('partial');
    expect(await count('gpd', 'attention')).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByTestId('nav-home').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('credentials-gpd').waitFor();
    expect(await page.getByTestId('credentials-gpd').textContent()).toContain('Credenziali da verificare');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The key is accepted again; "Riprova ora" probes at once (otherwise the next probe would).
    await refuse(null);
    await page.getByTestId('nav-sync').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Riprova ora' }).click();
    await page.getByTestId('credentials-gpd').waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => count('gpd', 'done'), { timeout: 30_000 }).toBe(4);
    expect(await count('gpd', 'attention')).toBe(0);
    expect(problems).toEqual([]);
  });
});
