import { DEFAULT_COURTS, type CourtHierarchy } from './courts.js';

/** The roles of REQUIREMENTS.md §1. */
export const ROLES = [
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
export type Role = (typeof ROLES)[number];

/** Chinese names of the roles, for the interface and the manual. */
export const ROLE_NAMES_ZH: Record<Role, string> = {
  'case-handler': '案件承办人',
  'division-head': '庭(处)长',
  'vice-president': '分管院长',
  'receiving-clerk': '有接收职能部门的工作人员',
  'trial-management': '审判管理部门',
  statistician: '指定专人(统计)',
  'it-admin': '信息技术处',
  supervisor: '上级法院(监督)',
  auditor: '纪检监察',
};

/** The five operations of Art 13 (R-AC-1). */
export const OPERATIONS = ['entry', 'storage', 'reporting', 'viewing', 'processing'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What a right is over. 'record' covers a record and everything attached to it. */
export const RESOURCE_KINDS = [
  'record',
  'evidence',
  'material',
  'report',
  'audit',
  /** The signed head of the audit chain: a position and a hash, no content (R-PV-2). */
  'audit-head',
  'ledger',
  'complaint',
  'system',
  /** The filing form (备案表) that registers received materials (Art 7, R-TR-2). */
  'material-filing',
  /** Refused attempts to receive or pass on materials, kept as evidence (R-TR-1). */
  'refused-attempt',
  /** The copy of the information form delivered to trial management (Art 7). */
  'record-copy',
  /** Recomputing the whole audit hash chain of a court (R-PV-2). */
  'audit-chain',
  /** A commissioned reference opinion filed to the main volume (Art 6, R-SC-4). */
  'exempt-opinion',
  /** Interferer identities across records, and their merges and splits (R-BX-2). */
  'interferer-identity',
  /** A quarter's sample draw (R-BX-3). */
  'sample-draw',
  /** Confirming or disputing a drawn record as its division head (R-BX-3). */
  'sample-verification',
  /** Digests and object listings of the evidence store, no content (R-EV-3). */
  'store-integrity',
  /** A handler's quarterly "nothing to record" or "records complete" (R-BX-1). */
  'declaration',
  /** The court's staff directory, and the people seen who are not in it (R-AC-1, Art 14). */
  'staff-directory',
  /** A duty with a legal deadline that a record or a quarter opened (R-DL-1…R-DL-6). */
  'obligation',
  /** The legal holiday calendar in force, which every deadline is computed from (R-DL-3). */
  'calendar',
  /** A change of an entered record's receipt time, which moves its periods (R-RC-4). */
  'receipt-correction',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * How far a right reaches. Every scope but 'lower-courts' is inside the
 * actor's own court; 'lower-courts' is strictly below it.
 */
export type Scope = 'own' | 'division' | 'divisions-in-charge' | 'court' | 'lower-courts';

export interface Actor {
  sub: string;
  court: string;
  division?: string | undefined;
  /** Divisions a vice-president is in charge of; defaults to their own division. */
  divisions?: readonly string[] | undefined;
  roles: readonly string[];
}

export interface Resource {
  kind?: ResourceKind;
  court: string;
  /** The case handler who owns a record. */
  handler?: string | undefined;
  division?: string | undefined;
  /**
   * For a designated duty (recording ledger findings, handling complaints): the roles the
   * deployment designated for it (R-AB-1, R-AB-2). They replace the default grants of that
   * kind and operation; absent, the defaults of DEFAULT_DESIGNATIONS hold.
   */
  designatedRoles?: readonly Role[] | undefined;
}

/**
 * Duties the regulation leaves to a court to assign: who records established violations in the
 * ledger (trial management, discipline inspection 纪检监察: Art 11, R-AB-1) and who handles
 * complaints of obstruction or retaliation received from below (Art 12, R-AB-2). Configuration,
 * with these defaults.
 */
export const DEFAULT_DESIGNATIONS = {
  ledgerFinders: ['trial-management', 'auditor'],
  complaintHandlers: ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

/** Which kind and operations each designation grants, at the court's scope. */
const DESIGNATED: readonly {
  kind: ResourceKind;
  operations: readonly Operation[];
  defaults: readonly Role[];
}[] = [
  { kind: 'ledger', operations: ['processing'], defaults: DEFAULT_DESIGNATIONS.ledgerFinders },
  {
    kind: 'complaint',
    operations: ['viewing', 'processing'],
    defaults: DEFAULT_DESIGNATIONS.complaintHandlers,
  },
];

export interface Grant {
  role: Role;
  operation: Operation;
  scope: Scope;
  kinds: readonly ResourceKind[];
}

const RECORD_KINDS = ['record', 'evidence'] as const;

/**
 * The one table of rights (R-AC-1, R-AC-2), read by every service. Records are
 * seen by their handler, the handler's division head and vice-president, the
 * court's trial management, statistician and auditors; higher courts see
 * reports, not records; IT staff maintain the system but read no content.
 */
export const GRANTS: readonly Grant[] = [
  { role: 'case-handler', operation: 'entry', scope: 'own', kinds: [...RECORD_KINDS, 'material'] },
  { role: 'case-handler', operation: 'storage', scope: 'own', kinds: RECORD_KINDS },
  { role: 'case-handler', operation: 'viewing', scope: 'own', kinds: [...RECORD_KINDS, 'material'] },
  { role: 'case-handler', operation: 'processing', scope: 'own', kinds: [...RECORD_KINDS, 'material'] },

  { role: 'division-head', operation: 'viewing', scope: 'division', kinds: [...RECORD_KINDS, 'material'] },
  { role: 'division-head', operation: 'processing', scope: 'division', kinds: ['material'] },

  {
    role: 'vice-president',
    operation: 'viewing',
    scope: 'divisions-in-charge',
    kinds: [...RECORD_KINDS, 'material'],
  },
  { role: 'vice-president', operation: 'processing', scope: 'divisions-in-charge', kinds: ['material'] },

  { role: 'receiving-clerk', operation: 'entry', scope: 'court', kinds: ['material'] },

  { role: 'trial-management', operation: 'entry', scope: 'court', kinds: ['material'] },
  { role: 'trial-management', operation: 'storage', scope: 'court', kinds: RECORD_KINDS },
  {
    role: 'trial-management',
    operation: 'viewing',
    scope: 'court',
    kinds: [...RECORD_KINDS, 'material', 'report', 'ledger'],
  },
  {
    role: 'trial-management',
    operation: 'processing',
    scope: 'court',
    kinds: [...RECORD_KINDS, 'material'],
  },
  { role: 'trial-management', operation: 'reporting', scope: 'court', kinds: ['report'] },
  // Reports go up level by level to a higher court's trial management office (R-RP-2, R-RP-3, R-RP-5).
  { role: 'trial-management', operation: 'viewing', scope: 'lower-courts', kinds: ['report'] },

  { role: 'statistician', operation: 'viewing', scope: 'court', kinds: [...RECORD_KINDS, 'report'] },
  { role: 'statistician', operation: 'reporting', scope: 'court', kinds: ['report'] },
  { role: 'statistician', operation: 'viewing', scope: 'lower-courts', kinds: ['report'] },

  { role: 'it-admin', operation: 'processing', scope: 'court', kinds: ['system'] },
  { role: 'it-admin', operation: 'viewing', scope: 'court', kinds: ['system'] },

  { role: 'supervisor', operation: 'viewing', scope: 'lower-courts', kinds: ['report'] },
  { role: 'supervisor', operation: 'reporting', scope: 'lower-courts', kinds: ['report'] },

  {
    role: 'auditor',
    operation: 'viewing',
    scope: 'court',
    kinds: [...RECORD_KINDS, 'material', 'audit', 'ledger', 'report'],
  },

  // The signed audit head (a position and a hash, no content) is what the court's own people
  // compare with the copy published outside the database: trial management who run the
  // system (Art 14), auditors, and IT who operate it.
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['audit-head'] },
  { role: 'auditor', operation: 'viewing', scope: 'court', kinds: ['audit-head'] },
  { role: 'it-admin', operation: 'viewing', scope: 'court', kinds: ['audit-head'] },

  // Registering materials is trial management's (Art 7, R-TR-2); their refused attempts are
  // read by trial management, who run the system, and auditors.
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['material-filing'] },
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['refused-attempt'] },
  { role: 'auditor', operation: 'viewing', scope: 'court', kinds: ['refused-attempt'] },

  // Trial management acknowledges the copy the handler delivered (Art 7).
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['record-copy'] },

  // Recomputing the chain shows positions and hashes; trial management runs the system (Art 14).
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['audit-chain'] },
  { role: 'auditor', operation: 'viewing', scope: 'court', kinds: ['audit-chain'] },

  // Exempt opinions stay out of the special database but are read like records: their
  // handler, and court-wide by trial management, the statistician and auditors (R-SC-4).
  { role: 'case-handler', operation: 'viewing', scope: 'own', kinds: ['exempt-opinion'] },
  ...(['trial-management', 'statistician', 'auditor'] as const).map((role) => ({
    role,
    operation: 'viewing' as const,
    scope: 'court' as const,
    kinds: ['exempt-opinion', 'interferer-identity', 'sample-draw'] as const,
  })),
  // Trial management confirms a claimed exemption against its commission or permission document,
  // or rejects it so that the handler records the opinion as interference (Art 6, R-SC-4).
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['exempt-opinion'] },
  // Merging and splitting identities, and drawing samples, change what reports count.
  {
    role: 'trial-management',
    operation: 'processing',
    scope: 'court',
    kinds: ['interferer-identity', 'sample-draw'],
  },
  // A drawn record is verified by another person present (a fact of the row) or its division head.
  { role: 'division-head', operation: 'processing', scope: 'division', kinds: ['sample-verification'] },

  // Recording ledger findings and handling complaints are designated duties (DESIGNATED below).

  // After entry the receipt time says when the periods ran; only trial management approves
  // a change of it, never the handler whose deadlines it would move (R-RC-4).
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['receipt-correction'] },

  // Checking digests and listing objects reveals no content: trial management and IT (Art 14).
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['store-integrity'] },
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['store-integrity'] },
  { role: 'it-admin', operation: 'viewing', scope: 'court', kinds: ['store-integrity'] },
  { role: 'it-admin', operation: 'processing', scope: 'court', kinds: ['store-integrity'] },

  // Each handler declares for themselves, once a quarter (R-BX-1); who declared and who did not is
  // read by those who compile the court's report.
  { role: 'case-handler', operation: 'reporting', scope: 'own', kinds: ['declaration'] },
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['declaration'] },
  { role: 'statistician', operation: 'viewing', scope: 'court', kinds: ['declaration'] },

  // Trial management manages the system and IT maintains it (Art 14): both load the directory
  // and review the unknown people; everyone of the court reads it for pickers (names, no records).
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['staff-directory'] },
  { role: 'it-admin', operation: 'processing', scope: 'court', kinds: ['staff-directory'] },
  ...(
    [
      'case-handler',
      'division-head',
      'vice-president',
      'receiving-clerk',
      'trial-management',
      'statistician',
      'it-admin',
      'auditor',
    ] as const
  ).map((role) => ({
    role,
    operation: 'viewing' as const,
    scope: 'court' as const,
    kinds: ['staff-directory'] as const,
  })),

  // A deadline duty is read like the record it comes from (R-DL, R-AC-2): its handler, the
  // division head, the vice-president in charge, and court-wide trial management, the
  // statistician and auditors. Only trial management waives one or loads the calendar the
  // deadlines are computed from, since both change what counts as breached (Art 14).
  { role: 'case-handler', operation: 'viewing', scope: 'own', kinds: ['obligation'] },
  { role: 'division-head', operation: 'viewing', scope: 'division', kinds: ['obligation'] },
  { role: 'vice-president', operation: 'viewing', scope: 'divisions-in-charge', kinds: ['obligation'] },
  { role: 'trial-management', operation: 'viewing', scope: 'court', kinds: ['obligation'] },
  { role: 'statistician', operation: 'viewing', scope: 'court', kinds: ['obligation'] },
  { role: 'auditor', operation: 'viewing', scope: 'court', kinds: ['obligation'] },
  { role: 'trial-management', operation: 'processing', scope: 'court', kinds: ['obligation', 'calendar'] },
  // The designated duties with their default roles; a deployment's configuration replaces them.
  ...DESIGNATED.flatMap((d) =>
    d.defaults.flatMap((role) =>
      d.operations.map((operation) => ({ role, operation, scope: 'court' as const, kinds: [d.kind] })),
    ),
  ),
];

