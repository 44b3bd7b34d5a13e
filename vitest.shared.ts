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
 * Random order by default (issue 15): files and the tests within them are shuffled, so a test that
 * reads what an earlier one left fails somewhere, and the seed is printed; `JIR_TEST_SEED=<seed>`
 * repeats that order, and `JIR_TEST_SHUFFLE=0` runs in file order (to tell an order dependence from
 * another failure). A describe that is one story in phases opts out with `{ shuffle: false }`.
 */
export function ordering(): Pick<NonNullable<ViteUserConfig['test']>, 'sequence'> {
  const seedGiven = process.env['JIR_TEST_SEED'];
  if (process.env['JIR_TEST_SHUFFLE'] === '0' && !seedGiven) {
    process.stdout.write('vitest order: file order (JIR_TEST_SHUFFLE=0)\n');
    return {};
  }
  const given = Number(seedGiven);
  const seed = Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 1_000_000) + 1;
  process.stdout.write(`vitest order: shuffled, seed ${seed} (same order: JIR_TEST_SEED=${seed})\n`);
  return { sequence: { shuffle: { files: true, tests: true }, seed } };
}
