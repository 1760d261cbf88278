import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile } from '../support/browser';
import { serveSportello, staleToken, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

const IDLE_SECONDS = 4;

describe.skipIf(!CHROMIUM)('foundation in Chromium: first start, login, idle lock, roles', { timeout: 120_000 }, () => {
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

  it('first start asks for the responsabile and signs them in', async () => {
    await page.getByRole('heading', { name: /Primo avvio/ }).waitFor();
    expect(page.url()).not.toContain('token='); // the token left the address bar
    await expectAccessible(page, 'first start');
    await page.getByLabel('Nome e cognome').fill('Maria Responsabile');
    await page.getByLabel('Nome utente').fill('maria');
    await page.getByLabel('Password', { exact: true }).fill('corta');
    await page.getByLabel('Ripeti la password').fill('corta');
    await page.getByRole('button', { name: /Crea account/ }).click();
    await page.getByText('La password deve avere almeno 8 caratteri.').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('segreta123');
    await page.getByLabel('Ripeti la password').fill('segreta123');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno, Maria Responsabile/ }).waitFor();
    await expect(page.getByTestId('online-indicator')).toBeDefined();
    await expectAccessible(page, 'home');
  });

  it('the responsabile creates a cashier, reaching the screen with the keyboard alone', async () => {
    // Alt+N opens the N-th menu entry (the first nine); Operatori is further down: focus it and press Enter.
    await page.keyboard.press('Alt+1');
    await page.getByTestId('nav-operators').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Operatori' }).waitFor();
    await expectAccessible(page, 'operators');
    await page.getByLabel('Nome e cognome').fill('Carlo Cassa');
    await page.getByLabel('Nome utente').fill('carlo');
    await page.getByLabel('Password', { exact: true }).fill('cassiere1');
    // bootstrap-italia draws its own checkboxes over the real inputs: use them as a keyboard user would.
    await page.getByLabel('Anagrafe').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Cassa e pagamenti').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Cassa e pagamenti').isChecked()).toBe(true);
    expect(await page.getByLabel('Anagrafe').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Nuovo operatore' }).click();
    await page.getByText('Operatore carlo creato.').waitFor();
  });

  it('logs out and in again; a wrong password is refused in plain Italian', async () => {
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('heading', { name: 'Accesso' }).waitFor();
    await expectAccessible(page, 'login');
    await page.getByLabel('Nome utente').fill('maria');
    await page.getByLabel('Password').fill('sbagliata1');
    await page.keyboard.press('Enter');
    await page.getByText('Nome utente o password non corretti. Riprovare.').waitFor();
    await page.getByLabel('Password').fill('segreta123');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno/ }).waitFor();
  });

  it('the lock shortcut locks at once', async () => {
    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('heading', { name: 'Postazione bloccata' }).waitFor();
    await page.getByRole('button', { name: 'Accedi con un altro utente' }).click();
    await page.getByRole('heading', { name: 'Accesso' }).waitFor();
  });

  it('a cashier does not see, and cannot call, the responsabile’s screens', async () => {
    await page.getByLabel('Nome utente').fill('carlo');
    await page.getByLabel('Password').fill('cassiere1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno, Carlo Cassa/ }).waitFor();
    expect(await page.getByTestId('nav-operators').count()).toBe(0);
    // The menu, grouped by job, has only the cashier's groups; the open screen is marked.
    const menu = page.getByRole('navigation', { name: 'Menu principale' });
    expect(await menu.getByRole('heading').allTextContents()).toEqual(['pagoPA', 'Invii']);
    expect(await menu.locator('[aria-current="page"]').textContent()).toBe('Inizio');
    // The call the menu hides, sent over the page's own channel (a second socket, same token).
    const refused = (await page.evaluate(`new Promise((resolve, reject) => {
      const token = sessionStorage.getItem('sportello.token');
      const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/socket', ['sportello', 'token.' + token]);
      ws.onopen = () => ws.send(JSON.stringify({ id: 1, call: 'operators.list', input: {} }));
      ws.onmessage = (m) => { const x = JSON.parse(m.data); if (x.id === 1) { ws.close(); resolve(x.answer); } };
      ws.onerror = () => reject(new Error('socket refused'));
    })`)) as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('AUTH_ROLE');
    expect(refused.error.message).toMatch(/non è consentita al suo profilo/);
  });

  it('a stale launch link is refused in plain Italian, saying what to do', async () => {
    const other = await browser.newPage(); // its own session storage: only the link's token
    try {
      await other.goto(`${host.base}/#token=${staleToken(host.token)}`);
      await other.getByRole('alert').filter({ hasText: 'Sessione del browser non valida: riaprire Sportello dal collegamento.' }).waitFor();
    } finally {
      await other.close();
    }
  });

  it('raised no CSP violation or page error along the way', () => {
    expect(problems).toEqual([]);
  });
});

describe.skipIf(!CHROMIUM)('idle lock in Chromium', { timeout: 120_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--idle-seconds', String(IDLE_SECONDS)]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Ida Idle', username: 'ida' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('keeps a typing clerk signed in past the idle time', async () => {
    await page.getByTestId('nav-operators').focus();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      await page.waitForTimeout(IDLE_SECONDS * 125);
    }
    expect(await page.getByRole('heading', { name: 'Postazione bloccata' }).count()).toBe(0);
  });

  it('locks itself after the idle time, hides the work, and unlocks with the password', async () => {
    await page.getByRole('heading', { name: 'Postazione bloccata' }).waitFor({ timeout: (IDLE_SECONDS + 30) * 1000 });
    expect(await page.getByRole('navigation').count()).toBe(0);
    await expectAccessible(page, 'lock');
    await page.getByLabel('Password').fill('segreta123');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno/ }).waitFor();
  });
});
