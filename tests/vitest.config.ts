import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // label-studio-server/ is its own workspace (one real Label Studio server for its run).
    exclude: ['**/node_modules/**', '.tmp/**', 'label-studio-server/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
