/**
 * The initial load against the ANPR simulator over real HTTP, into a real encrypted store: 4001
 * (the Comune's residents, read in 4005 parts), refused rows with their reason, a load stopped
 * midway and resumed (every person once, none skipped, counted by codice fiscale), 4002 split in
 * requests of at most 2,000 codici fiscali (the simulator answers EN101 beyond), and the
 * simulator's 4001/4002/4005 answers and extraction parts validated against ANPR's XSDs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureComune } from '../../../electron/core/comune/settings';
import {
  abandonInitialLoad,
  initialLoadRefused,
  initialLoadStatus,
  startInitialLoad,
  resumeInitialLoad,
  stopInitialLoads,
  whenLoadSettles,
  type AnprExtractionPort,
  type LoadDeps,
} from '../../../electron/core/anagrafe/initial-load';
import { createAnprClient, type AnprClient } from '../../../electron/platforms/anpr/client';
import { createExtractionPort } from '../../../electron/platforms/anpr/extraction';
import { createAnprSimulator, type AnprSimulator } from '../../../simulators/anpr';
import { residentAt, type PopulationSpec } from '../../../simulators/anpr/population';
import { openTestDb, type TestDb } from '../../support/db';
import { tempDir } from '../../support/tmp';
import { makeTestPki, type TestPki } from '../../unit/anpr/support/test-pki';
import { anprConfig, OPERATOR_CF, startSimServer, type RunningSim } from '../../unit/anpr/support/harness';

const XSD_DIR = '/work/shared/data/anpr/wsdl-comuni';
const haveData = existsSync(join(XSD_DIR, 'tipoDato.xsd'));
const COMUNE = { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' };
const actor = { operatorId: 'op-resp', workstationId: 'ws-1' };

let pki: TestPki;
let sim: AnprSimulator;
let running: RunningSim;
let client: AnprClient;
let store: TestDb;
const tmp = tempDir('sportello-load-');

beforeAll(async () => {
  pki = makeTestPki();
  sim = createAnprSimulator({
    comuneIstat: COMUNE.codiceIstat,
    trustedCaPem: [pki.caPem],
    xsdDir: haveData ? XSD_DIR : null,
    warn: () => undefined,
  });
  running = await startSimServer(sim);
  client = createAnprClient(anprConfig(pki, running.baseUrl));
});
afterAll(async () => {
  await running?.close();
  pki?.cleanup();
  tmp.cleanup();
});
afterEach(async () => {
  if (store) await stopInitialLoads(store.db);
  store?.cleanup();
  sim.reset();
});

function port(): AnprExtractionPort {
  return createExtractionPort(client, { operatorCodiceFiscale: OPERATOR_CF, comune: COMUNE, today: () => '2026-12-06' });
}

function freshStore(): LoadDeps {
  store = openTestDb({ prefix: 'sportello-load-db-' });
  configureComune(store.db, {
    comuneIstat: COMUNE.codiceIstat,
    comuneName: COMUNE.nomeComune,
    siglaProvincia: COMUNE.siglaProvinciaIstat,
    belfiore: 'H501',
    cap: '00100',
    workstationSlot: 1,
  });
  return { db: store.db, actor, now: () => new Date('2026-12-06T09:00:00Z'), anpr: async () => port(), batchSize: 300 };
}

function expectedCfs(spec: PopulationSpec, except: number[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < spec.size; i++) if (!except.includes(i)) out.push(residentAt(i, spec).codiceFiscale);
  return out.sort();
}

function loadedCfs(deps: LoadDeps): { cfs: string[]; rows: number } {
  const rows = deps.db.prepare("SELECT codice_fiscale AS cf FROM anagrafe_person WHERE id_anpr LIKE 'SIM%'").pluck().all() as string[];
  return { cfs: [...new Set(rows)].sort(), rows: rows.length };
}

describe('initial load from the ANPR simulator', () => {
  it('4001: loads every resident once, with families and addresses, refuses the wrong rows with a reason, audits every person', async () => {
    const spec: PopulationSpec = { size: 3000, faults: { 7: 'cf', 1234: 'nascita' } };
    sim.setPopulation(spec, 400);
    const deps = freshStore();
    const started = startInitialLoad(deps, { source: 'anpr-4001' });
    await whenLoadSettles(started.id);
    const s = initialLoadStatus(deps.db, deps.now)!;
    expect(s.error).toBeNull();
    expect(s.state).toBe('done');
    expect(s).toMatchObject({ loaded: 2998, refused: 2, families: 1200, addresses: 1200, fraction: 1 });
    const { cfs, rows } = loadedCfs(deps);
    expect(rows).toBe(2998);
    expect(cfs).toEqual(expectedCfs(spec, [7, 1234]));
    const refused = initialLoadRefused(deps, s.id).rows;
    expect(refused.map((r) => r.reason)).toEqual([
      expect.stringMatching(/carattere di controllo/),
      expect.stringMatching(/Data di nascita assente/),
    ]);
    expect(refused[0].codiceFiscale).toBe(residentAt(7, spec).codiceFiscale);
    // Every person in a family with its current address; the family's members all point to it.
    const orphans = deps.db
      .prepare(
        `SELECT count(*) FROM anagrafe_person p WHERE p.id_anpr LIKE 'SIM%' AND NOT EXISTS
           (SELECT 1 FROM anagrafe_address a WHERE a.family_id = p.family_id AND a.valid_to IS NULL)`,
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    // The audit names every loaded person, once.
    const audited = (deps.db.prepare("SELECT detail FROM audit_log WHERE action = 'person.load'").pluck().all() as string[]).flatMap(
      (d) => (JSON.parse(d) as { persons: string[] }).persons,
    );
    const ids = deps.db.prepare("SELECT id FROM anagrafe_person WHERE id_anpr LIKE 'SIM%'").pluck().all() as string[];
    expect(audited.sort()).toEqual(ids.sort());
    // Four 4005 parts of 400… plus the 4001: one extraction, each part asked once.
    expect(sim.stats().requests).toBe(1 + Math.ceil(3000 / 400));
  });

  it('a load stopped midway resumes after the last committed batch: no person twice, none skipped', async () => {
    const spec: PopulationSpec = { size: 4000, faults: { 3999: 'cf' } };
    sim.setPopulation(spec, 250);
    const deps = freshStore();
    const started = startInitialLoad(deps, { source: 'anpr-4001' });
    // Stop once some parts are in, as a closed window or a crash would.
    for (let i = 0; i < 400; i++) {
      const s = initialLoadStatus(deps.db, deps.now)!;
      if (s.loaded >= 1000) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await stopInitialLoads(deps.db);
    const halfway = initialLoadStatus(deps.db, deps.now)!;
    expect(halfway.state).toBe('interrupted');
    expect(halfway.loaded).toBeGreaterThan(0);
    expect(halfway.loaded).toBeLessThan(3999);
    const requestsBefore = sim.stats().requests;

    resumeInitialLoad(deps, started.id);
    await whenLoadSettles(started.id);
    const s = initialLoadStatus(deps.db, deps.now)!;
    expect(s).toMatchObject({ state: 'done', loaded: 3999, refused: 1 });
    const { cfs, rows } = loadedCfs(deps);
    expect(rows).toBe(3999);
    expect(cfs).toEqual(expectedCfs(spec, [3999]));
    // The resumed load read the same extraction (no second 4001) from the part it stopped in.
    const parts = Math.ceil(4000 / 250);
    expect(sim.stats().requests - requestsBefore).toBeLessThan(parts);
    expect(sim.stats().requests).toBeLessThanOrEqual(1 + parts + 1);
  });

  it('4002: a list longer than 2,000 codici fiscali goes in requests of at most 2,000 (ANPR refuses more: EN101); codici fiscali ANPR does not return are named', async () => {
    const spec: PopulationSpec = { size: 4500 };
    sim.setPopulation(spec, 1000);
    const deps = freshStore();
    const all = expectedCfs(spec);
    const unknown = ['ZZZZZZ99Z99Z999Z', 'YYYYYY99Y99Y999Y'];
    const started = startInitialLoad(deps, {
      source: 'anpr-4002',
      codiciFiscali: [...all.slice(0, 3000), unknown[0], ...all.slice(3000), unknown[1]],
    });
    await whenLoadSettles(started.id);
    const s = initialLoadStatus(deps.db, deps.now)!;
    expect(s.error).toBeNull();
    expect(s).toMatchObject({ state: 'done', loaded: 4500, refused: 2 });
    expect(initialLoadRefused(deps, s.id).rows.map((r) => [r.codiceFiscale, r.reason])).toEqual(
      unknown.map((cf) => [cf, expect.stringMatching(/non ha restituito/)]),
    );
    expect(loadedCfs(deps).cfs).toEqual(all);
    const tickets = JSON.parse(deps.db.prepare('SELECT tickets FROM anagrafe_load WHERE id = ?').pluck().get(started.id) as string);
    expect(tickets).toHaveLength(3);

    await expect(port().requestByCodiceFiscale(all.slice(0, 2001), '1765000000000001', new AbortController().signal)).rejects.toThrow(
      /EN101/,
    );
  });

  it('ANPR unreachable: the load stops saying so, and «Riprendi» finishes it once the line is back', async () => {
    sim.setPopulation({ size: 700 }, 300);
    let reachable = false;
    const down = createAnprClient(anprConfig(pki, 'http://127.0.0.1:9/anpr'));
    const deps = {
      ...freshStore(),
      anpr: async () =>
        createExtractionPort(reachable ? client : down, { operatorCodiceFiscale: OPERATOR_CF, comune: COMUNE, today: () => '2026-12-06' }),
    };
    const started = startInitialLoad(deps, { source: 'anpr-4001' });
    await whenLoadSettles(started.id);
    const failed = initialLoadStatus(deps.db, deps.now)!;
    expect(failed).toMatchObject({ state: 'failed', loaded: 0, error: { code: 'ANPR_UNREACHABLE' } });
    expect(failed.error!.text).toMatch(/il caricamento è sospeso/);
    reachable = true;
    resumeInitialLoad(deps, started.id);
    await whenLoadSettles(started.id);
    expect(initialLoadStatus(deps.db, deps.now)).toMatchObject({ state: 'done', loaded: 700, error: null });
  });

  it('an extraction ANPR no longer holds (4005 EN122) is not retried: its own code says a new load is needed, never a new extraction under the old cursor', async () => {
    sim.setPopulation({ size: 2000 }, 250);
    const deps = freshStore();
    const started = startInitialLoad(deps, { source: 'anpr-4001' });
    for (let i = 0; i < 400 && initialLoadStatus(deps.db, deps.now)!.loaded < 500; i++) await new Promise((r) => setTimeout(r, 10));
    await stopInitialLoads(deps.db);
    const halfway = initialLoadStatus(deps.db, deps.now)!;
    expect(halfway.state).toBe('interrupted');
    const ticket = deps.db.prepare('SELECT tickets FROM anagrafe_load WHERE id = ?').pluck().get(started.id) as string;
    sim.expireExtractions();
    // The real port, with a record of what the load asks of it.
    const asked: string[] = [];
    deps.anpr = async () => {
      const p = port();
      return {
        requestResidents: (...a) => {
          asked.push('4001');
          return p.requestResidents(...a);
        },
        requestByCodiceFiscale: (...a) => {
          asked.push('4002');
          return p.requestByCodiceFiscale(...a);
        },
        fetchPart: (...a) => {
          asked.push(`4005 ${a[0]}`);
          return p.fetchPart(...a);
        },
      };
    };

    for (const attempt of [1, 2]) {
      asked.length = 0;
      resumeInitialLoad(deps, started.id);
      await whenLoadSettles(started.id);
      const s = initialLoadStatus(deps.db, deps.now)!;
      expect(s, `attempt ${attempt}`).toMatchObject({
        state: 'failed',
        loaded: halfway.loaded,
        error: { code: 'ANPR_EXTRACTION_EXPIRED' },
      });
      expect(s.error!.text).toMatch(/non si può riprendere.*Abbandona il caricamento interrotto/);
      expect(s.error!.text).not.toMatch(/riprovare/i);
      // Only the one 4005 for the saved extraction: no new 4001 behind the clerk's back.
      expect(asked).toEqual([`4005 ${JSON.parse(ticket)[0]}`]);
      expect(deps.db.prepare('SELECT tickets FROM anagrafe_load WHERE id = ?').pluck().get(started.id)).toBe(ticket);
    }

    abandonInitialLoad(deps, started.id);
    deps.anpr = async () => port();
    const fresh = startInitialLoad(deps, { source: 'anpr-4001' });
    await whenLoadSettles(fresh.id);
    expect(initialLoadStatus(deps.db, deps.now)).toMatchObject({ state: 'done', loaded: 2000 - halfway.loaded, refused: halfway.loaded });
    expect(loadedCfs(deps)).toEqual({ cfs: expectedCfs({ size: 2000 }), rows: 2000 });
  });

  describe.skipIf(!haveData)('against the official XSDs (skipped: ../shared/data/anpr/wsdl-comuni absent)', () => {
    it('the 4001, 4002 and 4005 answers validate against 4000estrazione.xsd, and each part against tipoDatiSoggettiRisposta', async () => {
      sim.setPopulation({ size: 30, faults: { 3: 'nascita' } }, 20);
      const xsd = join(tmp.dir, 'estrazione.xsd');
      writeFileSync(
        xsd,
        `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tpdt="http://sogei.it/ANPR/tipoDato" elementFormDefault="unqualified">
           <xs:import namespace="http://sogei.it/ANPR/tipoDato" schemaLocation="${join(XSD_DIR, 'tipoDato.xsd')}"/>
           <xs:element name="estrazioneDatiCittadini"><xs:complexType><xs:sequence>
             <xs:element name="datiSoggetto" type="tpdt:tipoDatiSoggettiRisposta" minOccurs="0" maxOccurs="unbounded"/>
           </xs:sequence></xs:complexType></xs:element>
         </xs:schema>`,
      );
      const validate = (xml: string, schema: string, name: string) => {
        const file = join(tmp.dir, `${name}.xml`);
        writeFileSync(file, xml);
        execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { stdio: 'pipe' });
      };
      const answers: string[] = [];
      let seq = 1765000000000100;
      const call = async (request: Parameters<AnprClient['call']>[0]) => {
        const res = await client.call(request, { idOperazioneComune: String(seq++), operatorCodiceFiscale: OPERATOR_CF });
        if (res.parsed.kind !== 'multiple') throw new Error(`unexpected answer ${res.parsed.kind}`);
        answers.push(String((res.parsed.payload as unknown as { parentNode: unknown }).parentNode));
        return res.parsed.payload;
      };
      const testata = { tipoOperazione: 'C' as const };
      await call({ code: '4001', testata, richiesta: { criteriRicerca: { comuneRichiesta: COMUNE, datiAnagraficiRichiesti: ['1'] } } });
      const ticket = await port().requestResidents(String(seq++), new AbortController().signal);
      await call({ code: '4005', testata, richiesta: { verificaStato: { idOperazioneANPR: ticket, progressivo: '2' } } });
      const cfs = expectedCfs({ size: 5 });
      const xmlFile = Buffer.from(
        `<codiciFiscali>${cfs.map((c) => `<codiceFiscale>${c}</codiceFiscale>`).join('')}</codiciFiscali>`,
      ).toString('base64');
      await call({
        code: '4002',
        testata,
        richiesta: { criteriRicerca: { dataRiferimento: '2026-12-06', datiRichiesti: ['1'], xmlFileCodiciFiscali: xmlFile } },
      });
      answers.forEach((a, i) => validate(a, join(XSD_DIR, '4000estrazione.xsd'), `answer-${i}`));

      for (const progressivo of [1, 2]) {
        const part = await port().fetchPart(ticket, progressivo, String(seq++), new AbortController().signal);
        if (!part.ready) throw new Error('part not ready');
        expect(part.partsTotal).toBe(2);
        validate(part.xml, xsd, `part-${progressivo}`);
      }
    });
  });
});
