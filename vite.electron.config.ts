/**
 * Builds the Electron main process and preload into dist-electron/ as CommonJS (a sandboxed
 * preload must be CommonJS). Native modules and electron stay external.
 *
 * Two builds (`npm run build:electron` runs both): the main process, then `--mode preload`. A
 * sandboxed preload can require nothing but `electron` and a few Node modules, so it must be one
 * file: built beside main.ts, what both import (electron/ipc-channels.ts) would become a shared chunk
 * that the preload could not load.
 */
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';

export default defineConfig(({ mode }) => {
  const entry = mode === 'preload' ? 'preload' : 'main';
  return {
    build: {
      outDir: 'dist-electron',
      emptyOutDir: entry === 'main',
      target: 'node20',
      ssr: true,
      minify: false,
      rollupOptions: {
        input: { [entry]: `electron/${entry}.ts` },
        external: [
          'electron',
          'better-sqlite3-multiple-ciphers',
          'smartcard',
          ...builtinModules,
          ...builtinModules.map((m) => `node:${m}`),
        ],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  };
});
