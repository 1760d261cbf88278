/**
 * Builds the Electron main process and preload into dist-electron/ as CommonJS (a sandboxed
 * preload must be CommonJS). Native modules and electron stay external.
 */
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';

export default defineConfig({
  build: {
    outDir: 'dist-electron',
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    minify: false,
    rollupOptions: {
      input: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
      external: ['electron', 'better-sqlite3-multiple-ciphers', 'smartcard', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
});
