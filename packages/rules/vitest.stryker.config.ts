// Stryker copies only this package into its sandbox, so its vitest config cannot reach the
// repository's vitest.shared.ts (reporting is irrelevant there anyway): the same tests, plainly.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
