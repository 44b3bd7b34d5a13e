// Stryker copies only this package into its sandbox, so its vitest config cannot reach the
// repository's vitest.shared.ts. The mutation run uses the unit tests and the integration tests
// that exercise HTTP, auth and the bus against real PostgreSQL and NATS, one file at a time.
import { defineConfig } from 'vitest/config';

// stryker.core.config.mjs narrows the run to one module's tests through JIR_MUTATION_TESTS.
const narrowed = process.env['JIR_MUTATION_TESTS']?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    include: narrowed ?? [
      'test/kit.test.ts',
      'test/token-rules.test.ts',
      'test/http-kit.int.test.ts',
      'test/routes-authorize.int.test.ts',
      'test/bad-input.int.test.ts',
      'test/outbox-inbox.int.test.ts',
      'test/poison.int.test.ts',
      'test/unit-of-work.int.test.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
