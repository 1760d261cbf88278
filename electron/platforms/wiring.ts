import type { Logger } from '../core/log';
import type { Db } from '../core/store/types';
import type { Adapter, ItemHandler } from '../core/sync/types';

/** Base URLs of the national platforms; in demo mode those of the local simulators. */
export interface PlatformEndpoints {
  anpr?: string;
  gpd?: string;
  agenda?: string;
}

/** Builds the adapter of every configured platform and the item handlers of every room. */
export function buildPlatforms(_db: Db, _endpoints: PlatformEndpoints | undefined, _log: Logger): { adapters: Adapter[]; handlers: ItemHandler[] } {
  return { adapters: [], handlers: [] };
}
