import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/** An open, unlocked Sportello database (SQLCipher mode, WAL). */
export type Db = BetterSqlite3.Database;

/**
 * One versioned schema step. Versions are global integers; each room owns a range so rooms can
 * add migrations without colliding: foundation 1–99, sync 100–199, anagrafe 200–299,
 * pagopa 300–399, cie agenda 400–499, card 500–599, the Comune hub's mirror 600–699 (declared by
 * core/cie's schema), io 700–799.
 * `up` runs inside the start-up transaction: if any step throws, none is applied.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Who did something, for audit entries and outbox links. */
export interface Actor {
  operatorId: string;
  workstationId: string;
}
