import type { Migration } from 'kysely';
import { readModel } from './2026-12-03T10-00-read-model.js';
import { deliveries } from './2026-12-06T10-00-deliveries.js';
import { recordCounts } from './2026-12-06T11-00-record-counts.js';
import { circulars } from './2026-12-06T12-00-circulars.js';
import { identityCounts } from './2026-12-06T13-00-identity-counts.js';
import { principalLeaderRecords } from './2026-12-09T10-00-principal-leader-records.js';
import { reportReadingSpeed } from './2026-12-10T10-00-report-reading-speed.js';
import { peerAcknowledgements } from './2026-12-11T10-00-peer-acknowledgements.js';

/** The reporting service's migrations, by name. Never edit one that has landed: add a new one. */
export const reportingMigrations: Record<string, Migration> = {
  '2026-12-03T10-00-read-model': readModel,
  '2026-12-06T10-00-deliveries': deliveries,
  '2026-12-06T11-00-record-counts': recordCounts,
  '2026-12-06T12-00-circulars': circulars,
  '2026-12-06T13-00-identity-counts': identityCounts,
  '2026-12-09T10-00-principal-leader-records': principalLeaderRecords,
  '2026-12-10T10-00-report-reading-speed': reportReadingSpeed,
  '2026-12-11T10-00-peer-acknowledgements': peerAcknowledgements,
};
