import { auditMigrations } from '../audit/schema';
import { operatorMigrations } from '../auth/operators';
import { loginThrottleMigrations } from '../auth/login-throttle';
import { settingsMigrations } from '../settings/settings';
import { syncMigrations } from '../sync/schema';
import { migrations as anagrafeMigrations } from '../anagrafe/schema';
import { migrations as pagopaMigrations } from '../pagopa/schema';
import { migrations as cieMigrations } from '../cie/schema';
import { ioMigrations } from '../io/schema';
import type { Migration } from './types';

/** Every room's schema steps; versions are global and each room owns a range (see types.ts). */
export const allMigrations: Migration[] = [
  ...settingsMigrations,
  ...operatorMigrations,
  ...loginThrottleMigrations,
  ...auditMigrations,
  ...syncMigrations,
  ...anagrafeMigrations,
  ...pagopaMigrations,
  ...cieMigrations,
  ...ioMigrations,
];
