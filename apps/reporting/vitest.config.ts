import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    ...reporting('reporting'),
    ...ordering(),
  },
});
