/**
 * Keeping the registry current: other Comuni's events happen in the ANPR simulator while the
 * counter does not ask; after reconnection the poller (3003 over real HTTP, signed) applies each
 * notification once, in ANPR's order, to the real encrypted store — also when the process dies
 * half way — audits it, sets aside one that meets a queued local pratica, and a notification
 * pushed on N000 and found again by the poller applies once. The simulator's notification
 * contents and 3003/3007 answers validate against the official XSDs (xmllint).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoComune } from '../../../electron/core/anagrafe/demo';
import { createPratica, getPratica } from '../../../electron/core/anagrafe/pratiche';
import { anagrafeOutboxHandlers } from '../../../electron/core/anagrafe/outbox-handlers';
import { listNotificationConflicts, resolveNotificationConflict } from '../../../electron/core/anagrafe/notifications/conflicts';
import { readPersonView } from '../../../electron/core/anagrafe/person-view';
import { comuneRichiesta, notificationCursor } from '../../../electron/core/anagrafe/notifications/receive';
import { initialLoadStatus, type LoadDeps, startInitialLoad, whenLoadSettles } from '../../../electron/core/anagrafe/initial-load';
import { createExtractionPort } from '../../../electron/platforms/anpr/extraction';
import { createLogger } from '../../../electron/core/log';
import { SyncEngine } from '../../../electron/core/sync/engine';
import { getItem } from '../../../electron/core/sync/outbox';
import { configureComune, getComuneSettings } from '../../../electron/core/comune/settings';
import { listAudit } from '../../../electron/core/audit/log';
import type { Actor, Db } from '../../../electron/core/store/types';
import { createAnprClient } from '../../../electron/platforms/anpr/client';
import { handleN000, startN000Listener } from '../../../electron/platforms/anpr-notifications/n000';
import { comuneDecrypter, type Decrypter } from '../../../electron/platforms/anpr-notifications/decrypt';
import { pollAnprNotificationsOnce } from '../../../electron/platforms/anpr-notifications/poller';
import { createAnprSimulator, type AnprSimulator } from '../../../simulators/anpr';
import { operationsListAnswer } from '../../../simulators/anpr/notification-control';
import { createAsyncRequests } from '../../../simulators/anpr/notification-async';
import { parseXml as simParse } from '../../../simulators/anpr/xml-read';
import { SIMULATED_SERVICES } from '../../../simulators/anpr/service-table';
import { openTestDb, type TestDb } from '../../support/db';
import { anprConfig, OPERATOR_CF, startSimServer, type RunningSim } from '../../unit/anpr/support/harness';
import { makeTestPki, type TestPki } from '../../unit/anpr/support/test-pki';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(XSD_DIR, 'rispostaComune.xsd'));
const actor: Actor = { operatorId: 'system', workstationId: 'notifiche' };

let pki: TestPki;
let sim: AnprSimulator;
let running: RunningSim;
let store: TestDb;
// The injectable clock every party reads (simulator, client signature, poller).
let nowMs = 0;
const now = () => new Date(nowMs);
let captured: string[] = [];

beforeAll(async () => {
  pki = makeTestPki();
  nowMs = Date.now();
  sim = createAnprSimulator({
    comuneIstat: '058091',
    trustedCaPem: [pki.caPem],
    xsdDir: haveData ? XSD_DIR : null,
    now,
    warn: () => undefined,
  });
  running = await startSimServer(sim);
});
afterAll(async () => {
  await running?.close();
  pki?.cleanup();
});

beforeEach(() => {
  sim.reset();
  captured = [];
  store = openTestDb({ prefix: 'sportello-notifiche-' });
  seedDemoComune(store.db, { persons: 80 });
  configureComune(store.db, { ...getComuneSettings(store.db), comuneIstat: '058091', comuneName: 'ROMA', siglaProvincia: 'RM' });
  // ANPR knows the same residents.
  for (const p of residents(store.db))
    sim.addSubject({ codiceFiscale: p.codice_fiscale, cognome: p.cognome, nome: p.nome, sesso: p.sesso, dataNascita: p.data_nascita });
});
afterEach(() => store.cleanup());

type Row = { id: string; codice_fiscale: string; cognome: string; nome: string; sesso: string; data_nascita: string; status: string };
function residents(db: Db): Row[] {
  return db.prepare(`SELECT * FROM anagrafe_person WHERE status = 'residente' AND codice_fiscale IS NOT NULL ORDER BY id`).all() as Row[];
}

function client(endpoint = running.baseUrl) {
  const capture: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.text();
    captured.push(text);
    return new Response(text, { status: res.status, headers: res.headers });
  };
  return createAnprClient(anprConfig(pki, endpoint), { now, fetch: capture });
}

function poll(db: Db, opts: { afterEach?: (n: unknown, i: number) => void; endpoint?: string } = {}) {
  return pollAnprNotificationsOnce(db, client(opts.endpoint), actor, {
    operatorCodiceFiscale: OPERATOR_CF,
    now,
    afterEach: opts.afterEach,
  });
}

const recorded = (db: Db) =>
  db
    .prepare('SELECT id_operazione_anpr AS id, tipo, state, source, person_id AS personId FROM anagrafe_notification ORDER BY rowid')
    .all() as {
    id: string;
    tipo: string;
    state: string;
    source: string;
    personId: string | null;
  }[];

function xmllint(xml: string, xsd: string): string {
  const file = join(store.dir, `check-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(XSD_DIR, xsd), file], { stdio: 'pipe' });
    return 'valid';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

/** The first child element of the SOAP Body, as text (what the XSD declares). */
function bodyPayload(envelope: string): string {
  const m = /<soapenv:Body>([\s\S]*)<\/soapenv:Body>/.exec(envelope);
  if (!m) throw new Error('no SOAP body');
  return m[1];
}