/** True when the string is one of the roles of REQUIREMENTS.md §1. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function inScope(scope: Scope, actor: Actor, resource: Resource, courts: CourtHierarchy): boolean {
  if (scope === 'lower-courts') {
    return (
      courts.has(resource.court) && courts.has(actor.court) && courts.isBelow(resource.court, actor.court)
    );
  }
  if (resource.court !== actor.court) return false;
  switch (scope) {
    case 'court':
      return true;
    case 'own':
      return resource.handler !== undefined && resource.handler === actor.sub;
    case 'division':
      return actor.division !== undefined && resource.division === actor.division;
    case 'divisions-in-charge': {
      const mine = actor.divisions ?? (actor.division ? [actor.division] : []);
      return resource.division !== undefined && mine.includes(resource.division);
    }
  }
}

/** The grants that allow this actor this operation on this resource (empty: refused). */
export function grantsFor(
  actor: Actor,
  operation: Operation,
  resource: Resource,
  courts: CourtHierarchy = DEFAULT_COURTS,
): Grant[] {
  const kind = resource.kind ?? 'record';
  const designated = DESIGNATED.find((d) => d.kind === kind && d.operations.includes(operation));
  if (designated && resource.designatedRoles) {
    return resource.designatedRoles
      .filter((role) => actor.roles.includes(role) && inScope('court', actor, resource, courts))
      .map((role) => ({ role, operation, scope: 'court' as const, kinds: [kind] }));
  }
  return GRANTS.filter(
    (g) =>
      g.operation === operation &&
      g.kinds.includes(kind) &&
      actor.roles.includes(g.role) &&
      inScope(g.scope, actor, resource, courts),
  );
}

