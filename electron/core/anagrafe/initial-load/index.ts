/**
 * The initial load as the procedures see it: start one (ANPR 4001, ANPR 4002 with a list of
 * codici fiscali, or an extraction file), resume the one left unfinished by a crash or a closed
 * window, read its state (progress, time left on the injectable clock, summary, refused rows).
 * One load runs at a time, in the background of the host process; its cursor lives in the database.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../audit/log';
import { isSportelloError, SportelloError, ValidationError } from '../../errors';
import { withTx } from '../../store/tx';
import type { Actor, Db } from '../../store/types';
import { allocateIdOperazioneComune } from '../id-operazione';
import {
  getLoad,
  insertLoad,
  latestLoad,
  markLoadAbandoned,
  markLoadFailed,
  markLoadRunning,
  refusedRows,
  unfinishedLoad,
  type LoadRow,
  type LoadSourceKind,
} from './load-table';
import { runLoad, type RunProgress } from './loader';
import { anprSource, describeFile, fileSource, MAX_CF_PER_4002, type AnprExtractionPort, type FileRef, type LoadSource } from './sources';

export type { AnprExtractionPort, ExtractionPartAnswer } from './sources';
export { MAX_CF_PER_4002 } from './sources';

export interface LoadDeps {
  db: Db;
  actor: Actor;
  now: () => Date;
  /** The ANPR side, built on demand (only ANPR loads need it). */
  anpr: () => Promise<AnprExtractionPort>;
  /** Called when the load stops on an error (code only: nothing personal). */
  onError?: (code: string) => void;
  batchSize?: number;
}

export type StartInput = { source: 'anpr-4001' } | { source: 'anpr-4002'; codiciFiscali: string[] } | { source: 'file'; path: string };

export interface LoadStatus {
  id: string;
  source: LoadSourceKind;
  /** running: in progress here; interrupted: left unfinished (crash, closed window): resume it; abandoned: given up on purpose. */
  state: 'running' | 'interrupted' | 'failed' | 'done' | 'abandoned';
  loaded: number;
  refused: number;
  families: number;
  addresses: number;
  fraction: number | null;
  secondsLeft: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: { code: string; text: string } | null;
}

/** The refused rows of a load (who, and why): personal data, read on their own and audited. */
export interface RefusedView {
  rows: { codiceFiscale: string | null; cognome: string | null; nome: string | null; reason: string }[];
  /** How many the load refused in all (rows holds at most REFUSED_SHOWN). */
  total: number;
}

interface Job {
  db: Db;
  controller: AbortController;
  progress: RunProgress | null;
  startMs: number;
  startFraction: number | null;
  done: Promise<void>;
}

// Per process, but each job belongs to its store: a second App in the same process (the start-up
// rehearsal opens and closes a scratch one) must not see, or stop, this store's load.
const jobs = new Map<string, Job>();
const jobsOf = (db: Db) => [...jobs.values()].filter((j) => j.db === db);
const REFUSED_SHOWN = 500;

const CF_SHAPE = /^[A-Z0-9]{16}$/;

function sourceOf(deps: LoadDeps, row: LoadRow): Promise<LoadSource> | LoadSource {
  if (row.source === 'file') return fileSource(JSON.parse(row.source_ref ?? '{}') as FileRef);
  const cfs = row.source === 'anpr-4002' ? (JSON.parse(row.source_ref ?? '[]') as string[]) : null;
  return deps.anpr().then((port) => anprSource(port, cfs));
}

