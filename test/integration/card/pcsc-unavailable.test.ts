// native/pcsc-reader's loader on a PC where PC/SC cannot be loaded says why, and never throws: the
// `smartcard` module absent (module-missing), and the system's libpcsclite unusable (library-missing:
// in a private mount namespace the library file is replaced by an empty one, as after a broken install).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/serve';
import { tempDir } from '../../support/tmp';

const LIB = ['/usr/lib/x86_64-linux-gnu/libpcsclite.so.1.0.0', '/usr/lib/aarch64-linux-gnu/libpcsclite.so.1.0.0'].find((p) =>
  existsSync(p),
);
function namespaceUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'not root (unshare -m needs it)';
  if (!LIB) return 'libpcsclite is not installed here';
  try {
    createRequire(import.meta.url)('smartcard');
  } catch {
    return 'the smartcard module is not built here';
  }
  return spawnSync('unshare', ['-m', 'true']).status === 0 ? null : 'unshare -m is not permitted';
}
const skipNamespace = namespaceUnavailable();
if (skipNamespace) console.warn(`skipping the library-missing case: ${skipNamespace}`);

/** Runs loadPcsc() in a fresh Node process (the loader caches its answer), optionally inside a mount namespace. */
function loadIn(env: NodeJS.ProcessEnv, wrap: (cmd: string[]) => string[] = (c) => c) {
  const cmd = wrap([
    process.execPath,
    '--import',
    'tsx',
    '-e',
    'import("./native/pcsc-reader.ts").then((m) => { const l = m.loadPcsc(); console.log(JSON.stringify({ ok: l.ok, reason: l.reason, detail: l.detail })); })',
  ]);
  return JSON.parse(
    execFileSync(cmd[0], cmd.slice(1), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!,
  );
}

describe('loading PC/SC where it cannot be loaded', { timeout: 60_000 }, () => {
  it('the module absent: module-missing', () => {
    const t = tempDir();
    try {
      expect(loadIn({ SPORTELLO_PCSC_MODULE: join(t.dir, 'smartcard') })).toMatchObject({ ok: false, reason: 'module-missing' });
    } finally {
      t.cleanup();
    }
  });

  it.skipIf(skipNamespace !== null)('libpcsclite unusable: library-missing, naming the library', () => {
    const t = tempDir();
    try {
      const empty = join(t.dir, 'empty');
      writeFileSync(empty, '');
      const answer = loadIn({}, (c) => [
        'unshare',
        '-m',
        'sh',
        '-c',
        'mount --make-rprivate / && mount --bind "$0" "$1" && shift && exec "$@"',
        empty,
        LIB!,
        ...c,
      ]);
      expect(answer).toMatchObject({ ok: false, reason: 'library-missing' });
      expect(answer.detail).toMatch(/libpcsclite/);
    } finally {
      t.cleanup();
    }
  });

  it.skipIf(skipNamespace !== null)('with PC/SC in place the same loader loads it', () => {
    expect(loadIn({})).toMatchObject({ ok: true });
  });
});
