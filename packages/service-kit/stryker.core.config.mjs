// The kit's core modules one at a time, so each gets its own score and a run that has to stop
// early still leaves finished modules' reports. A full kit run (stryker.config.json) takes hours
// on 2 shared cores; these modules are the ones every service's guarantees rest on.
//   JIR_MUTATION_MODULE=outbox-relay nice -n 19 npx stryker run stryker.core.config.mjs
// Each module runs against only the test files that exercise it in-process: tests that start
// the kit in a child process cannot see the active mutant, so they would only cost time.
const modules = {
  'outbox-relay': {
    mutate: ['src/bus/outbox.ts'],
    tests: [
      'test/outbox-inbox.int.test.ts',
      'test/poison.int.test.ts',
      'test/unit-of-work.int.test.ts',
      'test/outbox-relay.int.test.ts',
    ],
  },
  consumer: {
    mutate: ['src/bus/consumer.ts', 'src/bus/define-consumer.ts'],
    tests: [
      'test/consumer-behaviour.int.test.ts',
      'test/consumer-batch.int.test.ts',
      'test/outbox-inbox.int.test.ts',
      'test/poison.int.test.ts',
      'test/consumer-reorder.int.test.ts',
    ],
  },
  idempotency: {
    mutate: ['src/http/idempotency.ts'],
    tests: ['test/idempotency.int.test.ts', 'test/http-kit.int.test.ts', 'test/unit-of-work.int.test.ts'],
  },
  'unit-of-work': {
    mutate: ['src/db/unit-of-work.ts'],
    tests: ['test/unit-of-work.int.test.ts', 'test/http-kit.int.test.ts'],
  },
  auth: {
    mutate: ['src/auth/**/*.ts', '!src/auth/index.ts'],
    tests: [
      'test/kit.test.ts',
      'test/token-rules.test.ts',
      'test/http-kit.int.test.ts',
      'test/routes-authorize.int.test.ts',
      'test/body-after-auth.int.test.ts',
      'test/token-keys.test.ts',
      'test/auth-guards.test.ts',
    ],
  },
  // What every request passes before a handler sees it: the refusals of bad bytes, depth, paths
  // and queries (R-NF-7), the body read only after authentication, and the 422 of each schema.
  'http-input': {
    mutate: ['src/http/input-guards.ts', 'src/http/body-reading.ts', 'src/http/validate.ts'],
    tests: [
      'test/bad-input.int.test.ts',
      'test/http-kit.int.test.ts',
      'test/body-after-auth.int.test.ts',
      'test/routes-authorize.int.test.ts',
      'test/input-guards.test.ts',
      'test/json-route.int.test.ts',
    ],
  },
  // How routes are declared and mounted, the proxies believed for the logged address (R-AC-3)
  // and the metrics registry.
  'http-routes': {
    mutate: [
      'src/http/routes.ts',
      'src/http/json-route.ts',
      'src/http/trusted-proxies.ts',
      'src/http/metrics.ts',
    ],
    tests: [
      'test/routes-authorize.int.test.ts',
      'test/body-after-auth.int.test.ts',
      'test/trusted-proxies.int.test.ts',
      'test/http-kit.int.test.ts',
      'test/json-route.int.test.ts',
      'test/metrics.test.ts',
    ],
  },
  // The HTTP skeleton every service shares: request ids, request logs, readiness, the OpenAPI
  // document, the body parser and the mapping of every failure to a problem (R-NF-7).
  'http-app': {
    mutate: ['src/http/create-http-app.ts', 'src/http/http-server.ts', 'src/http/request-context.ts'],
    tests: [
      'test/http-app.test.ts',
      'test/http-kit.int.test.ts',
      'test/bad-input.int.test.ts',
      'test/body-after-auth.int.test.ts',
      'test/routes-authorize.int.test.ts',
      'test/json-route.int.test.ts',
      'test/metrics.test.ts',
    ],
  },
  // The connection, the stream and consumer declarations and the messaging gauges.
  bus: {
    mutate: ['src/bus/connection.ts', 'src/bus/streams.ts', 'src/bus/messaging-metrics.ts'],
    tests: ['test/poison.int.test.ts', 'test/bus-setup.int.test.ts'],
  },
};

const name = process.env.JIR_MUTATION_MODULE ?? '';
const chosen = modules[name];
if (!chosen) {
  throw new Error(`JIR_MUTATION_MODULE must be one of: ${Object.keys(modules).join(', ')} (got "${name}")`);
}
// Read by vitest.stryker.config.ts inside Stryker's sandbox (the workers inherit the environment).
process.env.JIR_MUTATION_TESTS = chosen.tests.join(',');
// The bulk outbox test repeats once per mutant: 1,000 events find what 10,000 do (every path of
// relay and consumer runs many times over) in a tenth of the time.
process.env.JIR_OUTBOX_TEST_EVENTS ??= '1000';

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: chosen.mutate,
  ignorePatterns: ['dist', 'node_modules', '.stryker-tmp', '.data'],
  concurrency: 1,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  timeoutMS: 60000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `../../.data/mutation/service-kit-${name}/index.html` },
  jsonReporter: { fileName: `../../.data/mutation/service-kit-${name}/mutation.json` },
  thresholds: { high: 90, low: 80, break: null },
  // Outside the package (in the ignored .data), one per module, so modules can run side by side.
  tempDirName: `../../.data/stryker-tmp/${name}`,
  // A module's second run retests only mutants whose code or covering tests changed; one file
  // per module, so modules running side by side keep their own.
  incremental: true,
  incrementalFile: `../../.data/stryker-incremental/service-kit-${name}.json`,
};
