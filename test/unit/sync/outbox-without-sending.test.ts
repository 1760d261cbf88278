/**
 * Migration 103: the outbox loses the 'sending' state no release ever wrote (an item on the wire
 * stays 'pending' until its answer is recorded). Run on a database made at the previous schema
 * version, with items in every state it allowed: rows kept, indexes kept, the CHECK refuses 'sending'.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/store/migrate';
import { allMigrations } from '../../../electron/core/store/migrations';
import type { Db } from '../../../electron/core/store/types';
import { countByState, dueHeads, nextDueAt } from '../../../electron/core/sync/outbox';
import { openTestDb, type TestDb } from '../../support/db';
import { ROOT } from '../../support/serve';

let t: TestDb | undefined;
afterEach(() => t?.cleanup());

const OLD_STATES = ['pending', 'sending', 'done', 'waiting', 'attention', 'discarded'] as const;
// Migrations written after 103 that change the outbox again (105 and 106 widen its platform CHECK, 600 indexes it for the hub)
// are left out: this is the schema 103 ran on.
const LATER = [105, 106, 600];
const previousVersion = allMigrations.filter((m) => m.version !== 103 && !LATER.includes(m.version));

function insert(db: Db, n: number, state: string, orderingKey: string): void {
  db.prepare(
    `INSERT INTO outbox (id, platform, kind, ordering_key, payload, payload_version, idempotency_key, state, attempts,
       next_attempt_at, last_error_code, last_error_text, business_type, business_id, operator_id, result, created_at, updated_at)
     VALUES (@id, 'gpd', 'gpd.create', @key, @payload, 1, @idem, @state, @attempts, NULL, @code, @text, 'notice', @business,
       'op-1', @result, @at, @at)`,
  ).run({
    id: `item-${n}`,
    key: orderingKey,
    payload: JSON.stringify({ n }),
    idem: `idem-${n}`,
    state,
    attempts: n % 3,
    code: state === 'attention' || state === 'waiting' ? 'GPD_REJECTED' : null,
    text: state === 'attention' ? 'rifiutata' : null,
    business: `notice-${n}`,
    result: state === 'done' ? '{"status":"VALID"}' : null,
    at: `2026-11-0${1 + (n % 9)}T10:00:00.000Z`,
  });
}

const rows = (db: Db) => db.prepare('SELECT * FROM outbox ORDER BY seq').all() as Record<string, unknown>[];
const indexes = (db: Db) =>
  db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all() as {
    name: string;
    sql: string | null;
  }[];

describe('outbox migration 103: no stored "sending" state', () => {
  it('keeps every row (a "sending" one becomes pending), the indexes and the sequence, and refuses "sending" afterwards', () => {
    t = openTestDb({ migrations: previousVersion });
    const { db } = t;
    // Every state the old CHECK allowed, on two ordering keys; the 'sending' item heads key B.
    OLD_STATES.forEach((state, i) => insert(db, i + 1, state, i === 1 ? 'B' : 'A'));
    insert(db, 7, 'pending', 'B');
    insert(db, 8, 'pending', 'A');
    db.prepare("DELETE FROM outbox WHERE id = 'item-8'").run(); // the sequence's high-water mark is 8, above every row
    const before = rows(db);
    const indexNamesBefore = indexes(db).map((i) => i.name);

    expect(
      migrate(
        db,
        allMigrations.filter((m) => !LATER.includes(m.version)),
      ).applied,
    ).toEqual([103]);

    const after = rows(db);
    expect(after).toEqual(before.map((r) => (r.state === 'sending' ? { ...r, state: 'pending' } : r)));
    expect(indexes(db).map((i) => i.name)).toEqual(indexNamesBefore);
    expect(countByState(db).gpd).toEqual({ pending: 3, done: 1, waiting: 1, attention: 1, discarded: 1 });
    expect(() => insert(db, 9, 'sending', 'C')).toThrow(/CHECK constraint failed/);
    insert(db, 9, 'pending', 'C');
    expect(db.prepare("SELECT seq FROM outbox WHERE id = 'item-9'").get()).toEqual({ seq: 9 });
    // 105 and 106, run after it as on a real upgrade: the hub and the IO app are outbox platforms too,
    // an unknown platform is still refused, and every row and index stays.
    expect(
      migrate(
        db,
        allMigrations.filter((m) => m.version !== 600),
      ).applied,
    ).toEqual([105, 106]);
    expect(rows(db)).toHaveLength(before.length + 1);
    expect(indexes(db).map((i) => i.name)).toEqual(indexNamesBefore);
    for (const p of ['hub', 'io', 'gpd']) db.prepare('UPDATE outbox SET platform = ? WHERE id = ?').run(p, 'item-9');
    expect(() => db.prepare("UPDATE outbox SET platform = 'fax' WHERE id = 'item-9'").run()).toThrow(/CHECK constraint failed/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // The engine sees the former 'sending' item as what it was all along: pending, the head of its key, due now.
    const heads = dueHeads(db, 'gpd', '2026-12-01T00:00:00.000Z', 10, new Set()).map((i) => i.id);
    expect(heads).toEqual(['item-1', 'item-2', 'item-9']);
    expect(nextDueAt(db, 'gpd')).toBe('');
  });

  it("the partial indexes name exactly the open states the queue's queries use, so SQLite still uses them", () => {
    t = openTestDb();
    const source = readFileSync(join(ROOT, 'electron/core/sync/outbox.ts'), 'utf8');
    const lists = new Set([...source.matchAll(/state IN \(('[a-z]+'(?:,'[a-z]+')*)\)/g)].map((m) => m[1]));
    expect(lists).toEqual(new Set(["'pending','waiting','attention'", "'pending','waiting'"]));
    for (const name of ['outbox_open_chain', 'outbox_open_seq']) {
      const sql = indexes(t.db).find((i) => i.name === name)?.sql ?? '';
      expect(sql.replace(/\s+/g, ' ')).toMatch(/WHERE state IN \('pending','waiting','attention'\)$/);
    }
    // INDEXED BY fails to prepare ("no query solution") when the index's WHERE does not cover the query's.
    const usable = (index: string, where: string) => {
      try {
        t!.db.prepare(`SELECT seq FROM outbox INDEXED BY ${index} WHERE platform = 'gpd' AND ordering_key = 'A' AND ${where}`);
        return true;
      } catch {
        return false;
      }
    };
    for (const index of ['outbox_open_chain', 'outbox_open_seq']) {
      expect(usable(index, "state IN ('pending','waiting','attention')")).toBe(true);
      expect(usable(index, "state IN ('pending','sending','waiting','attention')")).toBe(false);
    }
  });
});