function launch(deps: LoadDeps, row: LoadRow): void {
  const controller = new AbortController();
  const job: Job = { db: deps.db, controller, progress: null, startMs: deps.now().getTime(), startFraction: null, done: Promise.resolve() };
  jobs.set(row.id, job);
  job.done = (async () => {
    try {
      const source = await sourceOf(deps, row);
      await runLoad(deps.db, deps.actor, row.id, source, {
        now: deps.now,
        signal: controller.signal,
        batchSize: deps.batchSize,
        nextOperationId: () => withTx(deps.db, (tx) => allocateIdOperazioneComune(tx, deps.now().getTime())),
        onProgress: (p) => {
          if (job.startFraction === null) job.startFraction = p.fraction;
          job.progress = p;
        },
      });
    } catch (e) {
      // Stopped on purpose (shutdown): the load stays in progress, to be resumed.
      if (controller.signal.aborted) return;
      const code = isSportelloError(e) ? e.code : 'LOAD_FAILED';
      const text = isSportelloError(e)
        ? e.userMessage
        : "Il caricamento si è fermato per un errore nei dati ricevuti. Le persone già caricate restano; riprovare con «Riprendi» o segnalare il problema all'assistenza Sportello.";
      markLoadFailed(deps.db, row.id, code, text, deps.now().toISOString());
      deps.onError?.(code);
    } finally {
      jobs.delete(row.id);
    }
  })();
}

