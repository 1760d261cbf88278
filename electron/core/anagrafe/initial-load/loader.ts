/**
 * Runs (or resumes) one initial load: reads the source's parts from the load's cursor, maps each
 * person, and writes them in batches. Each batch is one transaction holding its persons, families,
 * addresses, refused rows, the moved cursor and one audit entry naming the persons loaded: after a
 * crash the load resumes exactly after the last committed batch (no person twice, none skipped).
 * One audit entry per batch (not per person) keeps the hash-chained log cheap at 200,000 persons;
 * the entry lists every local id the batch created.
 */
import { appendAudit } from '../../audit/log';
import { withTx } from '../../store/tx';
import type { Actor, Db } from '../../store/types';
import { SportelloError } from '../../errors';
import { allocateLocalIds } from '../id-operazione';
import { setNotificationCursor } from '../notifications/receive';
import { createExtractionParser, type ExtractedPerson } from './extraction-parser';
import { getLoad, saveTicket, ticketsOf } from './load-table';
import { mapExtractedPerson, REFUSAL_TEXT, type MapResult, type MappedPerson } from './map';
import type { LoadCursor, LoadSource } from './sources';

export const DEFAULT_BATCH_SIZE = 2000;

const NO_PERSONS = () =>
  new SportelloError(
    'LOAD_NO_PERSONS',
    "I dati ricevuti non sembrano un'estrazione ANPR: non contengono nessuna persona (elemento datiSoggetto), quindi non è stato caricato nessuno e il caricamento non è completato. Controllare di aver indicato il file di estrazione giusto (4001 o 4002) e avviare un nuovo caricamento; se i dati venivano da ANPR, segnalarlo all'assistenza Sportello.",
  );

export interface RunProgress {
  loaded: number;
  refused: number;
  families: number;
  addresses: number;
  /** 0…1 of the whole source, null while unknown. */
  fraction: number | null;
}

export interface RunOptions {
  now: () => Date;
  signal: AbortSignal;
  nextOperationId: () => string;
  onProgress?: (p: RunProgress) => void;
  batchSize?: number;
}

interface Pending {
  ordinal: number;
  result: MapResult;
}

