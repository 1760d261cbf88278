/**
 * Migration 105: the outbox accepts the Comune hub as a platform. Run on a database made just
 * before it, with items: rows, indexes and the sequence kept; 'hub' accepted, an unknown platform
 * still refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { allMigrations } from '../../../electron/core/store/migrations';
import type { Db } from '../../../electron/core/store/types';
import { openTestDb, type TestDb } from '../../support/db';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

function insert(db: Db, n: number, platform: string): void {
  db.prepare(
    `INSERT INTO outbox (id, platform, kind, ordering_key, payload, payload_version, idempotency_key, state, created_at, updated_at)
     VALUES (?, ?, 'k', 'A', '{}', 1, ?, 'pending', '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z')`,
  ).run(`item-${n}`, platform, `idem-${n}`);
}

const snapshot = (db: Db) => ({
  rows: db.prepare('SELECT * FROM outbox ORDER BY seq').all(),
  indexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all(),
  seq: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get(),
});

describe('outbox migration 105: the hub is a platform', () => {
  it('keeps rows, indexes and the sequence; accepts hub, refuses an unknown platform', () => {
    const before105 = allMigrations.filter((m) => m.version < 105);
    t = openTestDb({ migrations: before105 });
    const { db } = t;
    insert(db, 1, 'anpr');
    insert(db, 2, 'agenda');
    insert(db, 3, 'gpd');
    db.prepare("DELETE FROM outbox WHERE id = 'item-3'").run();
    expect(() => insert(db, 4, 'hub')).toThrow(/CHECK constraint failed/);
    const before = snapshot(db);

    expect(
      migrate(
        db,
        allMigrations.filter((m) => m.version <= 105),
      ).applied,
    ).toEqual([105]);

    expect(snapshot(db)).toEqual(before);
    insert(db, 5, 'hub');
    expect(db.prepare("SELECT seq FROM outbox WHERE id = 'item-5'").get()).toEqual({ seq: 4 });
    expect(() => insert(db, 6, 'io')).toThrow(/CHECK constraint failed/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
