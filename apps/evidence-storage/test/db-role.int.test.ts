import { afterAll, beforeAll, describe, it } from 'vitest';
import { serviceRoleChecks } from '@jir/testing';
import { evidenceMigrations } from '../src/db/migrations/index.js';

// The role evidence storage runs as cannot empty, drop or alter what it keeps; the checks are @jir/testing's.
const checks = serviceRoleChecks({
  migrations: evidenceMigrations,
  mustInclude: ['evidence', 'custody_events', 'outbox'],
});
beforeAll(checks.setup);
afterAll(checks.teardown);

describe('R-EV-3: the service database role cannot destroy what is kept', () => {
  it('R-EV-3: the service connects as its own unprivileged role', checks.connectsUnprivileged);
  it(
    'R-EV-3: as the service role, no table can be truncated, dropped or altered',
    checks.cannotTruncateDropOrAlter,
  );
  it('R-EV-3: TRUNCATE is refused on every table even for the owner', checks.truncateRefusedEvenForOwner);
});
