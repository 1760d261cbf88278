import type { Migration } from '../store/types';

/** pagoPA tables (versions 300–399). Amounts are integer cents; notice numbers are TEXT. */
export const migrations: Migration[] = [
  {
    version: 300,
    name: 'pagopa_settings_catalogue',
    up(db) {
      db.exec(`
        CREATE TABLE pagopa_settings (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          cf_ente TEXT NOT NULL,
          ente_name TEXT NOT NULL,
          office_name TEXT,
          ente_info TEXT,
          segregation_code TEXT NOT NULL CHECK (length(segregation_code) = 2),
          cbill TEXT,
          physical_channel TEXT,
          online_channel TEXT,
          postal_account TEXT,
          postal_holder TEXT,
          poste_authorization TEXT,
          logo BLOB,
          logo_mime TEXT,
          updated_at TEXT NOT NULL,
          updated_by TEXT NOT NULL
        );
        CREATE TABLE pagopa_catalogue_item (
          id TEXT PRIMARY KEY,
          code TEXT NOT NULL UNIQUE,
          description TEXT NOT NULL,
          amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
          taxonomy TEXT NOT NULL,
          iban TEXT NOT NULL,
          active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        -- Which block of notice numbers each workstation owns (assigned by the responsabile).
        CREATE TABLE pagopa_workstation (
          workstation_id TEXT PRIMARY KEY,
          slot INTEGER NOT NULL UNIQUE CHECK (slot BETWEEN 0 AND 999)
        );
        CREATE TABLE pagopa_nav_counter (
          year INTEGER NOT NULL,
          slot INTEGER NOT NULL,
          last_seq INTEGER NOT NULL,
          PRIMARY KEY (year, slot)
        );
      `);
    },
  },
  {
    version: 301,
    name: 'pagopa_notices',
    up(db) {
      db.exec(`
        CREATE TABLE pagopa_notice (
          id TEXT PRIMARY KEY,
          iupd TEXT NOT NULL UNIQUE,
          cf_ente TEXT NOT NULL,
          subject TEXT NOT NULL,
          debtor_type TEXT NOT NULL CHECK (debtor_type IN ('F', 'G')),
          debtor_cf TEXT NOT NULL,
          debtor_name TEXT NOT NULL,
          debtor_address TEXT,
          total_cents INTEGER NOT NULL CHECK (total_cents > 0),
          due_date TEXT NOT NULL,
          instalments INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid', 'cancelled')),
          gpd_state TEXT NOT NULL CHECK (gpd_state IN ('pending', 'published', 'attention', 'invalidating', 'invalidated')),
          gpd_status TEXT,
          gpd_error_code TEXT,
          issued_at TEXT NOT NULL,
          issued_on TEXT NOT NULL,
          issued_by TEXT NOT NULL,
          workstation_id TEXT NOT NULL,
          person_id TEXT,
          appointment_id TEXT,
          paid_at TEXT,
          paid_source TEXT CHECK (paid_source IN ('gpd', 'manual')),
          paid_note TEXT,
          cancelled_at TEXT,
          cancel_reason TEXT,
          last_polled_at TEXT
        );
        CREATE INDEX pagopa_notice_issued_on ON pagopa_notice (issued_on);
        CREATE INDEX pagopa_notice_status ON pagopa_notice (status, gpd_state);

        -- One row per payable code: idx 0 is the rata unica, 1..n the instalments.
        CREATE TABLE pagopa_payment_option (
          nav TEXT PRIMARY KEY CHECK (length(nav) = 18),
          iuv TEXT NOT NULL UNIQUE CHECK (length(iuv) = 17),
          notice_id TEXT NOT NULL REFERENCES pagopa_notice (id),
          idx INTEGER NOT NULL,
          amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
          due_date TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
          payment_date TEXT,
          receipt_id TEXT,
          psp_company TEXT,
          UNIQUE (notice_id, idx)
        );
        -- A notice number is never reused: rows are never deleted and the number never changes.
        CREATE TRIGGER pagopa_option_no_delete BEFORE DELETE ON pagopa_payment_option
          BEGIN SELECT RAISE(ABORT, 'pagoPA notice numbers are never deleted'); END;
        CREATE TRIGGER pagopa_option_no_renumber BEFORE UPDATE OF nav, iuv ON pagopa_payment_option
          BEGIN SELECT RAISE(ABORT, 'pagoPA notice numbers never change'); END;
        CREATE TRIGGER pagopa_notice_no_delete BEFORE DELETE ON pagopa_notice
          BEGIN SELECT RAISE(ABORT, 'pagoPA notices are never deleted'); END;

        -- What was charged: one line per catalogue item, each a GPD transfer.
        CREATE TABLE pagopa_notice_line (
          notice_id TEXT NOT NULL REFERENCES pagopa_notice (id),
          idx INTEGER NOT NULL,
          catalogue_item_id TEXT,
          description TEXT NOT NULL,
          amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
          taxonomy TEXT NOT NULL,
          iban TEXT NOT NULL,
          PRIMARY KEY (notice_id, idx)
        );
      `);
    },
  },
];
