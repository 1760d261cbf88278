import { renameStoredCodes } from '../store/renamed-error-codes';
import type { Migration } from '../store/types';
import { notificationMigrations } from './notifications/schema';

/**
 * Anagrafe tables (versions 200–299). Local ids (person, family) are TEXT made of [0-9A-Z] so they
 * can travel as ANPR's idSchedaSoggetto / idFamigliaConvivenza; ANPR's own ids are TEXT too.
 * `*_norm` columns hold the upper-case, accent-free form used by search-as-you-type.
 */
export const migrations: Migration[] = [
  {
    version: 200,
    name: 'anagrafe_places',
    up(db) {
      db.exec(`
        CREATE TABLE anagrafe_place (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('comune', 'stato')),
          belfiore TEXT,                 -- CODCATASTALE (comuni) or CODAT Z-code (states): the CF code
          codice_istat TEXT,             -- 6 digits (comune) or 3 digits (state), as ANPR wants it
          name TEXT NOT NULL,
          name_alt TEXT,                 -- second official language
          name_norm TEXT NOT NULL,
          sigla_provincia TEXT,
          iso3 TEXT,
          valid_from TEXT NOT NULL,      -- YYYY-MM-DD
          valid_to TEXT NOT NULL,        -- YYYY-MM-DD, 9999-12-31 when still valid
          source TEXT NOT NULL           -- 'anpr-archivio', 'anpr-tab2', 'belfiore-embedded'
        );
        CREATE INDEX anagrafe_place_belfiore ON anagrafe_place (belfiore, valid_from);
        CREATE INDEX anagrafe_place_istat ON anagrafe_place (kind, codice_istat, valid_from);
        CREATE INDEX anagrafe_place_name ON anagrafe_place (kind, name_norm);
      `);
    },
  },
  {
    version: 201,
    name: 'anagrafe_registry',
    up(db) {
      db.exec(`
        CREATE TABLE anagrafe_settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          comune_istat TEXT NOT NULL,
          comune_name TEXT NOT NULL,
          sigla_provincia TEXT NOT NULL,
          belfiore TEXT NOT NULL,
          cap TEXT NOT NULL,
          workstation_slot INTEGER NOT NULL CHECK (workstation_slot BETWEEN 0 AND 999),
          last_id_ms INTEGER NOT NULL DEFAULT 0,
          next_local_id INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE anagrafe_family (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('famiglia', 'convivenza')),
          denominazione TEXT,
          specie_convivenza TEXT,
          id_famiglia_anpr TEXT,
          data_origine TEXT,
          state TEXT NOT NULL DEFAULT 'attiva' CHECK (state IN ('attiva', 'chiusa')),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );

        CREATE TABLE anagrafe_address (
          id INTEGER PRIMARY KEY,
          family_id TEXT NOT NULL REFERENCES anagrafe_family (id),
          tipo_indirizzo TEXT NOT NULL,
          cap TEXT,
          comune_istat TEXT,
          comune_name TEXT,
          sigla_provincia TEXT,
          frazione TEXT,
          specie TEXT,
          denominazione TEXT NOT NULL,
          denominazione_norm TEXT NOT NULL,
          numero TEXT,
          lettera TEXT,
          scala TEXT,
          interno TEXT,
          piano TEXT,
          valid_from TEXT NOT NULL,
          valid_to TEXT                  -- NULL while current
        );
        CREATE INDEX anagrafe_address_family ON anagrafe_address (family_id, valid_to);
        CREATE INDEX anagrafe_address_street ON anagrafe_address (denominazione_norm, numero) WHERE valid_to IS NULL;

        CREATE TABLE anagrafe_person (
          id TEXT PRIMARY KEY,           -- idSchedaSoggetto (Comune)
          codice_fiscale TEXT,
          cognome TEXT,
          nome TEXT,
          cognome_norm TEXT NOT NULL DEFAULT '',
          nome_norm TEXT NOT NULL DEFAULT '',
          sesso TEXT,
          data_nascita TEXT,
          luogo_nascita TEXT,            -- JSON tipoLuogoEvento
          cittadinanza TEXT,             -- JSON tipoCittadinanza[]
          stato_civile TEXT,
          family_id TEXT REFERENCES anagrafe_family (id),
          codice_legame TEXT,            -- Tabella 5 (1 = intestatario)
          data_decorrenza_legame TEXT,
          status TEXT NOT NULL CHECK (status IN ('residente', 'deceduto', 'cancellato', 'annullato')),
          id_anpr TEXT,
          id_scheda_soggetto_anpr TEXT,
          validita_cf TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX anagrafe_person_name ON anagrafe_person (cognome_norm, nome_norm);
        CREATE INDEX anagrafe_person_firstname ON anagrafe_person (nome_norm, cognome_norm);
        CREATE INDEX anagrafe_person_cf ON anagrafe_person (codice_fiscale);
        CREATE INDEX anagrafe_person_family ON anagrafe_person (family_id);

        CREATE TABLE anagrafe_pratica (
          id TEXT PRIMARY KEY,
          code TEXT NOT NULL,
          id_operazione_comune TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL CHECK (state IN ('in_attesa', 'applicata', 'respinta', 'annullata')),
          payload TEXT NOT NULL,
          person_id TEXT,
          family_id TEXT,
          data_decorrenza TEXT,
          operator_id TEXT NOT NULL,
          workstation_id TEXT NOT NULL,
          outbox_id TEXT,
          id_operazione_anpr TEXT,
          esito_code TEXT,
          esito_text TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX anagrafe_pratica_person ON anagrafe_pratica (person_id, created_at);
        CREATE INDEX anagrafe_pratica_state ON anagrafe_pratica (state);

        -- Every idOperazioneComune ever given to a pratica (a corrected resend gets a new one).
        CREATE TABLE anagrafe_id_operazione (
          id_operazione_comune TEXT PRIMARY KEY,
          pratica_id TEXT NOT NULL REFERENCES anagrafe_pratica (id) DEFERRABLE INITIALLY DEFERRED,
          allocated_at TEXT NOT NULL
        );

        -- Per-person operation history: one row per pratica that touched the person.
        CREATE TABLE anagrafe_operation (
          id INTEGER PRIMARY KEY,
          person_id TEXT NOT NULL REFERENCES anagrafe_person (id),
          pratica_id TEXT NOT NULL REFERENCES anagrafe_pratica (id) DEFERRABLE INITIALLY DEFERRED,
          code TEXT NOT NULL,
          data_decorrenza TEXT,
          state TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX anagrafe_operation_person ON anagrafe_operation (person_id, data_decorrenza);
        CREATE INDEX anagrafe_operation_pratica ON anagrafe_operation (pratica_id);
      `);
    },
  },
  {
    version: 202,
    name: 'pratica_error_codes_in_english',
    up(db) {
      renameStoredCodes(db, 'anagrafe_pratica', 'esito_code');
    },
  },
  {
    version: 203,
    name: 'anagrafe_initial_load',
    up(db) {
      db.exec(`
        -- The initial load from ANPR (initial-load/). One row per load; the cursor (segment, part,
        -- part_done) moves in the same transaction as the batch of persons it covers.
        CREATE TABLE anagrafe_load (
          id TEXT PRIMARY KEY,
          source TEXT NOT NULL CHECK (source IN ('anpr-4001', 'anpr-4002', 'file')),
          source_ref TEXT,               -- the file's path, or the JSON list of codici fiscali (4002)
          tickets TEXT NOT NULL DEFAULT '[]', -- JSON: idOperazioneANPR of each segment's extraction
          state TEXT NOT NULL CHECK (state IN ('in_corso', 'completato', 'interrotto_errore')),
          segment INTEGER NOT NULL DEFAULT 0,  -- 4002: chunk of at most 2,000 codici fiscali; else 0
          part INTEGER NOT NULL DEFAULT 1,     -- part (4005 progressivo) being read, 1-based
          part_done INTEGER NOT NULL DEFAULT 0, -- persons of that part already loaded or refused
          parts_total INTEGER,
          segments_total INTEGER NOT NULL DEFAULT 1,
          loaded INTEGER NOT NULL DEFAULT 0,
          refused INTEGER NOT NULL DEFAULT 0,
          families INTEGER NOT NULL DEFAULT 0,
          addresses INTEGER NOT NULL DEFAULT 0,
          last_error_code TEXT,
          last_error_text TEXT,
          operator_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT
        );
        CREATE TABLE anagrafe_load_refused (
          load_id TEXT NOT NULL REFERENCES anagrafe_load (id),
          segment INTEGER NOT NULL,
          part INTEGER NOT NULL,
          ordinal INTEGER NOT NULL,      -- position in the part, 0-based
          codice_fiscale TEXT,
          cognome TEXT,
          nome TEXT,
          reason_code TEXT NOT NULL,
          reason TEXT NOT NULL,
          PRIMARY KEY (load_id, segment, part, ordinal)   -- part 0: codici fiscali of a 4002 list ANPR did not return
        );
        CREATE INDEX anagrafe_load_refused_cf ON anagrafe_load_refused (load_id, codice_fiscale);
        CREATE INDEX anagrafe_family_anpr ON anagrafe_family (id_famiglia_anpr) WHERE id_famiglia_anpr IS NOT NULL;
      `);
    },
  },
  {
    version: 204,
    name: 'anagrafe_load_abandoned',
    up(db) {
      // A load left unfinished blocks a new one until the responsabile resumes it or abandons it
      // on purpose (audited); an abandoned load is never resumed.
      db.exec('ALTER TABLE anagrafe_load ADD COLUMN abandoned_at TEXT');
    },
  },
  ...notificationMigrations,
];
