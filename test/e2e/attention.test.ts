/**
 * "Operazioni da verificare" a clerk can act on, in Chromium against the real ANPR simulator: a
 * change of address (5005) ANPR refuses shows the person, the pratica and ANPR's reason; the clerk
 * corrects the one field the answer is about, re-sends, and ANPR applies it; the header counts
 * "da inviare" and "da verificare" apart and follow each step.
 *
 * How ANPR comes to refuse: the simulator is told (its control API, as the tests' ANPR "world")
 * that ANPR recorded an operation on these persons yesterday. It then decides from the request
 * itself: a decorrenza before the subject's last operation is EN240, as ANPR does (anpr.md §1.6).
 * Sportello cannot know it at the counter: its own registry has no such operation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateIt } from '../../electron/core/forms/dates';
import { romeDate } from '../../electron/core/rome-time';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

interface Member {
  id: string;
  cognome: string;
  nome: string;
  codiceFiscale: string;
  codiceLegame: string;
}

const DAY = 86_400_000;
const dmy = (iso: string) => iso.split('-').reverse().join('/');

describe.skipIf(!CHROMIUM)('a refused change of address, corrected from "Operazioni da verificare"', { timeout: 240_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  let family: Member[] = [];
  let head: Member;
  let today = '';

  const header = () =>
    page
      .getByTestId('online-indicator')
      .textContent()
      .then((s) => s ?? '');
  const anprApplied = async () => (await simControl(host.simUrl!, 'stats')).anpr.applied as number;

  beforeAll(async () => {
    setTestClock('10:00'); // a morning: the dates below stay on the same day while the test runs
    today = romeDate(Date.now());
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '60', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });

    // A family of two or more, through the same API the screens use.
    for (const q of ['ROSSI', 'BIANCHI', 'RUSSO', 'FERRARI', 'ROMANO', 'COLOMBO', 'RICCI', 'MARINO']) {
      const hits = (await callHost(host, 'anagrafe.search', { query: q })).body.data as { id: string }[];
      for (const h of hits) {
        const members = (await callHost(host, 'anagrafe.person', { id: h.id })).body.data.family.members as Member[];
        if (members.length >= 2 && members.some((m) => m.codiceLegame === '1')) family = members;
        if (family.length) break;
      }
      if (family.length) break;
    }
    head = family.find((m) => m.codiceLegame === '1')!;
    expect(head).toBeTruthy();
    // ANPR's world: an operation on each of them, recorded yesterday.
    for (const m of family) {
      const res = await fetch(`${host.simUrl}/anpr/_control/last-operation`, {
        method: 'POST',
        body: JSON.stringify({ codiceFiscale: m.codiceFiscale, date: romeDate(Date.now() - DAY) }),
      });
      expect(res.ok).toBe(true);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('records the change of address while ANPR is down: the header says "1 da inviare"', async () => {
    await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: true });
    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('anagrafe-search').fill(head.codiceFiscale);
    await page.getByTestId('search-results').getByText(head.codiceFiscale).waitFor();
    await page.getByTestId('anagrafe-search').press('Enter');
    await page.getByTestId('person-record').waitFor();
    await page.getByTestId('start-5005').click();
    await page.getByRole('heading', { name: /Cambio di abitazione/ }).waitFor();
    // Three days ago: fine for the Comune's registry, before what ANPR recorded yesterday.
    await page.getByLabel('Data di decorrenza').fill(romeDate(Date.now() - 3 * DAY));
    await page.getByLabel('Nome della strada').fill('DEI GELSOMINI');
    await page.getByLabel('Numero civico').fill('7');
    await page.getByLabel('Numero civico').press('Enter');
    await page.getByTestId('pratica-saved').waitFor();
    // Saved: the keyboard is on "Apri la scheda", so Enter opens the record.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Apri la scheda');
    await expect.poll(header, { timeout: 15_000 }).toMatch(/1 da inviare/);
    expect(await header()).not.toMatch(/da verificare/);
    // Only ANPR is down: the header's tooltip names it.
    await expect.poll(() => page.getByTestId('online-indicator').getAttribute('data-state')).toBe('partial');
    expect(await page.getByTestId('online-indicator').getAttribute('title')).toMatch(/^Non rispondono: ANPR \(anagrafe nazionale\)\./);
  });

  it('ANPR refuses it (EN240): the header moves it to "1 da verificare"; the item shows the person, the pratica, who and when, ANPR’s reason', async () => {
    await simControl(host.simUrl!, 'down', { platforms: ['anpr'], down: false });
    await expect.poll(header, { timeout: 60_000 }).toMatch(/1 da verificare/);
    expect(await header()).not.toMatch(/da inviare/);

    // The count is a way there: it opens the Invii screen.
    await page.getByTestId('online-indicator').getByRole('button', { name: '1 da verificare' }).click();
    // At 1024 px each platform card's count labels ("In nuovo tentativo") keep to one line.
    await page.setViewportSize({ width: 1024, height: 768 });
    const lines = await page.locator('[data-testid^="platform-"] dt').evaluateAll((els) =>
      els.map((e) => {
        const r = document.createRange();
        r.selectNodeContents(e);
        return [e.textContent, r.getClientRects().length] as const;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const [label, n] of lines) expect(n, `${label}`).toBe(1);
    await page.setViewportSize({ width: 1280, height: 720 });
    const item = page.locator('[data-testid="attention-item"][data-kind="anpr.5005"]');
    await item.waitFor();
    expect(await item.getByTestId('attention-what').textContent()).toBe(
      `Cambio di abitazione o di residenza, con decorrenza dal ${dmy(romeDate(Date.now() - 3 * DAY))}`,
    );
    expect(await item.getByTestId('attention-person').textContent()).toContain(`${head.cognome} ${head.nome}`);
    expect(await item.getByTestId('attention-cf').textContent()).toBe(head.codiceFiscale);
    expect(await item.getByTestId('attention-made').textContent()).toMatch(
      new RegExp(`^Registrata il ${dmy(today)}, \\d\\d:\\d\\d da Pietro Demo · ANPR`),
    );
    expect(await item.getByTestId('attention-code').textContent()).toBe('EN240');
    // ANPR's own text, its dates gg/mm/aaaa, without the "(EN240)" the code beside it already says.
    const answer = await item.getByTestId('attention-text').textContent();
    expect(answer).toMatch(/data decorrenza .*\d\d\/\d\d\/\d{4}/);
    expect(answer).not.toMatch(/EN240|\d{4}-\d{2}-\d{2}/);
    expect(await item.getByTestId('attention-explanation').textContent()).toMatch(/Correggere la data di decorrenza e reinviare\.$/);
    await expectAccessible(page, 'operazioni da verificare');
  });

  it('"Correggi e reinvia" offers the one field ANPR’s answer concerns, in Italian; the rest is folded and read-only', async () => {
    const item = page.locator('[data-testid="attention-item"][data-kind="anpr.5005"]');
    const focused = () =>
      page.evaluate(
        () =>
          document.activeElement?.getAttribute('aria-label') ??
          document.activeElement?.textContent?.trim() ??
          document.activeElement?.getAttribute('data-path'),
      );
    // The keyboard follows the clerk: into the correction's first field, back to the button on "Chiudi".
    await item.getByRole('button', { name: 'Correggi e reinvia' }).click();
    await item.getByTestId('correction-form').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('testata.dataDecorrenza');
    await item.getByRole('button', { name: 'Chiudi' }).click();
    await expect.poll(focused).toBe('Correggi e reinvia');
    await page.keyboard.press('Enter');
    const form = item.getByTestId('correction-form');
    await form.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('testata.dataDecorrenza');
    const open = form.locator('input:visible');
    expect(await open.count()).toBe(1);
    expect(await form.getByLabel('Data di decorrenza', { exact: true }).inputValue()).toBe(formatDateIt(romeDate(Date.now() - 3 * DAY)));
    // Nothing reads like a payload path, folded or not.
    await form.getByTestId('correction-others').locator('summary').click();
    const labels = await form.locator('label, dt').allTextContents();
    expect(labels.length).toBeGreaterThan(5);
    for (const l of labels) expect(l).not.toMatch(/\w\.\w|^\s*$/);
    expect(await form.getByText(head.codiceFiscale).count()).toBeGreaterThan(0);
    // ANPR's codes in words: "Sesso: Maschio", not "Sesso: M"; the family tie and the kind of change named.
    const shown = await form
      .locator('dt')
      .evaluateAll((els) => els.map((e) => [e.textContent ?? '', e.nextElementSibling?.textContent ?? '']));
    const coded = shown.filter(([dt]) => /^(Sesso|Relazione di parentela|Tipo di variazione|Tipo di indirizzo|Tipo di pratica)/.test(dt));
    expect(coded.length).toBeGreaterThanOrEqual(family.length * 2 + 2);
    for (const [dt, dd] of coded) expect(dd, dt).toMatch(/^[A-Z][a-z]/);
    expect(shown).toContainEqual(['Tipo di variazione', 'Cambio di abitazione nel Comune (dimora abituale)']);
    // Each member's date of joining (and the residence's) follows the corrected decorrenza: shown, not typed again.
    const follows = form.locator('[data-follows="testata.dataDecorrenza"] dd');
    expect(await follows.count()).toBeGreaterThanOrEqual(family.length);
    for (const dd of await follows.allTextContents())
      expect(dd).toBe(`${formatDateIt(romeDate(Date.now() - 3 * DAY))} (segue la data corretta)`);
    await form.getByTestId('correction-others').locator('summary').click();
    await expectAccessible(page, 'correzione');

    // An emptied date is caught on the page, next to its field, before anything is sent.
    await form.getByLabel('Data di decorrenza', { exact: true }).fill('');
    await item.getByRole('button', { name: 'Reinvia' }).click();
    await item.getByText('Indicare un valore.').waitFor();
    expect(await anprApplied()).toBe(0);
  });

  it('corrected (today) and re-sent, ANPR applies it once; the item and both header counts are gone', async () => {
    const item = page.locator('[data-testid="attention-item"][data-kind="anpr.5005"]');
    // Enter in the field re-sends; the keyboard lands on the notice that says so, not on the page.
    await item.getByLabel('Data di decorrenza', { exact: true }).fill(formatDateIt(today));
    await item.getByLabel('Data di decorrenza', { exact: true }).press('Enter');
    await page.getByText('Operazione reinviata.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('attention-done');
    await expect.poll(anprApplied, { timeout: 60_000, interval: 300 }).toBe(1);
    await page.getByTestId('attention-empty').waitFor();
    await expect.poll(header, { timeout: 15_000 }).not.toMatch(/da verificare|da inviare/);
    const stats = await simControl(host.simUrl!, 'stats');
    expect(stats.anpr.appliedTwice).toBe(0);
    expect(stats.anpr.rejections).toBeGreaterThanOrEqual(1);

    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('anagrafe-search').fill(head.codiceFiscale);
    await page.getByTestId('search-results').getByText(head.codiceFiscale).waitFor();
    await page.getByTestId('anagrafe-search').press('Enter');
    await expect.poll(() => page.getByTestId('history-5005').getAttribute('data-state')).toBe('applicata');
    expect(problems).toEqual([]);
  });
});
