/**
 * The rights of REQUIREMENTS.md §1, R-AC-1 and R-AC-2 written out by hand, as literal data.
 *
 * Nothing here is computed from @jir/rules (this module imports nothing): the rules' unit
 * tests check can() against it, and the services' integration tests check every route
 * against it, so a wrong rights table fails instead of agreeing with itself.
 *
 * Where a right reaches is said as positions of the resource relative to the actor, an
 * actor who sits in an intermediate court (JL-CC), in division civil-1, and who (as a
 * vice-president) is in charge of civil-1 and civil-2:
 *
 * - `own`: the actor is the record's handler;
 * - `division`: another handler's, in the actor's own division;
 * - `in-charge`: another division of the same court that the actor is in charge of;
 * - `court`: another division of the same court;
 * - `lower`: a court below the actor's.
 *
 * A higher court, a sibling court and an unknown court are never reached by anyone.
 */

/** Where, relative to the actor, a resource can be. */
export type MatrixPosition = 'own' | 'division' | 'in-charge' | 'court' | 'lower';

/** Positions no right ever reaches (R-AC-2: higher courts see reports sent up, not the reverse). */
export type MatrixOutsidePosition = 'higher' | 'unknown-court';

/** The positions, in the order tests enumerate them. */
export const MATRIX_POSITIONS: readonly MatrixPosition[] = ['own', 'division', 'in-charge', 'court', 'lower'];

/** The positions nobody reaches. */
export const MATRIX_OUTSIDE_POSITIONS: readonly MatrixOutsidePosition[] = ['higher', 'unknown-court'];

/** Every position inside the actor's own court. */
const COURT: readonly MatrixPosition[] = ['own', 'division', 'in-charge', 'court'];
const OWN: readonly MatrixPosition[] = ['own'];
/** Own division: the division head's reach, which includes their own records. */
const DIVISION: readonly MatrixPosition[] = ['own', 'division'];
/** The divisions a vice-president is in charge of (civil-1 and civil-2 in the fixture). */
const IN_CHARGE: readonly MatrixPosition[] = ['own', 'division', 'in-charge'];
const LOWER: readonly MatrixPosition[] = ['lower'];
const COURT_AND_LOWER: readonly MatrixPosition[] = [...COURT, 'lower'];

