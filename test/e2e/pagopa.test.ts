import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, launchChromium, watchPageProblems, createResponsabile } from '../support/browser';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

const DEBTOR_CF = 'RSSMRA80A01H501U';

/** A real 4×4 RGB PNG (the logo upload must reach the PDF). */
function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4, 0);
  ihdr.writeUInt32BE(4, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([0, ...Array(12).fill(0x33)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 40_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe.skipIf(!CHROMIUM)(
  'pagoPA at the counter in Chromium: offline notice, print, online, paid, reconciled',
  { timeout: 180_000 },
  () => {
    let host: ServedSportello;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    let nav = '';
    const data = tempDir();

    beforeAll(async () => {
      host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '30', '--probe-ms', '300']);
      browser = await launchChromium();
      page = await browser.newPage({ acceptDownloads: true });
      page.setDefaultTimeout(45_000);
      problems = watchPageProblems(page);
      await page.goto(host.url);
      await createResponsabile(page, { displayName: 'Paola Cassa', username: 'paola', codiceFiscale: 'DMEPTR80A01A577B' });
    });
    afterAll(async () => {
      await browser?.close();
      await host?.stop();
      data.cleanup();
    });

    async function open(screenId: string, heading: RegExp) {
      await page.getByTestId(`nav-${screenId}`).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    }

    async function download(click: () => Promise<void>): Promise<Buffer> {
      const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
      const file = join(data.dir, dl.suggestedFilename());
      await dl.saveAs(file);
      return readFileSync(file);
    }

    it('the responsabile sees the demo settings and adds, then deactivates, a catalogue item with an Italian amount', async () => {
      await open('pagopa-settings', /Impostazioni pagoPA/);
      expect(await page.getByLabel('Codice fiscale dell’ente').inputValue()).toBe('80004470560');
      await page.locator('[data-code="CIE-STATO"]').getByText('16,79').waitFor();
      await expectAccessible(page, 'pagopa settings');

      await page
        .getByLabel('Logo (PNG o JPEG, massimo 1 MB)')
        .setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: tinyPng() });
      await page.getByRole('img', { name: 'Logo attuale' }).waitFor();
      await page.getByLabel('Codice di segregazione').fill('4');
      await page.getByRole('button', { name: 'Salva impostazioni' }).click();
      await page
        .getByText(/Codice di segregazione non valido/)
        .first()
        .waitFor();
      await page.getByLabel('Codice di segregazione').fill('47');
      await page.getByRole('button', { name: 'Salva impostazioni' }).click();
      await page.getByText('Impostazioni pagoPA salvate.').waitFor();

      await page.getByLabel('Codice', { exact: true }).fill('prova-1');
      await page.getByLabel('Descrizione').fill('Voce di prova');
      await page.getByLabel('Importo (euro)').fill('1.234,5');
      await page.getByLabel('Codice tassonomia').fill('9/0101108TS/');
      await page.getByLabel('IBAN').fill('IT60 X054 2811 1010 0000 0123 456');
      await page.getByRole('button', { name: 'Salva voce' }).click();
      await page.getByText('Voce PROVA-1 salvata.').waitFor();
      await page.locator('[data-code="PROVA-1"]').getByText('1.234,50').waitFor();

      // A wrong amount is refused in the form, in plain Italian.
      await page.getByLabel('Codice', { exact: true }).fill('PROVA-2');
      await page.getByLabel('Descrizione').fill('Altra voce');
      await page.getByLabel('Importo (euro)').fill('dieci');
      await page.getByRole('button', { name: 'Salva voce' }).click();
      await page.getByText(/Importo «dieci» non valido: scriverlo come 1\.234,56/).waitFor();

      await page
        .locator('[data-code="PROVA-1"]')
        .getByRole('button', { name: /Disattiva/ })
        .click();
      await page.getByText('Voce PROVA-1 disattivata', { exact: false }).waitFor();
      await page.locator('[data-code="PROVA-1"]').getByText('Disattivata').waitFor();
    });

    it('issues a CIE-fee notice with GPD down, with the keyboard, and prints it as a PDF', async () => {
      await simControl(host.simUrl!, 'down', { platforms: ['gpd'], down: true });
      await open('pagopa-issue', /Nuovo avviso di pagamento pagoPA/);
      await expectAccessible(page, 'issue notice');
      // The code field has the focus: type a code, Invio, the next, Invio.
      await page.keyboard.type('cie-stato');
      await page.keyboard.press('Enter');
      await page.keyboard.type('CIE-COM');
      await page.keyboard.press('Enter');
      expect(await page.getByTestId('issue-total').textContent()).toBe('€ 22,21');
      await page.keyboard.type('NON-ESISTE');
      await page.keyboard.press('Enter');
      await page.getByText('Il codice «NON-ESISTE» non è nel catalogo', { exact: false }).waitFor();
      await page.getByLabel('Codice della voce').fill('');

      await page.getByLabel('Nome e cognome').fill('Mario Rossi');
      await page.getByLabel('Codice fiscale').fill(DEBTOR_CF.slice(0, 15) + 'A');
      await page.getByLabel('Codice della voce').focus();
      await page.keyboard.press('Enter'); // empty code field: Invio issues
      // In the summary at the top and next to the field.
      await page
        .getByTestId('error-summary')
        .getByText('Codice fiscale del destinatario non valido: controllarlo sul documento.')
        .waitFor();
      expect(await page.getByLabel('Codice fiscale').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Codice fiscale').fill(DEBTOR_CF.toLowerCase());
      await page.getByRole('button', { name: 'Emetti avviso' }).click();

      const issued = page.getByTestId('issued-nav');
      await issued.waitFor();
      nav = (await issued.getAttribute('data-nav'))!;
      expect(nav).toMatch(/^347\d{15}$/);
      await page.getByText(/Sarà pubblicato su pagoPA appena il collegamento è disponibile/).waitFor();
      await expectAccessible(page, 'notice issued');
      // "Stampa avviso" has the focus: Invio downloads the PDF.
      const pdf = await download(() => page.keyboard.press('Enter'));
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdfFile = join(data.dir, 'avviso.pdf');
      writeFileSync(pdfFile, pdf);
      const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, '')).toContain(nav);
      expect(text).toContain('22,21');
      expect(pdf.includes(Buffer.from('/Subtype /Image'))).toBe(true); // the uploaded logo

      const stats = await simControl(host.simUrl!, 'stats');
      expect(stats.gpd.applied).toBe(0);
    });

    it('goes online: the notice is published once, the citizen pays, the counter shows it paid', async () => {
      await open('pagopa-notices', /Avvisi pagoPA/);
      const row = page.locator(`[data-testid="notice-row"][data-nav="${nav}"]`);
      await row.getByText('In attesa di invio a pagoPA').waitFor();
      expect(await page.getByTestId(`status-${nav}`).textContent()).toBe('Da pagare');
      await expectAccessible(page, 'notices');

      await simControl(host.simUrl!, 'down', { platforms: ['gpd'], down: false });
      await until('the notice published on GPD', async () => (await simControl(host.simUrl!, 'stats')).gpd.applied === 1);
      await row.getByText('Pubblicato su pagoPA').waitFor();

      const paid = await fetch(`${host.simUrl}/gpd/_sim/pay/${nav}`, { method: 'POST' });
      expect(paid.status).toBe(200);
      await page.getByRole('button', { name: 'Aggiorna i pagamenti' }).click();
      await page.locator(`[data-testid="status-${nav}"][data-status="paid"]`).waitFor();
      expect(await page.getByTestId(`status-${nav}`).textContent()).toBe('Pagato');

      // Search by notice code finds it; by another name finds nothing.
      await page.getByRole('button', { name: 'Tutti' }).click();
      await page.getByLabel('Cerca per codice avviso, nome o codice fiscale').fill(nav.slice(-6));
      await page.keyboard.press('Enter');
      await until('search by code', async () => (await page.getByTestId('notice-row').count()) === 1);
      await page.getByLabel('Cerca per codice avviso, nome o codice fiscale').fill('Nessuno Così');
      await page.keyboard.press('Enter');
      await page.getByTestId('notices-empty').waitFor();

      const stats = await simControl(host.simUrl!, 'stats');
      expect(stats.gpd.applied).toBe(2); // the position, once; the citizen's payment, once
      expect(stats.gpd.appliedTwice).toBe(0);
    });

    it('the daily reconciliation lists it as paid, with totals in euro, and exports CSV', async () => {
      await open('pagopa-reconciliation', /Riconciliazione giornaliera pagoPA/);
      await page.getByTestId('recon-paid').locator(`[data-nav="${nav}"]`).waitFor();
      expect(await page.getByTestId('total-paid').textContent()).toBe('€ 22,21');
      expect(await page.getByTestId('total-issued').textContent()).toBe('€ 22,21');
      expect(await page.getByTestId('total-outstanding').textContent()).toBe('€ 0,00');
      await expectAccessible(page, 'reconciliation');
      const csv = (await download(() => page.getByRole('button', { name: 'Scarica CSV' }).click())).toString('utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      expect(csv).toMatch(new RegExp(`"pagato";"[^"]*";"${nav}"`));
    });

    it('marks a notice paid on a receipt, and cancels another with a reason', async () => {
      const issue = (items: string[]) =>
        callHost(host, 'pagopa.notices.issue', {
          debtor: { fullName: 'Anna Verdi', codiceFiscale: 'VRDGPP85M41F205X' },
          items,
          dueDate: '2099-12-31',
        });
      const a = await issue(['SEGRETERIA']);
      const b = await issue(['CERT-BOLLO']);
      expect(a.body.ok && b.body.ok).toBe(true);
      const navA: string = a.body.data.nav;
      const navB: string = b.body.data.nav;

      await open('pagopa-notices', /Avvisi pagoPA/);
      const rowA = page.locator(`[data-testid="notice-row"][data-nav="${navA}"]`);
      await rowA.getByRole('button', { name: /Segna pagato/ }).click();
      await page.getByRole('heading', { name: /Segna pagato l’avviso/ }).waitFor();
      await expectAccessible(page, 'mark paid');
      await page.getByRole('button', { name: 'Conferma pagamento' }).click();
      await page.getByText(/Indicare gli estremi della ricevuta/).waitFor();
      await page.getByLabel('Estremi della ricevuta').fill('Ricevuta PSP 123456');
      await page.keyboard.press('Enter');
      await page.getByText(/segnato come pagato/).waitFor();
      await page.locator(`[data-testid="status-${navA}"][data-status="paid"]`).waitFor();

      const rowB = page.locator(`[data-testid="notice-row"][data-nav="${navB}"]`);
      await rowB.getByRole('button', { name: /Annulla avviso/ }).click();
      await page.getByLabel('Motivo dell’annullamento').fill('Err');
      await page.keyboard.press('Enter');
      await page.getByText('Indicare il motivo (almeno 5 caratteri).').waitFor();
      await page.getByLabel('Motivo dell’annullamento').fill('Importo sbagliato, riemesso');
      await page.keyboard.press('Enter');
      await page.getByText(/annullato\./).waitFor();
      await page.locator(`[data-testid="status-${navB}"][data-status="cancelled"]`).waitFor();
      expect(await page.getByTestId(`status-${navB}`).textContent()).toBe('Annullato');
      // The invalidation reaches GPD; still nothing applied twice.
      await until('the invalidation sent', async () => (await simControl(host.simUrl!, 'stats')).gpd.applied >= 5);
      expect((await simControl(host.simUrl!, 'stats')).gpd.appliedTwice).toBe(0);
    });

    it('takes the debtor from a registry person (the prefill of "Nuovo avviso"), audited', async () => {
      let hit: { id: string; nome: string; cognome: string; codiceFiscale: string } | undefined;
      for (const letter of 'ABCDEFGLMNPRSTV') {
        const r = await callHost(host, 'anagrafe.search', { query: letter });
        hit = r.body.ok ? r.body.data.find((h: { codiceFiscale: string | null }) => h.codiceFiscale) : undefined;
        if (hit) break;
      }
      expect(hit).toBeDefined();
      const d = await callHost(host, 'pagopa.debtor', { personId: hit!.id });
      expect(d.body.data).toEqual({
        fullName: `${hit!.nome} ${hit!.cognome}`,
        codiceFiscale: hit!.codiceFiscale,
        personId: hit!.id,
        appointmentId: null,
      });
      const missing = await callHost(host, 'pagopa.debtor', {});
      expect(missing.body.error?.code).toBe('PAGOPA_DEBTOR_SOURCE');
    });

    it('raised no CSP violation or page error along the way', () => {
      expect(problems).toEqual([]);
    });
  },
);
