import { spawn, type ChildProcess } from 'node:child_process';
import { clockArgs } from './clock';
import { builtForTests, ROOT } from './serve';

/** `npm run sim` (the bundled dist/server/sim.mjs) as a separate process (it outlives the hosts a test kills). */
export async function startSimProcess(args: string[] = []): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  await builtForTests();
  const proc = spawn(process.execPath, ['dist/server/sim.mjs', ...args, ...clockArgs(args)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulators did not start:\n${out}`)), 30_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /SIM_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`simulators exited ${c}:\n${out}`));
    });
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url,
    proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}
