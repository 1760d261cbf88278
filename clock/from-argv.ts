/**
 * Imported first by the entry points of the host (electron/serve.ts) and the simulators
 * (simulators/cli.ts), so that every other module already sees the shifted clock when it loads.
 */
import { clockFromArgs, shiftClock } from './clock';

let offset: number | null;
try {
  offset = clockFromArgs(process.argv.slice(2));
} catch (e) {
  console.error(`Opzione non valida: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
if (offset !== null) shiftClock(offset);
