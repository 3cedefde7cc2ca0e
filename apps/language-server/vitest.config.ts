import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Starting a server process and its first lint can take seconds when CI runs every suite at once on 2 cores.
    hookTimeout: 60_000,
  },
});
