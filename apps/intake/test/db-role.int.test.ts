import { describeServiceRole } from '@jir/testing/suites';
import { intakeMigrations } from '../src/db/migrations/index.js';

// The role intake runs as cannot empty, drop or alter what it keeps.
describeServiceRole({
  requirement: 'R-PV-2',
  migrations: intakeMigrations,
  mustInclude: ['records', 'record_versions', 'audit_entries', 'outbox', 'record_views'],
});