describe('ANPR notifications → the local registry', () => {
  it('50 events made while offline are applied once each, in ANPR order, across a crash half way, and audited', async () => {
    nowMs += 60_000;
    const made = sim.feed.generate(50, 16);
    expect(made).toHaveLength(50);
    expect(new Set(made.map((m) => m.tipoOperazione))).toEqual(new Set(['N010', '2001', '5005', '5014', '2003']));

    // Offline: ANPR cannot be reached; nothing is recorded and the cursor does not move.
    const offline = await poll(store.db, { endpoint: 'http://127.0.0.1:9/anpr' });
    expect(offline.stoppedBy).toBeDefined();
    expect(recorded(store.db)).toHaveLength(0);

    // Back online: the process dies after the 20th notification (each is its own transaction).
    nowMs += 60_000;
    await expect(
      poll(store.db, {
        afterEach: (_n, i) => {
          if (i === 19) throw new Error('SIGKILL');
        },
      }),
    ).rejects.toThrow('SIGKILL');
    expect(recorded(store.db)).toHaveLength(20);
    store.db.close();

    // Restart: a new connection to the same encrypted file, a new poll.
    const db = store.reopen();
    nowMs += 60_000;
    const r = await poll(db);
    expect(r.stoppedBy).toBeUndefined();
    expect(r.duplicates).toBe(20);
    const rows = recorded(db);
    expect(rows.map((x) => x.id)).toEqual(made.map((m) => m.idOperazioneANPR));
    expect(rows.every((x) => x.state === 'applied' && x.source === 'poll')).toBe(true);

    // A later poll finds nothing new (the overlap before the cursor brings back only repeats).
    nowMs += 60_000;
    const again = await poll(db);
    expect(again).toMatchObject({ applied: 0, conflicts: 0, ignored: 0 });
    expect(recorded(db)).toHaveLength(50);

    // The local registry now says what ANPR says, for every subject ANPR knows — families included.
    expect(made.some((m) => m.tipoOperazione === 'N010' && (m.xml.match(/<datiSoggetto>/g) ?? []).length > 1)).toBe(true);
    const subjects = subjectsByCf();
    for (const [cf, s] of subjects) {
      const local = db.prepare(`SELECT status, cognome FROM anagrafe_person WHERE codice_fiscale = ? AND status <> 'annullato'`).get(cf) as
        | { status: string; cognome: string }
        | undefined;
      expect(local, cf).toBeDefined();
      expect({ cf, status: local!.status, cognome: local!.cognome }).toEqual({ cf, status: s.state, cognome: s.cognome });
    }
    // Audited once per person changed, with ANPR's id: every notification, every subject.
    const audited = listAudit(db, { limit: 10_000 }).filter((a) => a.action === 'anagrafe.notification.applied');
    const ids = audited.map((a) => (JSON.parse(String(a.detail)) as { idOperazioneAnpr: string }).idOperazioneAnpr);
    expect([...new Set(ids)].sort()).toEqual(made.map((m) => m.idOperazioneANPR).sort());
    const persons = made.reduce((k, m) => k + (m.xml.match(/<datiSoggetto>/g) ?? []).length, 0);
    expect(audited).toHaveLength(persons);
  });

  it('a poll SIGKILLed half way: after a restart each of 50 notifications is recorded once, none skipped, in ANPR order', async () => {
    nowMs += 60_000;
    const made = sim.feed.generate(50, 23);
    const args = (pauseMs: number) => [
      '--import',
      'tsx',
      join(import.meta.dirname, 'support/poll-child.ts'),
      JSON.stringify({ dataDir: store.dir, endpoint: running.baseUrl, pkiDir: pki.dir, nowMs, operatorCf: OPERATOR_CF, pauseMs }),
    ];
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM anagrafe_notification').get() as { n: number }).n;
    const child = spawn(process.execPath, args(40), { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c, sig) => r(sig)));
    await expect.poll(count, { timeout: 60_000, interval: 10 }).toBeGreaterThanOrEqual(12);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = count();
    expect(atKill).toBeGreaterThanOrEqual(12);
    expect(atKill).toBeLessThan(50);

    // Restart: the same data folder, a new process, a new poll.
    nowMs += 60_000;
    const again = spawn(process.execPath, args(0), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    again.stdout.on('data', (d) => (out += d));
    again.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((r) => again.once('exit', (c) => r(c)));
    expect(code, out).toBe(0);
    const r = JSON.parse(/RESULT (.*)/.exec(out)![1]) as { applied: number; duplicates: number };
    expect(r.applied + r.duplicates).toBe(50);
    expect(r.duplicates).toBe(atKill);
    expect(recorded(store.db).map((x) => x.id)).toEqual(made.map((m) => m.idOperazioneANPR));
    const audited = listAudit(store.db, { limit: 10_000 }).filter((a) => a.action === 'anagrafe.notification.applied');
    expect(new Set(audited.map((a) => (JSON.parse(String(a.detail)) as { idOperazioneAnpr: string }).idOperazioneAnpr)).size).toBe(50);
    expect(audited).toHaveLength(made.reduce((k, m) => k + (m.xml.match(/<datiSoggetto>/g) ?? []).length, 0));
  });

  it('a notification about a person with a queued local pratica goes to "needs attention", not into the registry; the clerk decides', async () => {
    const [p, q] = [residents(store.db)[3], residents(store.db)[4]];
    const queued = [p, q].map((x) => queue5008(x));
    nowMs += 60_000;
    const e1 = await ctl('event', { kind: '2001', codiceFiscale: p.codice_fiscale });
    const e2 = await ctl('event', { kind: '5014', codiceFiscale: q.codice_fiscale, cognome: 'NUOVOCOGNOME' });
    const r = await poll(store.db);
    expect(r).toMatchObject({ conflicts: 2, applied: 0 });
    const row = store.db
      .prepare('SELECT state, person_id, pratica_id FROM anagrafe_notification WHERE id_operazione_anpr = ?')
      .get(e1.idOperazioneANPR) as {
      state: string;
      person_id: string;
      pratica_id: string;
    };
    expect(row).toEqual({ state: 'conflict', person_id: p.id, pratica_id: queued[0].praticaId });
    const status = (id: string) =>
      store.db.prepare('SELECT status, cognome FROM anagrafe_person WHERE id = ?').get(id) as { status: string; cognome: string };
    expect(status(p.id).status).toBe('residente');
    expect(status(q.id).cognome).toBe(q.cognome);
    expect(listAudit(store.db, { limit: 10_000 }).some((a) => a.action === 'anagrafe.notification.conflict' && a.entityId === p.id)).toBe(
      true,
    );

    // "Needs attention": both versions side by side and the choices.
    const clerk = { operatorId: 'op-1', workstationId: 'ws-1' };
    const list = listNotificationConflicts(store.db, clerk);
    // Reading the list (names and codici fiscali) is audited: one entry naming the persons shown.
    const reads = listAudit(store.db, { limit: 10_000 }).filter((a) => a.action === 'anagrafe.notification.conflicts.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ operatorId: 'op-1', entityType: 'person' });
    expect(JSON.parse(String(reads[0].detail))).toEqual({ count: 2, ids: [p.id, q.id] });
    expect(list.map((c) => c.idOperazioneAnpr)).toEqual([e1.idOperazioneANPR, e2.idOperazioneANPR]);
    expect(list[0]).toMatchObject({
      what: 'Decesso (da ANPR)',
      person: { id: p.id },
      ours: { praticaId: queued[0].praticaId, stillQueued: true },
    });
    expect(list[0].anpr.map((f) => f.label)).toContain('Data del decesso');
    expect(list[0].ours.fields).toContainEqual({ label: 'Stato civile', value: '2' });
    expect(list[0].ours.fields).toContainEqual({ label: 'Codice fiscale', value: p.codice_fiscale });
    expect(list[0].actions.map((a) => a.choice)).toEqual(['apply_anpr', 'keep_ours']);

    const engine = new SyncEngine(store.db, [], anagrafeOutboxHandlers, { log: createLogger(null), systemActor: actor });
    // ANPR's version: the registry takes it, our pratica is withdrawn before it leaves.
    resolveNotificationConflict(store.db, clerk, e1.idOperazioneANPR, 'apply_anpr', (id, why) => engine.withdraw(clerk, id, why), now());
    expect(status(p.id).status).toBe('deceduto');
    expect(getItem(store.db, queued[0].outboxId)?.state).toBe('discarded');
    expect(getPratica(store.db, queued[0].praticaId)?.state).toBe('annullata');
    // Ours: the registry stays, the pratica is still queued to be sent.
    resolveNotificationConflict(store.db, clerk, e2.idOperazioneANPR, 'keep_ours', (id, why) => engine.withdraw(clerk, id, why), now());
    expect(status(q.id).cognome).toBe(q.cognome);
    expect(getItem(store.db, queued[1].outboxId)?.state).toBe('pending');
    expect(listNotificationConflicts(store.db, clerk)).toEqual([]);
    expect(() => resolveNotificationConflict(store.db, clerk, e2.idOperazioneANPR, 'apply_anpr', () => true, now())).toThrow(
      expect.objectContaining({ code: 'ANAGRAFE_NOTIFICATION_NOT_PENDING' }),
    );
    const actions = listAudit(store.db, { limit: 10_000 }).map((a) => a.action);
    expect(actions.filter((a) => a === 'anagrafe.notification.resolved')).toHaveLength(2);
    expect(actions).toContain('sync.withdraw');

    // The person's history shows it with ANPR's id.
    const view = readPersonView(store.db, clerk, p.id);
    expect(view.anprNotifications).toEqual([
      expect.objectContaining({ idOperazioneAnpr: e1.idOperazioneANPR, state: 'applied', title: 'Decesso (da ANPR)' }),
    ]);
  });

  it('after an initial load the cursor starts at the extraction: what ANPR recorded before it is not applied again', async () => {
    nowMs += 60_000;
    sim.feed.generate(5, 4, ['5005']);
    nowMs += 3_600_000;
    // The registry is loaded from ANPR's extraction now (4001 over HTTP); its completion sets the cursor.
    sim.setPopulation({ size: 30 }, 100);
    const loadAt = now();
    const deps: LoadDeps = {
      db: store.db,
      actor,
      now,
      anpr: async () =>
        createExtractionPort(client(), {
          operatorCodiceFiscale: OPERATOR_CF,
          comune: comuneRichiesta(store.db),
          today: () => '2026-12-06',
        }),
    };
    const load = startInitialLoad(deps, { source: 'anpr-4001' });
    await whenLoadSettles(load.id);
    expect(initialLoadStatus(store.db, now)).toMatchObject({ state: 'done', loaded: 30 });
    expect(notificationCursor(store.db)).toBe(loadAt.toISOString());
    nowMs += 60_000;
    const later = await ctl('event', { kind: '2001', codiceFiscale: residents(store.db)[9].codice_fiscale });
    const r = await poll(store.db);
    expect(r).toMatchObject({ received: 1, applied: 1 });
    expect(recorded(store.db).map((x) => x.id)).toEqual([later.idOperazioneANPR]);
  });

  it('a resident who emigrates and comes back keeps one record: cancelled, then resident again with the new address', async () => {
    const p = residents(store.db)[7];
    nowMs += 60_000;
    await ctl('event', { kind: '2003', codiceFiscale: p.codice_fiscale });
    await ctl('event', { kind: 'N010', codiceFiscale: p.codice_fiscale, via: 'DEL RITORNO' });
    const r = await poll(store.db);
    expect(r).toMatchObject({ applied: 2, conflicts: 0 });
    const rows = store.db.prepare('SELECT id, status, family_id FROM anagrafe_person WHERE codice_fiscale = ?').all(p.codice_fiscale) as {
      id: string;
      status: string;
      family_id: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: p.id, status: 'residente' });
    const address = store.db
      .prepare('SELECT denominazione FROM anagrafe_address WHERE family_id = ? AND valid_to IS NULL')
      .get(rows[0].family_id) as {
      denominazione: string;
    };
    expect(address.denominazione).toBe('DEL RITORNO');
  });

  it('a family immigrating in one N010 is added whole: every member, one family, one address, each audited', async () => {
    nowMs += 60_000;
    const e = await ctl('event', { kind: 'N010', members: 3, cognome: 'FAMIGLIARI', via: 'DEI TIGLI' });
    const r = await poll(store.db);
    expect(r).toMatchObject({ applied: 1, conflicts: 0 });
    const members = store.db
      .prepare(`SELECT id, family_id, codice_legame FROM anagrafe_person WHERE cognome = 'FAMIGLIARI' ORDER BY codice_legame, id`)
      .all() as { id: string; family_id: string; codice_legame: string }[];
    expect(members.map((m) => m.codice_legame)).toEqual(['1', '2', '3']);
    expect(new Set(members.map((m) => m.family_id)).size).toBe(1);
    const addresses = store.db
      .prepare('SELECT denominazione FROM anagrafe_address WHERE family_id = ? AND valid_to IS NULL')
      .all(members[0].family_id) as { denominazione: string }[];
    expect(addresses).toEqual([{ denominazione: 'DEI TIGLI' }]);
    const audited = listAudit(store.db, { limit: 10_000 }).filter(
      (a) => a.action === 'anagrafe.notification.applied' && String(a.detail).includes(e.idOperazioneANPR),
    );
    expect(audited.map((a) => a.entityId).sort()).toEqual(members.map((m) => m.id).sort());
  });

  it('a notification pushed on N000 and found again by the poller is applied once; a bad push is refused', async () => {
    // ANPR encrypts the content for the Comune's certificate; the listener opens it with the Comune's key.
    let key: Decrypter = comuneDecrypter({ p12: pki.comuneP12, password: pki.comunePassword });
    const listener = await startN000Listener({
      db: store.db,
      actor,
      comuneIstat: () => '058091',
      port: 0,
      host: '127.0.0.1',
      now,
      decrypter: async () => key,
      acceptPlain: true, // the hand-written pushes below carry their content in clear
    });
    try {
      await ctl('push-url', { url: listener.url, encryptFor: pki.comuneCertPem });
      const p = residents(store.db)[5];
      nowMs += 60_000;
      const e = await ctl('event', { kind: '5005', codiceFiscale: p.codice_fiscale, via: 'DEI TIGLI' });
      await ctl('feed', {}); // waits for the push on the wire
      expect(recorded(store.db)).toEqual([{ id: e.idOperazioneANPR, tipo: '5005', state: 'applied', source: 'push', personId: p.id }]);
      // A key that is not the Comune's cannot open it: refused, nothing recorded twice.
      key = comuneDecrypter({ p12: pki.postazioneP12, password: pki.postazionePassword });
      expect(await ctl('push', { idOperazioneANPR: e.idOperazioneANPR })).toEqual({ status: 500 });
      key = comuneDecrypter({ p12: pki.comuneP12, password: pki.comunePassword });
      // ANPR delivers it again, then the poller finds it too.
      expect(await ctl('push', { idOperazioneANPR: e.idOperazioneANPR })).toEqual({ status: 200 });
      nowMs += 60_000;
      const r = await poll(store.db);
      expect(r).toMatchObject({ received: 1, duplicates: 1, applied: 0 });
      expect(recorded(store.db)).toHaveLength(1);
      const address = store.db
        .prepare(
          `SELECT denominazione FROM anagrafe_address WHERE family_id = (SELECT family_id FROM anagrafe_person WHERE id = ?) AND valid_to IS NULL`,
        )
        .get(p.id) as { denominazione: string };
      expect(address.denominazione).toBe('DEI TIGLI');
      expect(listAudit(store.db, { limit: 10_000 }).filter((a) => a.action === 'anagrafe.notification.applied')).toHaveLength(1);

      const bad = await fetch(listener.url, { method: 'POST', body: '<a/>', headers: { 'content-type': 'text/xml' } });
      expect(bad.status).toBe(500);
      expect(await bad.text()).toContain('RichiestaN000');
      // Hand-written pushes, as N000serviziNotifiche.wsdl shapes them: another Comune, or a content naming another operation.
      const content = Buffer.from(sim.feed.all()[0].xml).toString('base64');
      const envelope = (dest: string, id: string) =>
        `<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><n:RichiestaN000 xmlns:n="http://sogei.it/ANPR/N000AnprService"><testataNotifica><tipoNotifica>5005</tipoNotifica><codMittente>ANPR</codMittente><codDestinatario>${dest}</codDestinatario><dataOraRichiesta>2026-01-01T10:00:00Z</dataOraRichiesta><idOperazioneANPR>${id}</idOperazioneANPR></testataNotifica><contenuto>${content}</contenuto></n:RichiestaN000></s:Body></s:Envelope>`;
      const push = (dest: string, id: string) =>
        fetch(listener.url, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body: envelope(dest, id),
        }).then(async (r) => ({ status: r.status, text: await r.text() }));
      expect(await push('058092', e.idOperazioneANPR)).toMatchObject({ status: 500, text: expect.stringContaining('codDestinatario') });
      expect(await push('058091', '999')).toMatchObject({ status: 500, text: expect.stringContaining('idOperazioneANPR') });
      expect(await push('058091', e.idOperazioneANPR)).toMatchObject({
        status: 200,
        text: expect.stringContaining('Notifica già ricevuta'),
      });
      // Outside the demo a content in clear is not ANPR's (it encrypts for the Comune's certificate): refused.
      expect(handleN000(store.db, actor, '058091', envelope('058091', e.idOperazioneANPR), now())).toMatchObject({
        status: 500,
        xml: expect.stringContaining('in chiaro'),
      });
      expect(recorded(store.db)).toHaveLength(1);
    } finally {
      await listener.close();
    }
  });

  it.skipIf(!haveData)('notification contents and the 3003/3007 answers validate against the official XSDs', async () => {
    nowMs += 60_000;
    const made = sim.feed.generate(10, 3);
    for (const kind of ['N010', '2001', '2003', '5005', '5014'] as const) await ctl('event', { kind });
    for (const e of sim.feed.all()) expect(xmllint(e.xml, 'rispostaComune.xsd'), e.tipoOperazione).toBe('valid');
    await poll(store.db);
    const answer = captured.find((c) => c.includes('Risposta3003_OK'));
    expect(answer).toBeDefined();
    expect(xmllint(bodyPayload(answer!), '3000consultazione.xsd')).toBe('valid');
    const s3007 = SIMULATED_SERVICES.find((s) => s.code === '3007')!;
    const list = operationsListAnswer(
      s3007,
      {
        idOperazioneComune: '1',
        codDestinatario: '058091',
        operazioneRichiesta: '3007',
        dataOraRichiesta: new Date(nowMs).toISOString(),
        idOperazioneANPR: '2147484648',
        esitoOperazione: '2',
      },
      { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' },
      made,
    );
    expect(xmllint(bodyPayload(list), '3000consultazione.xsd')).toBe('valid');

    // 4005: a job queued (0), in elaborazione (1), then done (2) with its page of notifications.
    const s4005 = SIMULATED_SERVICES.find((s) => s.code === '4005')!;
    const jobs = createAsyncRequests(sim.feed, now);
    jobs.setDelay(5_000);
    const req = (inner: string) => simParse(`<Richiesta4005>${inner}</Richiesta4005>`)!.documentElement!;
    const testata = (id: string) => ({
      idOperazioneComune: '2',
      codDestinatario: '058091',
      operazioneRichiesta: '4005',
      dataOraRichiesta: new Date(nowMs).toISOString(),
      idOperazioneANPR: id,
      esitoOperazione: '2',
    });
    const from = new Date(nowMs - 3_600_000).toISOString();
    const queued = jobs.answer(
      s4005,
      req(
        `<elaborazione><ricercaElenchiRichieste><statoLavorazione>7</statoLavorazione><periodoRiferimentoRichieste><dataOraIniziale>${from}</dataOraIniziale><dataOraFinale>${new Date(nowMs).toISOString()}</dataOraFinale></periodoRiferimentoRichieste></ricercaElenchiRichieste></elaborazione>`,
      ),
      testata('2147490001'),
    );
    const verifica = req('<verificaStato><idOperazioneANPR>2147490001</idOperazioneANPR><progressivo>1</progressivo></verificaStato>');
    const waiting = jobs.answer(s4005, verifica, testata('2147490002'));
    nowMs += 5_000;
    const ready = jobs.answer(s4005, verifica, testata('2147490003'));
    expect(queued).toContain('<statoRichiesta>0</statoRichiesta>');
    expect(waiting).toContain('<statoRichiesta>1</statoRichiesta>');
    expect(ready).toContain('<statoRichiesta>2</statoRichiesta>');
    expect(ready.match(/<elencoRisposte>/g)).toHaveLength(sim.feed.all().length);
    for (const a of [queued, waiting, ready]) expect(xmllint(bodyPayload(a), '4000estrazione.xsd')).toBe('valid');
    expect(jobs.knows(req('<verificaStato><idOperazioneANPR>1</idOperazioneANPR><progressivo>1</progressivo></verificaStato>'))).toBe(
      false,
    );
  });
});

