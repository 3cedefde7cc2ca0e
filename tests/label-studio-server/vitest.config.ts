import { defineConfig } from 'vitest/config';

// One Label Studio server for the whole run (global-setup.ts), shared by the files one after
// another: it is one SQLite database, and the browser tests are heavy on two cores.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
