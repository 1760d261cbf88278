/**
 * Places: Italian comuni (including ceased ones, one row per validity interval) and foreign states
 * (including ceased ones), each with its validity dates and the Belfiore code used in the codice
 * fiscale. Sources, in order of authority:
 *  - the ANPR archivio comuni CSV (Ministero dell'Interno, CC BY 4.0) and ANPR Tabella 2 stati
 *    esteri, loaded by the Comune from the files ANPR publishes (or, later, service 7001);
 *  - for a fresh install and demo mode, the dataset embedded in @marketto/belfiore-connector-embedded
 *    (MIT; data from ANPR CC BY 4.0 and ISTAT CC BY 3.0, ceased foreign states included). It has
 *    no ISTAT codes, so ANPR requests need the official tables loaded before going live.
 */
import { belfioreConnector } from '@marketto/belfiore-connector-embedded';
import type { Db } from '../store/types';
import { csvRecords, normalizeText } from './text';
import type { TipoLuogoEvento } from './pratica-model';

export const OPEN_END = '9999-12-31';

export interface PlaceRow {
  id: number;
  kind: 'comune' | 'stato';
  belfiore: string | null;
  codice_istat: string | null;
  name: string;
  name_alt: string | null;
  sigla_provincia: string | null;
  iso3: string | null;
  valid_from: string;
  valid_to: string;
  source: string;
}

interface NewPlace {
  kind: 'comune' | 'stato';
  belfiore: string | null;
  codiceIstat: string | null;
  name: string;
  nameAlt: string | null;
  siglaProvincia: string | null;
  iso3: string | null;
  validFrom: string;
  validTo: string;
  source: string;
}

function insertPlaces(db: Db, source: string, places: NewPlace[], replace: boolean): number {
  const ins = db.prepare(
    `INSERT INTO anagrafe_place (kind, belfiore, codice_istat, name, name_alt, name_norm, sigla_provincia, iso3, valid_from, valid_to, source)
     VALUES (@kind, @belfiore, @codiceIstat, @name, @nameAlt, @nameNorm, @siglaProvincia, @iso3, @validFrom, @validTo, @source)`,
  );
  return db.transaction(() => {
    if (replace) db.prepare('DELETE FROM anagrafe_place WHERE source = ?').run(source);
    for (const p of places) ins.run({ ...p, nameNorm: normalizeText(p.name) });
    return places.length;
  })();
}

/** Loads ANPR_archivio_comuni.csv (format per ANPR_archivio_comuni_legenda.md). Replaces a previous load. */
export function loadAnprComuniArchive(db: Db, csvText: string): number {
  const places: NewPlace[] = csvRecords(csvText).map((r) => ({
    kind: 'comune',
    belfiore: r.CODCATASTALE && r.CODCATASTALE !== 'ND' ? r.CODCATASTALE : null,
    codiceIstat: r.CODISTAT || null,
    name: r.DENOMINAZIONE_IT,
    nameAlt: r.ALTRADENOMINAZIONE || null,
    siglaProvincia: r.SIGLAPROVINCIA || null,
    iso3: null,
    validFrom: r.DATAISTITUZIONE,
    validTo: r.DATACESSAZIONE || OPEN_END,
    source: 'anpr-archivio',
  }));
  return insertPlaces(db, 'anpr-archivio', places, true);
}

function dmyToIso(s: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : s;
}

/** Loads ANPR Tabella 2 stati esteri as CSV (dates dd/mm/yyyy). Replaces a previous load. */
export function loadAnprForeignStates(db: Db, csvText: string): number {
  const places: NewPlace[] = csvRecords(csvText)
    .filter((r) => r.CODISTAT)
    .map((r) => ({
      kind: 'stato',
      belfiore: r.CODAT || null,
      codiceIstat: r.CODISTAT,
      name: r.DENOMINAZIONE,
      nameAlt: r.DENOMINAZIONEISTAT || null,
      siglaProvincia: null,
      iso3: r.CODISO3166_1_ALPHA3 || null,
      validFrom: r.DATAINIZIOVALIDITA ? dmyToIso(r.DATAINIZIOVALIDITA) : '1861-01-01',
      validTo: r.DATAFINEVALIDITA ? dmyToIso(r.DATAFINEVALIDITA) : OPEN_END,
      source: 'anpr-tab2',
    }));
  return insertPlaces(db, 'anpr-tab2', places, true);
}

