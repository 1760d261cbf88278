/**
 * withTx and TxDb: what needs a transaction asks for a TxDb, which only withTx hands out. The
 * `@ts-expect-error` lines are checked by `npm run typecheck` (tsc reads test/): if a plain Db were
 * accepted there, the directive itself would be the error. The rest checks what withTx does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/core/audit/log';
import { type TxDb, withTx } from '../../../electron/core/store/tx';
import type { Db } from '../../../electron/core/store/types';
import { enqueue } from '../../../electron/core/sync/outbox';
import type { OutboxHandler } from '../../../electron/core/sync/types';
import { openTestDb, type TestDb } from '../../support/db';

const actor = { operatorId: 'op-1', workstationId: 'ws-1' };
const item = (key: string) => ({
  platform: 'anpr' as const,
  kind: 'anpr.test',
  orderingKey: key,
  payload: { key },
  payloadVersion: 1,
  idempotencyKey: key,
});
const count = (db: Db, table: 'outbox' | 'audit_log') => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

let t: TestDb;
beforeEach(() => {
  t = openTestDb({ prefix: 'sportello-tx-' });
});
afterEach(() => t.cleanup());

describe('TxDb (type level)', () => {
  it('refuses a plain Db where a transaction is required, and accepts the handle withTx gives', () => {
    const db: Db = t.db;
    // Never true: these lines are here for the type checker only.
    if (count(db, 'outbox') < 0) {
      // @ts-expect-error enqueue needs a TxDb: a plain Db is outside any transaction
      enqueue(db, item('a'));
      // @ts-expect-error appendAudit needs a TxDb
      appendAudit(db, actor, { action: 'x', entityType: 'x', entityId: 'x' });
      const handler: OutboxHandler = { kind: 'k', payloadSchemas: {}, payloadVersion: 1, onDone: () => undefined };
      // @ts-expect-error an outbox handler's callback runs in the engine's transaction
      handler.onDone?.(db, enqueue(undefined as unknown as TxDb, item('b')), null);
      // @ts-expect-error a cast-free TxDb cannot be made from a Db
      const forged: TxDb = db;
      void forged;
    }
    const made = withTx(db, (tx) => {
      const queued = enqueue(tx, item('c'));
      appendAudit(tx, actor, { action: 'test.tx', entityType: 'outbox', entityId: queued.id });
      const asDb: Db = tx; // a TxDb is still a Db, for every reader
      return count(asDb, 'outbox');
    });
    expect(made).toBe(1);
  });
});

describe('withTx', () => {
  it('commits what fn wrote when it returns, and returns its value', () => {
    const id = withTx(t.db, (tx) => enqueue(tx, item('one')).id);
    expect(t.db.inTransaction).toBe(false);
    expect(t.reopen().prepare('SELECT id FROM outbox').all()).toEqual([{ id }]);
  });

  it('rolls back everything fn wrote when it throws', () => {
    expect(() =>
      withTx(t.db, (tx) => {
        enqueue(tx, item('two'));
        appendAudit(tx, actor, { action: 'test.tx', entityType: 'x', entityId: 'x' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect([count(t.db, 'outbox'), count(t.db, 'audit_log')]).toEqual([0, 0]);
  });

  it('nested, opens a savepoint: a caught inner throw undoes only the inner writes', () => {
    withTx(t.db, (tx) => {
      enqueue(tx, item('outer'));
      expect(() =>
        withTx(tx, (inner) => {
          enqueue(inner, item('inner'));
          throw new Error('inner');
        }),
      ).toThrow('inner');
      withTx(tx, (inner) => enqueue(inner, item('inner-kept')));
      // Nothing is visible to another connection before the outermost transaction commits.
      expect(count(t.reopen(), 'outbox')).toBe(0);
    });
    const keys = (t.db.prepare('SELECT idempotency_key AS k FROM outbox ORDER BY seq').all() as { k: string }[]).map((r) => r.k);
    expect(keys).toEqual(['outer', 'inner-kept']);
  });

  it('refuses an async fn (better-sqlite3 cannot keep a transaction open across an await)', () => {
    expect(() => withTx(t.db, async (tx) => enqueue(tx, item('late')))).toThrow(TypeError);
    expect(count(t.db, 'outbox')).toBe(0);
  });
});

describe('a TxDb kept past its transaction', () => {
  it('is refused at run time by enqueue and appendAudit, writing nothing', () => {
    let kept: TxDb | undefined;
    withTx(t.db, (tx) => {
      kept = tx;
    });
    expect(() => enqueue(kept!, item('late'))).toThrow(expect.objectContaining({ code: 'STORE_NO_TX' }));
    expect(() => appendAudit(kept!, actor, { action: 'late', entityType: 'x', entityId: 'x' })).toThrow(
      expect.objectContaining({ code: 'STORE_NO_TX' }),
    );
    expect(count(t.db, 'outbox')).toBe(0);
    expect(count(t.db, 'audit_log')).toBe(0);
  });
});