function normalizeCfList(list: string[]): string[] {
  const cfs = [...new Set(list.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
  const bad = cfs.filter((c) => !CF_SHAPE.test(c));
  if (cfs.length === 0) throw new ValidationError('LOAD_CF_LIST_EMPTY', 'Indicare almeno un codice fiscale.', 'codiciFiscali');
  if (bad.length > 0) {
    throw new ValidationError(
      'LOAD_CF_LIST_INVALID',
      `${bad.length === 1 ? 'Un codice fiscale non è valido' : `${bad.length} codici fiscali non sono validi`} (16 lettere e cifre): correggere l'elenco e riprovare.`,
      'codiciFiscali',
    );
  }
  return cfs;
}

const RUNNING = () => new SportelloError('LOAD_ALREADY_RUNNING', 'Un caricamento è già in corso: attendere che finisca.');

export function startInitialLoad(deps: LoadDeps, input: StartInput): LoadStatus {
  if (jobsOf(deps.db).length > 0) throw RUNNING();
  // A new load over an unfinished one would refuse as «già presente» every person the old one wrote,
  // and leave the old one's remaining persons never read: resume it, or abandon it on purpose first.
  if (unfinishedLoad(deps.db)) {
    throw new SportelloError(
      'LOAD_UNFINISHED',
      'Un caricamento precedente non è finito: riprenderlo con «Riprendi il caricamento», oppure, se non serve più, abbandonarlo con «Abbandona il caricamento interrotto» e poi avviarne uno nuovo.',
    );
  }
  const now = deps.now().toISOString();
  const id = randomUUID();
  const ref =
    input.source === 'file'
      ? JSON.stringify(describeFile(input.path))
      : input.source === 'anpr-4002'
        ? JSON.stringify(normalizeCfList(input.codiciFiscali))
        : null;
  const segmentsTotal = input.source === 'anpr-4002' ? Math.ceil((JSON.parse(ref!) as string[]).length / MAX_CF_PER_4002) : 1;
  withTx(deps.db, (tx) => {
    insertLoad(tx, { id, source: input.source, sourceRef: ref, segmentsTotal, operatorId: deps.actor.operatorId, now });
    appendAudit(tx, deps.actor, {
      action: 'anagrafe_load.start',
      entityType: 'anagrafe_load',
      entityId: id,
      detail: { source: input.source },
    });
  });
  launch(deps, getLoad(deps.db, id)!);
  return statusOf(getLoad(deps.db, id)!, deps.now);
}

export function resumeInitialLoad(deps: LoadDeps, id: string): LoadStatus {
  const row = getLoad(deps.db, id);
  if (!row) throw NOT_FOUND();
  if (row.abandoned_at) {
    throw new SportelloError('LOAD_ABANDONED', 'Questo caricamento è stato abbandonato e non si può riprendere: avviarne uno nuovo.');
  }
  if (row.state !== 'completato' && !jobs.has(id)) {
    if (jobsOf(deps.db).length > 0) throw RUNNING();
    withTx(deps.db, (tx) => {
      markLoadRunning(tx, id, deps.now().toISOString());
      appendAudit(tx, deps.actor, { action: 'anagrafe_load.resume', entityType: 'anagrafe_load', entityId: id, detail: {} });
    });
    launch(deps, getLoad(deps.db, id)!);
  }
  return statusOf(getLoad(deps.db, id)!, deps.now);
}

const NOT_FOUND = () => new SportelloError('LOAD_NOT_FOUND', 'Caricamento non trovato: aggiornare la pagina.');

/**
 * The responsabile gives up a load left unfinished (e.g. its ANPR extraction expired), so that a new
 * one can start. The persons it already loaded stay; the load is never resumed. Audited.
 */
export function abandonInitialLoad(deps: LoadDeps, id: string): LoadStatus {
  const row = getLoad(deps.db, id);
  if (!row) throw NOT_FOUND();
  if (jobs.has(id)) throw new SportelloError('LOAD_RUNNING', 'Il caricamento è in corso: non si può abbandonare mentre lavora.');
  if (row.state === 'completato') throw new SportelloError('LOAD_DONE', 'Il caricamento è già completato: non c’è niente da abbandonare.');
  if (!row.abandoned_at) {
    withTx(deps.db, (tx) => {
      markLoadAbandoned(tx, id, deps.now().toISOString());
      appendAudit(tx, deps.actor, {
        action: 'anagrafe_load.abandon',
        entityType: 'anagrafe_load',
        entityId: id,
        detail: { loaded: row.loaded, refused: row.refused },
      });
    });
  }
  return statusOf(getLoad(deps.db, id)!, deps.now);
}

function statusOf(row: LoadRow, now: () => Date): LoadStatus {
  const job = jobs.get(row.id);
  const p = job?.progress;
  const fraction = row.state === 'completato' ? 1 : (p?.fraction ?? null);
  let secondsLeft: number | null = null;
  if (job && fraction !== null && job.startFraction !== null && fraction - job.startFraction > 0.001) {
    const elapsed = now().getTime() - job.startMs;
    secondsLeft = Math.max(0, Math.round(((elapsed / (fraction - job.startFraction)) * (1 - fraction)) / 1000));
  }
  const state =
    row.state === 'completato'
      ? 'done'
      : job
        ? 'running'
        : row.abandoned_at
          ? 'abandoned'
          : row.state === 'interrotto_errore'
            ? 'failed'
            : 'interrupted';
  return {
    id: row.id,
    source: row.source,
    state,
    loaded: p?.loaded ?? row.loaded,
    refused: p?.refused ?? row.refused,
    families: p?.families ?? row.families,
    addresses: p?.addresses ?? row.addresses,
    fraction,
    secondsLeft,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.last_error_code ? { code: row.last_error_code, text: row.last_error_text ?? '' } : null,
  };
}

/**
 * The refused rows (codice fiscale, cognome, nome, reason) of a load, at most REFUSED_SHOWN. They name
 * persons, so each read is one audit entry naming the load; the polled status carries none of them.
 */
export function initialLoadRefused(deps: Pick<LoadDeps, 'db' | 'actor'>, id: string): RefusedView {
  const row = getLoad(deps.db, id);
  if (!row) throw NOT_FOUND();
  const rows = refusedRows(deps.db, id, REFUSED_SHOWN).map((r) => ({
    codiceFiscale: r.codice_fiscale,
    cognome: r.cognome,
    nome: r.nome,
    reason: r.reason,
  }));
  withTx(deps.db, (tx) =>
    appendAudit(tx, deps.actor, {
      action: 'anagrafe_load.refused_read',
      entityType: 'anagrafe_load',
      entityId: id,
      detail: { rows: rows.length },
    }),
  );
  return { rows, total: row.refused };
}

/** The latest load, or null when none was ever started. */
export function initialLoadStatus(db: Db, now: () => Date): LoadStatus | null {
  const row = latestLoad(db);
  return row ? statusOf(row, now) : null;
}

/** Stops this store's running load at the next chunk (shutdown, tests); the cursor keeps what was committed. */
export async function stopInitialLoads(db: Db): Promise<void> {
  const running = jobsOf(db);
  for (const j of running) j.controller.abort();
  await Promise.all(running.map((j) => j.done));
}

/** Resolves when the load is no longer running here (tests, bench). */
export async function whenLoadSettles(id: string): Promise<void> {
  await jobs.get(id)?.done;
}
