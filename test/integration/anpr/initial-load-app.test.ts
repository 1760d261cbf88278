/**
 * The initial load through the whole app (createApp: dispatcher, wiring, ANPR client) against the
 * ANPR simulator: the 4002 request's dataRiferimento is today on the app's injectable clock, not on
 * the wall clock.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { romeDate } from '../../../electron/core/rome-time';
import { startAnprApp, type AnprApp } from '../../support/anpr-app';

// Far from any day the suite runs on: a date taken from the wall clock cannot match it.
const APP_NOW = Date.parse('2031-03-04T10:00:00Z');

let env: AnprApp | undefined;
afterAll(async () => {
  await env?.close();
});

describe('initial load in the app', () => {
  it('4002 asks ANPR for the persons as of today on the app clock', { timeout: 60_000 }, async () => {
    env = await startAnprApp({ clock: { nowMs: () => APP_NOW } });
    env.sim.setPopulation({ size: 5 });
    const started = await env.call('anagrafe.load.start', { source: 'anpr-4002', codiciFiscali: ['RSSMRA80A01H501U'] });
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    const asked = () => env!.requests.find((r) => r.includes('dataRiferimento'));
    await expect.poll(asked, { timeout: 30_000 }).toBeDefined();
    expect(asked()).toContain(`<dataRiferimento>${romeDate(APP_NOW)}</dataRiferimento>`);
  });
});
