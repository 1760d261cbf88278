/**
 * ANPR's notifications in Chromium, against the real ANPR simulator: a change of address made in
 * ANPR by another counter reaches the person's record (with ANPR's operation number) by the demo's
 * background poll; a death notified for a person whose local pratica ANPR refused and waits for
 * the clerk is not applied: it appears in "Operazioni da verificare" with both versions, and the
 * clerk applies ANPR's version, which withdraws ours. Axe finds no serious violation on either.
 */
import { createServer } from 'node:net';
import forge from 'node-forge';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { romeDate } from '../../electron/core/rome-time';
import { CHROMIUM, createResponsabile, expectAccessible, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { callHost, serveSportello, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';

interface Person {
  id: string;
  cognome: string;
  nome: string;
  codiceFiscale: string;
  sesso: string;
  dataNascita: string;
  generalita: Record<string, unknown>;
}

const DAY = 86_400_000;

describe.skipIf(!CHROMIUM)('ANPR notifications: the record and "needs attention"', { timeout: 240_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();
  let moved: Person;
  let died: Person;
  let left: Person;
  let pushPort = 0;

  const anpr = async (command: string, body: unknown) => {
    const res = await fetch(`${host.simUrl}/anpr/_control/${command}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${command}: HTTP ${res.status}`);
    return res.json() as Promise<{ idOperazioneANPR: string }>;
  };
  const openRecord = async (cf: string) => {
    await page.getByTestId('nav-anagrafe').click();
    await page.getByTestId('anagrafe-search').fill(cf);
    await page.getByTestId('search-results').getByText(cf).waitFor();
    await page.getByTestId('anagrafe-search').press('Enter');
    await page.getByTestId('person-record').waitFor();
  };

  beforeAll(async () => {
    setTestClock('10:00');
    pushPort = await freePort();
    host = await serveSportello([
      '--data',
      data.dir,
      '--demo',
      '--demo-residents',
      '60',
      '--probe-ms',
      '300',
      '--anpr-push-port',
      String(pushPort),
    ]);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
    const found: Person[] = [];
    for (const q of ['B', 'C', 'D', 'F', 'G', 'M', 'P', 'R', 'S']) {
      for (const h of (await callHost(host, 'anagrafe.search', { query: q })).body.data as { id: string; familyId: string }[]) {
        // Two different families: the second one's pratica must not touch the first.
        if (found.some((f) => (f as Person & { familyId?: string }).familyId === h.familyId)) continue;
        const p = (await callHost(host, 'anagrafe.person', { id: h.id })).body.data as Person & { status: string };
        if (p.status === 'residente' && p.codiceFiscale && !found.some((f) => f.id === p.id))
          found.push({ ...p, familyId: h.familyId } as Person);
      }
      if (found.length >= 3) break;
    }
    [moved, died, left] = found;
    expect(left).toBeTruthy();
    // ANPR knows them (the demo simulator learns subjects from requests; these two it is told).
    for (const p of [moved, died, left])
      await anpr('subjects', {
        codiceFiscale: p.codiceFiscale,
        cognome: p.cognome,
        nome: p.nome,
        sesso: p.sesso,
        dataNascita: p.dataNascita,
      });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('a change of address made in ANPR reaches the record, with ANPR’s operation number', async () => {
    const e = await anpr('event', { kind: '5005', codiceFiscale: moved.codiceFiscale, via: 'DELLE CAMELIE' });
    await expect
      .poll(async () => ((await callHost(host, 'anagrafe.person', { id: moved.id })).body.data.address?.text as string) ?? '', {
        timeout: 60_000,
      })
      .toContain('DELLE CAMELIE');
    await openRecord(moved.codiceFiscale);
    const row = page.getByTestId('anpr-notification');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('applied');
    expect(await row.getByTestId('notification-id-anpr').textContent()).toBe(e.idOperazioneANPR);
    expect(await row.textContent()).toContain('Cambio di indirizzo (da ANPR)');
    await expectAccessible(page, 'scheda con notifiche ANPR');
  });

  it('ANPR pushes a cancellation on N000 to the host’s push port: applied once, also when pushed again and polled', async () => {
    // ANPR encrypts the content for the Comune's certificate (the demo's, as the simulators hand it out).
    const creds = (await (await fetch(`${host.simUrl}/_sim/demo-credentials`)).json()) as { comune: { p12: string; password: string } };
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(creds.comune.p12)), creds.comune.password);
    const cert = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
      .map((b) => b.cert!)
      .find((c) => /-CO-/.test(String(c.subject.getField('CN')?.value)))!;
    await anpr('push-url', { url: `http://127.0.0.1:${pushPort}/`, encryptFor: forge.pki.certificateToPem(cert) });
    const e = await anpr('event', { kind: '2003', codiceFiscale: left.codiceFiscale });
    await expect
      .poll(async () => (await callHost(host, 'anagrafe.person', { id: left.id })).body.data.status, { timeout: 20_000 })
      .toBe('cancellato');
    expect(await anpr('push', { idOperazioneANPR: e.idOperazioneANPR })).toEqual({ status: 200 });
    await anpr('push-url', { url: null });
    const notes = (await callHost(host, 'anagrafe.person', { id: left.id })).body.data.anprNotifications as { idOperazioneAnpr: string }[];
    expect(notes.map((x) => x.idOperazioneAnpr)).toEqual([e.idOperazioneANPR]);
  });

  it('a death notified while our refused pratica waits is not applied: both versions in "da verificare"; ANPR’s version withdraws ours', async () => {
    // ANPR recorded an operation on the person yesterday: our change dated three days ago is refused (EN240).
    await anpr('last-operation', { codiceFiscale: died.codiceFiscale, date: romeDate(Date.now() - DAY) });
    const created = await callHost(host, 'anagrafe.pratica.create', {
      pratica: {
        code: '5008',
        testata: { tipoOperazione: 'C', dataDecorrenza: romeDate(Date.now() - 3 * DAY) },
        richiesta: { generalitaPerRicerca: died.generalita, statoCivile: { statoCivile: '2' }, datiControllo: { tipoMutazione: ['07'] } },
      },
    });
    expect(created.body.ok).toBe(true);
    await expect.poll(async () => (await callHost(host, 'sync.status')).body.data.attentionItems, { timeout: 60_000 }).toBe(1);

    const e = await anpr('event', { kind: '2001', codiceFiscale: died.codiceFiscale });
    await expect.poll(async () => (await callHost(host, 'sync.status')).body.data.notificationConflicts, { timeout: 60_000 }).toBe(1);
    expect((await callHost(host, 'anagrafe.person', { id: died.id })).body.data.status).toBe('residente');

    await page.getByTestId('nav-sync').click();
    const card = page.getByTestId('notification-conflict');
    await card.waitFor();
    expect(await card.getByRole('heading').first().textContent()).toBe('Decesso (da ANPR)');
    expect(await card.getByTestId('conflict-anpr').textContent()).toContain(e.idOperazioneANPR);
    expect(await card.getByTestId('conflict-ours').textContent()).toContain('Stato civile');
    await expectAccessible(page, 'notifica ANPR da verificare');

    await card.getByRole('button', { name: /Applica la versione di ANPR/ }).click();
    await page.getByText('Scelta registrata.').waitFor();
    await expect.poll(() => card.count()).toBe(0);
    const after = (await callHost(host, 'anagrafe.person', { id: died.id })).body.data;
    expect(after.status).toBe('deceduto');
    expect(after.anprNotifications[0]).toMatchObject({ idOperazioneAnpr: e.idOperazioneANPR, state: 'applied' });
    await expect.poll(async () => (await callHost(host, 'sync.status')).body.data.attentionItems, { timeout: 15_000 }).toBe(0);
    expect(problems).toEqual([]);
  });
});

/** A port nothing listens on now (the host takes it at start). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