function queue5008(p: Row) {
  return createPratica(
    store.db,
    { operatorId: 'op-1', workstationId: 'ws-1' },
    {
      code: '5008',
      testata: { tipoOperazione: 'C', dataDecorrenza: new Date(nowMs).toISOString().slice(0, 10) },
      richiesta: {
        generalitaPerRicerca: {
          codiceFiscale: { codFiscale: p.codice_fiscale },
          cognome: p.cognome,
          nome: p.nome,
          sesso: p.sesso,
          dataNascita: p.data_nascita,
          idSchedaSoggettoComune: { idSchedaSoggettoComuneIstat: '058091', idSchedaSoggetto: p.id },
        },
        statoCivile: { statoCivile: '2' },
        datiControllo: { tipoMutazione: ['07'] },
      },
    },
    { nowMs: () => nowMs },
  );
}

function subjectsByCf(): [string, { state: string; cognome?: string }][] {
  const out: [string, { state: string; cognome?: string }][] = [];
  for (const e of sim.feed.all()) {
    // Every subject of the content (an N010 may bring a whole family), not only the first.
    for (const [, cf] of e.xml.matchAll(/<generalitaAttuali><codiceFiscale><codFiscale>([^<]+)<\/codFiscale>/g)) {
      const s = sim.subject(cf);
      if (s && !out.some(([k]) => k === cf)) out.push([cf, { state: s.state, cognome: s.cognome }]);
    }
  }
  return out;
}

async function ctl(command: string, body: Record<string, unknown>): Promise<{ idOperazioneANPR: string } & Record<string, unknown>> {
  const res = await fetch(`${running.baseUrl}/_control/${command}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${command}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { idOperazioneANPR: string };
}
