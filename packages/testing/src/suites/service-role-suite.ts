// The database-role suite of the services: the role a service runs as cannot empty, drop or
// alter what it keeps (serviceRoleChecks). One copy of the describe block, so a service names
// only its migrations, the tables that must exist, and the requirement it proves.
import type { Migration } from 'kysely';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { serviceRoleChecks } from '../service-role-checks.js';

/** Runs serviceRoleChecks for one service's migrations, each test named with `requirement`. */
export function describeServiceRole(o: {
  /** The requirement the tests prove (R-PV-2; evidence storage's R-EV-3). */
  requirement: string;
  migrations: Record<string, Migration>;
  /** Tables that must exist, so an empty or wrong schema cannot pass the checks vacuously. */
  mustInclude: readonly string[];
}): void {
  const checks = serviceRoleChecks({ migrations: o.migrations, mustInclude: o.mustInclude });
  const r = o.requirement;
  describe(`${r}: the service database role cannot destroy what is kept`, () => {
    beforeAll(checks.setup);
    afterAll(checks.teardown);
    it(`${r}: the service connects as its own unprivileged role`, checks.connectsUnprivileged);
    it(
      `${r}: as the service role, no table can be truncated, dropped or altered`,
      checks.cannotTruncateDropOrAlter,
    );
    it(`${r}: TRUNCATE is refused on every table even for the owner`, checks.truncateRefusedEvenForOwner);
  });
}
