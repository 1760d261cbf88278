/**
 * `npm run sim -- [--port <port>] [--faults <profile>] [--seed <n>] [--clock-start <instant> | --clock-offset <ms>]`: starts every platform
 * simulator on 127.0.0.1 and prints `SIM_URL=<url>` when ready.
 */
import '../clock/from-argv'; // first: the simulators load with the clock they will run on
import { parseArgs } from 'node:util';
import { createAllSimulators } from './all';
import { FAULT_PROFILES } from './faults';
import { startSimulators } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    faults: { type: 'string' },
    seed: { type: 'string' },
    /** GPD's limit per subscription key, "<calls>/<ms>" (default 100/10000, as GPD); benchmarks raise it. */
    'gpd-rate': { type: 'string' },
    /** Tests and the scenario only: the platforms' clock starts at that instant (or runs that many ms off) and flows on (clock/). */
    'clock-start': { type: 'string' },
    'clock-offset': { type: 'string' },
  },
});
if (values.faults && !FAULT_PROFILES[values.faults]) {
  console.error(`Profilo di guasti sconosciuto "${values.faults}". Profili: ${Object.keys(FAULT_PROFILES).join(', ')}`);
  process.exit(2);
}
const rate = values['gpd-rate']?.split('/').map(Number);
const { simulators, credentials, authority } = createAllSimulators({
  gpdRateLimit: rate && rate.length === 2 ? { calls: rate[0], perMs: rate[1] } : undefined,
});
const sims = await startSimulators({
  simulators,
  credentials,
  authority,
  port: Number(values.port),
  faults: values.faults,
  seed: values.seed ? Number(values.seed) : undefined,
});
console.log(`SIM_URL=${sims.url}`);
const stop = () => sims.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
