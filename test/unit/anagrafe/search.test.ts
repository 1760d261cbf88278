import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCodiceFiscale } from '../../../electron/core/anagrafe/codice-fiscale';
import { seedDemoComune, type DemoPerson } from '../../../electron/core/anagrafe/demo';
import { resolveLuogo } from '../../../electron/core/anagrafe/places';
import { classifyQuery, searchPersons, searchRegistry } from '../../../electron/core/anagrafe/search';
import { selfDeclarationFor } from '../../../electron/core/anagrafe/self-declaration-data';
import { listAudit } from '../../../electron/core/audit/log';
import { renderSelfDeclaration } from '../../../electron/core/print/self-declaration';
import type { Db } from '../../../electron/core/store/types';
import { hasAnprData, loadOfficialPlaces } from './places';
import { openTestDb } from '../../support/db';
import { clerk } from '../../support/actors';

describe('demo Comune, search and self-declaration', () => {
  let t: ReturnType<typeof openTestDb>;
  let db: Db;
  let persons: DemoPerson[];

  beforeAll(() => {
    t = openTestDb();
    db = t.db;
    persons = seedDemoComune(db, { persons: 3000 });
  });
  afterAll(() => t.cleanup());

  it('is deterministic and every codice fiscale is valid for its data', () => {
    const again = openTestDb();
    try {
      expect(seedDemoComune(again.db, { persons: 3000 })).toEqual(persons);
    } finally {
      again.cleanup();
    }
    expect(persons.length).toBeGreaterThanOrEqual(3000);
    expect(new Set(persons.map((p) => p.codiceFiscale)).size).toBe(persons.length);
    for (const p of persons) expect(checkCodiceFiscale(p.codiceFiscale, p)).toEqual({ ok: true, omocode: false });
  });

  it.skipIf(!hasAnprData)('puts every demo resident’s birthplace in a place valid at the birth date (ANPR tables)', async () => {
    await loadOfficialPlaces(db);
    for (const p of persons.slice(0, 500)) {
      const row = db.prepare('SELECT luogo_nascita FROM anagrafe_person WHERE id = ?').get(p.id) as { luogo_nascita: string };
      const r = resolveLuogo(db, JSON.parse(row.luogo_nascita), p.dataNascita);
      expect(r.status).toBe('valid');
      expect(r.place!.belfiore).toBe(p.belfiore);
    }
  });

  it('classifies what the clerk types', () => {
    expect(classifyQuery('rossi').kind).toBe('nome');
    expect(classifyQuery('De Luca Mar').kind).toBe('nome');
    expect(classifyQuery('RSSMRA80').kind).toBe('codiceFiscale');
    expect(classifyQuery('via roma 12').kind).toBe('indirizzo');
    expect(classifyQuery('garibaldi 3').kind).toBe('indirizzo');
    expect(classifyQuery('  ').kind).toBe('vuota');
  });

  it('finds by surname prefix, surname + name, name + surname, ignoring case and accents', () => {
    const target = persons.find((p) => p.cognome === 'MARTINELLI') ?? persons[10];
    const bySurname = searchPersons(db, target.cognome.slice(0, 4).toLowerCase(), 50);
    expect(bySurname.length).toBeGreaterThan(0);
    for (const h of bySurname) expect(h.cognome!.startsWith(target.cognome.slice(0, 4))).toBe(true);
    const full = searchPersons(db, `${target.cognome} ${target.nome.slice(0, 3)}`, 50);
    expect(full.map((h) => h.id)).toContain(target.id);
    const reversed = searchPersons(db, `${target.nome} ${target.cognome}`, 50);
    expect(reversed.map((h) => h.id)).toContain(target.id);
    const dangelo = persons.find((p) => p.cognome === "D'ANGELO");
    if (dangelo) expect(searchPersons(db, 'd’àngelo', 100).map((h) => h.id)).toContain(dangelo.id);
    expect(searchPersons(db, 'zzzzz')).toEqual([]);
  });

  it('finds by codice fiscale prefix and by address', () => {
    const p = persons[123];
    expect(searchPersons(db, p.codiceFiscale.slice(0, 11)).map((h) => h.id)).toContain(p.id);
    expect(searchPersons(db, p.codiceFiscale.toLowerCase())).toHaveLength(1);
    const addr = db
      .prepare(`SELECT specie, denominazione, numero FROM anagrafe_address WHERE family_id = ? AND valid_to IS NULL`)
      .get(p.familyId) as {
      specie: string;
      denominazione: string;
      numero: string;
    };
    const hits = searchPersons(db, `${addr.specie} ${addr.denominazione} ${addr.numero}`.toLowerCase(), 100);
    expect(hits.map((h) => h.id)).toContain(p.id);
    for (const h of hits) expect(h.indirizzo).toBe(`${addr.specie} ${addr.denominazione} ${addr.numero}`);
  });

  it('audits what a search showed and every record read', () => {
    const hits = searchRegistry(db, clerk, persons[7].cognome);
    const entry = listAudit(db, { entityType: 'person', entityId: '*' })[0];
    expect(entry.action).toBe('person.search');
    expect(JSON.parse(entry.detail)).toMatchObject({ kind: 'nome', count: hits.length, ids: hits.map((h) => h.id) });
    expect(entry.detail).not.toContain(persons[7].cognome);
  });

  it('prints a self-declaration whose text carries the person’s data (pdftotext)', async () => {
    const head = persons.find((p) => p.codiceLegame === '1' && persons.filter((x) => x.familyId === p.familyId).length >= 3)!;
    const data = selfDeclarationFor(db, clerk, head.id, ['nascita', 'residenza', 'cittadinanza', 'statoFamiglia'], '2026-11-23');
    expect(listAudit(db, { entityType: 'person', entityId: head.id })[0].action).toBe('person.read');
    const pdf = await renderSelfDeclaration(data);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(t.dir, 'autocertificazione.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('DICHIARAZIONE SOSTITUTIVA DI CERTIFICAZIONE');
    expect(text).toContain('art. 46 D.P.R. 28 dicembre 2000, n. 445');
    expect(text).toContain(head.codiceFiscale);
    expect(text).toContain(`${head.cognome} ${head.nome}`);
    expect(text).toContain('BAGNOREGIO');
    for (const m of persons.filter((x) => x.familyId === head.familyId && x.id !== head.id))
      expect(text).toContain(`${m.cognome} ${m.nome}`);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/TitilliumWeb/i);
  });
});
