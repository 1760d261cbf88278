// Across midnight and the DST night, on the injectable clock (clock/), whatever the hour the test
// runs at: Saturday 27 March 2027 at 23:59:25 in Rome, with the CIE booking system down, the clerk
// books two Sunday slots (01:30, before clocks go forward, and 03:00, after). Midnight passes with
// the host and the page open: both say it is Sunday. Then the host starts again at 01:59:40 CET;
// 02:00 CET becomes 03:00 CEST while it runs; only then the booking system is back, and each booking
// reaches it once with its Rome wall-clock date and time unchanged. Sunday has no 02:00 or 02:30.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockOffsetMs } from '../../clock/clock';
import { romeDate, romeTime } from '../../electron/core/rome-time';
import { CHROMIUM, createResponsabile, launchChromium, watchPageProblems } from '../support/browser';
import { setTestClock } from '../support/clock';
import { callHost, serveSportello, simControl, type ServedSportello } from '../support/serve';
import { startSimProcess } from '../support/sim-process';
import { tempDir } from '../support/tmp';
import { formatDateIt } from '../../electron/core/forms/dates';

const SATURDAY = '2027-03-27';
const SUNDAY = '2027-03-28'; // clocks go forward at 02:00 CET (01:00 UTC)
const MIDNIGHT = Date.parse('2027-03-27T23:00:00Z');
const DST_CHANGE = Date.parse('2027-03-28T01:00:00Z');

async function waitUntil(instant: number) {
  while (Date.now() < instant) await new Promise((r) => setTimeout(r, Math.min(500, instant - Date.now() + 20)));
}

