// `npm start` in browser mode (bin/sportello-start.mjs): a back end that dies (kill -9) is started
// again after a back-off and the console and the log say so; a back end that refuses its data folder
// (exit 3) is not restarted; SIGTERM to the launcher stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtForTests, callHost, ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';

interface Launcher {
  proc: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const running: Launcher[] = [];
const dirs: { cleanup(): void }[] = [];
afterEach(async () => {
  for (const l of running.splice(0)) {
    if (l.proc.exitCode === null && l.proc.signalCode === null) l.proc.kill('SIGTERM');
    await l.exited;
  }
  for (const d of dirs.splice(0)) d.cleanup();
});

function launch(args: string[]): Launcher {
  const proc = spawn(process.execPath, ['bin/sportello-start.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const l = { proc, output: () => out, exited };
  running.push(l);
  return l;
}

async function until<T>(what: string, l: Launcher, probe: () => T | null | undefined, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}:\n${l.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const urls = (l: Launcher) => [...l.output().matchAll(/SPORTELLO_URL=(\S+)/g)].map((m) => m[1]);
/** The launcher's child processes, from /proc (the back end is its only one). */
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
const hostOf = (url: string) => ({ base: url.split('/#')[0], token: /[#&]token=([A-Za-z0-9_-]+)/.exec(url)![1] });

describe('npm start keeps browser mode’s back end running', { timeout: 120_000 }, () => {
  it('restarts a back end killed with SIGKILL, says so, and the new address answers', async () => {
    await builtForTests();
    const data = tempDir('sportello-restart-');
    dirs.push(data);
    const l = launch(['--data', data.dir, '--demo', '--demo-residents', '20']);
    const first = await until('the first SPORTELLO_URL', l, () => urls(l)[0]);
    expect((await callHost(hostOf(first), 'session.get')).body.ok).toBe(true);
    const [backEnd] = childrenOf(l.proc.pid!);
    expect(backEnd).toBeGreaterThan(0);

    process.kill(backEnd, 'SIGKILL');
    await until('the restart notice', l, () =>
      /chiuso inaspettatamente \(segnale SIGKILL\).*riavvio tra 1 s \(riavvio n\. 1\)/.test(l.output()),
    );
    const second = await until('a second SPORTELLO_URL', l, () => urls(l)[1]);
    expect(second).not.toBe(first);
    const [again] = childrenOf(l.proc.pid!);
    expect(again).not.toBe(backEnd);
    const session = await callHost(hostOf(second), 'session.get');
    expect(session.body.ok, JSON.stringify(session.body)).toBe(true);

    const log = readFileSync(join(data.dir, 'logs', 'sportello.log'), 'utf8');
    const restarted = log.split('\n').filter((line) => line.includes('"event":"host.restarted"'));
    expect(restarted).toHaveLength(1);
    expect(JSON.parse(restarted[0])).toMatchObject({ level: 'warn', cause: 'signal SIGKILL', restarts: 1, delayMs: 1000 });

    l.proc.kill('SIGTERM');
    expect(await l.exited).toBe(0);
    expect(() => process.kill(again, 0)).toThrow(); // the back end went with it
  });

  it('does not restart a back end that refuses its data folder (exit 3), nor wrong usage (exit 2)', async () => {
    await builtForTests();
    const data = tempDir('sportello-restart-');
    dirs.push(data);
    mkdirSync(data.dir, { recursive: true });
    writeFileSync(join(data.dir, 'sportello.db'), Buffer.alloc(8192, 7)); // not a database this key opens
    const refused = launch(['--data', data.dir, '--demo']);
    expect(await refused.exited).toBe(3);
    expect(refused.output()).toContain('[STORE_KEY]');
    expect(refused.output()).not.toContain('riavvio');

    const wrong = launch(['--no-such-option']);
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toContain('Opzione non valida');
    expect(wrong.output()).not.toContain('riavvio');
  });
});
