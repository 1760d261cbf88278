import type { Actor } from '../../../electron/core/store/types';
import { openTestDb as openSupportDb, type TestDb } from '../../support/db';

export const clerk: Actor = { operatorId: 'op-test', workstationId: 'ws-test' };

/** The app's encrypted store in a temp dir (test/support/db.ts). */
export function openTestDb(): TestDb {
  return openSupportDb({ prefix: 'sportello-cie-' });
}
