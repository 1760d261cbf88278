import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile, photoJpeg } from '../support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';
import { setTestClock } from '../support/clock';
import { romeDate } from '../../electron/core/rome-time';

// Books today's slots: the clock (this process's, the host's, the page's) starts at the next 09:00
// in Rome, whatever the hour the test runs at.
setTestClock('09:00');
const TOMORROW = romeDate(new Date(Date.now() + 24 * 3600_000));
/** The slot of tomorrow that the clerk books offline and a citizen books online meanwhile. */
const CONTESTED = '10:00';
const WEEKDAYS = ['Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato', 'Domenica'];

describe.skipIf(!CHROMIUM)('CIE appointments in Chromium: offline agenda, checklist, conflict, receipt', { timeout: 300_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  let stationRemoteId = '';
  let onlineScheduledAt = 0;
  let codeA = '';
  let codeB = '';
  let movedTo = '';

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '60', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Paola Responsabile', username: 'paola', codiceFiscale: 'DMEPTR80A01A577B' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  /** A radio chosen as a keyboard user chooses it: focus, then Space. */
  async function choose(label: string) {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel(label, { exact: true }).isChecked()).toBe(true);
  }
  async function download(click: () => Promise<void>, name: string): Promise<Buffer> {
    const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = join(data.dir, name);
    await dl.saveAs(path);
    return readFileSync(path);
  }

  it('the responsabile opens the station every day, from 00:00 to 23:59', async () => {
    await page.getByTestId('nav-cie-settings').click();
    await page.getByRole('heading', { name: 'Impostazioni CIE', level: 1 }).waitFor();
    await expectAccessible(page, 'CIE settings');
    for (const d of WEEKDAYS) {
      await page.getByLabel(`${d}, mattino: dalle`).fill('00:00');
      await page.getByLabel(`${d}, mattino: alle`).fill('23:59');
      await page.getByLabel(`${d}, pomeriggio: dalle`).fill('');
      await page.getByLabel(`${d}, pomeriggio: alle`).fill('');
    }
    await page.getByRole('button', { name: 'Salva gli orari' }).click();
    await page.getByText('Orari salvati.').waitFor();
    const config = await callHost(host, 'cie.config.get');
    expect(config.body.data.stations[0].hours).toHaveLength(7);
    stationRemoteId = config.body.data.stations[0].remoteId;
  });

  it('the booking system goes down; meanwhile a citizen will book tomorrow at 10:00 online', async () => {
    // The simulated citizen books from the national website, a few seconds from now: the Comune cannot see it.
    const r = await fetch(`${host.simUrl}/agenda/sim/random`, {
      method: 'POST',
      body: JSON.stringify({ stationId: stationRemoteId, dates: [TOMORROW], times: [CONTESTED], everyMs: 1500, max: 1 }),
    });
    expect(r.status).toBe(200);
    onlineScheduledAt = Date.now();
    await simControl(host.simUrl!, 'down', { platforms: ['agenda'], down: true });
  });

  it('the clerk books a citizen for today from the day view, with the keyboard alone', async () => {
    await page.getByTestId('nav-cie-agenda').click();
    await page.getByRole('heading', { name: 'Agenda CIE', level: 1 }).waitFor();
    await page.getByTestId('cie-day-grid').waitFor();
    await expectAccessible(page, 'agenda day view');
    // Tab from the title into the grid: exactly one slot is in the Tab order.
    await page.getByRole('heading', { name: 'Agenda CIE', level: 1 }).focus();
    let inGrid = false;
    for (let i = 0; i < 25 && !inGrid; i++) {
      await page.keyboard.press('Tab');
      inGrid = await page.evaluate(() => document.activeElement?.hasAttribute('data-slot') ?? false);
    }
    expect(inGrid).toBe(true);
    const first = await page.evaluate(() => document.activeElement!.getAttribute('data-slot'));
    await page.keyboard.press('ArrowDown');
    const slot = await page.evaluate(() => document.activeElement!.getAttribute('data-slot'));
    expect(slot).not.toBe(first);
    expect(slot! > first!).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement!.getAttribute('data-slot'))).toBe(first);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Nuova prenotazione CIE', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Orario').inputValue()).toBe(slot);
    await expectAccessible(page, 'booking form');
    await page.getByLabel('Cognome', { exact: true }).fill('Verdi');
    await page.getByLabel('Nome', { exact: true }).fill('Anna');
    await page.getByLabel('Data di nascita', { exact: true }).fill('1985-03-12');
    await page.getByLabel('Nome', { exact: true }).press('Enter');
    const title = page.getByRole('heading', { name: /^Prenotazione [A-Z0-9-]+$/, level: 1 });
    await title.waitFor();
    codeA = (await title.textContent())!.replace('Prenotazione ', '');
    await page.getByText(`Prenotazione registrata con il codice ${codeA}`).waitFor();
    expect(await page.getByTestId('booking-sync').textContent()).toBe('In attesa di invio al sistema nazionale');
    await expectAccessible(page, 'booking detail');
  });

  it('runs the whole issuing checklist to "pronto per CIEOnline" while offline', async () => {
    await page.getByRole('button', { name: 'Registra l’arrivo' }).click();
    await page.getByText('Arrivo registrato').waitFor();
    await page.getByRole('button', { name: 'Apri la lista di Anna Verdi' }).click();
    await page.getByRole('heading', { name: 'Lista di controllo: Anna Verdi', level: 1 }).waitFor();
    await expectAccessible(page, 'checklist');

    // Nothing filled: "pronto" is refused in plain Italian and the list says what is missing.
    await page.getByRole('button', { name: 'Pronto per CIEOnline' }).click();
    await page
      .getByText(/Non è ancora pronto per CIEOnline: Indicare il motivo della richiesta/)
      .first()
      .waitFor();
    expect(await page.getByTestId('checklist-missing').locator('li').count()).toBeGreaterThan(4);

    await choose('Primo rilascio');
    await choose('Documento di riconoscimento visto');
    await page.getByLabel('Numero del documento').fill('AX1234567');
    await choose('I dati anagrafici sono stati confermati con il cittadino');

    await page.locator('#cie-photo-file').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: await photoJpeg(page) });
    await page.getByText(/Foto adatta: 600×780 pixel/).waitFor();
    await choose('La foto è recente (meno di sei mesi), a volto intero, su sfondo chiaro, senza ritocchi');
    await choose('Rilevate');
    await choose('Consenso');
    await choose('Ritiro in Comune');
    await choose('Contanti allo sportello');
    await page.getByLabel('Numero della ricevuta').fill('R-2026-0042');
    expect(await page.getByLabel('Importo pagato in euro').inputValue()).toBe('22,21');
    await expectAccessible(page, 'checklist filled');

    await page.getByRole('button', { name: 'Pronto per CIEOnline' }).click();
    await page.getByText('Pronto per CIEOnline: emettere la carta in CIEOnline').waitFor();
    expect(await page.getByTestId('checklist-state').textContent()).toBe('Stato: pronto per CIEOnline.');

    await page.getByLabel('Numero di pratica CIEOnline').fill('cie-2026-000123');
    await page.getByRole('button', { name: 'Registra il numero di pratica' }).click();
    await page.getByText('Pratica CIEOnline CIE-2026-000123 registrata.').waitFor();
    expect(await page.getByTestId('checklist-state').textContent()).toBe('Carta emessa in CIEOnline: pratica CIE-2026-000123.');
  });

  it('books a resident from the registry for tomorrow at 10:00, still offline', async () => {
    let surname = '';
    for (const s of [
      'ROSSI',
      'RUSSO',
      'FERRARI',
      'ESPOSITO',
      'BIANCHI',
      'ROMANO',
      'COLOMBO',
      'RICCI',
      'MARINO',
      'GRECO',
      'BRUNO',
      'GALLO',
      'CONTI',
    ]) {
      const r = await callHost(host, 'cie.registry.search', { query: s });
      if (r.body.data?.length) {
        surname = s;
        break;
      }
    }
    expect(surname).not.toBe('');
    await page.getByRole('button', { name: 'Torna alla prenotazione' }).click();
    await page.getByRole('button', { name: 'Torna all’agenda' }).click();
    await page.getByRole('button', { name: 'Nuova prenotazione' }).click();
    await page.getByRole('heading', { name: 'Nuova prenotazione CIE', level: 1 }).waitFor();
    await page.getByLabel('Giorno').fill(TOMORROW);
    await page.locator(`select option[value="${CONTESTED}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Orario').selectOption(CONTESTED);
    await page.getByLabel(/Cerca in anagrafe/).fill(surname);
    await page
      .getByRole('button', { name: new RegExp(`^Scegli ${surname}`) })
      .first()
      .click();
    await page.getByText('Dati presi dall’anagrafe.').waitFor();
    expect(await page.getByLabel('Cognome', { exact: true }).inputValue()).toBe(surname);
    // Tomorrow's appointment needs a contact: refused first, in plain Italian, on the phone field.
    await page.getByRole('button', { name: 'Prenota', exact: true }).click();
    await page
      .getByText(/Indicare un telefono o un indirizzo e-mail/)
      .first()
      .waitFor();
    await page.getByLabel('Telefono', { exact: true }).fill('333 123 4567');
    await page.getByRole('button', { name: 'Prenota', exact: true }).click();
    const title = page.getByRole('heading', { name: /^Prenotazione [A-Z0-9-]+$/, level: 1 });
    await title.waitFor();
    codeB = (await title.textContent())!.replace('Prenotazione ', '');
    expect(codeB).not.toBe(codeA);
    expect(await page.getByTestId('booking-when').textContent()).toContain(`ore ${CONTESTED}`);
    const stats = await simControl(host.simUrl!, 'stats');
    expect(stats.agenda.applied).toBe(0); // nothing reached the booking system yet
  });

  it('the system comes back: the conflict shows, the clerk moves the booking to a proposed slot and records who was told', async () => {
    // The simulated citizen has booked by now (it books 1.5 s after being scheduled).
    const wait = 4_000 - (Date.now() - onlineScheduledAt);
    if (wait > 0) await page.waitForTimeout(wait);
    await simControl(host.simUrl!, 'down', { platforms: ['agenda'], down: false });
    await page.getByTestId('nav-cie-conflicts').click();
    await page.getByRole('heading', { name: 'Conflitti con prenotazioni online', level: 1 }).waitFor();
    const card = page.getByTestId('conflict-item').filter({ hasText: codeB });
    await card.waitFor();
    await expectAccessible(page, 'conflicts');
    await card.getByText(/Orario perso: .* alle 10:00/).waitFor();
    const proposal = card.locator('input[type="radio"]').first();
    await proposal.waitFor({ state: 'attached' });
    expect(await proposal.isChecked()).toBe(true);
    const proposedLabel = (await card.locator('label.form-check-label').first().textContent())!;
    const proposedTime = /alle (\d\d:\d\d)/.exec(proposedLabel)![1];
    expect(proposedTime).not.toBe(CONTESTED);
    movedTo = proposedTime;
    await card.getByLabel('Chi è stato avvisato').fill('Il cittadino in persona');
    await card.getByLabel('Come è stato avvisato').selectOption('phone');
    await card.getByRole('button', { name: 'Sposta all’orario scelto' }).click();
    await page.getByText(new RegExp(`Prenotazione ${codeB} spostata a .* alle ${proposedTime}`)).waitFor();
    await page.getByTestId('conflicts-empty').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: codeB })
      .getByText(/Il cittadino in persona · Telefono/)
      .waitFor();

    // The move reaches the booking system exactly once; the citizen keeps the online booking.
    const found = await callHost(host, 'cie.booking.findByCode', { code: codeB });
    let synced = false;
    for (let i = 0; i < 60 && !synced; i++) {
      const b = await callHost(host, 'cie.booking.get', { id: found.body.data.id });
      synced = b.body.data.booking.syncState === 'synced';
      if (!synced) await page.waitForTimeout(500);
    }
    expect(synced).toBe(true);
    const remote = await (await fetch(`${host.simUrl}/agenda/v1/bookings/${found.body.data.id}`)).json();
    expect(remote.times).toEqual([proposedTime]);
    expect(remote.revision).toBe(2);
    const stats = await simControl(host.simUrl!, 'stats');
    expect(stats.agenda.appliedTwice).toBe(0);
  });

  it('tomorrow’s day view shows the online booking at 10:00; the keyboard opens the moved booking and prints its receipt', async () => {
    await page.getByTestId('nav-cie-agenda').click();
    await page.getByRole('heading', { name: 'Agenda CIE', level: 1 }).waitFor();
    await page.getByLabel('Giorno', { exact: true }).fill(TOMORROW);
    await page.getByRole('button', { name: 'Aggiorna prenotazioni online' }).click();
    await page.getByText(/Prenotazioni online aggiornate/).waitFor();
    // The citizen who booked online keeps 10:00: nothing was overwritten.
    await page
      .getByRole('row', { name: new RegExp(`^${CONTESTED} `) })
      .getByText('Online')
      .waitFor();
    await page
      .getByRole('row', { name: new RegExp(`^${movedTo} `) })
      .getByText(codeB)
      .waitFor();
    await expectAccessible(page, 'agenda of tomorrow');
    await page.getByRole('button', { name: 'Giorno successivo' }).focus();
    let slot: string | null = null;
    for (let i = 0; i < 10 && !slot; i++) {
      await page.keyboard.press('Tab');
      slot = await page.evaluate(() => document.activeElement?.getAttribute('data-slot') ?? null);
    }
    expect(slot).toBe(movedTo); // the first slot of the day, the moved booking
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-slot'))).toBe('23:20');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Prenotazione ${codeB}`, level: 1 }).waitFor();
    const pdf = await download(() => page.getByRole('button', { name: 'Scarica la ricevuta (PDF)' }).click(), 'ricevuta.pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [join(data.dir, 'ricevuta.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(codeB);
    await page.getByText('Ricevuta pronta').waitFor();
  });

  it('lists the moved booking among tomorrow’s reminders, exportable as CSV', async () => {
    await page.getByTestId('nav-cie-reminders').click();
    await page.getByRole('heading', { name: 'Promemoria degli appuntamenti', level: 1 }).waitFor();
    await page.getByTestId('reminders-table').getByText(codeB).waitFor();
    await expectAccessible(page, 'reminders');
    const csv = await download(() => page.getByRole('button', { name: 'Scarica l’elenco (CSV)' }).click(), 'promemoria.csv');
    const lines = csv.toString('utf8').split('\r\n');
    expect(lines[0]).toContain('Codice prenotazione');
    expect(lines.some((l) => l.includes(codeB) && l.includes('3331234567'))).toBe(true);
  });

  it('serves a walk-in from the queue in a free slot of today and opens the checklist', async () => {
    await page.getByTestId('nav-cie-walkins').click();
    await page.getByRole('heading', { name: 'Coda senza appuntamento', level: 1 }).waitFor();
    await page.getByLabel('Nome e cognome').fill('Luigi Bianchi');
    await page.getByRole('button', { name: 'Dai un numero' }).click();
    await page.getByText('Numero 1 assegnato.').waitFor();
    await page.getByRole('button', { name: 'Chiama il prossimo' }).click();
    await page.getByText('Chiamato il numero 1: Luigi Bianchi.').waitFor();
    await expectAccessible(page, 'walk-in queue');
    await page.getByRole('button', { name: 'Servi il numero 1' }).click();
    await page.getByRole('heading', { name: 'Servire il numero 1', level: 1 }).waitFor();
    expect(await page.getByLabel('Cognome', { exact: true }).inputValue()).toBe('Bianchi');
    await page.getByRole('button', { name: 'Registra e apri la lista di controllo' }).click();
    await page.getByRole('heading', { name: 'Lista di controllo: Luigi Bianchi', level: 1 }).waitFor();
    // No birth date yet: the checklist asks for it with the registry confirmation.
    await page.getByLabel('Data di nascita (manca nei dati della prenotazione)').waitFor();
  });

  it('raised no CSP violation or page error along the way', () => {
    expect(problems).toEqual([]);
  });
});
