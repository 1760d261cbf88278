/**
 * The demo Comune's residents, computed here exactly as demo mode seeds them (same generator, same
 * seed), in a throw-away in-memory database: the day's script can name its citizens before the
 * app starts, and the app, seeded with at least as many residents, holds the same people.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { migrations as anagrafeMigrations } from '../electron/core/anagrafe/schema';
import { seedDemoComune, type DemoPerson } from '../electron/core/anagrafe/demo';
import { auditMigrations } from '../electron/core/audit/schema';
import { migrate } from '../electron/core/store/migrate';
import { syncMigrations } from '../electron/core/sync/schema';

export type Resident = DemoPerson;

export interface Registry {
  residents: Resident[];
  families: Map<string, Resident[]>;
}

export function demoResidents(count: number): Registry {
  const db = new Database(':memory:');
  try {
    migrate(db, [...auditMigrations, ...syncMigrations, ...anagrafeMigrations]);
    const residents = seedDemoComune(db, { persons: count });
    const families = new Map<string, Resident[]>();
    for (const r of residents) families.set(r.familyId, [...(families.get(r.familyId) ?? []), r]);
    return { residents, families };
  } finally {
    db.close();
  }
}
