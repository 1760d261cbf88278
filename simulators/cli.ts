/**
 * `npm run sim -- [--port <port>] [--faults <profile>] [--seed <n>] [--clock-start <instant> | --clock-offset <ms>]`: starts every platform
 * simulator on 127.0.0.1 and prints `SIM_URL=<url>` when ready, then `IO_URL=<url>/io/api/v1` and which checks IO's requests get.
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
    /** IO's limit per service, "<calls>/<ms>" (default 100/10000); tests set it low through POST /_sim/io/rate-limit. */
    'io-rate': { type: 'string' },
    /** Tests and the scenario only: the platforms' clock starts at that instant (or runs that many ms off) and flows on (clock/). */
    'clock-start': { type: 'string' },
    'clock-offset': { type: 'string' },
  },
});
if (values.faults && !FAULT_PROFILES[values.faults]) {
  console.error(`Profilo di guasti sconosciuto "${values.faults}". Profili: ${Object.keys(FAULT_PROFILES).join(', ')}`);
  process.exit(2);
}
const rateOf = (spec: string | undefined) => {
  const r = spec?.split('/').map(Number);
  return r && r.length === 2 ? { calls: r[0], perMs: r[1] } : undefined;
};
const { simulators, credentials, authority } = createAllSimulators({
  gpdRateLimit: rateOf(values['gpd-rate']),
  ioRateLimit: rateOf(values['io-rate']),
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
const io = sims.stats().io as { validation?: string } | undefined;
if (io) {
  const how = io.validation === 'openapi' ? "l'OpenAPI ufficiale di IO (../shared/data/io)" : 'i controlli interni (OpenAPI di IO assente)';
  console.log(`IO_URL=${sims.url}/io/api/v1 (richieste verificate con ${how})`);
}
const stop = () => sims.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
