/**
 * The Comune hub's schema (PostgreSQL schema `sportello`), owned by Sportello: versioned
 * migrations applied in order by migrate.ts under an advisory lock, each in the transaction that
 * records it in sportello.schema_migrations. Hub versions are their own series (1, 2, …): they
 * live in PostgreSQL, not in a counter's SQLite file.
 *
 * Roles (cluster-wide names; one hub per PostgreSQL cluster):
 * - sportello_counter       NOLOGIN group of every workstation role;
 * - sportello_ws_<n>        LOGIN, one per workstation, created when it joins (join_workstation);
 * - sportello_responsabili  NOLOGIN group: reads everything, issues join codes, removes workstations;
 * - sportello_resp_1        LOGIN, the first responsabile's access (created by `hub init`);
 * - sportello_joiners       NOLOGIN group of the short-lived join roles (sportello_join_<hash>),
 *                           which can only call join_workstation.
 * Objects belong to the admin who ran `hub init`; nobody else can alter them (no CREATE on the schema).
 * Row-level security: a workstation reads the Comune's rows and writes only its own.
 */

export interface HubMigration {
  version: number;
  name: string;
  sql: string;
}

export const HUB_SCHEMA = 'sportello';
export const COUNTER_GROUP = 'sportello_counter';
export const RESPONSABILI_GROUP = 'sportello_responsabili';
export const JOINERS_GROUP = 'sportello_joiners';
export const FIRST_RESPONSABILE = 'sportello_resp_1';
export const workstationRole = (n: number): string => `sportello_ws_${n}`;

/** The named constraint a double booking violates (SQLSTATE 23P01): hub-sync maps it to HUB_SLOT_TAKEN. */
export const SLOT_CONSTRAINT = 'agenda_one_citizen_per_slot';
/** SQLSTATE of the refusals raised by the hub's functions (the message is the error code). */
export const HUB_REFUSAL_SQLSTATE = 'P0001';

const createGroup = (name: string) => `
  DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} NOLOGIN; END IF;
  END $$;`;

