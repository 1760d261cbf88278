/**
 * Forms that catch what ANPR would refuse, and dates that do not follow the browser's language:
 * Chromium runs with `--lang=en-US` (an `<input type="date">` would show mm/dd/yyyy there).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale } from '../../electron/core/anagrafe/codice-fiscale';
import { formatDateIt } from '../../electron/core/forms/dates';
import { romeDate } from '../../electron/core/rome-time';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { callHost, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

interface Hit {
  id: string;
  cognome: string;
  nome: string;
  codiceFiscale: string;
  familyId: string | null;
  dataNascita: string;
}

const DAY = 86_400_000;

/** Every date visible on the screen, and every date box, is gg/mm/aaaa; no ISO date, no date input. */
async function expectItalianDates(page: Page, screen: string, opts: { inputs?: boolean } = {}) {
  const seen = await page.evaluate(() => ({
    // biome-ignore lint/performance/useDomNodeTextContent: the dates the clerk sees, not those in hidden nodes
    text: document.body.innerText,
    dateInputs: document.querySelectorAll('input[type="date"]').length,
    boxes: [...document.querySelectorAll<HTMLInputElement>('input[data-format="gg/mm/aaaa"]')].map((i) => i.value),
    values: [...document.querySelectorAll<HTMLInputElement>('input')].map((i) => i.value),
  }));
  expect(seen.dateInputs, `${screen}: <input type="date"> follows the browser's language`).toBe(0);
  expect(seen.text.match(/\b\d{4}-\d{2}-\d{2}\b/g), `${screen}: ISO dates on screen`).toBeNull();
  expect(
    seen.values.filter((v) => /\b\d{4}-\d{2}-\d{2}\b/.test(v)),
    `${screen}: ISO dates in boxes`,
  ).toEqual([]);
  for (const d of seen.text.match(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g) ?? []) {
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(d);
    expect(m, `${screen}: "${d}" is not gg/mm/aaaa`).not.toBeNull();
    expect(Number(m![2]) <= 12 && Number(m![1]) <= 31, `${screen}: "${d}" is not gg/mm/aaaa`).toBe(true);
  }
  if (opts.inputs) {
    expect(seen.boxes.length, `${screen}: a date box`).toBeGreaterThan(0);
    for (const v of seen.boxes) expect(v, `${screen}: date box`).toMatch(/^(\d{2}\/\d{2}\/\d{4})?$/);
  }
}