describe.skipIf(!CHROMIUM)('a booking made at 23:59 before the DST night, synced after it', { timeout: 240_000 }, () => {
  let sims: Awaited<ReturnType<typeof startSimProcess>>;
  let host: ServedSportello;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const data = tempDir('sportello-dst-');
  let stationId = '';
  const bookings: Record<string, string> = {};

  const serve = () => serveSportello(['--data', data.dir, '--demo', '--sim-url', sims.url, '--demo-residents', '20', '--probe-ms', '300']);

  beforeAll(async () => {
    setTestClock('2027-03-27T22:59:25Z'); // 23:59:25 CET; the simulators and the host follow
    sims = await startSimProcess();
    host = await serve();
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(45_000);
    problems = watchPageProblems(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await sims?.stop();
    data.cleanup();
  });

  it('at 23:59 on Saturday the host, the page and the simulators read the same clock', async () => {
    expect(romeDate()).toBe(SATURDAY);
    expect(host.url).toContain(`clock-offset=${clockOffsetMs()}`);
    await page.goto(host.url);
    await createResponsabile(page, { displayName: 'Paola Responsabile', username: 'paola', codiceFiscale: 'DMEPTR80A01A577B' });
    expect(await page.evaluate(() => new Date().toISOString().slice(0, 16))).toBe(new Date().toISOString().slice(0, 16));
    const info = await callHost(host, 'anagrafe.info');
    expect(info.body.data.today).toBe(SATURDAY);
    const simDate = Date.parse((await fetch(`${sims.url}/agenda/v1/health`)).headers.get('date')!);
    expect(Math.abs(simDate - Date.now())).toBeLessThan(5_000);
    await simControl(sims.url, 'down', { platforms: ['agenda'], down: true });
  });

  it('books Sunday 01:30 (CET) and 03:00 (CEST) while the booking system is down', async () => {
    const config = await callHost(host, 'cie.config.get');
    stationId = config.body.data.stations[0].id;
    expect((await callHost(host, 'cie.stations.update', { id: stationId, slotMinutes: 30 })).body.ok).toBe(true);
    const hours = await callHost(host, 'cie.hours.set', {
      stationId,
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
    });
    expect(hours.body.ok, JSON.stringify(hours.body)).toBe(true);
    for (const [time, surname] of [
      ['01:30', 'PRIMA'],
      ['03:00', 'DOPO'],
    ] as const) {
      const booked = await callHost(host, 'cie.book', {
        stationId,
        date: SUNDAY,
        startTime: time,
        channel: 'phone',
        contactPhone: '333 000 0000',
        people: [{ surname, givenNames: 'ORA', birthDate: '1980-01-01' }],
      });
      expect(booked.body.ok, JSON.stringify(booked.body)).toBe(true);
      bookings[time] = booked.body.data.booking.id;
    }
    expect(romeDate()).toBe(SATURDAY); // all before midnight
  });

  it('midnight passes with the page open: "Oggi" is Sunday, and the back end agrees', async () => {
    await page.getByTestId('nav-cie-agenda').click();
    await page.getByRole('heading', { name: 'Agenda CIE', level: 1 }).waitFor();
    const dateField = page.getByLabel('Giorno', { exact: true });
    // The day box shows gg/mm/aaaa (core/forms/dates).
    expect(await dateField.inputValue()).toBe(formatDateIt(SATURDAY));
    await waitUntil(MIDNIGHT + 1_000);
    await page.getByRole('button', { name: 'Oggi' }).click();
    await expect.poll(() => dateField.inputValue()).toBe(formatDateIt(SUNDAY));
    const day = await callHost(host, 'cie.day', { stationId, date: SUNDAY });
    expect(day.body.data).toMatchObject({ today: SUNDAY });
    expect(day.body.data.nowTime).toBe('00:00');
    await page.getByTestId('cie-day-grid').getByText('PRIMA').first().waitFor();
  });

  it('the host starts again at 01:59:40 CET and runs through 02:00 CET = 03:00 CEST', async () => {
    await host.stop();
    setTestClock('2027-03-28T00:59:40Z');
    expect(romeTime()).toBe('01:59');
    await simControl(sims.url, 'clock', { offsetMs: clockOffsetMs() });
    host = await serve();
    const login = await callHost(host, 'session.login', { username: 'paola', password: 'segreta123' });
    expect(login.body.ok, JSON.stringify(login.body)).toBe(true);
    await waitUntil(DST_CHANGE + 1_000);
    expect(romeTime()).toBe('03:00');
    const day = await callHost(host, 'cie.day', { stationId, date: SUNDAY });
    expect(day.body.data).toMatchObject({ today: SUNDAY, nowTime: '03:00' });
    // The skipped hour has no slots: 01:30 is followed by 03:00.
    const free = await callHost(host, 'cie.freeStarts', { stationId, date: SUNDAY, people: 1, ignoreQuota: true });
    expect(free.body.ok, JSON.stringify(free.body)).toBe(true);
    expect(free.body.data.starts).not.toContain('02:00');
    expect(free.body.data.starts).not.toContain('02:30');
  });

  it('the booking system is back after the change: each booking reaches it once, at its Rome date and time', async () => {
    expect((await simControl(sims.url, 'stats')).agenda.applied).toBe(0);
    await simControl(sims.url, 'down', { platforms: ['agenda'], down: false });
    for (const [time, id] of Object.entries(bookings)) {
      let booking: { syncState: string; date: string; startTime: string } | undefined;
      for (let i = 0; i < 120 && booking?.syncState !== 'synced'; i++) {
        booking = (await callHost(host, 'cie.booking.get', { id })).body.data.booking;
        if (booking?.syncState !== 'synced') await new Promise((r) => setTimeout(r, 250));
      }
      expect(booking).toMatchObject({ syncState: 'synced', date: SUNDAY, startTime: time });
    }
    const stats = await simControl(sims.url, 'stats');
    expect(stats.agenda.applied).toBe(2);
    expect(stats.agenda.appliedTwice).toBe(0);
    for (const [time, id] of Object.entries(bookings)) {
      const remote = await fetch(`${sims.url}/agenda/v1/bookings/${encodeURIComponent(id)}`);
      expect(remote.status, time).toBe(200);
      expect(await remote.json()).toMatchObject({ date: SUNDAY, times: [time], status: 'booked' });
    }
    expect(problems).toEqual([]);
  });
});