interface EmbeddedPlace {
  belfioreCode: string;
  name: string;
  creationDate?: Date;
  expirationDate?: Date;
  province?: string;
  iso3166?: string;
}

const isoDay = (d: Date | undefined, fallback: string) => (d ? d.toISOString().slice(0, 10) : fallback);

/**
 * Loads the embedded Belfiore dataset. `what = 'all'` for a fresh install or demo mode (comuni and
 * states); `'ceased-states'` adds only the foreign states that no longer exist (Jugoslavia, URSS, …),
 * which ANPR Tabella 2 does not list, and only when their code is not already present.
 */
export async function loadEmbeddedPlaces(db: Db, what: 'all' | 'ceased-states'): Promise<number> {
  const all = (await belfioreConnector.toArray()) as unknown as EmbeddedPlace[];
  const present = new Set(
    (
      db.prepare(`SELECT DISTINCT belfiore FROM anagrafe_place WHERE belfiore IS NOT NULL AND source <> 'belfiore-embedded'`).all() as {
        belfiore: string;
      }[]
    ).map((r) => r.belfiore),
  );
  const places: NewPlace[] = all
    .filter((p) => {
      const isState = p.belfioreCode.startsWith('Z');
      if (what === 'all') return true;
      return isState && p.expirationDate !== undefined && p.expirationDate.getUTCFullYear() < 9999 && !present.has(p.belfioreCode);
    })
    .map((p) => ({
      kind: p.belfioreCode.startsWith('Z') ? 'stato' : 'comune',
      belfiore: p.belfioreCode,
      codiceIstat: null,
      name: p.name.toUpperCase(),
      nameAlt: null,
      siglaProvincia: p.province ?? null,
      iso3: null,
      validFrom: isoDay(p.creationDate, '1861-01-01'),
      validTo: isoDay(p.expirationDate, OPEN_END),
      source: 'belfiore-embedded',
    }));
  return insertPlaces(db, 'belfiore-embedded', places, true);
}

export type PlaceStatus = 'valid' | 'not_yet' | 'ceased' | 'unknown' | 'exceptional';

export interface ResolvedPlace {
  status: PlaceStatus;
  kind?: 'comune' | 'stato';
  /** The record valid at the date (status 'valid'), else the nearest one found. */
  place?: PlaceRow;
}

const PLACE_COLS = 'id, kind, belfiore, codice_istat, name, name_alt, sigla_provincia, iso3, valid_from, valid_to, source';

function classify(rows: PlaceRow[], date: string, kind: 'comune' | 'stato'): ResolvedPlace {
  if (rows.length === 0) return { status: 'unknown', kind };
  const valid = rows.find((r) => r.valid_from <= date && date <= r.valid_to);
  if (valid) return { status: 'valid', kind, place: valid };
  const earliest = rows.reduce((a, b) => (a.valid_from <= b.valid_from ? a : b));
  if (date < earliest.valid_from) return { status: 'not_yet', kind, place: earliest };
  const latest = rows.reduce((a, b) => (a.valid_to >= b.valid_to ? a : b));
  return { status: 'ceased', kind, place: latest };
}

/** Finds the comune by ISTAT code (or by name and province) and says whether it existed at `date`. */
export function resolveComune(
  db: Db,
  c: { codiceIstat?: string; nomeComune: string; siglaProvinciaIstat?: string },
  date: string,
): ResolvedPlace {
  let rows: PlaceRow[] = [];
  if (c.codiceIstat) {
    rows = db
      .prepare(`SELECT ${PLACE_COLS} FROM anagrafe_place WHERE kind = 'comune' AND codice_istat = ?`)
      .all(c.codiceIstat) as PlaceRow[];
    // ISTAT codes are reused when provinces change: keep only records with the same name.
    const named = rows.filter(
      (r) => normalizeText(r.name) === normalizeText(c.nomeComune) || normalizeText(r.name_alt) === normalizeText(c.nomeComune),
    );
    if (named.length > 0) rows = named;
  }
  if (rows.length === 0) {
    rows = db
      .prepare(`SELECT ${PLACE_COLS} FROM anagrafe_place WHERE kind = 'comune' AND name_norm = ?`)
      .all(normalizeText(c.nomeComune)) as PlaceRow[];
    if (c.siglaProvinciaIstat && rows.some((r) => r.sigla_provincia === c.siglaProvinciaIstat)) {
      rows = rows.filter((r) => r.sigla_provincia === c.siglaProvinciaIstat);
    }
  }
  return classify(rows, date, 'comune');
}

