import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../../vitest.shared.js';

// One seed for both projects, so a shuffled failure reproduces with it.
const order = ordering();

export default defineConfig({
  test: {
    ...reporting('service-kit'),
    ...order,
    projects: [
      {
        test: { ...order, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.int.test.ts'] },
      },
      {
        test: {
          ...order,
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Fault tests stop servers and kill processes: one file at a time keeps them from disturbing each other.
          fileParallelism: false,
        },
      },
    ],
  },
});
