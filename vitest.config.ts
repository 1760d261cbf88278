import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const nm = (p: string) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // design-react-kit only exports non-standard conditions, and bootstrap-italia's UMD main flips
    // NODE_ENV to production when imported in Node (see research/toolchain.md §5).
    alias: [
      { find: /^design-react-kit$/, replacement: nm('design-react-kit/dist/index.js') },
      { find: /^bootstrap-italia$/, replacement: nm('bootstrap-italia/dist/bootstrap-italia.esm.js') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    server: { deps: { inline: ['design-react-kit', 'bootstrap-italia'] } },
  },
});
