import type { Migration } from 'kysely';
import { evidence } from './2026-11-28T14-00-evidence.js';
import { knownRecordRevisions } from './2026-12-02T10-00-known-record-revisions.js';
import { integritySchedule } from './2026-12-02T10-10-integrity-schedule.js';
import { evidenceIdentityFixed } from './2026-12-05T09-00-evidence-identity-fixed.js';

/** The evidence service's migrations, by name. Never edit one that has landed: add a new one. */
export const evidenceMigrations: Record<string, Migration> = {
  '2026-11-28T14-00-evidence': evidence,
  '2026-12-02T10-00-known-record-revisions': knownRecordRevisions,
  '2026-12-02T10-10-integrity-schedule': integritySchedule,
  '2026-12-05T09-00-evidence-identity-fixed': evidenceIdentityFixed,
};
