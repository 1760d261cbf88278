/**
 * Sportello killed (SIGKILL) while IO messages are on their way, twice, then restarted: the engine
 * would send a still-'pending' item again, so the IO adapter's "leaving now" note (core/io/
 * submissions.ts) turns each one that was on the wire into "esito incerto" instead. No message is
 * stored twice by IO; every one whose answer was recorded is stored exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { IO_OUTCOME_UNCERTAIN } from '../../../electron/core/io/model';
import { callHost, serveSportello } from '../../support/serve';
import { startSimProcess } from '../../support/sim-process';
import { tempDir } from '../../support/tmp';
import { citizens, configureIo, itemContent, notice, simIo, storedMessages, storedPerContent, untilSettled, withStore } from './io-fixture';

const NOTICES = 30;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('IO messages when Sportello is killed mid-send', () => {
  it('never sends one twice after a restart; the ones on the wire are held as uncertain', { timeout: 600_000 }, async () => {
    const sim = await startSimProcess(['--faults', 'latency']);
    cleanups.push(() => sim.stop());
    const people = citizens(NOTICES, 500);
    await simIo(sim.url, 'profiles', { implicit: 'none', profiles: people.map((c) => ({ fiscal_code: c.codiceFiscale })) });
    const data = tempDir();
    cleanups.push(() => data.cleanup());
    const args = ['--data', data.dir, '--sim-url', sim.url, '--demo-residents', '5', '--probe-ms', '200'];
    const first = await serveSportello(args);
    expect(
      (await callHost(first, 'session.setup', { displayName: 'Resp Onsabile', username: 'resp', password: 'password1' })).body.ok,
    ).toBe(true);
    await first.stop();
    withStore(data.dir, (db, actor) => {
      configureIo(db, actor);
      for (const p of people) notice(db, actor, p);
    });

    for (const killAt of [5, 15]) {
      const host = await serveSportello(args);
      cleanups.push(() => host.kill());
      const end = Date.now() + 120_000;
      while ((await storedMessages(sim.url)).length < killAt && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
      await host.kill();
    }
    const last = await serveSportello(args);
    cleanups.push(() => last.stop());
    const items = await untilSettled(data.dir, 300_000);
    await last.stop();

    const per = storedPerContent(await storedMessages(sim.url));
    for (const [, v] of per) expect(v.stored).toBeLessThanOrEqual(1);
    const sent = items.filter((i) => i.item.state === 'done' && i.result?.outcome === 'sent');
    for (const i of sent) expect(per.get(itemContent(i))?.stored).toBe(1);
    const held = items.filter((i) => i.item.state === 'attention' && i.item.lastErrorCode === IO_OUTCOME_UNCERTAIN);
    expect(sent.length + held.length).toBe(NOTICES);
    // Killed mid-send: some were on their way, held for the clerk with the reason.
    expect(held.length).toBeGreaterThan(0);
    for (const i of held) expect(i.item.lastErrorText).toMatch(/Sportello si è chiuso mentre il messaggio partiva/);
    console.log(
      `IO crash: ${sent.length} sent, ${held.length} held (${held.filter((i) => per.get(itemContent(i))?.stored === 1).length} of them stored by IO)`,
    );
  });
});
