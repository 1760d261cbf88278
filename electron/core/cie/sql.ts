/** Prepared statements cached per connection: the agenda's read paths run the same few queries many times. */
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../store/types';

const caches = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

export function stmt(db: Db, sql: string): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
