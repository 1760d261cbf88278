import { startSimulators } from './server';
import { createAllSimulators } from './all';
import type { PlatformEndpoints } from '../electron/platforms/wiring';

/** Demo mode's national platforms: every simulator on one loopback port. */
export async function startDemoPlatforms(opts: { faults?: string; port?: number } = {}) {
  const { simulators, credentials, authority } = createAllSimulators();
  const running = await startSimulators({ simulators, credentials, authority, faults: opts.faults, port: opts.port });
  return { url: running.url, endpoints: demoEndpoints(running.url), close: running.close, running };
}

/** Where demo Sportello finds each simulated platform, and the demo certificates. */
export function demoEndpoints(simUrl: string): PlatformEndpoints {
  return {
    anpr: `${simUrl}/anpr`,
    gpd: `${simUrl}/gpd`,
    agenda: `${simUrl}/agenda`,
    io: `${simUrl}/io`,
    demoCredentialsUrl: `${simUrl}/_sim/demo-credentials`,
  };
}
