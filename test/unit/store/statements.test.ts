import { afterEach, describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../electron/core/store/key-file';
import { openStore } from '../../../electron/core/store/store';
import { tempDir } from '../../support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

function store() {
  const t = tempDir();
  const s = openStore(t.dir, keyFileProvider);
  cleanup = () => {
    s.db.close();
    t.cleanup();
  };
  return s.db;
}

describe('statements prepared once per connection', () => {
  it('hands out the same statement for the same SQL, with fresh parameters each time', () => {
    const db = store();
    const sql = 'SELECT ? + 1 AS n';
    expect(db.prepare(sql)).toBe(db.prepare(sql));
    expect((db.prepare(sql).get(1) as { n: number }).n).toBe(2);
    expect((db.prepare(sql).get(41) as { n: number }).n).toBe(42);
  });

  it('does not hand out a statement still iterating: the same query runs inside its own loop', () => {
    const db = store();
    db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);');
    const sql = 'SELECT n FROM t ORDER BY n';
    const pairs: number[][] = [];
    for (const outer of db.prepare(sql).iterate() as IterableIterator<{ n: number }>) {
      pairs.push([outer.n, (db.prepare(sql).all() as { n: number }[]).length]);
    }
    expect(pairs).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
