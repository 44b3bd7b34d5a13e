import { defineConfig } from 'vitest/config';
import { ordering, reporting } from '../../vitest.shared.js';

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], ...reporting('documents'), ...ordering() },
});
