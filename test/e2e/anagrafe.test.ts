import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale } from '../../electron/core/anagrafe/codice-fiscale';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile } from '../support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';
import { romeDate } from '../../electron/core/rome-time';

interface Hit {
  id: string;
  cognome: string;
  nome: string;
  codiceFiscale: string;
  familyId: string;
}
interface Member {
  id: string;
  codiceFiscale: string;
  codiceLegame: string;
}

const DAY = 86_400_000;

describe.skipIf(!CHROMIUM)(
  'anagrafe at the counter in Chromium: offline pratiche, ANPR sync, rejection and correction',
  { timeout: 300_000 },
  () => {
    let host: ServedSportello;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    const data = tempDir();
    const today = romeDate(Date.now());

    // Demo residents chosen for the scenario (distinct families).
    let famA: Member[] = [];
    let deceased: Member;
    let corrected: Member;
    let newbornCf = '';

    async function anpr(path: string, body?: unknown) {
      const res = await fetch(`${host.simUrl}/anpr/_control/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
      return res.json() as Promise<any>;
    }

    /** Opens a person's record from the search screen, as the clerk does: type the CF, Enter. */
    async function openByCf(cf: string) {
      await page.getByTestId('nav-anagrafe').click();
      await page.getByRole('heading', { name: 'Anagrafe: ricerca' }).waitFor();
      await page.getByTestId('anagrafe-search').fill(cf);
      await page.getByTestId('search-results').getByText(cf).waitFor();
      await page.getByTestId('anagrafe-search').press('Enter');
      await page.getByTestId('person-record').waitFor();
    }

    async function family(familyOf: Hit): Promise<Member[]> {
      const r = await callHost(host, 'anagrafe.person', { id: familyOf.id });
      return r.body.data.family.members as Member[];
    }

    beforeAll(async () => {
      host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '400', '--probe-ms', '300']);
      browser = await launchChromium();
      page = await browser.newPage({ acceptDownloads: true });
      page.setDefaultTimeout(45_000);
      problems = watchPageProblems(page);
      await page.goto(host.url);
      await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });

      // Pick the residents through the same API the screens use.
      const seen = new Map<string, Hit>();
      for (const q of [
        'ROSSI',
        'BIANCHI',
        'RUSSO',
        'FERRARI',
        'ROMANO',
        'COLOMBO',
        'RICCI',
        'MARINO',
        'GRECO',
        'BRUNO',
        'GALLO',
        'CONTI',
      ]) {
        const r = await callHost(host, 'anagrafe.search', { query: q });
        for (const h of r.body.data as Hit[]) if (!seen.has(h.familyId)) seen.set(h.familyId, h);
      }
      const fams: Member[][] = [];
      for (const h of seen.values()) fams.push(await family(h));
      const big = fams.filter((f) => f.length >= 2);
      famA = big[0];
      deceased = big[1].find((x) => x.codiceLegame !== '1')!;
      corrected = fams.filter((f) => f !== big[0] && f !== big[1])[0][0];
      expect(famA && deceased && corrected).toBeTruthy();
      // ANPR already recorded an operation on this person yesterday: an earlier decorrenza will be refused (EN240).
      await anpr('last-operation', { codiceFiscale: corrected.codiceFiscale, date: romeDate(Date.now() - DAY) });
    });

    afterAll(async () => {
      await browser?.close();
      await host?.stop();
      data.cleanup();
    });

    it('searches as the clerk types, by name, codice fiscale and address, and opens a record', async () => {
      await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: true });
      await page.keyboard.press('Alt+2');
      await page.getByRole('heading', { name: 'Anagrafe: ricerca' }).waitFor();
      await page.getByTestId('anagrafe-search').pressSequentially('ROSS', { delay: 30 });
      await page.getByTestId('search-results').waitFor();
      expect(await page.getByTestId('search-count').textContent()).toMatch(/trovat/);
      await page.getByTestId('anagrafe-search').fill('VIA ROMA');
      await page
        .getByTestId('search-results')
        .getByText(/VIA ROMA/)
        .first()
        .waitFor();
      await expectAccessible(page, 'search');
      await openByCf(famA[0].codiceFiscale);
      await page.getByTestId('family-members').waitFor();
      await expectAccessible(page, 'record');
    });

    it('registers a birth while ANPR is down: a wrong codice fiscale is shown next to its field, then it saves in well under a second', async () => {
      await page.getByTestId('start-1001').click();
      await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
      const cognome = (await page.getByLabel('Cognome', { exact: true }).inputValue()).trim();
      const born = romeDate(Date.now() - 3 * DAY);
      await page.getByLabel('Nome', { exact: true }).fill('LUCA');
      await page.getByLabel('Sesso').selectOption('M');
      await page.getByLabel('Data di nascita').fill(born);
      await page.getByLabel('Numero dell’atto').fill('12');
      newbornCf = computeCodiceFiscale({ cognome, nome: 'LUCA', sesso: 'M', dataNascita: born, belfiore: 'A577' });
      const wrong = computeCodiceFiscale({ cognome, nome: 'MARCO', sesso: 'M', dataNascita: born, belfiore: 'A577' });
      await page.getByLabel('Codice fiscale', { exact: true }).fill(wrong);
      await expectAccessible(page, 'birth form');
      await page.getByLabel('Codice fiscale', { exact: true }).press('Enter');
      const nomeField = page.getByLabel('Nome', { exact: true });
      await expect.poll(() => nomeField.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('alert').filter({ hasText: 'Codice fiscale: non corrisponde al nome' }).count()).toBeGreaterThan(0);
      await expectAccessible(page, 'birth form with error');
      await page.getByLabel('Codice fiscale', { exact: true }).fill(newbornCf);
      const t0 = Date.now();
      await page.getByLabel('Codice fiscale', { exact: true }).press('Enter');
      await page.getByTestId('pratica-saved').waitFor();
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(await page.getByTestId('pratica-saved').textContent()).toBe('Pratica registrata: in attesa di ANPR');
      await page.getByRole('button', { name: 'Apri la scheda' }).click();
      await page.getByTestId('anpr-status').waitFor();
      expect(await page.getByTestId('history-1001').getAttribute('data-state')).toBe('in_attesa');
    });

    it('records a change of address for the whole family (keyboard: Enter saves), and Esc leaves a form', async () => {
      await openByCf(famA[0].codiceFiscale);
      await page.getByTestId('start-2003').click();
      await page.getByRole('heading', { name: /Cancellazione per altri motivi/ }).waitFor();
      await page.getByLabel('Note').press('Escape');
      await page.getByTestId('person-record').waitFor();

      await page.getByTestId('start-5005').click();
      await page.getByRole('heading', { name: /Cambio di abitazione/ }).waitFor();
      // The newborn, still waiting for ANPR, moves with the family.
      expect(await page.getByTestId('form-5005').getByRole('checkbox').count()).toBe(famA.length + 1);
      await page.getByLabel('Nome della strada').fill('DEI GELSOMINI');
      await page.getByLabel('Numero civico').fill('7');
      await expectAccessible(page, 'change of address form');
      await page.getByLabel('Numero civico').press('Enter');
      await page.getByTestId('pratica-saved').waitFor();
      await page.getByRole('button', { name: 'Apri la scheda' }).click();
      await page
        .getByTestId('person-address')
        .getByText(/DEI GELSOMINI 7/)
        .waitFor();
    });

    it('records a death, and a change of personal data with a decorrenza ANPR will refuse', async () => {
      await openByCf(deceased.codiceFiscale);
      await page.getByTestId('start-2001').click();
      await page.getByLabel('Data del decesso').fill(romeDate(Date.now() - 2 * DAY));
      await page.getByLabel('Numero dell’atto').fill('3');
      await page.getByLabel('Numero dell’atto').press('Enter');
      await page.getByTestId('pratica-saved').waitFor();

      await openByCf(corrected.codiceFiscale);
      await page.getByTestId('start-5008').click();
      await page.getByLabel('Data di decorrenza').fill(romeDate(Date.now() - 3 * DAY));
      const current = await page.getByLabel('Stato civile').inputValue();
      await page.getByLabel('Stato civile').selectOption(current === '3' ? '4' : '3');
      // Enter in a text or date field saves (a select does not submit a form).
      await page.getByLabel('Data di decorrenza').press('Enter');
      await page.getByTestId('pratica-saved').waitFor();
    });

    it('shows all the pratiche pending in the registry at once', async () => {
      await page.getByTestId('nav-anagrafe').click();
      for (const cf of [newbornCf, famA[0].codiceFiscale, deceased.codiceFiscale, corrected.codiceFiscale]) {
        await page.getByTestId('anagrafe-search').fill(cf);
        const row = page.getByTestId('search-results').getByRole('row').filter({ hasText: cf });
        await row.getByText('In attesa di ANPR').waitFor();
      }
      const stats = await simControl(host.simUrl!, 'stats');
      expect(stats.anpr.applied).toBe(0);
    });

    it('when ANPR comes back, applies them in order exactly once and stores ANPR’s ids', async () => {
      await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: false });
      await expect.poll(async () => (await simControl(host.simUrl!, 'stats')).anpr.applied, { timeout: 60_000, interval: 500 }).toBe(3);
      const applied = (await anpr('applied')) as { idOperazioneComune: string; service: string }[];
      expect(applied.map((a) => a.service).sort()).toEqual(['1001', '2001', '5005']);
      // Same family: the birth reaches ANPR before the change of address that includes the child.
      expect(applied.findIndex((a) => a.service === '1001')).toBeLessThan(applied.findIndex((a) => a.service === '5005'));
      expect(new Set(applied.map((a) => a.idOperazioneComune)).size).toBe(3);
      expect((await simControl(host.simUrl!, 'stats')).anpr.appliedTwice).toBe(0);

      await openByCf(newbornCf);
      await expect.poll(() => page.getByTestId('history-1001').getAttribute('data-state')).toBe('applicata');
      expect(await page.getByTestId('history-1001').getByTestId('id-operazione-anpr').textContent()).toMatch(/^\d{10,}$/);
      expect(await page.getByTestId('id-anpr').textContent()).not.toBe('non ancora assegnato');
      expect(BigInt((await page.getByTestId('id-scheda-anpr').textContent())!) > 2n ** 31n).toBe(true);
      expect(await page.getByTestId('anpr-status').count()).toBe(0);

      await openByCf(deceased.codiceFiscale);
      await expect.poll(() => page.getByTestId('history-2001').getAttribute('data-state')).toBe('applicata');
      expect(await page.getByTestId('person-status').textContent()).toBe('Deceduta/o');
    });

    it('the refused pratica waits in "Operazioni da verificare" with ANPR’s code and text; corrected and resent, it is applied', async () => {
      await page.getByTestId('nav-sync').click();
      const item = page.locator('[data-testid="attention-item"][data-kind="anpr.5008"]');
      await item.waitFor();
      expect(await item.getByTestId('attention-code').textContent()).toBe('EN240');
      expect(await item.getByTestId('attention-text').textContent()).toMatch(/data decorrenza/);
      await item.getByRole('button', { name: 'Correggi e reinvia' }).click();
      await item.getByLabel('Data di decorrenza', { exact: true }).fill(today);
      await item.getByRole('button', { name: 'Reinvia' }).click();
      await page.getByText('Operazione reinviata.').waitFor();
      await expect.poll(async () => (await simControl(host.simUrl!, 'stats')).anpr.applied, { timeout: 60_000, interval: 500 }).toBe(4);
      const stats = await simControl(host.simUrl!, 'stats');
      expect(stats.anpr.appliedTwice).toBe(0);
      expect(stats.anpr.rejections).toBeGreaterThanOrEqual(1);

      await openByCf(corrected.codiceFiscale);
      await expect.poll(() => page.getByTestId('history-5008').getAttribute('data-state')).toBe('applicata');
    });

    it('prints the prefilled self-declaration offline and queues a certificate request', async () => {
      await openByCf(famA[0].codiceFiscale);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Scarica autocertificazione (PDF)' }).click(),
      ]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(path!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page.getByText('Autocertificazione pronta').waitFor();
      await page.getByRole('button', { name: 'Richiedi certificato' }).click();
      await page.getByText('Richiesta di certificato registrata').waitFor();
      await expect.poll(() => page.getByTestId('history-6001').getAttribute('data-state'), { timeout: 30_000 }).toBe('applicata');
      const [cert] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Scarica certificato' }).click()]);
      expect(
        readFileSync((await cert.path())!)
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
      await expectAccessible(page, 'record after ANPR');
    });

    it('registers a person arriving from another Comune in a new family, and ANPR accepts it', async () => {
      await page.getByTestId('nav-anagrafe').click();
      await page.getByRole('button', { name: /Iscrizione per altri motivi/ }).click();
      await page.getByRole('heading', { name: 'Iscrizione per altri motivi' }).waitFor();
      await page.getByLabel('Motivo').selectOption('3');
      await page.getByLabel('Cognome').fill('VERDI');
      await page.getByLabel('Nome', { exact: true }).fill('GIULIA');
      await page.getByLabel('Sesso').selectOption('F');
      await page.getByLabel('Data di nascita').fill('1990-04-15');
      await page.getByLabel('Luogo di nascita (comune italiano o Stato estero)').fill('ROMA (RM)');
      const cf = computeCodiceFiscale({ cognome: 'VERDI', nome: 'GIULIA', sesso: 'F', dataNascita: '1990-04-15', belfiore: 'H501' });
      await page.getByLabel('Codice fiscale', { exact: true }).fill(cf);
      await page.getByLabel('Stato civile').selectOption('1');
      await page.getByLabel('Cittadinanza italiana').focus();
      await page.keyboard.press('Space');
      await page.getByLabel('Provenienza (comune italiano o Stato estero)').fill('ROMA (RM)');
      await page.getByLabel('Nome della strada').fill('DELLE VIGNE');
      await page.getByLabel('Numero civico').fill('3');
      await expectAccessible(page, 'iscrizione form');
      await page.getByLabel('Numero civico').press('Enter');
      await page.getByTestId('pratica-saved').waitFor();
      await page.getByRole('button', { name: 'Apri la scheda' }).click();
      await expect.poll(() => page.getByTestId('history-1002').getAttribute('data-state'), { timeout: 30_000 }).toBe('applicata');
      expect(await page.getByTestId('person-address').textContent()).toMatch(/DELLE VIGNE 3/);
      expect((await simControl(host.simUrl!, 'stats')).anpr.appliedTwice).toBe(0);
    });

    it('raised no CSP violation or page error along the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
