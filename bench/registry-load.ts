/**
 * Initial load benchmark: an extraction file of N persons (default 200,000; the simulator's
 * generated population, in ANPR's tipoDatiSoggettiRisposta form) loaded into a fresh encrypted
 * store by the real loader (streaming parse, mapping, batches with cursor and audit), against a
 * baseline measured in the same run: the same rows (persons, families, addresses, already mapped)
 * written with prepared INSERTs in one transaction into another fresh encrypted store.
 *   node --import tsx bench/registry-load.ts [persons]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { configureComune } from '../electron/core/comune/settings';
import { initialLoadStatus, startInitialLoad, whenLoadSettles } from '../electron/core/anagrafe/initial-load';
import { createExtractionParser } from '../electron/core/anagrafe/initial-load/extraction-parser';
import { mapExtractedPerson, type MappedPerson } from '../electron/core/anagrafe/initial-load/map';
import { keyFileProvider } from '../electron/core/store/key-file';
import { allMigrations } from '../electron/core/store/migrations';
import { openStore } from '../electron/core/store/store';
import type { Db } from '../electron/core/store/types';
import { residentXml } from '../simulators/anpr/extraction';
import { residentAt } from '../simulators/anpr/population';

const PERSONS = Number(process.argv[2] ?? 200_000);
const COMUNE = { nomeComune: 'COMUNE DEMO', codiceIstat: '056003', siglaProvinciaIstat: 'VT' };
const actor = { operatorId: 'bench', workstationId: 'ws-bench' };

async function writeExtraction(file: string, n: number): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  out.write('<?xml version="1.0" encoding="UTF-8"?><estrazioneDatiCittadini>');
  const spec = { size: n };
  for (let i = 0; i < n; i++) {
    if (!out.write(residentXml(residentAt(i, spec), COMUNE))) await once(out, 'drain');
  }
  out.end('</estrazioneDatiCittadini>');
  await once(out, 'finish');
}

function freshStore(root: string, name: string): Db {
  const { db } = openStore(join(root, name), keyFileProvider, allMigrations);
  configureComune(db, {
    comuneIstat: COMUNE.codiceIstat,
    comuneName: COMUNE.nomeComune,
    siglaProvincia: COMUNE.siglaProvinciaIstat,
    belfiore: 'A577',
    cap: '01022',
    workstationSlot: 1,
  });
  return db;
}

/** The baseline: the same mapped rows, prepared INSERTs, one transaction, nothing else. */
function bareInsert(db: Db, persons: MappedPerson[]): void {
  const person = db.prepare(
    `INSERT INTO anagrafe_person (id, codice_fiscale, cognome, nome, cognome_norm, nome_norm, sesso, data_nascita, luogo_nascita,
       cittadinanza, stato_civile, family_id, codice_legame, data_decorrenza_legame, status, id_anpr, id_scheda_soggetto_anpr,
       validita_cf, created_at, updated_at)
     VALUES (@id, @codiceFiscale, @cognome, @nome, @cognomeNorm, @nomeNorm, @sesso, @dataNascita, @luogoNascita, @cittadinanza,
       @statoCivile, @familyId, @codiceLegame, @dataDecorrenzaLegame, 'residente', @idAnpr, @idSchedaSoggettoAnpr, @validitaCf, @now, @now)`,
  );
  const family = db.prepare(
    `INSERT INTO anagrafe_family (id, kind, id_famiglia_anpr, data_origine, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'attiva', ?, ?)`,
  );
  const address = db.prepare(
    `INSERT INTO anagrafe_address (family_id, tipo_indirizzo, cap, comune_istat, comune_name, sigla_provincia, specie, denominazione,
       denominazione_norm, numero, valid_from) VALUES (@familyId, @tipoIndirizzo, @cap, @comuneIstat, @comuneName, @siglaProvincia,
       @specie, @denominazione, @denominazioneNorm, @numero, @validFrom)`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    const families = new Set<string>();
    persons.forEach((p, i) => {
      const familyId = p.family ? `F${p.family.idFamigliaAnpr}` : null;
      if (p.family && familyId && !families.has(familyId)) {
        families.add(familyId);
        family.run(familyId, p.family.kind, p.family.idFamigliaAnpr, p.family.dataOrigine, now, now);
        if (p.address) address.run({ ...p.address, familyId });
      }
      person.run({ ...p, id: `S${i}`, familyId, now });
    });
  })();
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'sportello-bench-load-'));
  try {
    const file = join(root, 'estrazione.xml');
    let t = performance.now();
    await writeExtraction(file, PERSONS);
    console.log(
      `extraction file: ${PERSONS} persons, ${(statSync(file).size / 1e6).toFixed(1)} MB, written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const db = freshStore(root, 'loader');
    t = performance.now();
    const started = startInitialLoad(
      { db, actor, now: () => new Date(), anpr: () => Promise.reject(new Error('no ANPR')) },
      { source: 'file', path: file },
    );
    await whenLoadSettles(started.id);
    const loaderMs = performance.now() - t;
    const s = initialLoadStatus(db, () => new Date());
    if (s?.state !== 'done') throw new Error(`load did not finish: ${JSON.stringify(s?.error)}`);
    db.close();

    // The baseline's rows: parsed and mapped outside its timing (timed apart, to show the reader's share).
    t = performance.now();
    const mapped: MappedPerson[] = [];
    const parser = createExtractionParser((p) => {
      const r = mapExtractedPerson(p, '2026-01-01');
      if (r.ok) mapped.push(r.person);
    });
    for await (const chunk of (await import('node:fs')).createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }))
      parser.write(chunk as string);
    parser.close();
    const parseMs = performance.now() - t;
    const bare = freshStore(root, 'bare');
    t = performance.now();
    bareInsert(bare, mapped);
    const bareMs = performance.now() - t;
    bare.close();

    console.log(`loader: ${s.loaded} persons, ${s.families} families, ${s.addresses} addresses, ${s.refused} refused`);
    console.log(`loader (parse + map + batches with cursor and audit): ${(loaderMs / 1000).toFixed(2)} s`);
    console.log(`  of which reading the file (streaming parse + map):  ${(parseMs / 1000).toFixed(2)} s (measured apart)`);
    console.log(`bare bulk insert (same rows, one transaction):        ${(bareMs / 1000).toFixed(2)} s`);
    console.log(`ratio loader / bare insert: ${(loaderMs / bareMs).toFixed(2)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
