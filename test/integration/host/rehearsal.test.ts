import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../electron/app';
import { rehearse } from '../../../electron/rehearsal';
import { callHost, serveSportello, type ServedSportello } from '../../support/serve';
import { tempDir } from '../../support/tmp';
import { setTestClock } from '../../support/clock';

/** The saves a clerk makes in the day's scenario, by procedure (sync.resend: a refusal corrected and sent again). */
const SAVES = ['anagrafe.pratica.create', 'pagopa.notices.issue', 'cie.book', 'cie.walkins.add', 'sync.resend'];
/** Those that need a slot left today (the scratch station has 5-minute slots until 23:59). */
const TODAYS_SAVES = ['cie.walkins.serve', 'cie.booking.arrived', 'cie.checklist.update', 'cie.checklist.ready'];

describe('the start-up rehearsal', () => {
  it('runs every kind of save once through dispatch on a scratch store, all accepted, and deletes the store', async () => {
    setTestClock('10:00'); // slots left today for the CIE saves, whatever the hour the test runs at
    const tmp = tempDir();
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp.dir;
    try {
      const r = await rehearse();
      expect(r.steps.filter((s) => !s.ok)).toEqual([]);
      const called = r.steps.map((s) => s.call);
      expect(called.filter((c) => c === 'anagrafe.pratica.create')).toHaveLength(5); // birth, immigration, move, death, civil status
      expect(called).toEqual(expect.arrayContaining(SAVES));
      expect(called).toEqual(expect.arrayContaining(TODAYS_SAVES));
      expect(readdirSync(tmp.dir)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      tmp.cleanup();
    }
  });
});

describe('the start-up rehearsal at 23:58 in Rome', () => {
  it("still has every save accepted when no slot is left today (today's CIE saves are left out, not failed)", async () => {
    setTestClock('23:58');
    const tmp = tempDir();
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp.dir;
    try {
      const r = await rehearse();
      expect(r.steps.filter((s) => !s.ok)).toEqual([]);
      expect(r.steps.map((s) => s.call)).toEqual(expect.arrayContaining(SAVES));
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      tmp.cleanup();
    }
  });
});

describe('a scratch store closed at once', () => {
  it('leaves no timer behind that reaches into it (an uncaught error there would stop the host)', async () => {
    const tmp = tempDir();
    try {
      const app = createApp({ dataDir: tmp.dir, keys: { getOrCreateKey: () => 'c'.repeat(64) }, demo: true, demoResidents: 10 });
      await app.close();
      await new Promise((r) => setTimeout(r, 50)); // the room's background work would have started by now
    } finally {
      tmp.cleanup();
    }
  });
});

describe('a host rehearses while the counter opens', () => {
  let host: ServedSportello;
  const data = tempDir();
  beforeAll(async () => {
    setTestClock('10:00'); // the host's clock too: its rehearsal books today's slots
    host = await serveSportello(['--data', data.dir, '--port', '0']);
  });
  afterAll(async () => {
    await host?.stop();
    data.cleanup();
  });

  it('says so in its log, with nothing refused', async () => {
    const logged = () =>
      readFileSync(join(data.dir, 'logs', 'sportello.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((l) => l.event === 'host.rehearsed');
    // It runs once the host serves, so the line may come a moment after the launch URL.
    for (let waited = 0; !logged() && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const rehearsed = logged();
    expect(rehearsed).toMatchObject({ level: 'info', refused: [] });
    expect(rehearsed.calls).toBeGreaterThanOrEqual(30);
  });

  it("leaves the Comune's own store untouched: no resident, no notice, no one in the queue", async () => {
    const setup = await callHost(host, 'session.setup', { displayName: 'Anna Bianchi', username: 'anna', password: 'segreta123' });
    expect(setup.body.ok, JSON.stringify(setup.body)).toBe(true);
    for (const [name, input] of [
      ['anagrafe.search', { query: 'ROSSI' }],
      ['pagopa.notices.list', { scope: 'all' }],
      ['cie.walkins.list', {}],
    ] as const) {
      const answer = await callHost(host, name, input);
      expect(answer.body, name).toMatchObject({ ok: true, data: [] });
    }
  });
});