export const HUB_MIGRATIONS: HubMigration[] = [
  {
    version: 1,
    name: 'hub_foundation',
    sql: `
${createGroup(COUNTER_GROUP)}
${createGroup(RESPONSABILI_GROUP)}
${createGroup(JOINERS_GROUP)}

CREATE EXTENSION IF NOT EXISTS btree_gist;
REVOKE ALL ON SCHEMA sportello FROM PUBLIC;
GRANT USAGE ON SCHEMA sportello TO ${COUNTER_GROUP}, ${RESPONSABILI_GROUP}, ${JOINERS_GROUP};

-- Workstation numbers come from this sequence and are never handed out twice: it never cycles,
-- and a removed workstation keeps its row (removed_at), so its number stays taken.
CREATE SEQUENCE sportello.workstation_number_seq AS smallint MINVALUE 1 MAXVALUE 999 NO CYCLE;

CREATE TABLE sportello.workstations (
  number smallint PRIMARY KEY CHECK (number BETWEEN 1 AND 999),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  role_name text NOT NULL UNIQUE,
  joined_at timestamptz NOT NULL DEFAULT now(),
  last_contact_at timestamptz,
  removed_at timestamptz,
  removed_by text
);

-- One-time join codes: only the SHA-256 of the code is stored; join_role is the short-lived login
-- role whose password is the code itself (see join_workstation).
CREATE TABLE sportello.join_codes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code_hash text NOT NULL UNIQUE CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  join_role text NOT NULL UNIQUE,
  name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by smallint REFERENCES sportello.workstations(number),
  CHECK ((used_at IS NULL) = (used_by IS NULL))
);

-- The Comune's CIE agenda. station_id is the station's id in the booking system
-- (cie_stations.remote_id), the same on every counter; a booking holds [slot_start, slot_end):
-- slot_count consecutive slots (a family books back to back). A slot holds one citizen, so two
-- bookings of a station that still hold their slots may not overlap: the exclusion constraint
-- makes a double booking impossible whatever the counters send.
CREATE TABLE sportello.agenda_bookings (
  booking_id text PRIMARY KEY,
  workstation smallint NOT NULL REFERENCES sportello.workstations(number),
  station_id text NOT NULL,
  slot_start timestamptz NOT NULL,
  slot_end timestamptz NOT NULL,
  slot_count smallint NOT NULL DEFAULT 1 CHECK (slot_count BETWEEN 1 AND 5),
  status text NOT NULL CHECK (status IN ('booked','arrived','no_show','cancelled','released','conflict')),
  code text,
  channel text CHECK (channel IN ('counter','phone','online','walk_in')),
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  -- What other counters' day view shows (the booking code or initials), never a codice fiscale.
  citizen_label text CHECK (length(citizen_label) <= 40),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (slot_start < slot_end),
  CONSTRAINT ${SLOT_CONSTRAINT} EXCLUDE USING gist (station_id WITH =, tstzrange(slot_start, slot_end) WITH &&)
    WHERE (status IN ('booked','arrived'))
);
CREATE INDEX agenda_bookings_day ON sportello.agenda_bookings (station_id, slot_start);

-- The Comune's walk-in queue: numbers per day, handed out by next_ticket_number.
CREATE TABLE sportello.walkin_days (
  day date PRIMARY KEY,
  last_number integer NOT NULL DEFAULT 0
);
CREATE TABLE sportello.walkin_tickets (
  ticket_id text PRIMARY KEY,
  day date NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  issued_by smallint NOT NULL REFERENCES sportello.workstations(number),
  called_by smallint REFERENCES sportello.workstations(number),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','called','served','left')),
  reason text CHECK (length(reason) <= 80),
  issued_at timestamptz NOT NULL DEFAULT now(),
  called_at timestamptz,
  served_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (day, number)
);

-- Every counter's outbox state, for the Comune's overview (no payloads, no personal data).
CREATE TABLE sportello.outbox_state (
  workstation smallint NOT NULL REFERENCES sportello.workstations(number),
  item_id text NOT NULL,
  platform text NOT NULL,
  kind text NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error_code text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workstation, item_id)
);
CREATE VIEW sportello.outbox_overview AS
  SELECT o.workstation, w.name AS workstation_name, o.item_id, o.platform, o.kind, o.state, o.attempts, o.last_error_code, o.updated_at
    FROM sportello.outbox_state o JOIN sportello.workstations w ON w.number = o.workstation;

-- Every write from a counter carries its outbox idempotency key: applied once, the stored result
-- answers a resend.
CREATE TABLE sportello.applied_ops (
  idempotency_key text PRIMARY KEY,
  workstation smallint NOT NULL REFERENCES sportello.workstations(number),
  kind text,
  applied_at timestamptz NOT NULL DEFAULT now(),
  result jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- The calling workstation's number (NULL for anyone else, a removed workstation included).
CREATE FUNCTION sportello.my_workstation() RETURNS smallint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
  SELECT number FROM sportello.workstations WHERE role_name = session_user AND removed_at IS NULL
$$;

-- The next queue number of the day (the row lock serialises concurrent counters).
CREATE FUNCTION sportello.next_ticket_number(p_day date) RETURNS integer
  LANGUAGE sql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
  INSERT INTO sportello.walkin_days AS d (day, last_number) VALUES (p_day, 1)
    ON CONFLICT (day) DO UPDATE SET last_number = d.last_number + 1
    RETURNING last_number
$$;

-- A responsabile issues a one-time join code: the code's hash is stored, and a login role whose
-- password is the code, valid until the code expires, member of sportello_joiners only.
CREATE FUNCTION sportello.create_join_code(p_code text, p_name text, p_valid interval)
  RETURNS TABLE (join_role text, expires_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
#variable_conflict use_column
DECLARE
  h text := encode(sha256(convert_to(p_code, 'UTF8')), 'hex');
  r text := 'sportello_join_' || left(h, 16);
  e timestamptz := now() + p_valid;
BEGIN
  IF p_code !~ '^[0-9A-Z]{12,}$' THEN RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_MALFORMED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  IF p_valid <= interval '0' OR p_valid > interval '7 days' THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_VALIDITY', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  INSERT INTO sportello.join_codes (code_hash, join_role, name, expires_at, created_by) VALUES (h, r, p_name, e, session_user);
  EXECUTE format('CREATE ROLE %I LOGIN CONNECTION LIMIT 2 PASSWORD %L VALID UNTIL %L IN ROLE ${JOINERS_GROUP}', r, p_code, e);
  RETURN QUERY SELECT r, e;
END $$;

-- A workstation joins: called by the join role of its code (the session user), it checks the code,
-- hands out the next number never handed out (the hand-typed number the PC already used when
-- that one is still free, so its notice numbers stay its own), creates the workstation's login
-- role with a fresh password and disables the join role.
CREATE FUNCTION sportello.join_workstation(p_code text, p_name text, p_wanted smallint DEFAULT NULL)
  RETURNS TABLE (number smallint, role_name text, password text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
#variable_conflict use_column
DECLARE
  c sportello.join_codes;
  n smallint;
  r text;
  pw text := encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex');
BEGIN
  SELECT * INTO c FROM sportello.join_codes j WHERE j.code_hash = encode(sha256(convert_to(p_code, 'UTF8')), 'hex') FOR UPDATE;
  IF NOT FOUND OR c.join_role <> session_user THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_UNKNOWN', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  IF c.used_at IS NOT NULL THEN RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_USED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  IF c.expires_at <= now() THEN RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_EXPIRED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('sportello.workstations'));
  IF p_wanted BETWEEN 1 AND 999 AND NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = p_wanted) THEN
    n := p_wanted;
  ELSE
    LOOP
      BEGIN
        n := nextval('sportello.workstation_number_seq');
      EXCEPTION WHEN sequence_generator_limit_exceeded THEN
        RAISE EXCEPTION USING MESSAGE = 'HUB_NUMBERS_EXHAUSTED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
      END;
      EXIT WHEN NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = n);
    END LOOP;
  END IF;
  r := 'sportello_ws_' || n;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', r, pw);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE ${COUNTER_GROUP}', r, pw);
  END IF;
  INSERT INTO sportello.workstations (number, name, role_name, last_contact_at) VALUES (n, coalesce(nullif(p_name, ''), r), r, now());
  UPDATE sportello.join_codes SET used_at = now(), used_by = n WHERE id = c.id;
  EXECUTE format('ALTER ROLE %I NOLOGIN VALID UNTIL %L', session_user, now());
  RETURN QUERY SELECT n, r, pw;
END $$;

-- A responsabile removes a workstation: it can no longer log in; its number stays taken.
CREATE FUNCTION sportello.remove_workstation(p_number smallint) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
DECLARE r text;
BEGIN
  UPDATE sportello.workstations SET removed_at = coalesce(removed_at, now()), removed_by = coalesce(removed_by, session_user)
    WHERE number = p_number RETURNING role_name INTO r;
  IF r IS NULL THEN RAISE EXCEPTION USING MESSAGE = 'HUB_WORKSTATION_UNKNOWN', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', r);
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sportello FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sportello.my_workstation(), sportello.next_ticket_number(date) TO ${COUNTER_GROUP}, ${RESPONSABILI_GROUP};
GRANT EXECUTE ON FUNCTION sportello.join_workstation(text, text, smallint) TO ${JOINERS_GROUP};
GRANT EXECUTE ON FUNCTION sportello.create_join_code(text, text, interval), sportello.remove_workstation(smallint) TO ${RESPONSABILI_GROUP};

-- What a counter may touch; RLS below narrows writes to its own rows.
GRANT SELECT ON ALL TABLES IN SCHEMA sportello TO ${RESPONSABILI_GROUP};
REVOKE SELECT ON sportello.join_codes FROM ${RESPONSABILI_GROUP};
GRANT SELECT (id, name, created_at, created_by, expires_at, used_at, used_by) ON sportello.join_codes TO ${RESPONSABILI_GROUP};
GRANT SELECT ON sportello.workstations, sportello.agenda_bookings, sportello.walkin_tickets, sportello.outbox_overview TO ${COUNTER_GROUP};
GRANT UPDATE (last_contact_at) ON sportello.workstations TO ${COUNTER_GROUP};
GRANT INSERT, UPDATE ON sportello.agenda_bookings TO ${COUNTER_GROUP};
GRANT INSERT ON sportello.walkin_tickets TO ${COUNTER_GROUP};
GRANT UPDATE (called_by, status, called_at, served_at, updated_at) ON sportello.walkin_tickets TO ${COUNTER_GROUP};
GRANT SELECT, INSERT, UPDATE, DELETE ON sportello.outbox_state TO ${COUNTER_GROUP};
GRANT SELECT, INSERT ON sportello.applied_ops TO ${COUNTER_GROUP};

ALTER TABLE sportello.workstations ENABLE ROW LEVEL SECURITY;
ALTER TABLE sportello.agenda_bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE sportello.walkin_tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE sportello.outbox_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE sportello.applied_ops ENABLE ROW LEVEL SECURITY;

CREATE POLICY read_all ON sportello.workstations FOR SELECT USING (true);
CREATE POLICY own_contact ON sportello.workstations FOR UPDATE TO ${COUNTER_GROUP}
  USING (role_name = session_user AND removed_at IS NULL) WITH CHECK (role_name = session_user);

CREATE POLICY read_all ON sportello.agenda_bookings FOR SELECT USING (true);
CREATE POLICY own_insert ON sportello.agenda_bookings FOR INSERT TO ${COUNTER_GROUP} WITH CHECK (workstation = (SELECT sportello.my_workstation()));
CREATE POLICY own_update ON sportello.agenda_bookings FOR UPDATE TO ${COUNTER_GROUP}
  USING (workstation = (SELECT sportello.my_workstation())) WITH CHECK (workstation = (SELECT sportello.my_workstation()));

-- A ticket is issued by a counter and may be called and served at any other (the queue is the
-- Comune's); only the issue/call/serve columns can change (column privileges), and a change is
-- signed by the caller.
CREATE POLICY read_all ON sportello.walkin_tickets FOR SELECT USING (true);
CREATE POLICY own_issue ON sportello.walkin_tickets FOR INSERT TO ${COUNTER_GROUP}
  WITH CHECK (issued_by = (SELECT sportello.my_workstation()) AND (called_by IS NULL OR called_by = issued_by));
CREATE POLICY call_any ON sportello.walkin_tickets FOR UPDATE TO ${COUNTER_GROUP}
  USING ((SELECT sportello.my_workstation()) IS NOT NULL)
  WITH CHECK (called_by = (SELECT sportello.my_workstation()) OR (called_by IS NULL AND issued_by = (SELECT sportello.my_workstation())));

CREATE POLICY read_all ON sportello.outbox_state FOR SELECT USING (true);
CREATE POLICY own_rows ON sportello.outbox_state FOR ALL TO ${COUNTER_GROUP}
  USING (workstation = (SELECT sportello.my_workstation())) WITH CHECK (workstation = (SELECT sportello.my_workstation()));

CREATE POLICY own_rows ON sportello.applied_ops FOR ALL TO ${COUNTER_GROUP}
  USING (workstation = (SELECT sportello.my_workstation())) WITH CHECK (workstation = (SELECT sportello.my_workstation()));
CREATE POLICY responsabili_read ON sportello.applied_ops FOR SELECT TO ${RESPONSABILI_GROUP} USING (true);
`,
  },
  {
    version: 2,
    name: 'join_role_cleanup',
    sql: `
-- Join roles of codes used or expired are dropped when the next code is issued (a role still in a
-- session stays until the next time).
CREATE FUNCTION sportello.purge_join_roles() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
DECLARE r text; n integer := 0;
BEGIN
  FOR r IN SELECT j.join_role FROM sportello.join_codes j JOIN pg_roles p ON p.rolname = j.join_role
             WHERE j.used_at IS NOT NULL OR j.expires_at <= now() LOOP
    BEGIN
      EXECUTE format('DROP ROLE %I', r);
      n := n + 1;
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
  END LOOP;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION sportello.purge_join_roles() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sportello.purge_join_roles() TO ${RESPONSABILI_GROUP};
`,
  },
  {
    version: 3,
    name: 'join_by_verifier',
    sql: `
-- No password in clear reaches the hub: the client sends SCRAM-SHA-256 verifiers (of the code, of
-- the workstation's password it chose itself). A join is idempotent: the hash of the client's
-- secret is kept on the code, and a retry of the same code with the same secret (a lost answer, a
-- failed local save) gets the same number again; the join role stays usable until the code
-- expires or the workstation has logged in. A code may be issued for a number already registered
-- (the same PC joining again: its row, its bookings and its number are its own again). A wanted
-- number registered to another workstation is refused (HUB_NUMBER_TAKEN) unless the PC accepts a
-- new number from 900 up, above every hand-typed one.
ALTER TABLE sportello.join_codes ADD COLUMN for_number smallint REFERENCES sportello.workstations(number),
  ADD COLUMN secret_hash text CHECK (secret_hash ~ '^[0-9a-f]{64}$');
DROP FUNCTION sportello.create_join_code(text, text, interval);
DROP FUNCTION sportello.join_workstation(text, text, smallint);

CREATE FUNCTION sportello.valid_verifier(p text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT p ~ '^SCRAM-SHA-256\\$[0-9]{4,7}:[A-Za-z0-9+/=]{16,64}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$'
$$;

CREATE FUNCTION sportello.create_join_code(p_code_hash text, p_verifier text, p_name text, p_valid interval, p_for_number smallint DEFAULT NULL)
  RETURNS TABLE (join_role text, expires_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
#variable_conflict use_column
DECLARE
  r text := 'sportello_join_' || left(p_code_hash, 16);
  e timestamptz := now() + p_valid;
BEGIN
  IF p_code_hash !~ '^[0-9a-f]{64}$' OR NOT sportello.valid_verifier(p_verifier) THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_MALFORMED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  IF p_valid <= interval '0' OR p_valid > interval '7 days' THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_VALIDITY', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  IF p_for_number IS NOT NULL AND NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = p_for_number) THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_WORKSTATION_UNKNOWN', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  INSERT INTO sportello.join_codes (code_hash, join_role, name, expires_at, created_by, for_number)
    VALUES (p_code_hash, r, p_name, e, session_user, p_for_number);
  EXECUTE format('CREATE ROLE %I LOGIN CONNECTION LIMIT 2 PASSWORD %L VALID UNTIL %L IN ROLE ${JOINERS_GROUP}', r, p_verifier, e);
  RETURN QUERY SELECT r, e;
END $$;

CREATE FUNCTION sportello.join_workstation(p_code text, p_name text, p_wanted smallint, p_secret_hash text, p_verifier text,
  p_accept_new boolean DEFAULT false)
  RETURNS TABLE (number smallint, role_name text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
#variable_conflict use_column
DECLARE
  c sportello.join_codes;
  n smallint;
  r text;
BEGIN
  SELECT * INTO c FROM sportello.join_codes j WHERE j.code_hash = encode(sha256(convert_to(p_code, 'UTF8')), 'hex') FOR UPDATE;
  IF NOT FOUND OR c.join_role <> session_user THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_UNKNOWN', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  IF c.expires_at <= now() THEN RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_EXPIRED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  IF p_secret_hash IS NULL OR p_secret_hash !~ '^[0-9a-f]{64}$' OR NOT sportello.valid_verifier(p_verifier) THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_MALFORMED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('sportello.workstations'));
  IF c.used_at IS NOT NULL THEN
    -- The same PC again (it holds the secret): the same number, the same password.
    IF c.secret_hash IS DISTINCT FROM p_secret_hash THEN
      RAISE EXCEPTION USING MESSAGE = 'HUB_JOIN_CODE_USED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
    END IF;
    n := c.used_by;
  ELSIF c.for_number IS NOT NULL THEN
    n := c.for_number;
  ELSIF p_wanted BETWEEN 1 AND 999 AND NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = p_wanted) THEN
    n := p_wanted;
  ELSIF p_wanted BETWEEN 1 AND 999 AND NOT p_accept_new THEN
    RAISE EXCEPTION USING MESSAGE = 'HUB_NUMBER_TAKEN', DETAIL = p_wanted::text, ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
  ELSIF p_wanted BETWEEN 1 AND 999 THEN
    SELECT min(g)::smallint INTO n FROM generate_series(900, 999) g WHERE NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = g);
    IF n IS NULL THEN RAISE EXCEPTION USING MESSAGE = 'HUB_NUMBERS_EXHAUSTED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  ELSE
    LOOP
      BEGIN
        n := nextval('sportello.workstation_number_seq');
      EXCEPTION WHEN sequence_generator_limit_exceeded THEN
        RAISE EXCEPTION USING MESSAGE = 'HUB_NUMBERS_EXHAUSTED', ERRCODE = '${HUB_REFUSAL_SQLSTATE}';
      END;
      EXIT WHEN NOT EXISTS (SELECT FROM sportello.workstations w WHERE w.number = n);
    END LOOP;
  END IF;
  r := 'sportello_ws_' || n;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', r, p_verifier);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE ${COUNTER_GROUP}', r, p_verifier);
  END IF;
  INSERT INTO sportello.workstations AS w (number, name, role_name, last_contact_at) VALUES (n, coalesce(nullif(p_name, ''), r), r, now())
    ON CONFLICT (number) DO UPDATE SET removed_at = NULL, removed_by = NULL, last_contact_at = now();
  UPDATE sportello.join_codes SET used_at = coalesce(used_at, now()), used_by = n, secret_hash = p_secret_hash WHERE id = c.id;
  RETURN QUERY SELECT n, r;
END $$;

-- A removed workstation cannot log in, its number stays taken, and its future bookings are
-- released so that the slots are free for the other counters.
CREATE OR REPLACE FUNCTION sportello.remove_workstation(p_number smallint) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
DECLARE r text;
BEGIN
  UPDATE sportello.workstations SET removed_at = coalesce(removed_at, now()), removed_by = coalesce(removed_by, session_user)
    WHERE number = p_number RETURNING role_name INTO r;
  IF r IS NULL THEN RAISE EXCEPTION USING MESSAGE = 'HUB_WORKSTATION_UNKNOWN', ERRCODE = '${HUB_REFUSAL_SQLSTATE}'; END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', r);
  UPDATE sportello.agenda_bookings SET status = 'released', revision = revision + 1, updated_at = now()
    WHERE workstation = p_number AND status = 'booked' AND slot_start > now();
END $$;

-- A join role goes when its code has expired, or once the workstation has logged in after joining.
CREATE OR REPLACE FUNCTION sportello.purge_join_roles() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = sportello, pg_temp AS $$
DECLARE r text; n integer := 0;
BEGIN
  FOR r IN SELECT j.join_role FROM sportello.join_codes j JOIN pg_roles p ON p.rolname = j.join_role
             LEFT JOIN sportello.workstations w ON w.number = j.used_by
             WHERE j.expires_at <= now() OR (j.used_at IS NOT NULL AND w.last_contact_at > j.used_at) LOOP
    BEGIN
      EXECUTE format('DROP ROLE %I', r);
      n := n + 1;
    EXCEPTION WHEN OTHERS THEN
      NULL;
    END;
  END LOOP;
  RETURN n;
END $$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sportello FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sportello.my_workstation(), sportello.next_ticket_number(date) TO ${COUNTER_GROUP}, ${RESPONSABILI_GROUP};
GRANT EXECUTE ON FUNCTION sportello.join_workstation(text, text, smallint, text, text, boolean) TO ${JOINERS_GROUP};
GRANT EXECUTE ON FUNCTION sportello.create_join_code(text, text, text, interval, smallint), sportello.remove_workstation(smallint),
  sportello.purge_join_roles() TO ${RESPONSABILI_GROUP};
`,
  },
];
