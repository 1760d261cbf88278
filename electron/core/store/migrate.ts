import { SportelloError } from '../errors';
import type { Db, Migration } from './types';

export interface MigrationReport {
  applied: number[];
  current: number;
}

/**
 * Applies every pending migration, in version order, inside ONE transaction: if any step
 * throws, the database is left exactly as it was and start-up stops with STORE_MIGRATION.
 */
export function migrate(db: Db, migrations: readonly Migration[]): MigrationReport {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].version === sorted[i - 1].version) {
      throw new SportelloError('STORE_MIGRATION_DUPLICATE', 'Aggiornamento del database non valido.', { version: sorted[i].version });
    }
  }
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of sorted) {
      if (done.has(m.version)) continue;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  let applied: number[];
  try {
    applied = run();
  } catch (e) {
    if (e instanceof SportelloError) throw e;
    throw new SportelloError(
      'STORE_MIGRATION',
      "Non è stato possibile aggiornare il database: nessuna modifica è stata applicata. Contattare l'assistenza.",
      { error: e instanceof Error ? e.message : String(e) },
      { cause: e },
    );
  }
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return { applied, current: row.v ?? 0 };
}
