// The shorter day at the counter (scenario/): 12 citizens of every kind, both planted errors,
// every platform down until closing, then back on a bad rural line. Drives the real UI in Chromium
// (and the real pcscd with virtual CIEs where the test bed can run).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, createResponsabile, launchChromium, seriousA11yViolations, watchPageProblems } from '../support/browser';
import { serveSportello, simControl, type ServedSportello } from '../support/serve';
import { tempDir } from '../support/tmp';
import { setTestClock } from '../support/clock';
import { runDay, type RunResult } from '../../scenario/run';

// The clerk's day books today's slots: the clock of this process, the simulators, the host and the
// page starts at the next 08:30 in Rome, whatever the hour the test runs at.
setTestClock('08:30');

describe.skipIf(!CHROMIUM)('a (short) day at the counter with the network down', { timeout: 240_000 }, () => {
  let result: RunResult;
  const out = tempDir('sportello-day-report-');

  beforeAll(async () => {
    result = await runDay({ size: 'short', outDir: out.dir, settleTimeoutMs: 90_000, log: (l) => console.log(l) });
    console.log(result.text);
  }, 240_000);
  afterAll(() => out.cleanup());

  it('served every citizen through the UI, half of them by reading their CIE where a reader can run', () => {
    const r = result.report;
    expect(r.citizens).toBe(12);
    expect(Object.keys(r.mix).sort()).toEqual([
      'appointment',
      'birth',
      'booking',
      'civilStatus',
      'death',
      'immigration',
      'move',
      'noShow',
      'notice',
      'walkIn',
    ]);
    expect(r.pagopaNotices).toBeGreaterThanOrEqual(4);
    expect(r.noticesFromAppointments).toBeGreaterThanOrEqual(1);
    if (!r.cardReading.startsWith('data typed')) expect(r.identifiedByCard).toBe(6);
    expect(r.pageProblems).toEqual([]);
  });

  it('nothing reached a platform during the day; every item created reached its platform exactly once: 0 lost, 0 applied twice', () => {
    const r = result.report;
    expect(r.appliedWhileDown).toBe(0);
    for (const p of ['anpr', 'gpd', 'agenda'] as const) {
      const f = r.platforms[p];
      expect(f.created, p).toBeGreaterThan(0);
      expect(f.lost, p).toBe(0);
      expect(f.appliedTwice, p).toBe(0);
      expect(f.applied + f.refusedAsConflict + f.discarded, p).toBe(f.created);
    }
    expect(r.totals.lost).toBe(0);
    expect(r.totals.appliedTwice).toBe(0);
  });

  it('only the planted errors needed attention, with the platform’s code and text', () => {
    const r = result.report;
    expect(r.onlyPlantedNeededAttention).toBe(true);
    expect(r.needsAttention.map((a) => a.code).sort()).toEqual(['EN240', 'SLOT_TAKEN']);
    expect(r.needsAttention.find((a) => a.code === 'EN240')!.text).toMatch(/data decorrenza/);
  });

  it('resolving them in the UI empties the queue', () => {
    const r = result.report;
    expect(r.resolution.resolvedInUi).toBe(2);
    expect(r.resolution.queueEmpty).toBe(true);
    expect(r.resolution.openItems).toBe(0);
    expect(r.resolution.openConflicts).toBe(0);
  });

  it('reports the clerk-visible latency of every save, and the JSON and text reports', async () => {
    const r = result.report;
    expect(r.saves.count).toBeGreaterThanOrEqual(18);
    expect(r.saves.p99Ms).toBeGreaterThan(0);
    expect(r.saves.p99Ms).toBeGreaterThanOrEqual(r.saves.p50Ms);
    // A save that takes a second is a broken counter, whatever the machine's load.
    expect(r.saves.maxMs).toBeLessThan(1000);
    expect(result.text).toMatch(/p99 \d/);
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(result.files!.json, 'utf8')).totals.lost).toBe(0);
    expect(readFileSync(result.files!.text, 'utf8')).toBe(result.text);
  });

  it('every save is one round trip: the back end answers with what the next screen shows', () => {
    const saves = result.report.saves.all;
    // session.activity may share a save's window; it is not the save's own work.
    const own = (calls: string[]) => calls.filter((c) => c !== 'session.activity');
    expect(saves.filter((s) => own(s.calls).length !== 1).map((s) => `${s.what}: ${s.calls.join(', ')}`)).toEqual([]);
  });
});

describe.skipIf(!CHROMIUM)('"Giornata dimostrativa": the day replayed by the back end in demo mode', { timeout: 200_000 }, () => {
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir();

  beforeAll(async () => {
    host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '300', '--probe-ms', '300']);
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Pietro Demo', username: 'pietro', codiceFiscale: 'DMEPTR80A01A577B' });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    data.cleanup();
  });

  it('starts from the menu, fills the queue with the platforms down, drains it when they return; only the planted errors wait', async () => {
    await page.getByTestId('nav-demo-day').click();
    await page.getByRole('heading', { level: 1, name: 'Giornata dimostrativa' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Avvia la giornata breve (12 cittadini)' }).click();
    await page.locator('[data-testid="demo-day-status"][data-phase="down"]').waitFor();
    await page.locator('[data-testid="demo-day-status"][data-phase="done"]').waitFor({ timeout: 150_000 });
    expect(await page.getByTestId('demo-day-status').textContent()).toContain('Cittadini serviti: 12 di 12.');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const stats = await simControl(host.simUrl!, 'stats');
    for (const p of ['anpr', 'gpd', 'agenda']) {
      expect(stats[p].applied, p).toBeGreaterThan(0);
      expect(stats[p].appliedTwice, p).toBe(0);
    }
    await page.getByRole('button', { name: 'Apri «Invii alle piattaforme»' }).click();
    const items = page.getByTestId('attention-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    expect(await items.getByTestId('attention-code').textContent()).toBe('EN240');
    await page.getByTestId('nav-cie-conflicts').click();
    await page.getByTestId('conflict-item').first().waitFor();
    expect(await page.getByTestId('conflict-item').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
