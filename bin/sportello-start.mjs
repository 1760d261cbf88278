#!/usr/bin/env node
// `npm start`: the desktop app where an Electron binary exists, otherwise browser mode (said in
// one line). Arguments after `--` go to browser mode (e.g. --data, --port, --demo).
// Browser mode runs the bundled back end (scripts/build.mjs builds it, and the UI, only when
// missing or stale) under scripts/supervise.mjs, which restarts it if it dies.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../scripts/build.mjs';
import { supervise } from '../scripts/supervise.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron'); // the package exports the binary's path
    return typeof path === 'string' ? path : null;
  } catch {
    return null; // binary not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD) or not installable here
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const log = (line) => console.error(line);
const electron = electronBinary();
if (electron) {
  await ensureBuilt(['ui'], { log });
  const build = spawn('npm', ['run', '-s', 'build:electron'], { cwd: root, stdio: 'inherit' });
  build.on('exit', (code) => (code === 0 ? run(electron, ['.', ...args]) : process.exit(code ?? 1)));
} else {
  console.log('Electron non è disponibile su questa macchina: avvio Sportello in modalità browser.');
  await ensureBuilt(['ui', 'server'], { log });
  supervise({ cwd: root, command: process.execPath, args: ['dist/server/serve.mjs', ...args] });
}
