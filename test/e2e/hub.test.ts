/**
 * Two counters side by side in Chromium, one Comune hub on a real PostgreSQL (issue 18):
 * - counter 1 belongs to the hub from its first start (its folder prepared the way a join leaves it);
 * - counter 2 starts alone and joins through «Impostazioni»: the hub's address over TLS on
 *   127.0.0.1, a one-time code issued on the hub side, the Comune's CA as a file — after being
 *   told, in Italian, that the hub is not reached, that the certificate is not trusted and that
 *   the code is wrong; the workstation number then shows as handed out by the hub;
 * - a walk-in given a number at counter 1 is called and served at counter 2, and counter 1 sees
 *   it served; counter 2's day view shows counter 1's booking marked «Sportello 1»; the sync
 *   panel lists «Hub del Comune»; «Postazioni» lists both workstations with their last contact.
 * The joined screens are measured at 1024×768, 1366×768 and 200 % (geometry and axe) and shot.
 * Skips, saying why, only where PostgreSQL cannot start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueJoinCode } from '../../electron/platforms/hub/admin';
import { romeDate } from '../../electron/core/rome-time';
import { prepareCounterFolder, startCounterHost, type CounterHost } from '../integration/hub/hosts';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { none, screenProblems } from '../support/geometry';
import { startHub, type TestHub } from '../support/hub';
import { freePort, opensslTestCa, postgresOrSkipReason, startPostgres } from '../support/postgres';
import { ROOT } from '../support/serve';
import { tempDir } from '../support/tmp';

const SHOTS = process.env.SPORTELLO_SCREENS_DIR ?? join(ROOT, 'artifacts', 'screens');
const skip = postgresOrSkipReason() ?? (CHROMIUM ? null : 'no Chromium (/usr/bin/chromium)');
if (skip) console.warn(`hub e2e: skipped — ${skip}`);

// 10:00 in Rome: the shared station (08:00–18:00 every day) has free slots left today.
setTestClock('10:00');

describe.skipIf(skip)('two counters side by side, one Comune hub (Chromium, real PostgreSQL)', { timeout: 240_000 }, () => {
  let hub: TestHub;
  let pgStop: () => Promise<void>;
  let tcpPort = 0;
  let caFile = '';
  const certs = tempDir('sportello-hub-ca-');
  const dirs = [tempDir('sportello-hub-c1-'), tempDir('sportello-hub-c2-')];
  let c1: CounterHost;
  let c2: CounterHost;
  let browser: Browser;
  let p1: Page;
  let p2: Page;
  const problems: string[][] = [];
  let booked = '';

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  async function signIn(page: Page, url: string) {
    await page.goto(url);
    // The host signed the responsabile in when the test created them (one session per counter).
    const home = page.getByRole('heading', { name: /Buongiorno/ });
    await home.or(page.getByLabel('Nome utente')).first().waitFor();
    if (await home.isVisible()) return;
    await page.getByLabel('Nome utente').fill('resp');
    await page.getByLabel('Password').fill('segreta123');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno/ }).waitFor();
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const ca = opensslTestCa(certs.dir, 'CA del Comune di Prova');
    caFile = join(certs.dir, 'ca-comune.crt');
    writeFileSync(caFile, ca.caPem);
    const server = await startPostgres({ tls: ca.server });
    pgStop = () => server.stop();
    tcpPort = server.port;
    hub = await startHub(server);
    prepareCounterFolder(dirs[0].dir, await hub.join('Sportello 1'));
    prepareCounterFolder(dirs[1].dir, null, 2);
    [c1, c2] = await Promise.all([startCounterHost(dirs[0].dir, true), startCounterHost(dirs[1].dir, true)]);
    browser = await launchChromium();
    p1 = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    p2 = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    for (const p of [p1, p2]) {
      p.setDefaultTimeout(30_000);
      problems.push(watchPageProblems(p));
    }
    await signIn(p1, c1.host.url);
    await signIn(p2, c2.host.url);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await c1?.host.stop();
    await c2?.host.stop();
    await hub?.stop();
    await pgStop?.();
    for (const d of [...dirs, certs]) d.cleanup();
  });

  it('counter 2 joins the hub from «Impostazioni»: not reached, certificate not trusted, wrong code, then joined with the hub’s number', async () => {
    await p2.getByTestId('nav-setup').click();
    await heading(p2, 'Impostazioni di Sportello');
    const box = p2.getByTestId('setup-hub');
    await box.getByText(/Nessun hub configurato: questo sportello lavora da solo/).waitFor();
    const connect = box.getByRole('button', { name: 'Collega' });
    const address = box.getByLabel('Indirizzo dell’hub del Comune');
    const code = box.getByLabel('Codice di adesione');
    const { code: good } = await issueJoinCode({ url: hub.server.adminUrl }, { name: 'Sportello 2', validHours: 1 });

    // Nobody listens at that port.
    await address.fill(`postgresql://localhost:${await freePort()}/postgres`);
    await code.fill(good);
    await connect.click();
    await box.getByText(/Il server del Comune non risponde a questo indirizzo/).waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');

    // The hub, but without the Comune's CA: its certificate is not trusted (and the code is not spent).
    await address.fill(`postgresql://localhost:${tcpPort}/postgres`);
    await connect.click();
    await box.getByText(/Il certificato del server del Comune non è riconosciuto/).waitFor();

    // With the CA, a wrong code.
    await box.getByLabel('Certificato della CA del Comune (.crt o .pem)').setInputFiles(caFile);
    await box.getByText('ca-comune.crt').waitFor();
    await code.fill('ABCD-EFGH-JKMN');
    await connect.click();
    await box.getByText(/Il server del Comune non accetta questo codice: è sbagliato, già usato o scaduto/).waitFor();
    expect(await code.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(p2, 'set-up, hub refused');

    // The right code.
    await code.fill(good.toLowerCase());
    await connect.click();
    await box.getByText('Collegato all’hub del Comune: il numero di questa postazione è 2, assegnato dall’hub.').waitFor();
    expect(await box.getByTestId('hub-number').textContent()).toBe('2');
    // The number is the hub's: read-only in «Questa postazione».
    expect(await p2.getByTestId('setup-workstation').getByLabel('Numero della postazione').getAttribute('readonly')).not.toBeNull();
    none(await screenProblems(p2, SHOTS, 'setup-hub-joined'));
    // The hub knows it, with a role of its own.
    expect(await hub.count(`SELECT count(*) AS n FROM sportello.workstations WHERE number = 2 AND role_name = 'sportello_ws_2'`)).toBe(1);
  });

  it('the sync panel lists «Hub del Comune», reachable, with no restart after the join', async () => {
    await p2.getByTestId('nav-sync').click();
    await heading(p2, 'Invii alle piattaforme nazionali');
    const card = p2.getByTestId('platform-hub');
    await card.getByRole('heading', { name: 'Hub del Comune (sportelli collegati)' }).waitFor();
    await p2.locator('[data-testid="platform-hub"][data-health="reachable"]').waitFor();
    await card.getByText('Raggiungibile').waitFor();
    none(await screenProblems(p2, SHOTS, 'sync-with-hub'));
  });

  it('a walk-in given a number at counter 1 is called and served at counter 2; counter 1 sees it served', async () => {
    await p1.getByTestId('nav-cie-walkins').click();
    await heading(p1, 'Coda senza appuntamento');
    await p1.getByLabel('Nome e cognome').fill('Carla Verdi');
    await p1.getByRole('button', { name: 'Dai un numero' }).click();
    await p1.getByText(/Numero (provvisorio 1-1|1) assegnato/).waitFor();
    // The Comune's number, once the hub handed it out.
    const row1 = p1.locator('tbody tr', { hasText: 'Carla Verdi' });
    await row1.locator('th', { hasText: /^1$/ }).waitFor();

    await p2.getByTestId('nav-cie-walkins').click();
    await heading(p2, 'Coda senza appuntamento');
    const row2 = p2.locator('tbody tr', { hasText: 'Dato da un altro sportello' });
    await row2.locator('th', { hasText: /^1$/ }).waitFor();
    expect(await row2.textContent()).toContain('Sportello 1');
    expect(await row2.textContent()).not.toContain('Carla');
    await p2.getByRole('button', { name: 'Chiama il prossimo' }).click();
    await p2.getByText('Chiamato il numero 1.').waitFor();
    none(await screenProblems(p2, SHOTS, 'cie-walkins-hub'));
    await p2.getByRole('button', { name: 'Servi il numero 1' }).click();
    await heading(p2, 'Servire il numero 1');
    await p2.getByLabel('Cognome', { exact: true }).fill('Verdi');
    await p2.getByLabel('Nome', { exact: true }).fill('Carla');
    await p2.getByRole('button', { name: 'Registra e apri la lista di controllo' }).click();
    await heading(p2, 'Lista di controllo: Carla Verdi');

    // Counter 1's queue shows it served, by counter 2.
    await row1.getByText('Servito').waitFor({ timeout: 30_000 });
    expect(
      await hub.count(
        `SELECT count(*) AS n FROM sportello.walkin_tickets WHERE number = 1 AND status = 'served' AND called_by = 2 AND issued_by = 1`,
      ),
    ).toBe(1);
  });

  it('counter 2’s day view shows counter 1’s booking marked «Sportello 1», and its own «Sportello 2 · questo PC»', async () => {
    const station = (await c1.call('cie.config.get')).stations[0];
    const today = romeDate();
    const free = (await c1.call('cie.freeStarts', { stationId: station.id, date: today, people: 1 })).starts as string[];
    booked = free[free.length - 1];
    const made = await c1.call('cie.book', {
      stationId: station.id,
      date: today,
      startTime: booked,
      people: [{ surname: 'Rossi', givenNames: 'Mario' }],
      channel: 'counter',
      contactPhone: '3330000001',
    });
    // Away and back: the agenda opens on the day, not on the checklist left open above.
    await p2.getByTestId('nav-home').click();
    await p2.getByTestId('nav-cie-agenda').click();
    await heading(p2, 'Agenda CIE');
    const grid = p2.getByTestId('cie-day-grid');
    const theirs = grid.locator('tr', { has: p2.locator(`[data-slot="${booked}"]`) });
    await theirs.locator('[data-counter="1"]', { hasText: 'Sportello 1' }).waitFor({ timeout: 30_000 });
    // The booking code and initials only (no name), and not opened here: it lives on counter 1.
    expect(await theirs.textContent()).toContain(`${made.booking.code} R.M.`);
    expect(await theirs.textContent()).not.toContain('Rossi');
    expect(await theirs.locator('button').count()).toBe(0);
    await grid.locator('[data-counter="2"]', { hasText: 'Sportello 2 · questo PC' }).first().waitFor();
    await expectAccessible(p2, 'day view with the hub');
    none(await screenProblems(p2, SHOTS, 'cie-agenda-hub'));
  });

  it('«Postazioni» lists both workstations with their last contact', async () => {
    await p2.getByTestId('nav-hub-stations').click();
    await heading(p2, 'Postazioni del Comune');
    const table = p2.getByTestId('hub-workstations');
    await table.waitFor();
    await table.locator('tr[data-number="1"]').waitFor();
    await table.locator('tr[data-number="2"]', { hasText: 'Questo PC' }).waitFor();
    for (const n of [1, 2]) {
      await expect
        .poll(async () => table.locator(`tr[data-number="${n}"] [data-testid="last-contact"]`).textContent(), { timeout: 20_000 })
        .toMatch(/\d{2}\/\d{2}\/\d{4}/);
    }
    none(await screenProblems(p2, SHOTS, 'hub-stations-joined'));
    expect(problems.flat()).toEqual([]);
  });
});