/** True when some role of the actor grants the operation on the resource (R-AC-1). */
export function can(
  actor: Actor,
  operation: Operation,
  resource: Resource,
  courts?: CourtHierarchy,
): boolean {
  return grantsFor(actor, operation, resource, courts).length > 0;
}

/**
 * The narrowest description of what an actor may list, for row scoping in
 * queries: null when nothing, else the filters a query must apply.
 */
export function listingScope(
  actor: Actor,
  operation: Operation,
  kind: ResourceKind,
): { court: string; handlers?: string[]; divisions?: string[] } | null {
  const grants = GRANTS.filter(
    (g) => g.operation === operation && g.kinds.includes(kind) && actor.roles.includes(g.role),
  );
  if (grants.some((g) => g.scope === 'court')) return { court: actor.court };
  const handlers: string[] = [];
  const divisions: string[] = [];
  for (const g of grants) {
    if (g.scope === 'own') handlers.push(actor.sub);
    if (g.scope === 'division' && actor.division) divisions.push(actor.division);
    if (g.scope === 'divisions-in-charge')
      divisions.push(...(actor.divisions ?? (actor.division ? [actor.division] : [])));
  }
  if (handlers.length === 0 && divisions.length === 0) return null;
  return { court: actor.court, handlers, divisions: [...new Set(divisions)] };
}