describe.skipIf(!CHROMIUM)('forms at the counter, in a Chromium whose language is English', { timeout: 300_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  let mother: Hit;
  let father: Hit;

  async function openRecord(h: Hit) {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('anagrafe-search').fill(h.codiceFiscale);
    await page.getByTestId('search-results').getByText(h.codiceFiscale).waitFor();
    await page.getByTestId('anagrafe-search').press('Enter');
    await page.getByTestId('person-record').waitFor();
  }

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '200', '--probe-ms', '300']);
    browser = await launchChromium({ lang: 'en-US' });
    page = await browser.newPage({ locale: 'en-US' });
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
    const hits: Hit[] = [];
    for (const q of ['ROSSI', 'BIANCHI', 'RUSSO', 'FERRARI', 'ROMANO', 'COLOMBO', 'RICCI']) {
      hits.push(...((await callHost(host, 'anagrafe.search', { query: q })).body.data as Hit[]));
    }
    const adults = hits.filter((h) => h.familyId && h.dataNascita < '2000-01-01');
    mother = adults.find((h) => /^.{9}[4-7]/.test(h.codiceFiscale))!;
    father = adults.find((h) => /^.{9}[0-3]/.test(h.codiceFiscale) && h.familyId !== mother.familyId)!;
    expect(mother && father).toBeTruthy();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('runs in a browser whose language is English', async () => {
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    expect(await page.evaluate(() => new Date(Date.UTC(1984, 3, 20)).toLocaleDateString())).toBe('4/20/1984');
  });

  it('flags every missing field of a completely empty birth form and pagoPA notice in the first submit', async () => {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByRole('button', { name: 'Iscrizione per nascita' }).click();
    await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
    // Completely empty: the birthplace (prefilled with the Comune) too, so the page's own look-up is in the list.
    await page.getByLabel(/^Luogo di nascita/).fill('');
    await page.getByRole('button', { name: 'Registra pratica' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const birthText = (await summary.textContent()) ?? '';
    const birthFields = ['Cognome', 'Nome', 'Sesso', 'Data di nascita', /^Luogo di nascita/, 'Codice fiscale', 'Numero dell’atto'];
    for (const l of birthFields)
      expect(await page.getByLabel(l, { exact: typeof l === 'string' }).getAttribute('aria-invalid'), `${String(l)} in ${birthText}`).toBe(
        'true',
      );
    for (const w of ['Genitori', 'Famiglia e indirizzo', 'Sesso', 'Data di nascita', 'Luogo di nascita', 'Codice fiscale'])
      expect(birthText, w).toContain(w);
    await page.getByRole('button', { name: 'Annulla' }).click();

    await page.getByTestId('nav-pagopa-issue').click();
    await page.getByRole('heading', { name: /Nuovo avviso di pagamento/, level: 1 }).waitFor();
    await page.getByLabel('Scadenza', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Emetti avviso' }).click();
    await page.getByTestId('error-summary').waitFor();
    for (const l of ['Codice della voce', 'Nome e cognome', 'Codice fiscale', 'Scadenza'])
      expect(await page.getByLabel(l, { exact: true }).getAttribute('aria-invalid'), l).toBe('true');
    expect(await page.getByTestId('error-summary').getByRole('listitem').count()).toBe(4);
  });

  it('types the Scadenza key by key with instalments chosen, and empties it, without a page error; the rates follow a whole date', async () => {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('nav-pagopa-issue').click();
    await page.getByRole('heading', { name: /Nuovo avviso di pagamento/, level: 1 }).waitFor();
    await page.getByLabel('Pagamento a rate').selectOption('3');
    const before = problems.length;
    const due = page.getByLabel('Scadenza', { exact: true });
    await due.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('15/01/2099');
    for (const [i, d] of ['15/01/2099', '15/02/2099', '15/03/2099'].entries())
      expect(await page.getByLabel(`Scadenza rata ${i + 1}`).inputValue()).toBe(d);
    // Half a date, and nothing at all: the rates keep their dates.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    expect(await page.getByLabel('Scadenza rata 2').inputValue()).toBe('15/02/2099');
    // A due date already past is named at once, with the first allowed day (the caller's min).
    await page.keyboard.type('01/01/2000');
    const noteOf = async (label: string) => {
      const ids = ((await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '').split(' ');
      const id = ids.find((x) => x.endsWith('-err'));
      return id ? await page.locator(`[id="${id}"]`).textContent() : null;
    };
    expect(await noteOf('Scadenza')).toMatch(/^La data deve essere dal \d{2}\/\d{2}\/\d{4} in poi\.$/);
    expect(problems.slice(before)).toEqual([]);
    // A reconciliation day still to come: the box says up to which day (its max, today).
    await page.getByTestId('nav-pagopa-reconciliation').click();
    await page.getByRole('heading', { name: /Riconciliazione giornaliera/, level: 1 }).waitFor();
    await page.getByLabel('Giorno', { exact: true }).fill('01/01/2099');
    expect(await noteOf('Giorno')).toMatch(/^La data deve essere fino al \d{2}\/\d{2}\/\d{4}\.$/);
  });

  it('lists one summary entry per field, named for whose field it is, each a link that takes the focus to its field', async () => {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByRole('button', { name: 'Iscrizione per nascita' }).click();
    await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
    // The same wrong surname for the newborn and the mother: two fields, two entries, the same note under each.
    await page.getByLabel('Cognome', { exact: true }).fill('R0SSI');
    await page.getByLabel('Cognome (madre)').fill('R0SSI');
    await page.getByRole('button', { name: 'Registra pratica' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    const entries = await summary.getByRole('listitem').allTextContents();
    const title = (await summary.getByRole('heading').textContent()) ?? '';
    expect(title).toContain(`Ci sono ${entries.length} dati`);
    expect(new Set(entries).size).toBe(entries.length);
    expect(entries.filter((e) => e.startsWith('Cognome: '))).toHaveLength(1);
    expect(entries.filter((e) => e.startsWith('Cognome della madre: '))).toHaveLength(1);
    expect(entries.some((e) => e.startsWith('Numero dell’atto: manca'))).toBe(true);
    expect(entries.some((e) => e.startsWith('Dati della pratica'))).toBe(false);
    // The CF message names the checkbox the form has.
    const cf = entries.find((e) => e.startsWith('Codice fiscale: manca'))!;
    expect(cf).toContain('«Chiedere ad ANPR di attribuire il codice fiscale»');
    expect(await page.getByRole('checkbox', { name: 'Chiedere ad ANPR di attribuire il codice fiscale' }).count()).toBe(1);
    // Under a field, its own note without the label again; where two notes would read the same (both
    // surnames), each names its field once, never "Cognome: Cognome: …".
    const noteOf = async (label: string) => {
      const ids = ((await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '').split(' ');
      return (await page.locator(`[id="${ids.find((id) => id.endsWith('-err'))}"]`).textContent()) ?? '';
    };
    expect(await noteOf('Sesso')).toMatch(/^Manca\. /);
    expect(await noteOf('Cognome (madre)')).toMatch(/^Cognome della madre: Contiene caratteri/);
    expect(await noteOf('Cognome')).toMatch(/^Cognome: Contiene caratteri/);
    // Every entry is a real link to its control, laid out inline (the bullet on its first line).
    for (const [name, label] of [
      [/^Cognome della madre: /, 'Cognome (madre)'],
      [/^Cognome: /, 'Cognome'],
      [/^Numero dell’atto: /, 'Numero dell’atto'],
    ] as const) {
      const link = summary.getByRole('link', { name });
      const href = (await link.getAttribute('href')) ?? '';
      expect(href).toMatch(/^#./);
      expect(await link.evaluate((a) => getComputedStyle(a).display)).toBe('inline');
      await link.click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(href.slice(1));
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent)).toBe(label);
    }
    await page.getByRole('button', { name: 'Annulla' }).click();
  });

  it('refuses a birth without parents and without a family (so no address) with both errors at once', async () => {
    await openRecord(father);
    await page.getByTestId('start-1001').click();
    await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
    // Started from the father's record: he is the father, and the newborn joins his family. Undo both.
    expect(await page.getByLabel('Codice fiscale (padre)').inputValue()).toBe(father.codiceFiscale);
    for (const l of ['Cognome (padre)', 'Nome (padre)', 'Codice fiscale (padre)']) await page.getByLabel(l, { exact: true }).fill('');
    await page.getByRole('checkbox', { name: /Il neonato entra nella famiglia di/ }).uncheck();
    await page.getByLabel('Nome', { exact: true }).fill('LUCA');
    await page.getByLabel('Nome', { exact: true }).press('Enter');

    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('error-summary');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Genitori: mancano.');
    expect(text).toContain('Famiglia e indirizzo: mancano.');
    // Each one also next to its field: the parents on the mother's surname, the family on her codice fiscale.
    expect(await page.getByLabel('Cognome (madre)').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Codice fiscale (madre)').getAttribute('aria-invalid')).toBe('true');
    // The summary's entry takes the clerk to the field.
    await summary.getByRole('link', { name: /^Famiglia e indirizzo/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.textContent)).toBe('Codice fiscale (madre)');
    await expectAccessible(page, 'birth form with every error');
    await expectItalianDates(page, 'birth form', { inputs: true });
    const stats = (await (await fetch(`${host.simUrl}/_sim/stats`)).json()) as { anpr: { applied: number } };
    expect(stats.anpr.applied).toBe(0);
  });

  it('refuses a birth with a codice fiscale that does not match and a date still to come, with both errors at once', async () => {
    await openRecord(mother);
    await page.getByTestId('start-1001').click();
    await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
    const cognome = (await page.getByLabel('Cognome', { exact: true }).inputValue()).trim();
    await page.getByLabel('Nome', { exact: true }).fill('MARCO');
    await page.getByLabel('Sesso').selectOption('M');
    const born = romeDate(Date.now() + 3 * DAY);
    await page.getByLabel('Data di nascita').fill(formatDateIt(born));
    await page.getByLabel('Numero dell’atto').fill('16');
    // Well-formed, its last (check) character mistyped: the anagrafe's own check, after the schema's.
    const right = computeCodiceFiscale({ cognome, nome: 'MARCO', sesso: 'M', dataNascita: born, belfiore: 'A577' });
    await page.getByLabel('Codice fiscale', { exact: true }).fill(right.slice(0, 15) + (right[15] === 'A' ? 'B' : 'A'));
    await page.getByLabel('Numero dell’atto').press('Enter');
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('listitem').count()).toBe(2);
    expect(await summary.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Codice fiscale: l.ultimo carattere/),
      expect.stringMatching(/^Data di nascita: non può essere una data futura/),
    ]);
    expect(await page.getByLabel('Codice fiscale', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Data di nascita').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('pratica-saved').count()).toBe(0);
  });

  it('registers a birth asking ANPR for the codice fiscale; after sync the record shows the CF ANPR attributed', async () => {
    await openRecord(mother);
    await page.getByTestId('start-1001').click();
    await page.getByRole('heading', { name: /Iscrizione per nascita/ }).waitFor();
    expect(await page.getByLabel('Codice fiscale (madre)').inputValue()).toBe(mother.codiceFiscale);
    const cognome = (await page.getByLabel('Cognome', { exact: true }).inputValue()).trim();
    const born = romeDate(Date.now() - 3 * DAY);
    await page.getByLabel('Nome', { exact: true }).fill('GIULIA');
    await page.getByLabel('Sesso').selectOption('F');
    // Typed as the clerk types it: gg/mm/aaaa.
    await page.getByLabel('Data di nascita').fill(formatDateIt(born));
    await page.getByLabel('Numero dell’atto').fill('15');
    // The box itself takes the pointer (not only its label): Playwright's check() clicks the input.
    await page.getByRole('checkbox', { name: 'Chiedere ad ANPR di attribuire il codice fiscale' }).check();
    await page.getByLabel('Numero dell’atto').press('Enter');
    await page.getByTestId('pratica-saved').waitFor();
    await page.getByRole('button', { name: 'Apri la scheda' }).click();
    await page.getByTestId('person-record').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('GIULIA');

    const expected = computeCodiceFiscale({ cognome, nome: 'GIULIA', sesso: 'F', dataNascita: born, belfiore: 'A577' });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Aggiorna' }).click();
          return page.getByTestId('person-cf').textContent();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(expected);
    expect(await page.getByTestId('id-anpr').textContent()).not.toBe('non ancora assegnato');
    expect(await page.getByTestId('last-pratica-state').textContent()).toMatch(/^Iscrizione per nascita: /);
    expect(await page.getByTestId('history-1001').getAttribute('data-state')).toBe('applicata');
    await expectItalianDates(page, 'newborn record');
    expect(await page.getByTestId('person-record').textContent()).toContain(formatDateIt(born));
  });

  it('"Apri la scheda" after a change of address opens the person it was started from, not the family’s head', async () => {
    const members = (await callHost(host, 'anagrafe.person', { id: mother.id })).body.data.family.members as {
      id: string;
      codiceFiscale: string;
      cognome: string;
      nome: string;
      codiceLegame: string;
    }[];
    const member = members.find((x) => x.codiceLegame !== '1' && x.codiceFiscale)!;
    expect(member).toBeTruthy();
    await openRecord({ ...mother, ...member });
    await page.getByTestId('start-5005').click();
    await page.getByLabel('Nome della strada').fill('DELLE VIOLE');
    await page.getByLabel('Numero civico').fill('9');
    await page.getByLabel('Numero civico').press('Enter');
    await page.getByTestId('pratica-saved').waitFor();
    await page.getByRole('button', { name: 'Apri la scheda' }).click();
    await expect.poll(() => page.getByTestId('person-record').getAttribute('data-person-id')).toBe(member.id);
  });

  it('says "più di 20" when the search finds more persons than it shows', async () => {
    let query = '';
    for (const q of ['RO', 'MA', 'BI', 'CO', 'FE', 'VIA ROMA', 'VIA']) {
      if ((await callHost(host, 'anagrafe.search', { query: q })).body.data.length > 20) {
        query = q;
        break;
      }
    }
    expect(query).not.toBe('');
    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('anagrafe-search').fill(query);
    await expect.poll(() => page.getByTestId('search-count').textContent()).toMatch(/^Più di 20 persone trovate/);
    expect(await page.getByTestId('search-results').locator('tbody tr').count()).toBe(20);
  });

  it('shows and takes every date as gg/mm/aaaa on every screen', async () => {
    await openRecord(mother);
    await expectItalianDates(page, 'person record');
    for (const code of ['5005', '2001', '5008']) {
      await page.getByTestId(`start-${code}`).click();
      await page.getByRole('button', { name: 'Registra pratica' }).waitFor();
      await expectItalianDates(page, `pratica ${code}`, { inputs: true });
      await page.getByRole('button', { name: 'Annulla' }).click();
      await page.getByTestId('person-record').waitFor();
    }

    await page.getByTestId('nav-cie-agenda').click();
    await page.getByRole('heading', { name: 'Agenda CIE', level: 1 }).waitFor();
    await expectItalianDates(page, 'CIE agenda', { inputs: true });
    await page.getByRole('button', { name: 'Nuova prenotazione' }).click();
    await page.getByRole('heading', { name: 'Nuova prenotazione CIE', level: 1 }).waitFor();
    await page.getByLabel(/Cerca in anagrafe/).fill(mother.codiceFiscale);
    await page.getByRole('button', { name: new RegExp(formatDateIt(mother.dataNascita).replace(/\//g, '\\/')) }).waitFor();
    await expectItalianDates(page, 'CIE booking with the registry search', { inputs: true });

    for (const [nav, heading] of [
      ['nav-cie-reminders', /Promemoria/],
      ['nav-cie-settings', /Impostazioni CIE/],
      ['nav-pagopa-issue', /Nuovo avviso di pagamento/],
      ['nav-pagopa-notices', /^Avvisi pagoPA$/],
      ['nav-pagopa-reconciliation', /Riconciliazione giornaliera/],
      ['nav-operators', /^Operatori$/],
      ['nav-card-csca', /Certificati per verificare le CIE/],
    ] as const) {
      await page.getByTestId(nav).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectItalianDates(page, nav, { inputs: nav !== 'nav-pagopa-notices' && nav !== 'nav-card-csca' });
    }
    expect(problems).toEqual([]);
  });
});
