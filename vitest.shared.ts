// Shared by the packages' vitest configs: when scripts/test-all.sh runs,
// each run also writes a JSON report that the closing summary line sums.
import type { ViteUserConfig } from 'vitest/config';

export function reporting(
  name: string,
): Pick<NonNullable<ViteUserConfig['test']>, 'reporters' | 'outputFile'> {
  const dir = process.env['JIR_TEST_RESULTS'];
  if (!dir) return { reporters: ['default'] };
  return { reporters: ['default', 'json'], outputFile: { json: `${dir}/${name}-${process.pid}.json` } };
}
