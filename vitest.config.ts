import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const nm = (p: string) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // bootstrap-italia's UMD main flips NODE_ENV to production when imported in Node (see
    // research/toolchain.md §5).
    alias: [{ find: /^bootstrap-italia$/, replacement: nm('bootstrap-italia/dist/bootstrap-italia.esm.js') }],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // SPORTELLO_TEST_CLOCK_START=23:50: every file on a clock starting then (test/support/clock.ts).
    setupFiles: ['./test/support/clock-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    server: { deps: { inline: ['bootstrap-italia'] } },
  },
});
