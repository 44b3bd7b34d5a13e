import { afterAll, beforeAll, describe, it } from 'vitest';
import { serviceRoleChecks } from '@jir/testing';
import { intakeMigrations } from '../src/db/migrations/index.js';

// The role intake runs as cannot empty, drop or alter what it keeps; the checks are @jir/testing's.
const checks = serviceRoleChecks({
  migrations: intakeMigrations,
  mustInclude: ['records', 'record_versions', 'audit_entries', 'outbox', 'record_views'],
});
beforeAll(checks.setup);
afterAll(checks.teardown);

describe('R-PV-2: the service database role cannot destroy what is kept', () => {
  it('R-PV-2: the service connects as its own unprivileged role', checks.connectsUnprivileged);
  it(
    'R-PV-2: as the service role, no table can be truncated, dropped or altered',
    checks.cannotTruncateDropOrAlter,
  );
  it('R-PV-2: TRUNCATE is refused on every table even for the owner', checks.truncateRefusedEvenForOwner);
});
