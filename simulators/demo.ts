import { startSimulators } from './server';
import { createAllSimulators } from './all';
import type { PlatformEndpoints } from '../electron/platforms/wiring';

/** Demo mode's national platforms: every simulator on a loopback port. */
export async function startDemoPlatforms(opts: { faults?: string; port?: number } = {}) {
  const running = await startSimulators({ simulators: createAllSimulators(), faults: opts.faults, port: opts.port });
  const endpoints: PlatformEndpoints = {};
  for (const s of running.simulators) endpoints[s.name] = running.url + s.prefix;
  return { url: running.url, endpoints, close: running.close, running };
}