function statements(db: Db) {
  return {
    personByCf: db.prepare('SELECT 1 FROM anagrafe_person WHERE codice_fiscale = ?').pluck(),
    person: db.prepare(
      `INSERT INTO anagrafe_person (id, codice_fiscale, cognome, nome, cognome_norm, nome_norm, sesso, data_nascita, luogo_nascita,
         cittadinanza, stato_civile, family_id, codice_legame, data_decorrenza_legame, status, id_anpr, id_scheda_soggetto_anpr,
         validita_cf, created_at, updated_at)
       VALUES (@id, @codiceFiscale, @cognome, @nome, @cognomeNorm, @nomeNorm, @sesso, @dataNascita, @luogoNascita, @cittadinanza,
         @statoCivile, @familyId, @codiceLegame, @dataDecorrenzaLegame, 'residente', @idAnpr, @idSchedaSoggettoAnpr, @validitaCf,
         @now, @now)`,
    ),
    family: db.prepare(
      `INSERT INTO anagrafe_family (id, kind, denominazione, specie_convivenza, id_famiglia_anpr, data_origine, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'attiva', ?, ?)`,
    ),
    address: db.prepare(
      `INSERT INTO anagrafe_address (family_id, tipo_indirizzo, cap, comune_istat, comune_name, sigla_provincia, frazione, specie,
         denominazione, denominazione_norm, numero, lettera, scala, interno, piano, valid_from, valid_to)
       VALUES (@familyId, @tipoIndirizzo, @cap, @comuneIstat, @comuneName, @siglaProvincia, @frazione, @specie, @denominazione,
         @denominazioneNorm, @numero, @lettera, @scala, @interno, @piano, @validFrom, NULL)`,
    ),
    refusedCf: db.prepare('SELECT 1 FROM anagrafe_load_refused WHERE load_id = ? AND codice_fiscale = ?').pluck(),
    refused: db.prepare(
      `INSERT INTO anagrafe_load_refused (load_id, segment, part, ordinal, codice_fiscale, cognome, nome, reason_code, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    cursor: db.prepare(
      `UPDATE anagrafe_load SET segment = @segment, part = @part, part_done = @partDone, parts_total = @partsTotal,
         loaded = loaded + @loaded, refused = refused + @refused, families = families + @families, addresses = addresses + @addresses,
         state = @state, updated_at = @now, finished_at = @finishedAt
       WHERE id = @id`,
    ),
  };
}

/** The families already in the registry by ANPR id: a resumed load joins persons to them. */
function knownFamilies(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id_famiglia_anpr AS anpr, id FROM anagrafe_family WHERE id_famiglia_anpr IS NOT NULL').all() as {
    anpr: string;
    id: string;
  }[];
  return new Map(rows.map((r) => [r.anpr, r.id]));
}

export async function runLoad(db: Db, actor: Actor, loadId: string, source: LoadSource, o: RunOptions): Promise<void> {
  const start = getLoad(db, loadId);
  if (!start || start.state === 'completato') return;
  const st = statements(db);
  const families = knownFamilies(db);
  const batchSize = o.batchSize ?? DEFAULT_BATCH_SIZE;
  const totals = { loaded: start.loaded, refused: start.refused, families: start.families, addresses: start.addresses };
  const today = () => o.now().toISOString().slice(0, 10);

  const cursor: LoadCursor = {
    segment: start.segment,
    part: start.part,
    ticket: (segment) => ticketsOf(getLoad(db, loadId)!)[segment] ?? null,
    saveTicket: (segment, id) => saveTicket(db, loadId, segment, id, o.now().toISOString()),
    nextOperationId: o.nextOperationId,
  };

  /** Writes one batch and moves the cursor to `next`, all in one transaction. */
  function commit(
    at: { segment: number; part: number },
    batch: Pending[],
    next: { segment: number; part: number; partDone: number; partsTotal: number; done: boolean },
    requested: string[] | null = null,
  ) {
    const now = o.now().toISOString();
    const created = new Map<string, string>(); // families created in this batch (cache updated after commit)
    const counts = withTx(db, (tx) => {
      const okCount = batch.filter((b) => b.result.ok).length;
      const ids = allocateLocalIds(db, 'S', okCount);
      let used = 0;
      const c = { loaded: 0, refused: 0, families: 0, addresses: 0 };
      const personIds: string[] = [];
      for (const { ordinal, result } of batch) {
        if (!result.ok) {
          const r = result.refusal;
          st.refused.run(loadId, at.segment, at.part, ordinal, r.codiceFiscale, r.cognome, r.nome, r.code, r.reason);
          c.refused++;
          continue;
        }
        const p: MappedPerson = result.person;
        if (st.personByCf.get(p.codiceFiscale)) {
          st.refused.run(
            loadId,
            at.segment,
            at.part,
            ordinal,
            p.codiceFiscale,
            p.cognome,
            p.nome,
            'LOAD_DUPLICATE_CF',
            REFUSAL_TEXT.LOAD_DUPLICATE_CF,
          );
          c.refused++;
          continue;
        }
        const id = ids[used++];
        let familyId: string | null = null;
        if (p.family) {
          familyId = families.get(p.family.idFamigliaAnpr) ?? created.get(p.family.idFamigliaAnpr) ?? null;
          if (!familyId) {
            familyId = allocateLocalIds(db, 'F', 1)[0];
            const f = p.family;
            st.family.run(familyId, f.kind, f.denominazione, f.specieConvivenza, f.idFamigliaAnpr, f.dataOrigine, now, now);
            created.set(f.idFamigliaAnpr, familyId);
            c.families++;
            if (p.address) {
              st.address.run({ ...p.address, familyId });
              c.addresses++;
            }
          }
        }
        st.person.run({ ...p, id, familyId, now });
        personIds.push(id);
        c.loaded++;
      }
      // A listed codice fiscale ANPR did not return (4002): refused, so the summary names it.
      (requested ?? []).forEach((cf, i) => {
        if (st.personByCf.get(cf) || st.refusedCf.get(loadId, cf)) return;
        st.refused.run(loadId, at.segment, 0, i, cf, null, null, 'LOAD_NOT_IN_ANPR', REFUSAL_TEXT.LOAD_NOT_IN_ANPR);
        c.refused++;
      });
      st.cursor.run({
        id: loadId,
        segment: next.segment,
        part: next.part,
        partDone: next.partDone,
        partsTotal: next.partsTotal,
        ...c,
        state: next.done ? 'completato' : 'in_corso',
        now,
        finishedAt: next.done ? now : null,
      });
      if (personIds.length > 0 || c.refused > 0) {
        appendAudit(tx, actor, {
          action: 'person.load',
          entityType: 'anagrafe_load',
          entityId: loadId,
          detail: { segment: at.segment, part: at.part, persons: personIds, refused: c.refused },
        });
      }
      if (next.done) {
        // The registry is ANPR's as of the extraction, asked when the load started: the first poll starts there.
        setNotificationCursor(tx, new Date(getLoad(tx, loadId)!.started_at));
        appendAudit(tx, actor, {
          action: 'anagrafe_load.complete',
          entityType: 'anagrafe_load',
          entityId: loadId,
          detail: { loaded: totals.loaded + c.loaded, refused: totals.refused + c.refused },
        });
      }
      return c;
    });
    for (const [k, v] of created) families.set(k, v);
    totals.loaded += counts.loaded;
    totals.refused += counts.refused;
    totals.families += counts.families;
    totals.addresses += counts.addresses;
  }

  let fraction: number | null = null;
  const report = () => o.onProgress?.({ ...totals, fraction });

  for await (const part of source.parts(cursor, o.signal)) {
    if (o.signal.aborted) return;
    const resumeFrom = part.segment === start.segment && part.part === start.part ? start.part_done : 0;
    let ordinal = 0;
    let batch: Pending[] = [];
    let consumed = 0;
    const at = { segment: part.segment, part: part.part };
    const lastPart = part.part >= part.partsTotal;
    const done = lastPart && part.segment >= part.segmentsTotal - 1;
    const partFraction = (within: number) => (part.segment + (part.part - 1 + within) / part.partsTotal) / part.segmentsTotal;
    const parser = createExtractionParser((p: ExtractedPerson) => {
      const n = ordinal++;
      if (n < resumeFrom) return;
      batch.push({ ordinal: n, result: mapExtractedPerson(p, today()) });
      if (batch.length >= batchSize) {
        commit(at, batch, { segment: at.segment, part: at.part, partDone: n + 1, partsTotal: part.partsTotal, done: false });
        batch = [];
      }
    });
    for await (const chunk of part.chunks) {
      parser.write(chunk);
      consumed += chunk.length;
      fraction = partFraction(Math.min(1, consumed / Math.max(1, part.size)));
      report();
      // Between chunks: the host answers other calls, and a stop request is seen.
      await new Promise((r) => setImmediate(r));
      if (o.signal.aborted) return;
    }
    parser.close();
    // Well-formed XML with no person at all is not an extraction (a wrong file, an unexpected answer):
    // finishing as «completato» would leave the registry empty with nothing said. A 4002 part may
    // rightly hold nobody (none of the listed codici fiscali known to ANPR): those are named as refused.
    if (ordinal === 0 && !source.requested) throw NO_PERSONS();
    const next = lastPart
      ? { segment: part.segment + 1, part: 1, partDone: 0, partsTotal: part.partsTotal, done }
      : { segment: part.segment, part: part.part + 1, partDone: 0, partsTotal: part.partsTotal, done: false };
    if (done) next.segment = part.segment;
    commit(at, batch, next, lastPart ? (source.requested?.(part.segment) ?? null) : null);
    fraction = partFraction(1);
    report();
  }
}
