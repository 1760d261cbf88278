/**
 * pagoPA end to end below the UI: real SQLite, the real sync engine, the GPD adapter speaking
 * real HTTP to the GPD simulator on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { listItems, getItem } from '../../../electron/core/sync/outbox';
import type { OutboxState } from '../../../electron/core/sync/types';
import { cancelNotice, getNotice, issueNotice } from '../../../electron/core/pagopa/notices';
import { gpdOutboxHandlers } from '../../../electron/core/pagopa/outbox-handlers';
import { dailyReconciliation, reconciliationCsv } from '../../../electron/core/pagopa/reconciliation';
import { romeDate } from '../../../electron/core/rome-time';
import { createGpdAdapter } from '../../../electron/platforms/gpd/adapter';
import { pollGpdOnce } from '../../../electron/platforms/gpd/poller';
import { createGpdSimulator, type GpdSimulator } from '../../../simulators/gpd';
import { clerk, DEBTOR, seed, type Seeded } from '../../unit/pagopa/fixtures';
import { openTestDb, type TestDb } from '../../support/db';
import { freePort, serveSimulator, type SimHttp } from '../../unit/pagopa/sim-http';
import { systemActor } from '../../../electron/core/settings/workstation';

const SYSTEM = systemActor('ws-A');
const KEY = 'comune-key';
const CF = '03334231200';

let t: TestDb;
let s: Seeded;
let sim: GpdSimulator;
let http: SimHttp | null;
let engine: SyncEngine | null;
let port: number;

const cfg = () => ({ endpoint: `http://127.0.0.1:${port}/gpd`, subscriptionKey: KEY, cfEnte: CF, timeoutMs: 2_000 });
const today = () => romeDate(new Date());
const inDays = (d: number) => romeDate(new Date(Date.now() + d * 86_400_000));
const issue = (extra: Partial<Parameters<typeof issueNotice>[2]> = {}) =>
  issueNotice(t.db, clerk, {
    debtor: DEBTOR,
    items: [{ catalogueItemId: s.cieState.id }, { catalogueItemId: s.cieComune.id }],
    dueDate: inDays(30),
    ...extra,
  });

function startEngine(adapterCfg = cfg()): SyncEngine {
  engine = new SyncEngine(t.db, [createGpdAdapter(adapterCfg)], gpdOutboxHandlers, {
    log: createLogger(null),
    systemActor: SYSTEM,
    backoff: { baseMs: 50, capMs: 500 },
    probeDownMs: 100,
    probeUpMs: 60_000,
  });
  engine.start();
  return engine;
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const states = (): OutboxState[] => listItems(t.db, { platform: 'gpd' }).map((i) => i.state);
const allDone = () => states().every((x) => x === 'done');
const sentTo = (cf: string, iupd: string) =>
  sim.position(cf, iupd) as { status: string; paymentOption: { nav: string; amount: number }[] } | undefined;

beforeEach(async () => {
  t = openTestDb();
  s = seed(t.db);
  sim = createGpdSimulator({ keys: { [KEY]: [CF] } });
  port = await freePort();
  http = null;
  engine = null;
});
afterEach(async () => {
  await engine?.stop();
  await http?.close();
  t.cleanup();
});

describe('GPD over HTTP with the sync engine', () => {
  it('issues offline, then publishes every notice once when the link returns', async () => {
    startEngine(); // nobody listens on the port: pagoPA is unreachable
    const notices = [issue(), issue(), issue({ instalments: [{ dueDate: inDays(10) }, { dueDate: inDays(40) }, { dueDate: inDays(70) }] })];
    await new Promise((r) => setTimeout(r, 300));
    expect(notices.map((n) => getNotice(t.db, n.id)!.gpdState)).toEqual(['pending', 'pending', 'pending']);
    expect(states().every((x) => x === 'pending' || x === 'waiting')).toBe(true);
    expect(sim.positionCount()).toBe(0);

    http = await serveSimulator(sim, port); // the link comes back
    await until('publication', allDone);
    for (const n of notices) {
      expect(getNotice(t.db, n.id)!.gpdState).toBe('published');
      const remote = sentTo(CF, n.iupd)!;
      expect(remote.status).toBe('VALID');
      expect(remote.paymentOption.map((o) => o.nav).sort()).toEqual(n.options.map((o) => o.nav).sort());
    }
    expect(sim.stats()).toMatchObject({ applied: 3, appliedTwice: 0, rejections: 0 });
  });

  it('a create resent after a crash gets 409, is recognised by GET and applied once', async () => {
    http = await serveSimulator(sim, port);
    const n = issue();
    // The previous process sent it and died before recording the answer.
    const [item] = listItems(t.db, { platform: 'gpd' });
    const first = await createGpdAdapter(cfg()).send(item, { signal: new AbortController().signal, operatorId: clerk.operatorId });
    expect(first.kind).toBe('done');
    expect(getItem(t.db, item.id)!.state).toBe('pending'); // in flight is not written down: still pending

    startEngine(); // restart: the in-flight item is resent with the same iupd
    await until('recovery', allDone);
    expect(getNotice(t.db, n.id)!.gpdState).toBe('published');
    expect(sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
    expect(JSON.parse((t.db.prepare('SELECT result FROM outbox WHERE id = ?').get(item.id) as { result: string }).result)).toMatchObject({
      recovered: true,
    });
  });

  it('an answer lost on the wire: retried, 409, GET, done; applied once', async () => {
    http = await serveSimulator(sim, port);
    http.loseAnswers(1, 'POST');
    const n = issue();
    startEngine();
    await until('publication', allDone);
    expect(getNotice(t.db, n.id)!.gpdState).toBe('published');
    expect(listItems(t.db, { platform: 'gpd' })[0].attempts).toBe(2);
    expect(sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
  });

  it('a different position under the same iupd needs a person (GPD_CONFLICT)', async () => {
    http = await serveSimulator(sim, port);
    const n = issue();
    const [item] = listItems(t.db, { platform: 'gpd' });
    const other = JSON.parse(JSON.stringify((item.payload as { position: unknown }).position));
    other.paymentOption[0].amount = 9999;
    other.paymentOption[0].transfer = [{ ...other.paymentOption[0].transfer[0], amount: 9999 }];
    other.paymentOption[0].iuv = '02999999999999999';
    other.paymentOption[0].nav = '302999999999999999';
    const r = await fetch(`${http.url}/gpd/debt-positions-service/v1/organizations/${CF}/debtpositions?toPublish=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': KEY },
      body: JSON.stringify(other),
    });
    expect(r.status).toBe(201);
    startEngine();
    await until('attention', () => states()[0] === 'attention');
    const after = getItem(t.db, item.id)!;
    expect(after.lastErrorCode).toBe('GPD_CONFLICT');
    expect(after.lastErrorText).toMatch(/dati diversi/);
    expect(getNotice(t.db, n.id)!.gpdState).toBe('attention');
  });

  it('cancelling queues an invalidation: GPD marks it INVALID and a citizen can no longer pay', async () => {
    http = await serveSimulator(sim, port);
    const n = issue();
    startEngine();
    await until('publication', allDone);
    cancelNotice(t.db, clerk, n.id, 'Importo errato');
    engine!.kick('gpd');
    await until('invalidation', () => allDone() && states().length === 2);
    expect(getNotice(t.db, n.id)).toMatchObject({ status: 'cancelled', gpdState: 'invalidated', displayStatus: 'cancelled' });
    expect(sentTo(CF, n.iupd)!.status).toBe('INVALID');
    const pay = await fetch(`${http.url}/gpd/_sim/pay/${n.options[0].nav}`, { method: 'POST' });
    expect(pay.status).toBe(422);
  });

  it('a citizen pays: polling picks it up, the counter shows it paid and reconciliation lists it', async () => {
    http = await serveSimulator(sim, port);
    const paidOne = issue();
    const unpaid = issue();
    startEngine();
    await until('publication', allDone);
    const pay = await fetch(`${http.url}/gpd/_sim/pay/${paidOne.options[0].nav}`, {
      method: 'POST',
      body: JSON.stringify({ pspCompany: 'Banca Test' }),
    });
    const receipt = (await pay.json()) as { receiptId: string };
    expect(pay.status).toBe(200);

    const r = await pollGpdOnce(t.db, cfg(), SYSTEM);
    expect(r).toMatchObject({ checked: 2, newlyPaid: [paidOne.id] });
    const n = getNotice(t.db, paidOne.id)!;
    expect(n).toMatchObject({ status: 'paid', displayStatus: 'paid', paidSource: 'gpd' });
    expect(n.options[0]).toMatchObject({ status: 'paid', receiptId: receipt.receiptId, pspCompany: 'Banca Test' });
    expect(getNotice(t.db, unpaid.id)!.displayStatus).toBe('unpaid');
    expect((await pollGpdOnce(t.db, cfg(), SYSTEM)).checked).toBe(1); // only the unpaid one is asked again

    const rec = dailyReconciliation(t.db, today());
    expect(rec.paid.map((x) => x.noticeId)).toEqual([paidOne.id]);
    expect(rec.outstanding.map((x) => x.noticeId)).toEqual([unpaid.id]);
    expect(rec.totals).toMatchObject({ issuedCount: 2, paidCents: 2221, outstandingCents: 2221 });
    expect(reconciliationCsv(rec)).toContain(receipt.receiptId);
  });

  it('instalments paid one by one: partially paid, then paid', async () => {
    http = await serveSimulator(sim, port);
    const n = issue({ instalments: [{ dueDate: inDays(10) }, { dueDate: inDays(40) }] });
    startEngine();
    await until('publication', allDone);
    await fetch(`${http.url}/gpd/_sim/pay/${n.options[1].nav}`, { method: 'POST' });
    await pollGpdOnce(t.db, cfg(), SYSTEM);
    const half = getNotice(t.db, n.id)!;
    expect(half.status).toBe('unpaid');
    expect(half.options.map((o) => o.status)).toEqual(['unpaid', 'paid', 'unpaid']);
    expect(dailyReconciliation(t.db, today()).outstanding[0].paidCents).toBe(n.options[1].amountCents);
    await fetch(`${http.url}/gpd/_sim/pay/${n.options[2].nav}`, { method: 'POST' });
    expect((await pollGpdOnce(t.db, cfg(), SYSTEM)).newlyPaid).toEqual([n.id]);
    expect(getNotice(t.db, n.id)!.status).toBe('paid');
  });

  it('429 with Retry-After is honoured: everything is published, nothing twice', async () => {
    sim = createGpdSimulator({ keys: { [KEY]: [CF] }, rateLimit: { calls: 3, perMs: 1_000 } });
    http = await serveSimulator(sim, port);
    const notices = Array.from({ length: 6 }, () => issue());
    startEngine();
    await until('publication', allDone, 15_000);
    const items = listItems(t.db, { platform: 'gpd' });
    expect(items.some((i) => i.attempts > 1)).toBe(true); // some were told to wait
    expect(notices.every((n) => sentTo(CF, n.iupd)?.status === 'VALID')).toBe(true);
    expect(sim.stats()).toMatchObject({ applied: 6, appliedTwice: 0 });
  });

  it('probe: reachable with the server date, unreachable when nobody answers', async () => {
    const adapter = createGpdAdapter(cfg());
    expect((await adapter.probe(AbortSignal.timeout(2_000))).reachable).toBe(false);
    http = await serveSimulator(sim, port);
    const p = await adapter.probe(AbortSignal.timeout(2_000));
    expect(p.reachable).toBe(true);
    expect(Date.parse(p.serverDate!)).toBeGreaterThan(Date.now() - 60_000);
  });
});
