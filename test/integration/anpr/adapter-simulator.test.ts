/**
 * The ANPR adapter against the ANPR simulator over real HTTP on 127.0.0.1: replay of a repeated
 * idOperazioneComune, EN079, ordering per subject (existence and decorrenza), "ancora in
 * elaborazione", policy rejections, transport failures, and the online look-ups.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { OutboxItem, SendOutcome } from '../../../electron/core/sync/types';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { PRATICA_PAYLOAD_VERSION } from '../../../electron/core/anagrafe/pratica-model';
import { createLogger } from '../../../electron/core/log';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { enqueue, getItem } from '../../../electron/core/sync/outbox';
import { pagopaStore } from '../../support/pagopa-fixture';
import { tempDir } from '../../support/tmp';
import { createAnprAdapter } from '../../../electron/platforms/anpr/adapter';
import type { AnprResult } from '../../../electron/platforms/anpr/answer';
import { consultPerson, pollNotifications, requestCertificate } from '../../../electron/platforms/anpr/lookups';
import { createAnprSimulator, type AnprSimulator } from '../../../simulators/anpr';
import { makeTestPki, type TestPki } from '../../unit/anpr/support/test-pki';
import { anprConfig, OPERATOR_CF, startSimServer, type RunningSim } from '../../unit/anpr/support/harness';
import { BIANCHI_ANNA, ROSSI_MARIO, birth, changeOfAddress, death, newborn, sampleRequests } from '../../unit/anpr/support/sample-requests';
import type { AnprRequest } from '../../../electron/platforms/anpr/messages/requests';
import { withTx } from '../../../electron/core/store/tx';
import { systemActor } from '../../../electron/core/settings/workstation';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(XSD_DIR);

let pki: TestPki;
let sim: AnprSimulator;
let running: RunningSim;
let seq = 0;

function item(request: AnprRequest, idempotencyKey: string, kind = `anpr.${request.code}`): OutboxItem {
  const now = new Date().toISOString();
  return {
    id: `item-${++seq}`,
    platform: 'anpr',
    kind,
    orderingKey: 'famiglia-1',
    payload: request,
    payloadVersion: 1,
    idempotencyKey,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastErrorCode: null,
    lastErrorText: null,
    businessType: 'pratica',
    businessId: `p-${seq}`,
    operatorId: 'op-1',
    createdAt: now,
    updatedAt: now,
    seq,
  };
}

const ctx = () => ({ signal: new AbortController().signal, operatorId: 'op-1' });
const operators = { operatorCodiceFiscale: (id: string) => (id === 'op-1' ? OPERATOR_CF : null) };

function adapter(overrides = {}, deps = {}) {
  return createAnprAdapter(anprConfig(pki, running.baseUrl, overrides), { ...operators, ...deps });
}

function done(o: SendOutcome): AnprResult {
  if (o.kind !== 'done') throw new Error(`expected done, got ${JSON.stringify(o)}`);
  return o.result as AnprResult;
}

beforeAll(async () => {
  pki = makeTestPki();
  sim = createAnprSimulator({ comuneIstat: '058091', trustedCaPem: [pki.caPem], xsdDir: haveData ? XSD_DIR : null, warn: () => undefined });
  running = await startSimServer(sim);
});
afterAll(async () => {
  await running?.close();
  pki?.cleanup();
});
afterEach(() => sim.reset());

function plantFamily() {
  sim.addSubject({
    codiceFiscale: ROSSI_MARIO.codiceFiscale!.codFiscale,
    cognome: 'ROSSI',
    nome: 'MARIO',
    sesso: 'M',
    dataNascita: '1980-01-01',
    lastOperationDate: '2010-05-01',
  });
  sim.addSubject({
    codiceFiscale: BIANCHI_ANNA.codiceFiscale!.codFiscale,
    cognome: 'BIANCHI',
    nome: 'ANNA',
    sesso: 'F',
    dataNascita: '1982-03-05',
    lastOperationDate: '2010-05-01',
  });
}

describe('ANPR adapter ↔ simulator over HTTP', () => {
  it('registers a birth, stores ids above 2^31 as text, and a resend with the same id replays the stored answer', async () => {
    const a = adapter();
    const it1 = item(birth(), '1735689600000001');
    const first = done(await a.send(it1, ctx()));
    expect(first.esitoOperazione).toBe('2');
    expect(BigInt(first.idOperazioneANPR) > 2n ** 31n).toBe(true);
    expect(first.soggetti).toHaveLength(1);
    expect(first.soggetti[0].codiceFiscale).toBe('RSSLCU25C10H501P');
    expect(BigInt(first.soggetti[0].idSchedaSoggettoANPR!) > 2n ** 31n).toBe(true);
    expect(typeof first.soggetti[0].idANPR).toBe('string');

    const again = done(await a.send({ ...it1, attempts: 1 }, ctx()));
    expect(again).toEqual(first);
    expect(sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
    expect(sim.appliedOperations()).toEqual([{ idOperazioneComune: '1735689600000001', service: '1001' }]);
  });

  it('answers EN079 when an id already used for another service comes back, and classifies it for a person', async () => {
    plantFamily();
    const a = adapter();
    done(await a.send(item(birth(), '1735689600000002'), ctx()));
    const o = await a.send(item(changeOfAddress([ROSSI_MARIO, BIANCHI_ANNA], '2025-04-01'), '1735689600000002'), ctx());
    expect(o).toMatchObject({ kind: 'attention', code: 'EN079' });
    expect(sim.stats().applied).toBe(1);
  });

  it('enforces ordering per subject: a change of address before the birth is registered is refused, after it succeeds', async () => {
    plantFamily();
    const a = adapter();
    const child = newborn('RSSGLI25D50H501X', '2025-04-10');
    const early = await a.send(item(changeOfAddress([ROSSI_MARIO, BIANCHI_ANNA, child], '2025-05-01'), '1735689600000010'), ctx());
    expect(early).toMatchObject({ kind: 'attention', code: 'EN122' });
    done(await a.send(item(birth(child, '2025-04-10'), '1735689600000011'), ctx()));
    const later = done(await a.send(item(changeOfAddress([ROSSI_MARIO, BIANCHI_ANNA, child], '2025-05-01'), '1735689600000012'), ctx()));
    expect(later.soggetti.map((s) => s.codiceFiscale)).toEqual(['RSSMRA80A01H501U', 'BNCNNA82C45H501Z', 'RSSGLI25D50H501X']);
    expect(sim.subject('RSSGLI25D50H501X')?.lastOperationDate).toBe('2025-05-01');
  });

  it('refuses a decorrenza before the planted last operation with EN240 and ANPR’s text', async () => {
    plantFamily();
    sim.setLastOperationDate(ROSSI_MARIO.codiceFiscale!.codFiscale, '2025-06-01');
    const o = await adapter().send(item(death(ROSSI_MARIO, '2025-05-20'), '1735689600000020'), ctx());
    expect(o.kind).toBe('attention');
    if (o.kind !== 'attention') return;
    expect(o.code).toBe('EN240');
    expect(o.text).toContain('2025-06-01');
    expect(o.text).toContain('(EN240)');
    // ANPR stores the KO under its id: a corrected pratica resent with the same id gets the same KO,
    // so a correction must travel with a new idOperazioneComune.
    expect(await adapter().send(item(death(ROSSI_MARIO, '2025-06-02'), '1735689600000020'), ctx())).toMatchObject({
      kind: 'attention',
      code: 'EN240',
    });
    const ok = done(await adapter().send(item(death(ROSSI_MARIO, '2025-06-02'), '1735689600000021'), ctx()));
    expect(ok.soggetti[0].codiceFiscale).toBe('RSSMRA80A01H501U');
    expect(sim.subject('RSSMRA80A01H501U')?.state).toBe('deceduto');
    const twice = await adapter().send(item(death(ROSSI_MARIO, '2025-06-03'), '1735689600000022'), ctx());
    expect(twice).toMatchObject({ kind: 'attention', code: 'EN184' });
  });

  it('a repeat while the first is still in processing is told to wait, then gets the stored answer', async () => {
    sim.setProcessingDelay(400);
    const a = adapter();
    const it1 = item(birth(), '1735689600000030');
    const [x, y] = await Promise.all([a.send(it1, ctx()), new Promise<SendOutcome>((r) => setTimeout(() => r(a.send(it1, ctx())), 100))]);
    expect(x.kind).toBe('done');
    expect(y).toMatchObject({ kind: 'retry', code: 'ANPR_IN_PROGRESS' });
    sim.setProcessingDelay(0);
    expect(done(await a.send(it1, ctx()))).toEqual(done(x));
    expect(sim.stats()).toMatchObject({ applied: 1, appliedTwice: 0 });
  });

  it('is "Rejected by policy" with a certificate from another CA and with a skewed clock', async () => {
    const rogue = adapter({ comuneCertificate: { p12: pki.rogueP12, password: pki.roguePassword } });
    expect(await rogue.send(item(birth(), '1735689600000040'), ctx())).toMatchObject({
      kind: 'retry',
      failure: 'credentials',
      code: 'ANPR_REJECTED_BY_POLICY',
    });
    expect(sim.lastRefusal()).toMatch(/CA/);
    const skewed = adapter({}, { now: () => new Date(Date.now() + 10 * 60_000) });
    expect(await skewed.send(item(birth(), '1735689600000041'), ctx())).toMatchObject({
      kind: 'retry',
      failure: 'credentials',
      code: 'ANPR_REJECTED_BY_POLICY',
    });
    expect(sim.lastRefusal()).toMatch(/validità/);
    expect(sim.stats().applied).toBe(0);
  });

  it('needs the operator’s codice fiscale and a valid pratica before sending anything', async () => {
    const a = adapter();
    expect(
      await a.send(
        { ...item(birth(), '1735689600000050'), operatorId: 'nobody' },
        { signal: new AbortController().signal, operatorId: 'nobody' },
      ),
    ).toMatchObject({ kind: 'attention', code: 'ANPR_OPERATOR_WITHOUT_CF' });
    // An invalid pratica, or one of another service, is stopped by the engine's parse (the kind's
    // schema, anagrafeOutboxHandlers) before the adapter sees it: set aside, never sent.
    const t = tempDir();
    const store = pagopaStore(t.dir);
    const engine = new SyncEngine(store.db, [a], anagrafeOutboxHandlers, {
      log: createLogger(null),
      systemActor: systemActor('sync'),
      probeDownMs: 100,
    });
    try {
      const bad = birth();
      (bad.richiesta as { cittadinanza: unknown }).cittadinanza = undefined;
      const queued = withTx(store.db, (tx) => [
        enqueue(tx, {
          platform: 'anpr',
          kind: 'anpr.1001',
          orderingKey: 'f-1',
          payload: bad,
          payloadVersion: PRATICA_PAYLOAD_VERSION,
          idempotencyKey: '1735689600000051',
          operatorId: 'op-1',
        }),
        enqueue(tx, {
          platform: 'anpr',
          kind: 'anpr.2001',
          orderingKey: 'f-2',
          payload: birth(),
          payloadVersion: PRATICA_PAYLOAD_VERSION,
          idempotencyKey: '1735689600000052',
          operatorId: 'op-1',
        }),
      ]);
      engine.start();
      const end = Date.now() + 10_000;
      while (queued.some((q) => getItem(store.db, q.id)!.state !== 'attention') && Date.now() < end)
        await new Promise((r) => setTimeout(r, 20));
      for (const q of queued) expect(getItem(store.db, q.id)).toMatchObject({ state: 'attention', lastErrorCode: 'SYNC_PAYLOAD_CORRUPT' });
      expect(sim.stats().requests).toBe(0);
    } finally {
      await engine.stop();
      store.db.close();
      t.cleanup();
    }
  });

  it('retries when ANPR is unreachable or too slow, with the same id', async () => {
    const down = createAnprAdapter(anprConfig(pki, 'http://127.0.0.1:9/anpr'), operators);
    expect(await down.send(item(birth(), '1735689600000060'), ctx())).toMatchObject({
      kind: 'retry',
      failure: 'transport',
      code: 'ANPR_UNREACHABLE',
    });
    sim.setProcessingDelay(1500);
    const slow = adapter({ timeoutMs: 300 });
    const it1 = item(birth(), '1735689600000061');
    expect(await slow.send(it1, ctx())).toMatchObject({ kind: 'retry', failure: 'transport', code: 'ANPR_TIMEOUT' });
    await new Promise((r) => setTimeout(r, 1600));
    sim.setProcessingDelay(0);
    done(await adapter().send(it1, ctx()));
    expect(sim.stats()).toMatchObject({ applied: 1, repeats: 1, appliedTwice: 0 });
  });

  it('probes the host and reports its Date header', async () => {
    const p = await adapter().probe(new AbortController().signal);
    expect(p.reachable).toBe(true);
    expect(Number.isNaN(Date.parse(p.serverDate!))).toBe(false);
    const down = await createAnprAdapter(anprConfig(pki, 'http://127.0.0.1:9/anpr'), operators).probe(new AbortController().signal);
    expect(down.reachable).toBe(false);
  });

  it('every sample request is accepted by the simulator’s XSD and policy checks', async () => {
    plantFamily();
    sim.addNotification({ tipoOperazione: 'N010', xml: '<listaSoggettiVariati/>' });
    const a = adapter();
    for (const [i, r] of sampleRequests().entries()) {
      const res = await a.client.call(r, {
        idOperazioneComune: `17356897000000${String(i).padStart(2, '0')}`,
        operatorCodiceFiscale: OPERATOR_CF,
      });
      expect(res.parsed.kind === 'fault' ? `${r.code}: ${sim.lastRefusal()}` : 'no fault').toBe('no fault');
    }
  });
});

describe('online look-ups', () => {
  it('3002 finds a person ANPR knows and returns [] for an unknown one', async () => {
    plantFamily();
    const c = adapter().client;
    const found = await consultPerson(
      c,
      {
        code: '3002',
        testata: { tipoOperazione: 'C' },
        richiesta: {
          criteriRicerca: { codiceFiscale: 'RSSMRA80A01H501U' },
          datiRichiesta: { schedaAnagraficaRichiesta: '1', dataRiferimentoRichiesta: '2025-05-04' },
        },
      },
      { idOperazioneComune: '1735689600000070', operatorCodiceFiscale: OPERATOR_CF },
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ codiceFiscale: 'RSSMRA80A01H501U', cognome: 'ROSSI', nome: 'MARIO' });
    const none = await consultPerson(
      c,
      {
        code: '3002',
        testata: { tipoOperazione: 'C' },
        richiesta: {
          criteriRicerca: { codiceFiscale: 'XXXXXX80A01H501U' },
          datiRichiesta: { schedaAnagraficaRichiesta: '1', dataRiferimentoRichiesta: '2025-05-04' },
        },
      },
      { idOperazioneComune: '1735689600000071', operatorCodiceFiscale: OPERATOR_CF },
    );
    expect(none).toEqual([]);
  });

  it('3003 returns the notifications for the Comune, decoded', async () => {
    const notification =
      '<listaSoggettiVariati><datiSoggetto><identificativi><idANPR>AB12345CD</idANPR></identificativi><generalitaAttuali><codiceFiscale><codFiscale>BNCNNA82C45H501Z</codFiscale></codiceFiscale><cognome>BIANCHI</cognome><nome>ANNA</nome></generalitaAttuali></datiSoggetto></listaSoggettiVariati>';
    sim.addNotification({ tipoOperazione: 'N010', xml: notification });
    const list = await pollNotifications(
      adapter().client,
      {
        comune: { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' },
        // The simulator's ANPR answers for the period asked (and its last 180 days): the last hour here.
        from: new Date(Date.now() - 3_600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      },
      { idOperazioneComune: '1735689600000080', operatorCodiceFiscale: OPERATOR_CF },
    );
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ tipoOperazione: 'N010', soggetti: [{ idANPR: 'AB12345CD', codiceFiscale: 'BNCNNA82C45H501Z' }] });
  });

  it('6001 returns the certificate PDF, and through the outbox the PDF is in the done result', async () => {
    plantFamily();
    const r = sampleRequests().find((x) => x.code === '6001')!;
    if (r.code !== '6001') throw new Error('sample');
    const cert = await requestCertificate(adapter().client, r, {
      idOperazioneComune: '1735689600000090',
      operatorCodiceFiscale: OPERATOR_CF,
    });
    expect(cert.pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    const queued = done(await adapter().send(item(r, '1735689600000091'), ctx()));
    expect(Buffer.from(queued.certificatoPdf!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
