// The describe blocks every service's tests share. A subpath of its own (`@jir/testing/suites`)
// because it imports vitest: benchmarks and scripts that use @jir/testing run outside vitest.
export * from './invalid-bodies-suite.js';
export * from './openapi-contract-suite.js';
export * from './route-rights-suite.js';
export * from './service-role-suite.js';
