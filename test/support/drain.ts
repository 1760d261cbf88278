/**
 * Helpers for tests that drain a queue of GPD items into a separate simulator process and count,
 * through its `/_sim/stats`, what it applied (crash and kill -9 tests).
 */
import { getWorkstation } from '../../electron/core/settings/workstation';
import { keyFileProvider } from '../../electron/core/store/key-file';
import { openStore } from '../../electron/core/store/store';
import { cancelNotice, issueCieFee } from './pagopa-fixture';

export interface GpdStats {
  applied: number;
  appliedTwice: number;
  repeats: number;
  requests: number;
  rejections: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function gpdStats(simUrl: string): Promise<GpdStats> {
  return ((await (await fetch(`${simUrl}/_sim/stats`)).json()) as { gpd: GpdStats }).gpd;
}

/** Waits until the simulator has applied `n` items, or `timeoutMs` has passed (the assertions say which). */
export async function untilApplied(simUrl: string, n: number, timeoutMs: number): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while ((await gpdStats(simUrl)).applied < n && Date.now() < giveUpAt) await sleep(10);
}

/**
 * Records the Comune's day of work while no host runs: `notices` CIE-fee notices, the first
 * `cancelled` of them cancelled (each a second outbox item). The folder must have been started once.
 */
export function recordNoticesOffline(dataDir: string, notices: number, cancelled: number): void {
  const store = openStore(dataDir, keyFileProvider);
  try {
    const actor = { operatorId: 'clerk', workstationId: getWorkstation(store.db).id };
    const issued = Array.from({ length: notices }, (_, i) => issueCieFee(store.db, actor, i));
    for (const n of issued.slice(0, cancelled)) cancelNotice(store.db, actor, n.id, 'Emesso per errore');
  } finally {
    store.db.close();
  }
}
