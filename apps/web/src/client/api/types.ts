import type { z } from 'zod';
import type * as contracts from '@jir/contracts';

// The services' own request and answer schemas (@jir/contracts), as types only: nothing of
// zod reaches the bundle from here, and a schema change breaks this build, not a user's page.
// Every page and API module takes its types from here, so each is named once for the whole client.

export type RecordDto = z.output<typeof contracts.recordSchema>;
export type RecordPage = z.output<typeof contracts.recordPageSchema>;
export type RecordInput = z.input<typeof contracts.recordBodySchema>;
export type RecordVersion = z.output<typeof contracts.recordVersionSchema>;
export type RecordView = z.output<typeof contracts.recordViewSchema>;
export type RecordConfirmations = z.output<typeof contracts.recordConfirmationsSchema>;
export type AmendmentInput = z.input<typeof contracts.amendmentBodySchema>;
export type RecordListQuery = z.input<typeof contracts.recordListQuerySchema>;
export type Evidence = z.output<typeof contracts.evidenceSchema>;
export type EvidenceWithCustody = z.output<typeof contracts.evidenceWithCustodySchema>;
/** A duty with a legal deadline, as the deadline monitor answers. */
export type Obligation = z.output<typeof contracts.obligationSchema>;
/** Filters of the obligations list. */
export type ObligationQuery = z.input<typeof contracts.obligationListQuerySchema>;
/** A year of the legal calendar in force. */
export type CalendarYear = z.output<typeof contracts.calendarYearSchema>;
/** The State Council's arrangement for a year, as trial management loads it. */
export type CalendarYearInput = z.input<typeof contracts.calendarYearBodySchema>;
/** What loading a year would reschedule: counts per court, details of the duties in reach. */
export type CalendarPreview = z.output<typeof contracts.calendarPreviewSchema>;
/** Compliance of a court and the courts below it (R-RP-5). */
export type Compliance = z.output<typeof contracts.complianceSchema>;
/** Materials with their filing form and hops, as intake answers. */
export type Material = z.output<typeof contracts.materialSchema>;
/** Materials in a list, with what their current stage expects of the caller (null: nothing). */
export type MaterialListItem = z.output<typeof contracts.materialListItemSchema>;
/** What the receiving department registers. */
export type MaterialReceipt = z.input<typeof contracts.materialReceiptBodySchema>;
/** Trial management's filing form (备案表). */
export type Filing = z.input<typeof contracts.filingBodySchema>;
/** One hop of the level-by-level transfer. */
export type Transfer = z.input<typeof contracts.transferBodySchema>;
/** A refused attempt to receive or pass on materials. */
export type RefusedAttempt = z.output<typeof contracts.refusedAttemptSchema>;
/** One person of the court's directory. */
export type StaffMember = z.output<typeof contracts.staffMemberSchema>;
/** What a load of the directory changed. */
export type StaffImportResult = z.output<typeof contracts.staffImportResultSchema>;
/** Someone seen with a valid token who is not in the directory. */
export type UnknownStaff = z.output<typeof contracts.unknownStaffSchema>;
/** Filters of the staff directory. */
export type StaffListQuery = z.input<typeof contracts.staffListQuerySchema>;
/** A stored, signed quarterly report (R-RP-1, R-RP-4). */
export type Report = z.output<typeof contracts.reportSchema>;
/** The court and quarter of a report to generate. */
export type QuarterlyReportInput = z.input<typeof contracts.quarterlyReportBodySchema>;
/** Filters of the report list. */
export type ReportListQuery = z.input<typeof contracts.reportListQuerySchema>;
/** The report list: versions, newest first. */
export type ReportList = z.output<typeof contracts.reportListSchema>;
/** Digest, signature and read model checked. */
export type ReportVerification = z.output<typeof contracts.reportVerificationSchema>;
/** A handler's declaration for a quarter (R-BX-1). */
export type Declaration = z.output<typeof contracts.declarationSchema>;
/** One recipient's delivery of a report: queued, delivered, awaiting a hand-over, no route (R-RP-3). */
export type Delivery = z.output<typeof contracts.deliverySchema>;
/** The deliveries of a document, one a recipient. */
export type DeliveryList = z.output<typeof contracts.deliveryListSchema>;
/** A document received by one of the caller's courts, with its acknowledgement. */
export type InboxItem = z.output<typeof contracts.inboxItemSchema>;
/** Filters of the inbox. */
export type InboxQuery = z.input<typeof contracts.inboxQuerySchema>;
/** The inbox of the caller's courts, newest first. */
export type InboxList = z.output<typeof contracts.inboxListSchema>;
/** Who handed a document to a committee outside the system, when and how. */
export type CommitteeHandover = z.input<typeof contracts.committeeHandoverBodySchema>;
/** A court's own records of a quarter with its lower courts' newest reports, added up (R-RP-3). */
export type Rollup = z.output<typeof contracts.rollupSchema>;
/** A draw with its seed and each item's verification (R-BX-3). */
export type SampleDraw = z.output<typeof contracts.sampleDrawSchema>;
/** The quarter of a sample draw to make, and the share of records to draw. */
export type DrawInput = z.input<typeof contracts.drawBodySchema>;
/** Filters of the list of draws. */
export type DrawListQuery = z.input<typeof contracts.drawListQuerySchema>;
/** A page of draws, newest first. */
export type SampleDrawPage = z.output<typeof contracts.sampleDrawPageSchema>;
/** A drawn record confirmed or disputed. */
export type Verification = z.input<typeof contracts.verificationBodySchema>;
/** One verification as stored. */
export type SampleVerification = z.output<typeof contracts.sampleVerificationSchema>;
/** The drawn records waiting for the signed-in user's verification. */
export type SamplesAwaitingVerification = z.output<typeof contracts.samplesAwaitingVerificationSchema>;
/** A complaint of obstruction or retaliation and what the receiving court did (R-AB-2). */
export type Complaint = z.output<typeof contracts.complaintSchema>;
/** What the receiving court's designated staff did with it. */
export type ComplaintAction = z.input<typeof contracts.complaintActionBodySchema>;
/** A complaint as the complainant files it. */
export type ComplaintInput = z.input<typeof contracts.complaintBodySchema>;
/** A ledger entry with the sanction the rules suggest (R-AB-1). */
export type LedgerEntry = z.output<typeof contracts.accountabilityEntrySchema>;
/** An established violation as trial management records it. */
export type LedgerInput = z.input<typeof contracts.accountabilityBodySchema>;
/** An identity in a list, with how many of the court's records name it. */
export type IdentitySummary = z.output<typeof contracts.identitySummarySchema>;
/** An identity with its records here and other courts as counts (R-BX-2). */
export type Identity = z.output<typeof contracts.identitySchema>;
/** Objects without rows and rows without objects; nothing is deleted (R-EV-3). */
export type Reconciliation = z.output<typeof contracts.reconciliationReportSchema>;
/** What an integrity check re-read and which items failed. */
export type IntegrityReport = z.output<typeof contracts.integrityReportSchema>;
/** The recomputed hash chain and its first break, if any (R-PV-2). */
export type AuditVerification = z.output<typeof contracts.auditVerificationSchema>;
/** The court's chain head, signed now with the deployment's key. */
export type AuditHead = z.output<(typeof contracts.auditHeadSigned)['data']>;

// Rows of list answers, where the list's items have no schema of their own.
/** One item of a list answer (`{ items: [...] }`): a row of the list a page shows. */
type ItemOf<S extends z.ZodType<{ items: unknown[] }>> = z.output<S>['items'][number];
/** One line of the report list. */
export type ReportListItem = ItemOf<typeof contracts.reportListSchema>;
/** A draw in the list: its seed and how far verification has got. */
export type SampleDrawSummary = ItemOf<typeof contracts.sampleDrawPageSchema>;
/** A drawn record waiting for the signed-in user's verification, and why they are asked. */
export type AwaitingVerification = ItemOf<typeof contracts.samplesAwaitingVerificationSchema>;
