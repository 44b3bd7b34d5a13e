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
 * Random order on request: `JIR_TEST_SHUFFLE=1` shuffles files and tests and prints the seed;
 * `JIR_TEST_SEED=<seed>` repeats an order. File order is the default while some integration
 * tests still read what an earlier test of their file left (intake's records, evidence's
 * reconciliation); the kit, the rules, contracts, documents and the deadline monitor already
 * pass shuffled.
 */
export function ordering(): Pick<NonNullable<ViteUserConfig['test']>, 'sequence'> {
  const seedGiven = process.env['JIR_TEST_SEED'];
  if (process.env['JIR_TEST_SHUFFLE'] !== '1' && !seedGiven) return {};
  const given = Number(seedGiven);
  const seed = Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 1_000_000) + 1;
  process.stdout.write(`vitest order: shuffled, seed ${seed} (same order: JIR_TEST_SEED=${seed})\n`);
  return { sequence: { shuffle: { files: true, tests: true }, seed } };
}
