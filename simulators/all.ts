import type { PlatformSimulator } from './types';

/** One instance of every platform simulator, as demo mode and `npm run sim` mount them. */
export function createAllSimulators(): PlatformSimulator[] {
  return [];
}
