/**
 * The CIE test bed: a private network namespace (vpcd listens on all interfaces), a private pcscd
 * socket (bind-mounted over /run/pcscd in a private mount namespace, reached with
 * PCSCLITE_CSOCK_NAME), the real pcscd with the vpcd driver, and the virtual CIE. Everything is
 * started here, stopped by PID and cleaned up. Reusable by integration, E2E and benchmark code.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personalise, type Personalisation, type PersonaliseOptions } from './personalise';

const VPCD_CONF = '/etc/reader.conf.d/vpcd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

function which(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the test bed cannot run here, or null when it can. */
export function testbedUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the CIE test bed needs Linux';
  if (process.getuid?.() !== 0) return 'the CIE test bed needs root (ip netns, mount namespaces)';
  for (const cmd of ['pcscd', 'ip', 'unshare', 'openssl'])
    if (!which(cmd)) return `${cmd} is not installed (scripts/install-system-deps.sh)`;
  if (!existsSync(VPCD_DRIVER) || !existsSync(VPCD_CONF)) return 'vsmartcard-vpcd is not installed (scripts/install-system-deps.sh)';
  return null;
}

export interface CardRunOptions {
  forgedSod?: boolean;
  noExtended?: boolean;
  iasNotFound?: boolean;
  maxRead?: number;
  /** Drop off the reader after this many APDUs, come back after `awayMs`. */
  pullAfter?: number;
  awayMs?: number;
}

export interface CieTestbed {
  readonly personalisation: Personalisation;
  readonly cscaPem: string;
  /** Set PCSCLITE_CSOCK_NAME to this in any process that should see the virtual reader (done for this process). */
  readonly socketPath: string;
  /** The reader the virtual card sits in. */
  readonly readerName: string;
  /** Starts (or restarts with new behaviour) the virtual card and waits until pcscd sees it. */
  insertCard(options?: CardRunOptions): Promise<void>;
  removeCard(): Promise<void>;
  /** Kills pcscd and starts a new one (the card reconnects by itself). */
  restartPcscd(): Promise<void>;
  /** Lines the card process printed (events like "pulled"). */
  cardOutput(): string;
  pcscdLog(): string;
  stop(): Promise<void>;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopProcess(p: ChildProcess | null): Promise<void> {
  if (!p || p.exitCode !== null || p.signalCode !== null || !p.pid) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  if (!killed) {
    p.kill('SIGKILL');
    await exited;
  }
}

export interface TestbedOptions extends PersonaliseOptions {
  /** Reuse an existing personalisation instead of generating keys again. */
  personalisation?: Personalisation;
}

export async function startCieTestbed(options: TestbedOptions = {}): Promise<CieTestbed> {
  const reason = testbedUnavailableReason();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), 'sportello-cie-bed-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'conf');
  mkdirSync(runDir);
  mkdirSync(confDir);
  copyFileSync(VPCD_CONF, join(confDir, 'vpcd'));
  const ns = `sportello-cie-${process.pid}-${randomBytes(3).toString('hex')}`;
  const pcscdLogPath = join(dir, 'pcscd.log');
  const socketPath = join(runDir, 'pcscd.comm');
  process.env.PCSCLITE_CSOCK_NAME = socketPath;

  let pcscd: ChildProcess | null = null;
  let card: ChildProcess | null = null;
  let cardOut = '';
  let nsCreated = false;

  const log = () => (existsSync(pcscdLogPath) ? readFileSync(pcscdLogPath, 'utf8') : '');

  const startPcscd = async () => {
    rmSync(socketPath, { force: true });
    rmSync(join(runDir, 'pcscd.pid'), { force: true });
    const fd = openSync(pcscdLogPath, 'a');
    const before = log().length;
    pcscd = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'unshare',
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `mkdir -p /run/pcscd && mount --bind "${runDir}" /run/pcscd && exec pcscd --foreground --apdu --debug -c "${confDir}"`,
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    await waitFor(() => log().slice(before).includes('daemon ready') && existsSync(socketPath), 'pcscd to start');
  };

  const startCard = async (o: CardRunOptions) => {
    const before = log().length;
    const args = ['--import', 'tsx', join(HERE, 'main.ts'), '--profile', personalisation.profilePath];
    if (o.forgedSod) args.push('--forged-sod');
    if (o.noExtended) args.push('--no-extended');
    if (o.iasNotFound) args.push('--ias-6a82');
    if (o.maxRead) args.push('--max-read', String(o.maxRead));
    if (o.pullAfter !== undefined) args.push('--pull-after', String(o.pullAfter));
    if (o.awayMs !== undefined) args.push('--away-ms', String(o.awayMs));
    const seen = () => /Card inserted|Card ATR/.test(log().slice(before));
    const launch = () => {
      const child = spawn('ip', ['netns', 'exec', ns, process.execPath, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      card = child;
      child.stdout!.on('data', (d) => (cardOut += d.toString()));
      child.stderr!.on('data', (d) => (cardOut += d.toString()));
    };
    launch();
    // Under a loaded test run, a card process has once started too slowly for pcscd to see it in
    // time: lay it on the reader once more before giving up.
    try {
      await waitFor(seen, 'pcscd to see the virtual card', 20_000);
    } catch {
      await stopProcess(card);
      launch();
      await waitFor(seen, 'pcscd to see the virtual card (second try)', 30_000);
    }
  };

  execFileSync('ip', ['netns', 'add', ns]);
  nsCreated = true;
  let personalisation: Personalisation;
  try {
    execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    personalisation = options.personalisation ?? (await personalise(join(dir, 'card'), options));
    await startPcscd();
  } catch (e) {
    await stopProcess(pcscd);
    if (nsCreated) execFileSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const bed: CieTestbed = {
    personalisation,
    cscaPem: readFileSync(personalisation.cscaPemPath, 'utf8'),
    socketPath,
    readerName: 'Virtual PCD 00 00',
    async insertCard(o: CardRunOptions = {}) {
      await stopProcess(card);
      card = null;
      await startCard(o);
    },
    async removeCard() {
      const before = log().length;
      await stopProcess(card);
      card = null;
      await waitFor(
        () => log().slice(before).includes('Card Removed') || log().slice(before).includes('removed'),
        'card removal',
        5000,
      ).catch(() => {});
    },
    async restartPcscd() {
      await stopProcess(pcscd);
      pcscd = null;
      const before = log().length;
      await startPcscd();
      if (card) await waitFor(() => /Card inserted|Card ATR/.test(log().slice(before)), 'the card to come back', 20_000);
    },
    cardOutput: () => cardOut,
    pcscdLog: log,
    async stop() {
      await stopProcess(card);
      await stopProcess(pcscd);
      try {
        execFileSync('ip', ['netns', 'del', ns]);
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return bed;
}
