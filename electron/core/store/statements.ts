import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from './types';

const REMEMBERED = 1000;

/**
 * Makes `db.prepare` prepare each SQL text once per connection. The rooms prepare their
 * statements where they use them; compiling them again on every save cost about a tenth of it.
 * A statement still busy in an iteration is not handed out again: a fresh one is prepared.
 */
export function preparedOnce(db: Db): void {
  const prepare = db.prepare.bind(db);
  const known = new Map<string, Statement>();
  db.prepare = ((sql: string) => {
    const cached = known.get(sql);
    if (cached && !cached.busy) return cached;
    const fresh = prepare(sql);
    if (!cached) {
      if (known.size >= REMEMBERED) known.delete(known.keys().next().value!);
      known.set(sql, fresh);
    }
    return fresh;
  }) as Db['prepare'];
}