/** The roles of REQUIREMENTS.md §1. */
export const MATRIX_ROLES = [
  'case-handler',
  'division-head',
  'vice-president',
  'receiving-clerk',
  'trial-management',
  'statistician',
  'it-admin',
  'supervisor',
  'auditor',
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** The five operations of Art 13 (R-AC-1). */
export const MATRIX_OPERATIONS = ['entry', 'storage', 'reporting', 'viewing', 'processing'] as const;
export type MatrixOperation = (typeof MATRIX_OPERATIONS)[number];

/**
 * Every kind of resource the matrix speaks for. A kind the rules package defines and this
 * list lacks fails the rules' matrix test: a new kind joins by being added here with its rows.
 */
export const MATRIX_KINDS = [
  'record',
  'evidence',
  'material',
  'report',
  'audit',
  'audit-head',
  'ledger',
  'complaint',
  'system',
  'material-filing',
  'refused-attempt',
  'record-copy',
  'audit-chain',
  'exempt-opinion',
  'interferer-identity',
  'sample-draw',
  'sample-verification',
  'store-integrity',
  'declaration',
  'staff-directory',
  'obligation',
  'calendar',
  'receipt-correction',
] as const;
export type MatrixKind = (typeof MATRIX_KINDS)[number];

/** Role → operation → kind → positions reached. Anything absent is refused everywhere. */
export type RightsMatrix = Readonly<
  Record<
    MatrixRole,
    Readonly<
      Partial<Record<MatrixOperation, Readonly<Partial<Record<MatrixKind, readonly MatrixPosition[]>>>>>
    >
  >
>;

/**
 * The matrix, role by role, as REQUIREMENTS.md §1 describes each role's work. A record and its
 * evidence are visible only to the handler, the handler's division head and vice-president,
 * and the court's trial management, statistician and auditors (R-AC-2); higher courts see
 * reports, never records; IT maintains the system without record content (Art 14).
 */
export const RIGHTS_MATRIX: RightsMatrix = {
  // Records interference in own cases, uploads evidence, sends the copy to trial management;
  // the last hop of transferred materials (R-TR-3); declares each quarter for themselves (R-BX-1).
  'case-handler': {
    entry: { record: OWN, evidence: OWN, material: OWN },
    storage: { record: OWN, evidence: OWN },
    viewing: {
      record: OWN,
      evidence: OWN,
      material: OWN,
      'exempt-opinion': OWN,
      'staff-directory': COURT,
      obligation: OWN,
    },
    processing: { record: OWN, evidence: OWN, material: OWN },
    reporting: { declaration: OWN },
  },
  // Passes transferred materials on; sees own division; verifies drawn samples (R-BX-3).
  'division-head': {
    viewing: {
      record: DIVISION,
      evidence: DIVISION,
      material: DIVISION,
      'staff-directory': COURT,
      obligation: DIVISION,
    },
    processing: { material: DIVISION, 'sample-verification': DIVISION },
  },
  // Passes transferred materials on; sees the divisions in charge.
  'vice-president': {
    viewing: {
      record: IN_CHARGE,
      evidence: IN_CHARGE,
      material: IN_CHARGE,
      'staff-directory': COURT,
      obligation: IN_CHARGE,
    },
    processing: { material: IN_CHARGE },
  },
  // Receives materials in a department authorised to receive them (Art 7); reads nothing.
  'receiving-clerk': {
    entry: { material: COURT },
    viewing: { 'staff-directory': COURT },
  },
  // Registers materials, receives copies, runs statistics and reporting, manages the system
  // (Art 7, 8, 14); a higher court's trial management office receives the lower courts'
  // reports level by level (R-RP-2, R-RP-3, R-RP-5).
  'trial-management': {
    entry: { material: COURT },
    storage: { record: COURT, evidence: COURT },
    viewing: {
      record: COURT,
      evidence: COURT,
      material: COURT,
      report: COURT_AND_LOWER,
      ledger: COURT,
      'audit-head': COURT,
      'refused-attempt': COURT,
      'audit-chain': COURT,
      'exempt-opinion': COURT,
      'interferer-identity': COURT,
      'sample-draw': COURT,
      'store-integrity': COURT,
      declaration: COURT,
      'staff-directory': COURT,
      obligation: COURT,
    },
    processing: {
      record: COURT,
      evidence: COURT,
      material: COURT,
      ledger: COURT,
      'material-filing': COURT,
      'record-copy': COURT,
      'interferer-identity': COURT,
      'sample-draw': COURT,
      'store-integrity': COURT,
      'staff-directory': COURT,
      // Waiving a deadline and loading the calendar change what counts as breached (R-DL-3).
      obligation: COURT,
      calendar: COURT,
      // Approves a change of an entered record's receipt time (R-RC-4).
      'receipt-correction': COURT,
      // Confirms or rejects a claimed exemption against its document (R-SC-4).
      'exempt-opinion': COURT,
    },
    reporting: { report: COURT },
  },
  // The designated person for statistics and reports (Art 9): reads the court's records to
  // count them, reads lower courts' reports. Complaints are the designated handlers' (R-AB-2).
  statistician: {
    viewing: {
      record: COURT,
      evidence: COURT,
      report: COURT_AND_LOWER,
      'exempt-opinion': COURT,
      'interferer-identity': COURT,
      'sample-draw': COURT,
      declaration: COURT,
      'staff-directory': COURT,
      obligation: COURT,
    },
    reporting: { report: COURT },
  },
  // Maintains the system, no access to record contents (Art 14).
  'it-admin': {
    viewing: { system: COURT, 'audit-head': COURT, 'store-integrity': COURT, 'staff-directory': COURT },
    processing: { system: COURT, 'store-integrity': COURT, 'staff-directory': COURT },
  },
  // A higher court's read access to lower courts' reports and special items, and circulation (Art 9).
  supervisor: {
    viewing: { report: LOWER },
    reporting: { report: LOWER },
  },
  // Discipline inspection: reads records, the audit trail and the ledger; by default records
  // ledger findings (R-AB-1) and handles complaints received by this court (R-AB-2), both
  // designations a deployment can change.
  auditor: {
    viewing: {
      record: COURT,
      evidence: COURT,
      material: COURT,
      audit: COURT,
      ledger: COURT,
      report: COURT,
      'audit-head': COURT,
      'refused-attempt': COURT,
      'audit-chain': COURT,
      'exempt-opinion': COURT,
      'interferer-identity': COURT,
      'sample-draw': COURT,
      'staff-directory': COURT,
      obligation: COURT,
      complaint: COURT,
    },
    processing: { ledger: COURT, complaint: COURT },
  },
};

/** The positions where `role` may do `operation` on `kind` according to the matrix (empty: nowhere). */
export function matrixReach(
  role: MatrixRole,
  operation: MatrixOperation,
  kind: MatrixKind,
): readonly MatrixPosition[] {
  return RIGHTS_MATRIX[role][operation]?.[kind] ?? [];
}

/** One right a route needs: the operation on the kind, optionally only at some positions. */
export interface RouteRight {
  operation: MatrixOperation;
  kind: MatrixKind;
  /** Narrower than the role's reach: e.g. only a record's own handler lists who viewed it. */
  only?: readonly MatrixPosition[];
}

/**
 * What a route requires and how it refuses. `target` says where the resource sits for the
 * caller: `record` is the test's fixture record (its position depends on the caller),
 * `self` is something the caller creates for themselves (position `own`), `court` is the
 * caller's own court (position `court`). `refusal` says what a caller without the right
 * gets: `403`; `404` (the caller may not learn it exists); `hide` (404 unless the caller may
 * view the record, then 403); `by-reach` (403 when the role holds the right nowhere, 404 when
 * it holds it only elsewhere). `public` routes need no token. `special` routes have rules the
 * generic shape cannot say: the services' tests check them by hand, naming the reason.
 */
export type RouteRule =
  | {
      anyOf: readonly RouteRight[];
      target: 'record' | 'self' | 'court';
      refusal: 403 | 404 | 'hide' | 'by-reach';
    }
  /** A list: 200 (with what is in reach) for a role that reaches the kind anywhere, else 403. */
  | { listing: RouteRight; why: string }
  | { public: true }
  | { special: string };

/**
 * A route that needs one right (`operation` on `kind`), whose resource sits at `target`, and
 * that refuses as `refusal` (see {@link RouteRule}): the common row, written on one line.
 */
export const needs = (
  operation: MatrixOperation,
  kind: MatrixKind,
  target: 'record' | 'self' | 'court',
  refusal: 403 | 404 | 'hide' | 'by-reach',
): RouteRule => ({ anyOf: [{ operation, kind }], target, refusal });

/** Each service's routes, keyed `METHOD /path` with express-style parameters (`:id`). */
export const ROUTE_RIGHTS: Readonly<Record<string, Readonly<Record<string, RouteRule>>>> = {
  intake: {
    'GET /v1/openapi.json': { public: true },
    'POST /v1/records': needs('entry', 'record', 'self', 403),
    'GET /v1/records': {
      listing: { operation: 'viewing', kind: 'record' },
      why: 'every reader gets exactly the records in reach (R-AC-2)',
    },
    'GET /v1/records/:id': needs('viewing', 'record', 'record', 404),
    // The printed information form shows the content: read like the record, and logged (R-AC-3).
    'GET /v1/records/:id/form.pdf': needs('viewing', 'record', 'record', 404),
    // The form goes to the secondary volume by those who store the record's materials (Art 5, R-EV-4).
    'POST /v1/records/:id/form-archive': needs('storage', 'record', 'record', 'hide'),
    'GET /v1/records/:id/form-archive': needs('viewing', 'record', 'record', 404),
    'GET /v1/records/:id/versions': needs('viewing', 'record', 'record', 404),
    // "Who viewed my record" is the handler's (R-AC-3, R-BX-5); the view log is audit trail.
    'GET /v1/records/:id/views': {
      anyOf: [
        { operation: 'viewing', kind: 'record', only: ['own'] },
        { operation: 'viewing', kind: 'audit' },
      ],
      target: 'record',
      refusal: 'hide',
    },
    'POST /v1/records/:id/enter': needs('entry', 'record', 'record', 'hide'),
    'POST /v1/records/:id/amendments': needs('entry', 'record', 'record', 'hide'),
    // The handler sends the copy (Art 7); trial management acknowledges it.
    'POST /v1/records/:id/copy-delivery': {
      anyOf: [{ operation: 'processing', kind: 'record', only: ['own'] }],
      target: 'record',
      refusal: 'hide',
    },
    // The handler asks; trial management alone decides, as the receipt moves the periods (R-RC-4).
    'POST /v1/records/:id/receipt-corrections': needs('entry', 'record', 'record', 'hide'),
    'POST /v1/records/:id/receipt-corrections/:correctionId/decision': needs(
      'processing',
      'receipt-correction',
      'record',
      'hide',
    ),
    'POST /v1/records/:id/copy-delivery/acknowledge': needs('processing', 'record-copy', 'record', 'hide'),
    'POST /v1/records/:id/confirmations': { special: 'a confirmation exists only for a pending draft' },
    'GET /v1/records/awaiting-my-confirmation': {
      special: 'being listed present is a fact of the row (R-RC-3): every caller gets 200 with their own',
    },
    'POST /v1/records/:id/identity': needs('processing', 'interferer-identity', 'record', 'by-reach'),
    'POST /v1/materials': needs('entry', 'material', 'court', 403),
    'GET /v1/materials': {
      special:
        'every caller gets 200: court-wide readers all, others what they received, hold or are named in',
    },
    'GET /v1/materials/:id': { special: 'the clerk who received the material reads it too (R-TR-1)' },
    'GET /v1/materials/:id/filing-form.pdf': {
      special: 'read like the materials: their receiver too (R-TR-1); none before registration (409)',
    },
    'POST /v1/materials/:id/filing': needs('processing', 'material-filing', 'record', 'by-reach'),
    'POST /v1/materials/:id/transfers': {
      special: 'each hop names who must hold that level’s role (R-TR-3)',
    },
    'GET /v1/refused-attempts': needs('viewing', 'refused-attempt', 'court', 403),
    // A commissioned opinion is filed by the case's handler (R-SC-4).
    'POST /v1/exempt-opinions': needs('entry', 'record', 'self', 403),
    'GET /v1/exempt-opinions': {
      listing: { operation: 'viewing', kind: 'exempt-opinion' },
      why: 'every reader gets the opinions in reach (R-SC-4)',
    },
    // Trial management confirms or rejects a claimed exemption; the opinion's handler converts a
    // wrongly exempted one into their record (R-SC-4). Both need an opinion of the fixture court.
    'POST /v1/exempt-opinions/:id/confirmation': {
      special: 'trial management of the opinion’s court; readers of it get 403, others 404 (R-SC-4)',
    },
    'POST /v1/exempt-opinions/:id/conversion': {
      special:
        'only the opinion’s handler, whose record it becomes; readers of it get 403, others 404 (R-SC-4)',
    },
    'GET /v1/interferer-identities': needs('viewing', 'interferer-identity', 'court', 403),
    'GET /v1/interferer-identities/:id': needs('viewing', 'interferer-identity', 'record', 'by-reach'),
    'POST /v1/interferer-identities/:id/merge': needs(
      'processing',
      'interferer-identity',
      'record',
      'by-reach',
    ),
    'POST /v1/accountability-entries': needs('processing', 'ledger', 'court', 403),
    'GET /v1/accountability-entries': needs('viewing', 'ledger', 'court', 403),
    // Missed deadlines are evidence trial management may cite in the ledger (R-AB-1).
    'GET /v1/accountability/breaches': {
      listing: { operation: 'viewing', kind: 'ledger' },
      why: 'the court’s breaches, read with the ledger they may be cited in (R-AB-1)',
    },
    'POST /v1/complaints': { special: 'any staff member may complain to the court above (R-AB-2)' },
    'GET /v1/complaints': {
      special: 'the filer sees their own; the receiving court’s designated staff all (R-AB-2)',
    },
    'GET /v1/complaints/:id': { special: 'the filer or the receiving court’s designated staff (R-AB-2)' },
    'POST /v1/complaints/:id/actions': { special: 'the receiving court’s designated staff (R-AB-2)' },
    'GET /v1/audit/verify': needs('viewing', 'audit-chain', 'court', 403),
    'GET /v1/audit/head': needs('viewing', 'audit-head', 'court', 403),
    'POST /v1/sample-draws': needs('processing', 'sample-draw', 'court', 403),
    'GET /v1/sample-draws': needs('viewing', 'sample-draw', 'court', 403),
    'GET /v1/sample-draws/:id': needs('viewing', 'sample-draw', 'record', 404),
    'GET /v1/sample-draws/awaiting-my-verification': {
      special:
        'being present or heading the division is a fact of each row (R-BX-3): every caller gets 200 with their own',
    },
    // The directory is names for pickers, no records: the court's people read it; trial
    // management and IT load it and review who was seen but is not in it (R-AC-1, Art 14).
    'PUT /v1/staff': needs('processing', 'staff-directory', 'court', 403),
    'GET /v1/staff': needs('viewing', 'staff-directory', 'court', 403),
    'GET /v1/staff/unknown': needs('processing', 'staff-directory', 'court', 403),
    'POST /v1/sample-draws/:id/items/:recordId/verification': {
      special: 'a second person present, or the record’s division head (R-BX-3)',
    },
  },
  'evidence-storage': {
    'GET /v1/openapi.json': { public: true },
    'POST /v1/evidence': needs('storage', 'evidence', 'record', 'hide'),
    'GET /v1/evidence': needs('viewing', 'evidence', 'record', 404),
    'GET /v1/evidence/:id': needs('viewing', 'evidence', 'record', 404),
    'GET /v1/evidence/:id/content': needs('viewing', 'evidence', 'record', 404),
    'POST /v1/evidence/:id/archive': needs('storage', 'evidence', 'record', 'hide'),
    'GET /v1/reconciliation': needs('viewing', 'store-integrity', 'court', 403),
    'POST /v1/integrity-checks': needs('processing', 'store-integrity', 'court', 403),
  },
  // The fixture resource is an obligation of the fixture record (judge-a, civil-1, JL-CC-NG).
  'deadline-monitor': {
    'GET /v1/openapi.json': { public: true },
    'GET /v1/obligations': {
      listing: { operation: 'viewing', kind: 'obligation' },
      why: 'every reader gets exactly the duties of the records in reach (R-AC-2)',
    },
    'GET /v1/obligations/:id': needs('viewing', 'obligation', 'record', 404),
    'POST /v1/obligations/:id/waive': needs('processing', 'obligation', 'record', 'by-reach'),
    'GET /v1/calendar/:year': {
      special: 'the legal calendar is public law: every signed-in caller reads it',
    },
    // The calendar is national and one deployment computes every court's deadlines from it:
    // processing of the calendar at the reporting hub (JL-CC), i.e. the hub's trial management.
    'PUT /v1/calendar/:year': {
      special:
        'only the reporting hub’s trial management loads the deployment’s calendar (R-DL-3, Art 8, Art 14)',
    },
    'POST /v1/calendar/:year/preview': {
      special:
        'the loader alone (the reporting hub’s trial management) previews what a load would move (R-DL-3)',
    },
    // The courts in reach among the court asked for and those below it (Art 9, R-RP-5).
    'GET /v1/compliance': {
      listing: { operation: 'viewing', kind: 'report' },
      why: 'a court’s compliance is read like its reports: own court and, from above, lower courts',
    },
  },
  // The fixture resource is a report of the caller's own court (R-RP-1..5). Acting on one
  // takes the reporting right at its court; a reader without it is refused with 403.
  reporting: {
    'GET /v1/openapi.json': { public: true },
    'POST /v1/reports/quarterly': needs('reporting', 'report', 'court', 403),
    'GET /v1/reports': {
      special: 'every caller gets 200 with the versions in reach, none for a role without report rights',
    },
    'GET /v1/reports/:id': needs('viewing', 'report', 'court', 404),
    'GET /v1/reports/:id/verification': needs('viewing', 'report', 'court', 404),
    'GET /v1/reports/:id/export.pdf': needs('viewing', 'report', 'court', 404),
    'GET /v1/reports/:id/export.xlsx': needs('viewing', 'report', 'court', 404),
    'GET /v1/reports/:id/export.json': needs('viewing', 'report', 'court', 404),
    'POST /v1/reports/:id/send': needs('reporting', 'report', 'court', 403),
    'POST /v1/declarations': needs('reporting', 'declaration', 'self', 403),
    'GET /v1/deliveries': {
      special: 'every caller gets 200 with the deliveries of the reports and records in reach',
    },
    'POST /v1/deliveries/:id/handover': needs('reporting', 'report', 'court', 403),
    'GET /v1/inbox': { special: 'every caller gets 200 with the documents received by courts in reach' },
    'POST /v1/inbox/:documentId/:recipient/acknowledge': needs('reporting', 'report', 'court', 403),
    'POST /v1/inbound-reports': {
      special: 'a peer deployment’s JWT signed with its registered key, never a user’s (R-RP-3)',
    },
    'POST /v1/inbound-acknowledgements': {
      special:
        'a peer deployment’s JWT signed with its registered key, for a court it serves, never a user’s (R-RP-3)',
    },
    'GET /v1/rollup': needs('viewing', 'report', 'court', 403),
    'GET /v1/report-compliance': needs('viewing', 'report', 'court', 403),
    'POST /v1/compliance/circulars': needs('reporting', 'report', 'court', 403),
  },
};

/** The answer the matrix expects from a listing for a caller with `roles`: a list, or 403 when nothing is in reach. */
export function expectedListingAnswer(
  rule: Extract<RouteRule, { listing: RouteRight }>,
  roles: readonly MatrixRole[],
): 'ok' | 403 {
  return roles.some((role) => matrixReach(role, rule.listing.operation, rule.listing.kind).length > 0)
    ? 'ok'
    : 403;
}

/** Where a caller stands relative to a route's resource: a matrix position or outside every reach. */
export type CallerPosition = MatrixPosition | MatrixOutsidePosition | 'sibling-court';

/**
 * The answer the matrix expects for a caller with `roles` at `position` (relative to the
 * fixture record; ignored for `self` and `court` targets): 'ok', 403 or 404.
 */
export function expectedRouteAnswer(
  rule: Extract<RouteRule, { anyOf: readonly RouteRight[] }>,
  roles: readonly MatrixRole[],
  position: CallerPosition,
): 'ok' | 403 | 404 {
  const at: CallerPosition = rule.target === 'self' ? 'own' : rule.target === 'court' ? 'court' : position;
  const reaches = (right: RouteRight, p: CallerPosition) =>
    roles.some((role) =>
      matrixReach(role, right.operation, right.kind).some(
        (q) => q === p && (right.only === undefined || right.only.includes(q)),
      ),
    );
  if (rule.anyOf.some((right) => reaches(right, at))) return 'ok';
  switch (rule.refusal) {
    case 403:
    case 404:
      return rule.refusal;
    case 'hide':
      return reaches({ operation: 'viewing', kind: 'record' }, at) ? 403 : 404;
    case 'by-reach':
      return rule.anyOf.some((right) =>
        roles.some((role) => matrixReach(role, right.operation, right.kind).length > 0),
      )
        ? 404
        : 403;
  }
}
