import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../../vitest.shared.js';

export default defineConfig({
  // Rendering a PDF with an embedded CJK font takes a few seconds on a busy 2-core machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, ...reporting('documents'), ...ordering() },
});
