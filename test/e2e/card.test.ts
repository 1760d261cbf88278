// "Leggi CIE" in Chromium, through the real pcscd + vpcd test bed and the virtual CIE: the clerk
// reads the card into the new-pratica form (1002, iscrizione); without the CSCA, with a wrong CAN
// and with Esc the panel says what happened; the CAN never reaches logs, audit or settings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { openStore } from '../../electron/core/store/store';
import { type CieTestbed, startCieTestbed, testbedUnavailableReason } from '../../simulators/cie-card/testbed';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile } from '../support/browser';
import { callHost, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

const bedUnavailable = testbedUnavailableReason();
const skipReason = !CHROMIUM ? 'Chromium not installed' : bedUnavailable;
if (skipReason) console.warn(`skipping the "Leggi CIE" E2E: ${skipReason}`);

/** Unusual digits, so finding them anywhere means the CAN leaked. */
const CAN = '739164';
const WRONG_CAN = '000000';

describe.skipIf(skipReason !== null)('"Leggi CIE" fills the iscrizione form from the virtual card', { timeout: 240_000 }, () => {
  let bed: CieTestbed;
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir('sportello-card-e2e-');

  beforeAll(async () => {
    bed = await startCieTestbed({ can: CAN });
    await bed.insertCard();
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '50', '--probe-ms', '300'], {
      env: { PCSCLITE_CSOCK_NAME: bed.socketPath },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await bed?.stop();
    data.cleanup();
  });

  const panel = () => page.getByRole('group', { name: 'Lettura della Carta d’Identità Elettronica' });
  const canField = () => page.getByLabel('CAN (6 cifre)');

  it('signs in the responsabile and opens the new iscrizione form', async () => {
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

  it('opens the panel from the keyboard, shows the reader, and says the CSCA is missing', async () => {
    await page.getByRole('button', { name: 'Leggi CIE' }).focus();
    await page.keyboard.press('Enter');
    await panel().waitFor();
    await page
      .getByText('Appoggiare la carta sul lettore e digitare il CAN: le 6 cifre in basso a destra sul fronte della carta.')
      .waitFor();
    // The CAN field takes focus, numeric keyboard, no autocomplete.
    expect(await canField().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await canField().getAttribute('inputmode')).toBe('numeric');
    expect(await canField().getAttribute('autocomplete')).toBe('off');
    await page
      .getByTestId('card-reader-status')
      .getByText(/certificato dello Stato/)
      .waitFor();
    await expectAccessible(page, 'Leggi CIE panel');
    await page.keyboard.type(CAN);
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/non ha ancora il certificato dello Stato \(CSCA\)/)
      .waitFor();
    expect(await canField().inputValue()).toBe('');
  });

  it('the responsabile trusts the virtual card’s test CSCA', async () => {
    const imported = await callHost(host, 'card.csca.import', { file: Buffer.from(bed.cscaPem).toString('base64') });
    expect(imported.body.ok, JSON.stringify(imported.body)).toBe(true);
    expect(imported.body.data).toMatchObject({ added: 1, alreadyPresent: 0 });
    const again = await callHost(host, 'card.csca.import', { file: Buffer.from(bed.cscaPem).toString('base64') });
    expect(again.body.data).toMatchObject({ added: 0, alreadyPresent: 1 });
    const list = await callHost(host, 'card.csca.list');
    expect(list.body.data.map((c: { subject: string }) => c.subject).join()).toContain('Sportello Test CSCA');
    await page.getByTestId('card-reader-status').getByText('Lettore pronto e carta appoggiata.').waitFor();
  });

  it('a wrong CAN is refused in plain Italian and the field is cleared', async () => {
    await canField().fill(WRONG_CAN);
    await page.getByRole('button', { name: 'Leggi', exact: true }).click();
    await page
      .getByText('Il CAN inserito non è corretto. Controlli le 6 cifre stampate sul fronte della carta, in basso a destra, e riprovi.')
      .waitFor();
    expect(await canField().inputValue()).toBe('');
    expect(await canField().getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'wrong CAN');
  });

  it('reads the card, shows the verification and the photo, and fills the form', async () => {
    await canField().focus();
    await page.keyboard.type(CAN);
    await page.keyboard.press('Enter');
    await page.getByText('Carta autentica: verificata con il certificato dello Stato italiano').waitFor();
    await page.getByText(/Certificato usato: .*Sportello Test CSCA/).waitFor();
    const photo = page.getByRole('img', { name: /Foto del titolare della carta, MARIO ROSSI/ });
    await photo.waitFor();
    expect(await photo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(180);
    await page.getByText('RSSMRA80A01H501U').waitFor();
    await page.getByText('ROMA (RM)', { exact: true }).waitFor();
    await expectAccessible(page, 'read result');
    // Keyboard-first: focus is on "Usa questi dati", Enter applies.
    const use = page.getByRole('button', { name: 'Usa questi dati' });
    expect(await use.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await panel().waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Leggi CIE' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Cognome', { exact: true }).first().inputValue()).toBe('ROSSI');
    expect(await page.getByLabel('Nome', { exact: true }).first().inputValue()).toBe('MARIO');
    expect(
      await page
        .getByLabel(/Data di nascita/)
        .first()
        .inputValue(),
    ).toBe('01/01/1980');
    await page.getByText('Carta autentica: verificata con il certificato dello Stato italiano').waitFor();
    expect(await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain('RSSMRA80A01H501U');
    await expectAccessible(page, 'form filled from the card');
  });

  it('Esc closes the panel and gives focus back to "Leggi CIE"', async () => {
    await page.getByRole('button', { name: 'Leggi CIE' }).click();
    await panel().waitFor();
    await canField().fill('12');
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Leggi CIE' }).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('a card that fails verification is refused', async () => {
    await bed.insertCard({ forgedSod: true });
    await page.getByRole('button', { name: 'Leggi CIE' }).click();
    await canField().fill(CAN);
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/non ha superato i controlli di autenticità/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Usa questi dati' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await bed.insertCard();
  });

  it('a cashier (no anagrafe or cie role) neither sees "Leggi CIE" nor may read a card', async () => {
    const created = await callHost(host, 'operators.create', {
      username: 'carlo',
      displayName: 'Carlo Cassa',
      password: 'cassiere1',
      roles: ['cassa'],
    });
    expect(created.body.ok, JSON.stringify(created.body)).toBe(true);
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByLabel('Nome utente').fill('carlo');
    await page.getByLabel('Password').fill('cassiere1');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Buongiorno, Carlo Cassa/ }).waitFor();
    await page.getByTestId('nav-pagopa-issue').click();
    await page.getByRole('main').getByRole('heading').first().waitFor();
    expect(await page.getByRole('button', { name: 'Leggi CIE' }).count()).toBe(0);
    const refused = await callHost(host, 'card.read', { can: CAN });
    expect(refused.body.error?.code).toBe('AUTH_ROLE');
  });

  it('raised no CSP violation or page error', () => {
    expect(problems).toEqual([]);
  });

  it('never wrote the CAN to the logs, the audit trail or the settings; the read is audited', async () => {
    await host.stop();
    const logsDir = join(data.dir, 'logs');
    const logs = readdirSync(logsDir)
      .map((f) => readFileSync(join(logsDir, f), 'utf8'))
      .join('\n');
    expect(logs).toContain('card.read.done');
    expect(logs).not.toMatch(new RegExp(`(^|[^0-9])${CAN}([^0-9]|$)`));
    expect(logs).not.toMatch(/"can"/i);
    expect(logs).not.toContain('RSSMRA80A01H501U');
    expect(host.output()).not.toContain(CAN);

    const { db } = openStore(data.dir, keyFileProvider);
    try {
      const reads = db.prepare(`SELECT entity_type AS t, entity_id AS id, detail FROM audit_log WHERE action = 'card.read'`).all() as {
        t: string;
        id: string;
        detail: string;
      }[];
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({ t: 'cie-document', id: bed.personalisation.holder.documentNumber });
      expect(reads[0].detail).not.toContain('RSSMRA80A01H501U');
      const refused = db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'card.read.refused'`).get() as { n: number };
      expect(refused.n).toBe(1);
      const everything = JSON.stringify([db.prepare('SELECT * FROM audit_log').all(), db.prepare('SELECT * FROM settings').all()]);
      expect(everything).not.toMatch(new RegExp(`(^|[^0-9])${CAN}([^0-9]|$)`));
    } finally {
      db.close();
    }
  });
});
