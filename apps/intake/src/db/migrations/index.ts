import type { Migration } from 'kysely';
import { records } from './2026-11-28T10-00-records.js';
import { materials } from './2026-11-28T11-00-materials.js';
import { identitiesLedgerComplaints } from './2026-11-28T12-00-identities-ledger-complaints.js';
import { sampleVerification } from './2026-11-28T13-00-sample-verification.js';
import { recordContentHashes } from './2026-12-01T10-00-record-content-hashes.js';
import { auditHeadSignatures } from './2026-12-01T11-00-audit-head-signatures.js';
import { staffDirectory } from './2026-12-05T12-00-staff-directory.js';
import { receiptCorrections } from './2026-12-06T09-00-receipt-corrections.js';
import { deadlineBreaches } from './2026-12-07T10-00-deadline-breaches.js';
import { recordRelay } from './2026-12-07T11-00-record-relay.js';
import { recordMaterial } from './2026-12-07T12-00-record-material.js';
import { noOtherPersonPresent } from './2026-12-08T09-00-no-other-person-present.js';
import { recordOriginator } from './2026-12-08T10-00-record-originator.js';
import { complaintLevels } from './2026-12-08T11-00-complaint-levels.js';
import { exemptOpinionDecisions } from './2026-12-09T09-00-exempt-opinion-decisions.js';
import { informationFormArchives } from './2026-12-09T10-00-information-form-archives.js';

/** The intake service's migrations, by name. Never edit one that has landed: add a new one. */
export const intakeMigrations: Record<string, Migration> = {
  '2026-11-28T10-00-records': records,
  '2026-11-28T11-00-materials': materials,
  '2026-11-28T12-00-identities-ledger-complaints': identitiesLedgerComplaints,
  '2026-11-28T13-00-sample-verification': sampleVerification,
  '2026-12-01T10-00-record-content-hashes': recordContentHashes,
  '2026-12-01T11-00-audit-head-signatures': auditHeadSignatures,
  '2026-12-05T12-00-staff-directory': staffDirectory,
  '2026-12-06T09-00-receipt-corrections': receiptCorrections,
  '2026-12-07T10-00-deadline-breaches': deadlineBreaches,
  '2026-12-07T11-00-record-relay': recordRelay,
  '2026-12-07T12-00-record-material': recordMaterial,
  '2026-12-08T09-00-no-other-person-present': noOtherPersonPresent,
  '2026-12-08T10-00-record-originator': recordOriginator,
  '2026-12-08T11-00-complaint-levels': complaintLevels,
  '2026-12-09T09-00-exempt-opinion-decisions': exemptOpinionDecisions,
  '2026-12-09T10-00-information-form-archives': informationFormArchives,
};
