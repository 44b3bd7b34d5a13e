import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['system/**/*.test.ts', 'faults/**/*.test.ts'],
    testTimeout: 120_000,
    // Starting four services takes over two minutes when other test runs share the two cores.
    hookTimeout: 300_000,
    fileParallelism: false,
    ...reporting('system'),
    ...ordering(),
  },
});
