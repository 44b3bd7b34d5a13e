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

/**
 * Random order by default: files and tests are shuffled, so a test that passes only after
 * another fails. The seed is printed; rerun the same order with
 * `JIR_TEST_SEED=<seed> npx vitest run` in the package, or run in file order with
 * `JIR_TEST_SHUFFLE=0` (while writing a test, say). CI runs shuffled.
 */
export function ordering(): Pick<NonNullable<ViteUserConfig['test']>, 'sequence'> {
  if (process.env['JIR_TEST_SHUFFLE'] === '0') return {};
  const given = Number(process.env['JIR_TEST_SEED']);
  const seed = Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 1_000_000) + 1;
  process.stdout.write(`vitest order: shuffled, seed ${seed} (same order: JIR_TEST_SEED=${seed})\n`);
  return { sequence: { shuffle: { files: true, tests: true }, seed } };
}
