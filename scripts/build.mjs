#!/usr/bin/env node
/**
 * Builds what browser mode runs, only when missing or stale:
 *   - the UI (vite) into dist/renderer/;
 *   - the back end (esbuild) into dist/server/: serve.mjs (electron/serve.ts), sim.mjs
 *     (simulators/cli.ts), admin.mjs (electron/admin/cli.ts) and demo-pki-worker.mjs, TypeScript
 *     compiled here and not at start.
 * Each build leaves a stamp beside its output (dist/<part>.stamp.json): the SHA-256 of every source
 * file the build read, plus the lock file and this script. A part is fresh when every file in its
 * stamp still hashes the same.
 *
 *   node scripts/build.mjs [ui|server ...] [--force] [--check] [--quiet]
 *   import { ensureBuilt } from './scripts/build.mjs'
 *
 * Pure-JavaScript packages are bundled too (resolving and loading hundreds of node_modules files
 * was the largest cost of a start); the few in RUNTIME_EXTERNAL stay in node_modules and are
 * loaded by Node at run time.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const SELF = fileURLToPath(import.meta.url);
/** Inputs every part depends on besides its sources. */
const COMMON_INPUTS = ['package-lock.json', relative(ROOT, SELF)];

const rel = (p) => relative(ROOT, p).split(sep).join('/');
const sha = (file) => {
  try {
    return createHash('sha256')
      .update(readFileSync(join(ROOT, file)))
      .digest('hex');
  } catch {
    return null; // gone: stale
  }
};
const stampPath = (part) => join(DIST, `${part}.stamp.json`);

const PARTS = {
  ui: { output: join(DIST, 'renderer', 'index.html'), build: buildUi },
  server: { output: join(DIST, 'server', 'serve.mjs'), build: buildServer },
};

/** Why a part must be built, or null when it is fresh. */
export function staleReason(part) {
  const p = PARTS[part];
  if (!existsSync(p.output)) return 'non compilata';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(part), 'utf8'));
  } catch {
    return 'senza impronta dei sorgenti';
  }
  for (const [file, hash] of Object.entries(stamp.inputs ?? {})) {
    if (sha(file) !== hash) return `sorgente cambiato: ${file}`;
  }
  return null;
}

function writeStamp(part, files) {
  const inputs = {};
  for (const f of [...new Set([...files, ...COMMON_INPUTS])].sort()) inputs[f] = sha(f);
  writeFileSync(stampPath(part), JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 1));
}

/** Our own source files among a build's inputs (node_modules and virtual modules left out). */
const ownSources = (paths) =>
  paths
    .map((p) => (p.startsWith('\0') ? null : resolve(ROOT, p.split('?')[0])))
    .filter((p) => p && p.startsWith(ROOT) && !p.includes(`${sep}node_modules${sep}`) && existsSync(p))
    .map(rel);

async function buildUi() {
  const { build } = await import('vite');
  const ids = new Set();
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    // Rolldown's "plugin timings" notice is advice for plugin authors, not a warning about this build.
    build: { rolldownOptions: { checks: { bundlerTimings: false } } },
    plugins: [
      {
        name: 'sportello-build-inputs',
        generateBundle() {
          for (const id of this.getModuleIds()) ids.add(id);
        },
      },
    ],
  });
  writeStamp('ui', [...ownSources([...ids]), 'vite.config.ts', ...listFiles('renderer/public')]);
}

/** Files copied as they are (vite's public folder), relative to the root. */
function listFiles(dir) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => rel(join(e.parentPath, e.name)));
}

/**
 * Every module keeps its own `import.meta.url`, so paths it resolves relative to itself (fonts in
 * assets/, the official XSDs in ../shared/data, packages required from its folder) mean the same
 * bundled as from source. The demo PKI worker is the exception: it is its own entry in dist/server.
 */
const KEEP_BUNDLE_URL = new Set(['simulators/demo-pki.ts']);
const ownModuleUrl = (outDir) => ({
  name: 'sportello-module-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mts)$/ }, (args) => {
      if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      if (!KEEP_BUNDLE_URL.has(rel(args.path)) && contents.includes('import.meta.url')) {
        const fromOut = relative(outDir, args.path).split(sep).join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`);
      }
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
});

/**
 * Packages loaded from node_modules at run time instead of bundled: native modules (they must be),
 * and packages that read their own files beside their code (pdfkit's and fontkit's font data,
 * the OpenJPEG wasm) or are not needed at start (tsx: only the admin CLI and the test bed).
 */
const RUNTIME_EXTERNAL = ['better-sqlite3-multiple-ciphers', 'smartcard', 'pdfkit', 'fontkit', '@cornerstonejs/codec-openjpeg', 'tsx'];

async function buildServer() {
  const esbuild = await import('esbuild');
  const outDir = join(DIST, 'server');
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: {
      serve: 'electron/serve.ts',
      sim: 'simulators/cli.ts',
      admin: 'electron/admin/cli.ts',
      'demo-pki-worker': 'simulators/demo-pki-worker.bundle.ts',
    },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: RUNTIME_EXTERNAL,
    // CommonJS packages bundled into ES modules still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __sportelloRequire } from 'node:module'; const require = __sportelloRequire(import.meta.url);",
    },
    outExtension: { '.js': '.mjs' },
    // Chunks beside the entries: every file's import.meta.url is then dist/server/, as ownModuleUrl assumes.
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    plugins: [ownModuleUrl(outDir)],
  });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  writeStamp('server', ownSources(Object.keys(result.metafile.inputs)));
}

/**
 * Builds each part that is missing or stale; `log` says what and why. Returns the parts built.
 * Concurrent callers (test workers) are serialised by a lock folder.
 */
export async function ensureBuilt(parts = ['ui', 'server'], { force = false, log = console.log } = {}) {
  const built = [];
  mkdirSync(DIST, { recursive: true });
  for (const part of parts) {
    if (!force && staleReason(part) === null) continue;
    await withLock(join(DIST, `.${part}.lock`), async () => {
      const why = force ? 'ricompilazione richiesta' : staleReason(part);
      if (why === null) return; // built by someone else meanwhile
      const t0 = Date.now();
      await PARTS[part].build();
      built.push(part);
      log(`Compilata ${part === 'ui' ? 'l’interfaccia' : 'la parte server'} (${why}) in ${Date.now() - t0} ms.`);
    });
  }
  return built;
}

async function withLock(dir, fn) {
  for (let i = 0; ; i++) {
    try {
      mkdirSync(dir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (i > 1200) rmSync(dir, { recursive: true, force: true }); // a builder killed mid-way (2 min)
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const args = process.argv.slice(2);
  const parts = args.filter((a) => a in PARTS);
  if (args.includes('--check')) {
    let stale = 0;
    for (const p of parts.length ? parts : Object.keys(PARTS)) {
      const why = staleReason(p);
      console.log(`${p}: ${why ?? 'aggiornata'}`);
      if (why) stale++;
    }
    process.exit(stale ? 1 : 0);
  }
  const quiet = args.includes('--quiet');
  // Progress on stderr: stdout stays for the SPORTELLO_URL / SIM_URL line of what runs next.
  const built = await ensureBuilt(parts.length ? parts : undefined, { force: args.includes('--force'), log: (l) => console.error(l) });
  if (built.length === 0 && !quiet) console.error('Già compilato per i sorgenti attuali.');
}
