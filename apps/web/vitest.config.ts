import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../../vitest.shared.js';

// Shuffled like every package's tests (each browser test makes the data it looks at); the seed is
// the run's, so the root's sequence orders both projects.
const order = ordering();

export default defineConfig({
  test: {
    ...reporting('web'),
    ...order,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One system (four services and the web server) for every browser test file of a run,
          // started only when a browser test is selected (vitest runs a project's global setup
          // only then).
          globalSetup: ['test/e2e/global-setup.ts'],
          // One file at a time: each drives its own chromium against the shared system, and two
          // browsers at once on two cores slowed every page past the tests' waits.
          fileParallelism: false,
          // A browser test that fails once is run once more against the same system: pages on a
          // shared two-core machine sometimes outlast a wait. A test that fails twice fails the run,
          // and vitest's report names every retried test.
          retry: 1,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
