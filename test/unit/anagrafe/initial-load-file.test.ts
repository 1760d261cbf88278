/**
 * The initial load from an extraction file on this PC, into the real encrypted store: persons,
 * families and addresses mapped from ANPR's tipoDatiSoggettiRisposta; refused rows (a person
 * already in the registry, a wrong codice fiscale, a prefixed root) with their reason; a file
 * changed since the load began is refused on resume; a file cut short stops the load, keeping
 * what was committed; time left follows the injectable clock.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureComune } from '../../../electron/core/comune/settings';
import {
  abandonInitialLoad,
  initialLoadRefused,
  initialLoadStatus,
  resumeInitialLoad,
  startInitialLoad,
  stopInitialLoads,
  whenLoadSettles,
  type LoadDeps,
} from '../../../electron/core/anagrafe/initial-load';
import { residentXml } from '../../../simulators/anpr/extraction';
import { residentAt, type PopulationSpec } from '../../../simulators/anpr/population';
import { tempDir } from '../../support/tmp';
import { count } from './places';
import { openTestDb, type TestDb } from '../../support/db';
import { clerk } from '../../support/actors';

const COMUNE = { nomeComune: 'ROMA', codiceIstat: '058091', siglaProvinciaIstat: 'RM' };
const files = tempDir('sportello-load-file-');
let store: TestDb | undefined;
afterEach(async () => {
  if (store) await stopInitialLoads(store.db);
  store?.cleanup();
  store = undefined;
});

function extraction(name: string, spec: PopulationSpec, opts: { root?: string; tail?: boolean; wrap?: string } = {}): string {
  const root = opts.root ?? 'estrazioneDatiCittadini';
  const file = join(files.dir, name);
  const list = Array.from({ length: spec.size }, (_, i) => residentXml(residentAt(i, spec), COMUNE)).join('\n');
  const persons = opts.wrap ? `<${opts.wrap}>${list}</${opts.wrap}>` : list;
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns:x="urn:x">\n${persons}\n${opts.tail === false ? '' : `</${root}>`}`,
  );
  return file;
}

function deps(clock: { ms: number }): LoadDeps {
  store = openTestDb();
  configureComune(store.db, {
    comuneIstat: COMUNE.codiceIstat,
    comuneName: COMUNE.nomeComune,
    siglaProvincia: COMUNE.siglaProvinciaIstat,
    belfiore: 'H501',
    cap: '00100',
    workstationSlot: 7,
  });
  return {
    db: store.db,
    actor: clerk,
    now: () => new Date(clock.ms),
    anpr: () => Promise.reject(new Error('no ANPR here')),
    batchSize: 50,
  };
}

describe('initial load from an extraction file', () => {
  it('maps persons, families and addresses, and refuses a person already in the registry and a wrong codice fiscale', async () => {
    const spec: PopulationSpec = { size: 120, faults: { 11: 'cf' } };
    const d = deps({ ms: Date.parse('2026-12-06T09:00:00Z') });
    // A person already in the registry (as the demo or an earlier load left it).
    d.db
      .prepare(
        `INSERT INTO anagrafe_person (id, codice_fiscale, cognome, nome, status, created_at, updated_at) VALUES ('S00700000000', ?, 'X', 'Y', 'residente', '', '')`,
      )
      .run(residentAt(42, spec).codiceFiscale);
    const file = extraction('a.xml', spec, { root: 'x:estrazione' });
    const s0 = startInitialLoad(d, { source: 'file', path: file });
    await whenLoadSettles(s0.id);
    const s = initialLoadStatus(d.db, d.now)!;
    expect(s).toMatchObject({ state: 'done', loaded: 118, refused: 2, families: 48, addresses: 48 });
    // The polled status names nobody; the refused rows are a read of their own, audited once per read.
    expect(JSON.stringify(s)).not.toContain(residentAt(11, spec).codiceFiscale);
    expect(s).not.toHaveProperty('refusedRows');
    const reads = () =>
      d.db.prepare("SELECT entity_id FROM audit_log WHERE action = 'anagrafe_load.refused_read'").pluck().all() as string[];
    expect(reads()).toEqual([]);
    const refused = initialLoadRefused(d, s.id);
    initialLoadRefused(d, s.id);
    expect(reads()).toEqual([s.id, s.id]);
    expect(refused.total).toBe(2);
    expect(refused.rows.map((r) => r.codiceFiscale)).toEqual([residentAt(11, spec).codiceFiscale, residentAt(42, spec).codiceFiscale]);
    expect(refused.rows.map((r) => r.reason)).toEqual([
      expect.stringMatching(/carattere di controllo errato/),
      expect.stringMatching(/già presente nel registro locale/),
    ]);
    const p = d.db.prepare('SELECT * FROM anagrafe_person WHERE codice_fiscale = ?').get(residentAt(2, spec).codiceFiscale) as Record<
      string,
      string
    >;
    expect(p).toMatchObject({
      cognome: residentAt(1, spec).cognome,
      sesso: 'M',
      status: 'residente',
      codice_legame: '2',
      id_anpr: 'SIM000000002',
    });
    expect(JSON.parse(p.luogo_nascita)).toEqual({ comune: COMUNE });
    expect(JSON.parse(p.cittadinanza)).toEqual([{ descrizioneStato: 'ITALIA', codiceStato: '100' }]);
    const a = d.db.prepare('SELECT * FROM anagrafe_address WHERE family_id = ?').get(p.family_id) as Record<string, string>;
    expect(a).toMatchObject({
      comune_istat: '058091',
      specie: 'VIA',
      denominazione: residentAt(2, spec).address.denominazione,
      valid_to: null,
    });
    expect(count(d.db, 'anagrafe_family')).toBe(48);
  });

  it('a file changed since the load began is not resumed; a file cut short stops the load and keeps what was committed', async () => {
    const clock = { ms: Date.parse('2026-12-06T09:00:00Z') };
    const d = deps(clock);
    const file = extraction('cut.xml', { size: 200 }, { tail: false });
    const s0 = startInitialLoad(d, { source: 'file', path: file });
    await whenLoadSettles(s0.id);
    const cut = initialLoadStatus(d.db, d.now)!;
    expect(cut.state).toBe('failed');
    expect(cut.error?.code).toBe('LOAD_XML_INVALID');
    expect(cut.loaded).toBe(200); // every complete person was read and committed before the end was found missing
    appendFileSync(file, '</estrazioneDatiCittadini>');
    clock.ms += 60_000;
    const again = resumeInitialLoad(d, s0.id);
    await whenLoadSettles(again.id);
    expect(initialLoadStatus(d.db, d.now)!.error?.code).toBe('LOAD_FILE_CHANGED');
    expect(count(d.db, 'anagrafe_person')).toBe(200);
  });

  it('gives the time left from the injectable clock while the load runs', async () => {
    const clock = { ms: Date.parse('2026-12-06T09:00:00Z') };
    const d = deps(clock);
    const file = extraction('big.xml', { size: 3000 });
    const s0 = startInitialLoad(d, { source: 'file', path: file });
    // Each poll moves the clock by 10 s: the estimate is then (elapsed / done) × left, in clock time.
    let seen: number | null = null;
    for (let i = 0; i < 200 && seen === null; i++) {
      clock.ms += 10_000;
      await new Promise((r) => setImmediate(r));
      const s = initialLoadStatus(d.db, d.now)!;
      if (s.state === 'running' && s.secondsLeft !== null && s.fraction !== null && s.fraction < 0.9) seen = s.secondsLeft;
    }
    await whenLoadSettles(s0.id);
    expect(seen).not.toBeNull();
    expect(seen!).toBeGreaterThan(0);
    expect(initialLoadStatus(d.db, d.now)).toMatchObject({ state: 'done', loaded: 3000, secondsLeft: null });
  });

  it('reads persons wrapped one level deeper; refuses well-formed XML with no person (LOAD_NO_PERSONS), not marking the load done', async () => {
    const d = deps({ ms: Date.parse('2026-12-06T09:00:00Z') });
    const wrapped = startInitialLoad(d, { source: 'file', path: extraction('wrapped.xml', { size: 30 }, { wrap: 'elencoSoggetti' }) });
    await whenLoadSettles(wrapped.id);
    expect(initialLoadStatus(d.db, d.now)).toMatchObject({ state: 'done', loaded: 30, refused: 0 });

    const other = join(files.dir, 'other.xml');
    writeFileSync(other, '<?xml version="1.0"?><fattura><cedente><nome>ACME</nome></cedente></fattura>');
    const wrong = startInitialLoad(d, { source: 'file', path: other });
    await whenLoadSettles(wrong.id);
    const s = initialLoadStatus(d.db, d.now)!;
    expect(s).toMatchObject({ id: wrong.id, state: 'failed', loaded: 0, finishedAt: null, error: { code: 'LOAD_NO_PERSONS' } });
    expect(s.error!.text).toMatch(/non sembrano un'estrazione ANPR/);
    expect(d.db.prepare('SELECT state FROM anagrafe_load WHERE id = ?').pluck().get(wrong.id)).toBe('interrotto_errore');
  });

  it('a new load is refused while one is unfinished (LOAD_UNFINISHED); abandoning it is audited, then a new load may start', async () => {
    const d = deps({ ms: Date.parse('2026-12-06T09:00:00Z') });
    const file = extraction('stop.xml', { size: 3000 });
    const first = startInitialLoad(d, { source: 'file', path: file });
    for (let i = 0; i < 2000 && initialLoadStatus(d.db, d.now)!.loaded < 500; i++) await new Promise((r) => setImmediate(r));
    await stopInitialLoads(d.db);
    const stopped = initialLoadStatus(d.db, d.now)!;
    expect(stopped.state).toBe('interrupted');
    expect(stopped.loaded).toBeGreaterThan(0);
    expect(stopped.loaded).toBeLessThan(3000);

    expect(() => startInitialLoad(d, { source: 'file', path: file })).toThrow(
      expect.objectContaining({ code: 'LOAD_UNFINISHED', userMessage: expect.stringMatching(/Abbandona il caricamento interrotto/) }),
    );
    expect(d.db.prepare('SELECT count(*) FROM anagrafe_load').pluck().get()).toBe(1);
    expect(initialLoadStatus(d.db, d.now)).toMatchObject({ id: first.id, refused: 0 });

    expect(abandonInitialLoad(d, first.id)).toMatchObject({ id: first.id, state: 'abandoned', loaded: stopped.loaded });
    const audit = d.db.prepare("SELECT entity_id, detail FROM audit_log WHERE action = 'anagrafe_load.abandon'").all() as {
      entity_id: string;
      detail: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0].entity_id).toBe(first.id);
    expect(() => resumeInitialLoad(d, first.id)).toThrow(expect.objectContaining({ code: 'LOAD_ABANDONED' }));

    const second = startInitialLoad(d, { source: 'file', path: extraction('other.xml', { size: 10 }) });
    await whenLoadSettles(second.id);
    expect(initialLoadStatus(d.db, d.now)).toMatchObject({ id: second.id, state: 'done' });
  });

  it('takes every field of the address from the one residenza with tipoIndirizzo 1, and each cittadinanza whole', async () => {
    const d = deps({ ms: Date.parse('2026-12-06T09:00:00Z') });
    const spec: PopulationSpec = { size: 20 };
    const [head, other] = [residentAt(0, spec), residentAt(10, spec)];
    const domicilio = (tipo: string) =>
      `<residenza><tipoIndirizzo>${tipo}</tipoIndirizzo><indirizzo><cap>20100</cap><comune><nomeComune>MILANO</nomeComune><codiceIstat>015146</codiceIstat><siglaProvinciaIstat>MI</siglaProvinciaIstat></comune><frazione>BRERA</frazione><toponimo><specie>CORSO</specie><denominazioneToponimo>GARIBALDI</denominazioneToponimo></toponimo><numeroCivico><numero>9</numero><civicoInterno><scala>B</scala></civicoInterno></numeroCivico></indirizzo><dataDecorrenzaResidenza>2001-05-05</dataDecorrenzaResidenza></residenza>`;
    // A domicilio eletto (3) before the residenza; two citizenships, the first without its name.
    const first = residentXml(head, COMUNE)
      .replace('<residenza>', `${domicilio('3')}<residenza>`)
      .replace(
        /<cittadinanza>.*?<\/cittadinanza>/,
        '<cittadinanza><codiceStato>100</codiceStato></cittadinanza><cittadinanza><descrizioneStato>FRANCIA</descrizioneStato><codiceStato>215</codiceStato></cittadinanza>',
      );
    // Only a dimora abituale (2): no residence address is taken.
    const second = residentXml(other, COMUNE).replace(/<residenza>.*<\/residenza>/, domicilio('2'));
    const file = join(files.dir, 'residenze.xml');
    writeFileSync(file, `<estrazioneDatiCittadini>${first}${second}</estrazioneDatiCittadini>`);
    const s0 = startInitialLoad(d, { source: 'file', path: file });
    await whenLoadSettles(s0.id);
    expect(initialLoadStatus(d.db, d.now)).toMatchObject({ state: 'done', loaded: 2, families: 2, addresses: 1 });
    const row = (cf: string) => d.db.prepare('SELECT * FROM anagrafe_person WHERE codice_fiscale = ?').get(cf) as Record<string, string>;
    const p = row(head.codiceFiscale);
    expect(JSON.parse(p.cittadinanza)).toEqual([{ codiceStato: '100' }, { descrizioneStato: 'FRANCIA', codiceStato: '215' }]);
    const a = d.db.prepare('SELECT * FROM anagrafe_address WHERE family_id = ?').get(p.family_id);
    expect(a).toMatchObject({
      tipo_indirizzo: '1',
      cap: head.address.cap,
      comune_istat: COMUNE.codiceIstat,
      frazione: null,
      specie: head.address.specie,
      denominazione: head.address.denominazione,
      numero: head.address.numero,
      scala: null,
      valid_from: head.dataOrigineFamiglia,
    });
    expect(d.db.prepare('SELECT count(*) FROM anagrafe_address WHERE family_id = ?').pluck().get(row(other.codiceFiscale).family_id)).toBe(
      0,
    );
  });

  it('a missing file is refused on the path field, where the form shows it', () => {
    const d = deps({ ms: Date.parse('2026-12-06T09:00:00Z') });
    expect(() => startInitialLoad(d, { source: 'file', path: join(files.dir, 'assente.xml') })).toThrow(
      expect.objectContaining({ code: 'LOAD_FILE_NOT_FOUND', field: 'path' }),
    );
    expect(initialLoadStatus(d.db, d.now)).toBeNull();
  });
});