/** Finds the foreign state by ISTAT code or by name and says whether it existed at `date`. */
export function resolveStato(db: Db, s: { codiceStato?: string; descrizioneStato: string }, date: string): ResolvedPlace {
  let rows: PlaceRow[] = [];
  if (s.codiceStato) {
    rows = db
      .prepare(`SELECT ${PLACE_COLS} FROM anagrafe_place WHERE kind = 'stato' AND codice_istat = ?`)
      .all(s.codiceStato) as PlaceRow[];
    // A code whose state has a different name (e.g. a ceased state, which has no ISTAT code in our
    // tables, typed with a placeholder code) is resolved by name instead.
    const n = normalizeText(s.descrizioneStato);
    const sameName = (r: PlaceRow) => [r.name, r.name_alt].some((x) => x && (normalizeText(x).includes(n) || n.includes(normalizeText(x))));
    if (n && !rows.some(sameName)) rows = [];
  }
  if (rows.length === 0) {
    const n = normalizeText(s.descrizioneStato);
    rows = db.prepare(`SELECT ${PLACE_COLS} FROM anagrafe_place WHERE kind = 'stato' AND name_norm = ?`).all(n) as PlaceRow[];
  }
  return classify(rows, date, 'stato');
}

export function resolveLuogo(db: Db, luogo: TipoLuogoEvento, date: string): ResolvedPlace {
  if (luogo.comune) return resolveComune(db, luogo.comune, date);
  if (luogo.localita) return resolveStato(db, luogo.localita, date);
  return { status: 'exceptional' };
}

/** Places whose Belfiore code is `code` (all validity intervals). */
export function placesByBelfiore(db: Db, code: string): PlaceRow[] {
  return db.prepare(`SELECT ${PLACE_COLS} FROM anagrafe_place WHERE belfiore = ? ORDER BY valid_from`).all(code) as PlaceRow[];
}

/** Autocomplete for place fields: comuni/states whose name starts with `prefix`, valid at `date` if given. */
export function searchPlaces(db: Db, prefix: string, opts: { kind?: 'comune' | 'stato'; date?: string; limit?: number } = {}): PlaceRow[] {
  const p = normalizeText(prefix);
  if (!p) return [];
  return db
    .prepare(
      `SELECT ${PLACE_COLS} FROM anagrafe_place
       WHERE kind IN (@k1, @k2) AND name_norm >= @p AND name_norm < @pe
         AND (@date IS NULL OR (valid_from <= @date AND valid_to >= @date))
       ORDER BY name_norm, valid_from DESC LIMIT @limit`,
    )
    .all({
      k1: opts.kind ?? 'comune',
      k2: opts.kind ?? 'stato',
      p,
      pe: p + '\uffff',
      date: opts.date ?? null,
      limit: opts.limit ?? 20,
    }) as PlaceRow[];
}

/** Loads the embedded dataset when the places table is empty (a Comune that loaded ANPR's tables keeps them). */
export async function loadPlacesIfEmpty(db: Db): Promise<void> {
  const n = (db.prepare('SELECT count(*) AS n FROM anagrafe_place').get() as { n: number }).n;
  if (n === 0) await loadEmbeddedPlaces(db, 'all');
}

const placesLoading = new WeakMap<Db, Promise<void>>();

/**
 * A fresh installation (and demo mode) has no places table yet: the birthplace rules need one, so
 * the embedded dataset is loaded once per open store, and pratiche wait for it. A failed load is
 * tried again on the next call.
 */
export function ensurePlaces(db: Db): Promise<void> {
  let loading = placesLoading.get(db);
  if (!loading) {
    loading = loadPlacesIfEmpty(db).catch((e: unknown) => {
      placesLoading.delete(db);
      throw e;
    });
    placesLoading.set(db, loading);
  }
  return loading;
}

/** Places for a picker: one row per kind, name and province (a renamed comune is listed once). */
export function placeChoices(db: Db, prefix: string, opts: { kind?: 'comune' | 'stato'; date?: string; limit?: number }): PlaceRow[] {
  const seen = new Set<string>();
  return searchPlaces(db, prefix, opts).filter((p) => {
    const key = `${p.kind}|${p.name}|${p.sigla_provincia ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
