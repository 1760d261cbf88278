/**
 * Production first start in Chromium (issue 15): the responsabile sets up the Comune, this
 * workstation, ANPR with the Comune's certificates (made here, by a test CA), pagoPA GPD and the
 * booking system, pointing at the simulators as if they were the real platforms — typed in the
 * UI, nothing passed on the command line. Each bad certificate is refused with its message;
 * "Prova collegamento" shows its three outcomes; a pratica saved afterwards reaches the simulated
 * ANPR signed with the imported certificate (the simulator trusts only the test CA). Then no
 * secret is found in the database file, the log or sportello-admin's output, and the data folder
 * refuses to start as demo.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCodiceFiscale } from '../../electron/core/anagrafe/codice-fiscale';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { openStore } from '../../electron/core/store/store';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { comunePki } from '../support/pki';
import { ROOT, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { startSimProcess } from '../support/sim-process';
import { fileContains, tempDir } from '../support/tmp';

const ISTAT = '055023'; // Orvieto (TR), from ANPR's archive of comuni
const OTHER_ISTAT = '056003';
const CF_ENTE = '81001580550';
const GOOD_KEY = 'gpd-key-7f3a9c1e5b2d4068';
const WRONG_KEY = 'gpd-key-sbagliata-000000';
const AGENDA_TOKEN = 'agenda-token-91c4e2b7a8d3';
const SHOTS = join(ROOT, 'test-results', 'setup'); // screenshots to look at (not committed)

describe.skipIf(!CHROMIUM)(
  'production set-up in Chromium: certificates, Prova collegamento, a pratica signed with the imported certificate',
  { timeout: 300_000 },
  () => {
    let sim: Awaited<ReturnType<typeof startSimProcess>>;
    let host: ServedSportello;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    const data = tempDir();
    const files = tempDir('sportello-certs-');
    const pki = comunePki(ISTAT, OTHER_ISTAT, new Date());
    const certFile = (name: string, bytes: Buffer) => {
      const p = join(files.dir, name);
      writeFileSync(p, bytes);
      return p;
    };

    const section = (step: string) => page.getByTestId(`setup-${step}`);
    async function testConnection(platform: 'anpr' | 'gpd' | 'agenda') {
      const box = page.getByTestId(`test-${platform}`);
      await box.getByRole('button').click();
      const outcome = box.locator('[data-outcome]');
      await outcome.waitFor();
      return { outcome: await outcome.getAttribute('data-outcome'), text: (await outcome.textContent()) ?? '' };
    }
    async function importCert(role: 'comune' | 'postazione', path: string, password: string) {
      const form = page.getByTestId(`cert-${role}`);
      // Italian around the file input (the browser's own says "Choose File"); the keyboard reaches
      // the input itself and its focus shows on the button beside it.
      const file = form.getByLabel('File del certificato (.p12)');
      expect(await form.getByText(/^(Nessun file scelto|.*\.p12)$/).count()).toBe(1);
      await file.focus();
      expect(await form.getByText('Scegli il file…').evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('solid');
      await file.setInputFiles(path);
      expect(await form.getByText(basename(path)).count()).toBe(1);
      await form.getByLabel('Password del certificato').fill(password);
      await form.getByRole('button', { name: /^Importa/ }).click();
      return form;
    }
    async function shot(name: string) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    }

    beforeAll(async () => {
      sim = await startSimProcess();
      host = await serveSportello(['--data', data.dir, '--probe-ms', '300']);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      page.setDefaultTimeout(45_000);
      problems = watchPageProblems(page);
      await page.goto(host.url);
    });
    afterAll(async () => {
      await browser?.close();
      await host?.stop();
      await sim?.stop();
      data.cleanup();
      files.cleanup();
    });

    it('a production first start has no DEMO band, no platform configured, and leads the responsabile to the set-up', async () => {
      await createResponsabile(page, { displayName: 'Rita Responsabile', username: 'rita', codiceFiscale: 'RSSRTI75C41G148K' });
      expect(await page.getByTestId('demo-band').count()).toBe(0);
      await page.getByTestId('online-indicator').and(page.locator('[data-state="offline"]')).waitFor();
      // Production has no default endpoint: nothing has called the simulators before the responsabile types their addresses.
      const stats = (await simControl(sim.url, 'stats')) as Record<string, { requests: number }>;
      expect(Object.values(stats).reduce((n, p) => n + (p.requests ?? 0), 0)).toBe(0);
      await page.getByRole('button', { name: 'Completa la messa in servizio' }).click();
      await page.getByRole('heading', { name: 'Impostazioni di Sportello' }).waitFor();
      expect(await page.getByTestId('setup-steps').locator('[data-done="true"]').count()).toBe(0);
      await expectAccessible(page, 'set-up');
      await shot('setup-first-start');
    });

    it('step 1: the Comune chosen from the archive, with ISTAT code, CAP and codice fiscale', async () => {
      await section('comune').getByRole('button', { name: 'Salva il Comune' }).click();
      await section('comune').getByText('Cercare e scegliere il Comune dall’elenco.').waitFor();
      await page.getByLabel('Cerca il Comune').fill('orviet');
      await page.getByLabel('Cerca il Comune').press('Enter');
      await page.getByRole('button', { name: 'Scegli Comune di Orvieto (TR)' }).click();
      expect(await page.getByTestId('setup-comune-name').textContent()).toBe('Comune di Orvieto');
      await section('comune').getByText('G148').waitFor(); // its cadastral code, from the archive
      await page.getByLabel('Codice ISTAT').fill(ISTAT);
      await page.getByLabel('CAP').fill('05018');
      await page.getByLabel(/Codice fiscale del Comune/).fill('8100158');
      await section('comune').getByRole('button', { name: 'Salva il Comune' }).click();
      await page.getByText("Codice fiscale dell'ente non valido: servono 11 cifre.").waitFor();
      await page.getByLabel(/Codice fiscale del Comune/).fill(CF_ENTE);
      await section('comune').getByRole('button', { name: 'Salva il Comune' }).click();
      await section('comune').getByText('Impostazioni salvate.').waitFor();
      await page.locator('[data-step="comune"][data-done="true"]').waitFor();
    });

    it("step 2: this workstation's number, name and CIE station", async () => {
      await page.getByLabel('Numero della postazione').fill('3');
      await page.getByLabel('Nome della postazione').fill('Anagrafe 3');
      await section('workstation').getByRole('button', { name: 'Salva la postazione' }).click();
      await section('workstation').getByText('Impostazioni salvate.').waitFor();
      await page.locator('header').getByText('Anagrafe 3').waitFor();
    });

    it('step 3: ANPR; each bad certificate is refused with its own message, the good ones show subject, issuer, expiry', async () => {
      await page.getByLabel('Indirizzo dei servizi ANPR').fill(`${sim.url}/anpr`);
      await page.getByLabel('Ambiente ANPR').selectOption('TEST');
      await page.getByLabel('Identificativo della postazione in ANPR').fill('PC-0003');
      await section('anpr').getByRole('button', { name: 'Salva ANPR' }).click();
      await section('anpr').getByText('Impostazioni salvate.').waitFor();

      const notP12 = certFile('certificato.p12', Buffer.from(pki.ca.pem));
      let form = await importCert('comune', notP12, 'x');
      await form.getByText(/non è un certificato PKCS#12/).waitFor();
      form = await importCert('comune', certFile('056003-CO-0001.p12', pki.comune.bytes), 'password-sbagliata');
      await form.getByText(/password del certificato del Comune non è corretta/).waitFor();
      form = await importCert('comune', certFile('scaduto.p12', pki.expired.bytes), pki.expired.password);
      await form.getByText(/è scaduto il \d{2}\/\d{2}\/\d{4}/).waitFor();
      form = await importCert('comune', certFile('altro.p12', pki.otherComune.bytes), pki.otherComune.password);
      await form.getByText(`intestato a "${OTHER_ISTAT}-CO-0001", non al Comune di Orvieto`, { exact: false }).waitFor();
      await expectAccessible(page, 'set-up, certificate refused');
      await shot('setup-certificate-refused');

      form = await importCert('comune', certFile(`${ISTAT}-CO-0001.p12`, pki.comune.bytes), pki.comune.password);
      await form.getByText('Certificato importato.').waitFor();
      const info = page.getByTestId('cert-comune-info');
      expect(await info.textContent()).toContain(`CN=${ISTAT}-CO-0001`);
      expect(await info.textContent()).toContain('CN=Comune Test CA');
      form = await importCert('postazione', certFile(`${ISTAT}-PC-0001.p12`, pki.postazione.bytes), pki.postazione.password);
      await form.getByText('Certificato importato.').waitFor();
      expect(await page.getByTestId('cert-postazione-info').textContent()).toContain(`CN=${ISTAT}-PC-0001`);
      await page.locator('[data-step="anpr"][data-done="true"]').waitFor();
    });

    it("Prova collegamento with ANPR: refused in ANPR's words while it does not trust the Comune's CA, accepted once it does", async () => {
      const refused = await testConnection('anpr');
      expect(refused.outcome).toBe('refused');
      expect(refused.text).toContain('Rejected by policy');
      // The Ministry registers the Comune's CA with ANPR: the simulator is told through its control API.
      const trust = await fetch(`${sim.url}/anpr/_control/trust`, {
        method: 'POST',
        body: JSON.stringify({ caPem: pki.ca.pem, comuneIstat: ISTAT }),
      });
      expect(trust.status).toBe(200);
      const accepted = await testConnection('anpr');
      expect(accepted.outcome, accepted.text).toBe('accepted');
      expect(accepted.text).toContain('Raggiunto e accettato');
    });

    it("step 4: pagoPA GPD; a wrong subscription key is refused in pagoPA's words, the right one accepted", async () => {
      await fetch(`${sim.url}/gpd/_sim/keys`, { method: 'POST', body: JSON.stringify({ keys: { [GOOD_KEY]: [CF_ENTE] } }) });
      // The ente's pagoPA data are in the existing pagoPA settings, prefilled with the Comune's codice fiscale.
      await section('pagopa').getByRole('button', { name: 'Apri Impostazioni pagoPA' }).click();
      expect(
        await page
          .getByLabel(/Codice fiscale dell/)
          .first()
          .inputValue(),
      ).toBe(CF_ENTE);
      await page.getByLabel(/Codice di segregazione/).fill('47');
      await page.getByRole('button', { name: /Salva/ }).first().click();
      await page
        .getByText(/salvat/i)
        .first()
        .waitFor();
      await page.getByTestId('nav-setup').click();

      await page.getByLabel('Indirizzo di pagoPA GPD').fill(`${sim.url}/gpd`);
      await page.getByLabel('Chiave di sottoscrizione (subscription key)').fill(WRONG_KEY);
      await section('pagopa').getByRole('button', { name: 'Salva pagoPA GPD' }).click();
      await section('pagopa').getByText('Impostazioni salvate.').waitFor();
      expect(await page.getByLabel('Chiave di sottoscrizione (subscription key)').inputValue()).toBe(''); // never shown back
      const refused = await testConnection('gpd');
      expect(refused.outcome).toBe('refused');
      expect(refused.text).toContain('Access denied due to missing or invalid subscription key.');
      await page.getByLabel('Chiave di sottoscrizione (subscription key)').fill(GOOD_KEY);
      await section('pagopa').getByRole('button', { name: 'Salva pagoPA GPD' }).click();
      await section('pagopa').getByText('Impostazioni salvate.').waitFor();
      expect((await testConnection('gpd')).outcome).toBe('accepted');
    });

    it('step 5: the CIE booking system; an address where nothing answers is "not reached"', async () => {
      const closed = createServer();
      const port = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as AddressInfo).port)));
      await new Promise((r) => closed.close(r)); // a port where nothing listens any more
      await page.getByLabel('Indirizzo del sistema di prenotazione CIE').fill(`http://127.0.0.1:${port}/agenda`);
      await page.getByLabel('Credenziali di accesso (token)').fill(AGENDA_TOKEN);
      await section('agenda').getByRole('button', { name: 'Salva prenotazione CIE' }).click();
      await section('agenda').getByText('Impostazioni salvate.').waitFor();
      const down = await testConnection('agenda');
      expect(down.outcome).toBe('unreachable');
      expect(down.text).toContain('Non raggiunto.');
      expect(down.text).toContain('(connessione rifiutata)');
      await shot('setup-not-reached');
      await page.getByLabel('Indirizzo del sistema di prenotazione CIE').fill(`${sim.url}/agenda`);
      await section('agenda').getByRole('button', { name: 'Salva prenotazione CIE' }).click();
      await section('agenda').getByText('Impostazioni salvate.').waitFor();
      expect((await testConnection('agenda')).outcome).toBe('accepted');
      expect(await page.getByTestId('setup-steps').locator('[data-done="false"]').count()).toBe(0);
      await expectAccessible(page, 'set-up complete');
      await shot('setup-complete');
    });

    it("the home screen warns that the Comune's certificate expires within 30 days", async () => {
      await page.getByTestId('nav-home').click();
      await page.getByText(/Il certificato ANPR del Comune \(055023-CO-0001\) scade tra (19|20) giorni/).waitFor();
      expect(await page.getByRole('button', { name: 'Completa la messa in servizio' }).count()).toBe(0);
      await expectAccessible(page, 'home with certificate warning');
      await shot('home-certificate-warning');
    });

    it('a pratica saved afterwards reaches the simulated ANPR signed with the imported certificate', async () => {
      await page.getByTestId('nav-anagrafe').click();
      await page.getByRole('button', { name: /Iscrizione per altri motivi/ }).click();
      await page.getByRole('heading', { name: 'Iscrizione per altri motivi' }).waitFor();
      await page.getByLabel('Motivo').selectOption('3');
      await page.getByLabel('Cognome').fill('VERDI');
      await page.getByLabel('Nome', { exact: true }).fill('GIULIA');
      await page.getByLabel('Sesso').selectOption('F');
      await page.getByLabel('Data di nascita').fill('1990-04-15');
      await page.getByLabel('Luogo di nascita (comune italiano o Stato estero)').fill('ROMA (RM)');
      await page
        .getByLabel('Codice fiscale', { exact: true })
        .fill(computeCodiceFiscale({ cognome: 'VERDI', nome: 'GIULIA', sesso: 'F', dataNascita: '1990-04-15', belfiore: 'H501' }));
      await page.getByLabel('Stato civile').selectOption('1');
      await page.getByLabel('Cittadinanza italiana').focus();
      await page.keyboard.press('Space');
      await page.getByLabel('Provenienza (comune italiano o Stato estero)').fill('ROMA (RM)');
      await page.getByLabel('Nome della strada').fill('DEL DUOMO');
      await page.getByLabel('Numero civico').fill('3');
      await page.getByLabel('Numero civico').press('Enter');
      await page.getByTestId('pratica-saved').waitFor();
      await page.getByRole('button', { name: 'Apri la scheda' }).click();
      await expect.poll(() => page.getByTestId('history-1002').getAttribute('data-state'), { timeout: 60_000 }).toBe('applicata');
      const applied = (await (await fetch(`${sim.url}/anpr/_control/applied`, { method: 'POST', body: '{}' })).json()) as {
        idOperazioneComune: string;
        service: string;
      }[];
      expect(applied.map((a) => a.service)).toEqual(['1002']);
      expect(applied[0].idOperazioneComune).toMatch(/003$/); // partitioned by this workstation's number
    });

    it('raised no CSP violation or page error', () => {
      expect(problems).toEqual([]);
    });

    it("no secret in the database file, the log, sportello-admin's output or the audit's detail; each change audited by field", async () => {
      await host.stop();
      const key = pki.comune;
      const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(key.bytes.toString('binary')), key.password);
      const bag = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]![0];
      const keyDer = Buffer.from(forge.asn1.toDer(forge.pki.privateKeyToAsn1(bag.key!)).getBytes(), 'binary');
      const secrets = [
        GOOD_KEY,
        WRONG_KEY,
        AGENDA_TOKEN,
        pki.comune.password,
        pki.postazione.password,
        key.bytes.toString('base64').slice(100, 160),
      ];
      const secretBytes = [keyDer.subarray(40, 104), key.bytes.subarray(200, 264)];

      const dbFiles = readdirSync(data.dir).filter((f) => f.startsWith('sportello.db'));
      expect(dbFiles.length).toBeGreaterThan(0);
      const logs = readdirSync(join(data.dir, 'logs')).map((f) => readFileSync(join(data.dir, 'logs', f)));
      const run = promisify(execFile);
      const backup = join(files.dir, 'copia.sportello-backup');
      const admin = await Promise.all(
        [
          ['audit', 'verify'],
          ['operators', 'list'],
          ['queue', '--json'],
          ['backup', backup],
        ].map((args) =>
          run(process.execPath, ['bin/sportello-admin.mjs', ...args, '--data', data.dir], { cwd: ROOT }).then(
            (r) => r.stdout + r.stderr,
            (e: { stdout: string; stderr: string }) => e.stdout + e.stderr,
          ),
        ),
      );
      for (const [where, bytes] of [
        ...dbFiles.map((f) => [f, readFileSync(join(data.dir, f))] as const),
        ...logs.map((b, i) => [`log ${i}`, b] as const),
        ...admin.map((o, i) => [`admin ${i}`, Buffer.from(o)] as const),
        ['backup', readFileSync(backup)] as const,
      ]) {
        for (const s of secrets) expect(fileContains(bytes, s), `${s.slice(0, 6)}… in ${where}`).toBe(false);
        for (const b of secretBytes) expect(bytes.includes(b), `key bytes in ${where}`).toBe(false);
      }
      expect(admin[0]).toMatch(/integro|ok|verificat/i);

      const { db } = openStore(data.dir, keyFileProvider);
      try {
        const rows = db
          .prepare(
            `SELECT entity_id AS section, detail, operator_id AS who, at FROM audit_log WHERE action = 'settings.change' ORDER BY seq`,
          )
          .all() as { section: string; detail: string; who: string; at: string }[];
        const fields = rows.map((r) => `${r.section}:${(JSON.parse(r.detail) as { fields: string[] }).fields.join(',')}`);
        expect(fields).toEqual(
          expect.arrayContaining([
            'anpr:endpoint,tipoInvio,idPostazione',
            'anpr:comuneCertificate',
            'anpr:postazioneCertificate',
            'gpd:endpoint,subscriptionKey',
            'gpd:subscriptionKey',
            'agenda:baseUrl,token',
            'agenda:baseUrl',
            'workstation:number,name',
          ]),
        );
        expect(rows.every((r) => r.who && r.at)).toBe(true);
        for (const r of rows) for (const s of secrets) expect(r.detail).not.toContain(s);
      } finally {
        db.close();
      }
    });

    it('the production data folder refuses to start as demo, saying why in Italian', async () => {
      const err = await serveSportello(['--data', data.dir, '--demo']).then(
        (h) => {
          void h.stop();
          return null;
        },
        (e: Error) => e.message,
      );
      expect(err).toContain('Questa cartella dati contiene i dati reali del Comune: non si può aprire in modalità dimostrativa.');
      expect(err).toContain('[DATA_MODE_PRODUCTION_FOLDER]');
    });
  },
);

describe.skipIf(!CHROMIUM)(
  'demo mode in Chromium: a permanent DEMO band; the demo folder refuses a production start',
  { timeout: 120_000 },
  () => {
    const data = tempDir();
    afterAll(() => data.cleanup());

    it('shows the band on the first start and the home screen, and the folder stays demo', async () => {
      const host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '20']);
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
        await page.goto(host.url);
        await page.getByTestId('demo-band').waitFor();
        await createResponsabile(page, { displayName: 'Dora Demo', username: 'dora' });
        expect(await page.getByTestId('demo-band').textContent()).toContain('DEMO');
        await expectAccessible(page, 'demo home');
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: join(SHOTS, 'demo-band.png') });
      } finally {
        await browser.close();
        await host.stop();
      }
      const err = await serveSportello(['--data', data.dir]).then(
        (h) => {
          void h.stop();
          return null;
        },
        (e: Error) => e.message,
      );
      expect(err).toContain('Questa cartella dati è di una prova dimostrativa');
    });
  },
);
