/**
 * One save at the counter, end to end over the loopback HTTP host: `pagopa.notices.issue` (notice +
 * outbox item + audit entry, one fsync'd transaction in the encrypted store), N times at a counter's
 * pace (a pause after every burst). Prints the round trip and the back end's own time
 * (Server-Timing), p50 / p99 / max, with WAL checkpoints run while idle (Sportello's setting)
 * against the baseline of SQLite's automatic checkpoints inside commits, measured in the same run.
 *
 *   node --import tsx bench/save-latency.ts [saves=1000]
 */
import { callHostTimed, serveSportello, simControl } from '../test/support/serve';
import { tempDir } from '../test/support/tmp';
import { percentile } from '../scenario/latency';

const SAVES = Number(process.argv[2] ?? 1000);
const BURST = 25;
const PAUSE_MS = 400;

interface Figures {
  p50: number;
  p99: number;
  max: number;
}
const figures = (xs: number[]): Figures => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs) });
const text = (f: Figures) => `p50 ${f.p50.toFixed(2)}  p99 ${f.p99.toFixed(2)}  max ${f.max.toFixed(2)} ms`;

async function run(extraArgs: string[]): Promise<{ trip: Figures; server: Figures }> {
  const data = tempDir('sportello-bench-save-');
  const host = await serveSportello(['--data', data.dir, '--demo', '--demo-residents', '300', ...extraArgs], { timeoutMs: 180_000 });
  try {
    const call = async (name: string, input: unknown) => (await callHostTimed(host, name, input)).ms;
    await call('session.setup', {
      displayName: 'Pietro Sportello',
      username: 'pietro',
      password: 'segreta123',
      codiceFiscale: 'DMEPTR80A01A577B',
    });
    await simControl(host.simUrl!, 'down', { platforms: 'all', down: true }); // offline: nothing is sent meanwhile
    const dueDate = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const trip: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < SAVES; i++) {
      const t0 = performance.now();
      server.push(
        await call('pagopa.notices.issue', {
          debtor: { fullName: 'Mario Rossi', codiceFiscale: 'RSSMRA80A01H501U' },
          items: ['CIE-STATO'],
          dueDate,
          personId: null,
          appointmentId: null,
        }),
      );
      trip.push(performance.now() - t0);
      if (i % BURST === BURST - 1) await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    return { trip: figures(trip.slice(20)), server: figures(server.slice(20)) };
  } finally {
    await host.stop();
    data.cleanup();
  }
}

console.log(`save-latency: ${SAVES} notices issued over loopback HTTP, bursts of ${BURST} then ${PAUSE_MS} ms idle (first 20 not counted)`);
const idle = await run([]);
console.log(`checkpoints while idle (Sportello):   round trip ${text(idle.trip)} | back end ${text(idle.server)}`);
const sqlite = await run(['--sqlite-checkpoints']);
console.log(`baseline, SQLite checkpoints in commits: round trip ${text(sqlite.trip)} | back end ${text(sqlite.server)}`);
console.log(
  `ratio to baseline (back end): p99 ×${(idle.server.p99 / sqlite.server.p99).toFixed(2)}, max ×${(idle.server.max / sqlite.server.max).toFixed(2)}`,
);
