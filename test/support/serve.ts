import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../scripts/build.mjs';
import { clockArgs } from './clock';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServedSportello {
  proc: ChildProcess;
  /** http://127.0.0.1:port */
  base: string;
  /** The launch URL with the token fragment. */
  url: string;
  token: string;
  simUrl: string | null;
  output: () => string;
  /** Stops the host by PID (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

let built: Promise<unknown> | null = null;
/**
 * What ships: the bundled back end and the built UI, (re)built first when missing or stale for the
 * current sources (scripts/build.mjs; once per test process, concurrent workers wait for one build).
 */
export function builtForTests(): Promise<unknown> {
  built ??= ensureBuilt(['ui', 'server'], { log: (l) => console.warn(l) });
  return built;
}

/** Starts the bundled back end (dist/server/serve.mjs, from electron/serve.ts) as a child process and waits for its SPORTELLO_URL line. */
export async function serveSportello(
  args: string[],
  opts: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv /** Instead of the bundle: e.g. ['bin/sportello-start.mjs'] (npm start). */;
    entry?: string[];
  } = {},
): Promise<ServedSportello> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  await builtForTests();
  const proc = spawn(process.execPath, [...(opts.entry ?? ['dist/server/serve.mjs']), ...args, ...clockArgs(args)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /SPORTELLO_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  const base = url.split('/#')[0];
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const stopWith = async (sig: NodeJS.Signals) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(sig);
    const t = setTimeout(() => proc.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  };
  return {
    proc,
    base,
    url,
    token: /[#&]token=([A-Za-z0-9_-]+)/.exec(url)![1],
    simUrl: /SIM_URL=(\S+)/.exec(out)?.[1] ?? null,
    output: () => out,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
  };
}

/** Starts `electron/serve.ts` expecting it to stop by itself (a refused start): its exit code and all it said. */
export function serveUntilExit(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/serve.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** Controls the simulators of a served host (demo mode): take platforms down or up, faults, stats. */
export async function simControl(simUrl: string, path: 'down' | 'faults' | 'stats' | 'reset' | 'clock', body?: unknown) {
  const res = await fetch(`${simUrl}/_sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

/** A launch token that is not this one: its last character changed. */
export const staleToken = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

/** Calls a procedure of a served host over HTTP, as scripts do (the page uses its socket). */
export async function callHost(s: Pick<ServedSportello, 'base' | 'token'>, name: string, input: unknown = {}) {
  const res = await fetch(`${s.base}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.token}`, Origin: s.base, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const ms = Number(/app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1]);
  return {
    status: res.status,
    ms,
    body: (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string; field?: string } },
  };
}

/** Calls a procedure that must succeed, and returns its data with the back end's own time (Server-Timing), for benchmarks. */
export async function callHostTimed(
  s: Pick<ServedSportello, 'base' | 'token'>,
  name: string,
  input: unknown = {},
): Promise<{ ms: number; data: any }> {
  const { body, ms } = await callHost(s, name, input);
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return { ms, data: body.data };
}
