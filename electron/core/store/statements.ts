import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from './types';

// Prepared once per connection, for statements on hot paths (outbox, audit).
const cache = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
