import { describeServiceRole } from '@jir/testing/suites';
import { evidenceMigrations } from '../src/db/migrations/index.js';

// The role evidence storage runs as cannot empty, drop or alter what it keeps.
describeServiceRole({
  requirement: 'R-EV-3',
  migrations: evidenceMigrations,
  mustInclude: ['evidence', 'custody_events', 'outbox'],
});
