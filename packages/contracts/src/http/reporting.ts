import { z } from 'zod';
import { courtsComplianceSchema } from './compliance-schema.js';
import { quarterSchema as quarter } from './quarter-schema.js';
import { timelinessCountsSchema } from './timeliness-counts-schema.js';

const courtCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9-]*$/, { message: '法院代码格式有误 / a court code such as JL-CC-NG' })
  .max(60);
const uuidMessage = { message: '编号应为 UUID / id is a UUID' };
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** `POST /v1/reports/quarterly`: the court and quarter to snapshot (R-RP-1). */
export const quarterlyReportBodySchema = z.object({ court: courtCode, quarter }).strict();

/** `:id` of a report. */
export const reportIdParamsSchema = z.object({ id: z.uuid(uuidMessage) });

/** `GET /v1/reports?court=&quarter=`: every version, newest first. */
export const reportListQuerySchema = z
  .object({ court: courtCode.optional(), quarter: quarter.optional() })
  .strict();

/** One line of a breakdown: a stable code of `@jir/rules`, its Chinese label, the count. */
export const breakdownLineSchema = z.object({ code: z.string(), label: z.string(), count: z.number().int() });

/** A record named in the special-items list (Art 10): case number, interferer, items. */
export const specialItemRecordSchema = z.object({
  recordId: z.string(),
  court: z.string(),
  caseNumber: z.string(),
  interferer: z.object({ name: z.string(), unit: z.string(), position: z.string() }).nullable(),
  items: z.array(z.string()),
  receivedAt: z.string(),
});

/** The frozen content of a quarterly report: what the digest covers (R-RP-1, R-RP-4). */
export const reportSnapshotSchema = z.object({
  id: z.string(),
  court: z.string(),
  quarter: z.string(),
  /** Version of this court's report for this quarter: regenerating makes the next one. */
  version: z.number().int().positive(),
  /** The quarter was still in progress when the snapshot was taken. */
  provisional: z.boolean(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  totals: z.object({
    records: z.number().int(),
    bySpecialItem: z.array(breakdownLineSchema),
    byInterfererKind: z.array(breakdownLineSchema),
    byUnitType: z.array(breakdownLineSchema),
    byForm: z.array(breakdownLineSchema),
    byStage: z.array(breakdownLineSchema),
    byDivision: z.array(breakdownLineSchema),
    byMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
    timeliness: z.object({ entry: timelinessCountsSchema, copy: timelinessCountsSchema }),
  }),
  specialItems: z.array(
    z.object({ code: z.string(), label: z.string(), records: z.array(specialItemRecordSchema) }),
  ),
  /** Interferers that recur across records and courts (R-BX-2). */
  identities: z.array(
    z.object({
      identityId: z.string(),
      name: z.string().nullable(),
      records: z.number().int(),
      courts: z.array(z.string()),
    }),
  ),
  /** Who declared for the quarter and who did not; long runs of "nothing" (R-BX-1). */
  declarations: z.object({
    declared: z.array(
      z.object({ handler: z.string(), kind: z.enum(['nothing', 'complete']), at: z.string() }),
    ),
    missing: z.array(z.string()),
    longZeroRuns: z.array(z.object({ handler: z.string(), quarters: z.number().int() })),
  }),
  /** Outcomes of the quarter's sample verification (R-BX-3). */
  sampleVerification: z.object({ confirmed: z.number().int(), disputed: z.number().int() }),
  /** Who receives it (R-RP-2), from `recipients()` of `@jir/rules`. */
  recipients: z.array(
    z.object({
      kind: z.enum(['court', 'committee']),
      code: z.string(),
      immediate: z.boolean(),
      reasons: z.array(z.string()),
      /** The committee of the principal leader involved: its copy leaves those records out (R-RP-2). */
      withholdContent: z.literal(true).optional(),
    }),
  ),
  /**
   * Records of the quarter that involve a principal leader of the court's own committee, and
   * whether that committee's copy leaves them out (the default) or, as configured, includes them
   * (R-RP-2). Absent when no record of the quarter involves one.
   */
  principalLeaderContent: z
    .object({
      committee: z.string(),
      withheld: z.boolean(),
      recordIds: z.array(z.string()),
      /** The interferers those records name, left out of the committee's copy with them. */
      identityIds: z.array(z.string()).optional(),
    })
    .optional(),
});

/** A stored report: its snapshot, SHA-256 of the snapshot's canonical JSON, the Ed25519 signature. */
export const reportSchema = reportSnapshotSchema
  .extend({
    digest: hex64,
    /** Ed25519 over the digest (hex, UTF-8), base64. */
    signature: z.string(),
    /** The signing key: first 16 hex digits of SHA-256 of its public key (SPKI, DER). */
    keyId: z.string(),
  })
  .meta({ id: 'QuarterlyReport' });

/** A list of report versions, newest first. */
export const reportListSchema = z
  .object({
    items: z.array(
      reportSchema.pick({
        id: true,
        court: true,
        quarter: true,
        version: true,
        provisional: true,
        generatedAt: true,
        digest: true,
      }),
    ),
  })
  .meta({ id: 'QuarterlyReportList' });

/** `GET /v1/reports/{id}/verification`: the stored digest and signature checked, the snapshot recomputed. */
export const reportVerificationSchema = z
  .object({
    reportId: z.string(),
    digest: hex64,
    /** The stored snapshot still hashes to its digest. */
    digestMatches: z.boolean(),
    /** The signature verifies with this deployment's public key. */
    signatureValid: z.boolean(),
    /** The snapshot recomputed from the read model as of its generation equals the stored one. */
    matchesReadModel: z.boolean(),
    recomputedDigest: hex64,
  })
  .meta({ id: 'ReportVerification' });

/** `POST /v1/declarations` (R-BX-1): once a quarter, "nothing to record" or "my records are complete". */
export const declarationBodySchema = z.object({ quarter, kind: z.enum(['nothing', 'complete']) }).strict();

/** A handler's declaration for a quarter. */
export const declarationSchema = z
  .object({
    id: z.string(),
    court: z.string(),
    handler: z.string(),
    quarter: z.string(),
    kind: z.enum(['nothing', 'complete']),
    declaredAt: z.string(),
  })
  .meta({ id: 'Declaration' });

// ---- Routing and delivery (R-RP-2, R-RP-3) ----

/** What a delivery carries: a quarterly report, one hop of a severe record's escalation, a circular. */
export const documentKindSchema = z.enum(['quarterly-report', 'severe-escalation', 'compliance-circular']);

/** How a delivery reaches its recipient: this deployment's inbox, a peer deployment, or by hand (committees). */
export const deliveryChannelSchema = z.enum(['inbox', 'peer', 'committee', 'none']);

/** Ways a document is handed to a committee outside the system. */
export const handoverMethodSchema = z.enum(['in-person', 'confidential-mail', 'secure-network', 'courier']);

/** `:id` of a delivery. */
export const deliveryIdParamsSchema = z.object({ id: z.uuid(uuidMessage) });

/** One recipient's delivery of one document; retried until acknowledged (R-RP-3). */
export const deliverySchema = z
  .object({
    id: z.string(),
    documentKind: documentKindSchema,
    documentId: z.string(),
    /** The sending court. */
    court: z.string(),
    quarter: z.string().nullable(),
    recordId: z.string().nullable(),
    recipient: z.string(),
    recipientKind: z.enum(['court', 'committee']),
    channel: deliveryChannelSchema,
    peer: z.string().nullable(),
    /** Escalation level, nearest first: a hop waits for the one below it (level by level). */
    hop: z.number().int(),
    status: z.enum(['pending', 'delivered', 'awaiting-handover', 'no-route']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    handover: z
      .object({ by: z.string(), at: z.string(), method: handoverMethodSchema, note: z.string().nullable() })
      .nullable(),
    /**
     * The recipient court's acknowledgement (签收): from this deployment's inbox, or pushed back
     * by the peer deployment serving that court (R-RP-3); null until then.
     */
    acknowledgement: z.object({ at: z.string(), by: z.string() }).nullable().optional(),
  })
  .meta({ id: 'Delivery' });

/** `POST /v1/reports/{id}/send` and `GET /v1/deliveries`: deliveries of a document. */
export const deliveryListSchema = z.object({ items: z.array(deliverySchema) }).meta({ id: 'DeliveryList' });

/** `GET /v1/deliveries?reportId=&recordId=`. */
export const deliveryListQuerySchema = z
  .object({ reportId: z.uuid(uuidMessage).optional(), recordId: z.uuid(uuidMessage).optional() })
  .strict();

/** `POST /v1/deliveries/{id}/handover`: who handed the document to the committee, when and how. */
export const committeeHandoverBodySchema = z
  .object({
    deliveredBy: z.string().min(1).max(200),
    deliveredAt: z.iso.datetime({ offset: true, message: '时间格式有误 / an ISO 8601 instant' }),
    method: handoverMethodSchema,
    note: z.string().max(2000).optional(),
  })
  .strict();

/** `POST /v1/inbound-reports`: a document pushed by a peer deployment, signed by its key (R-RP-3). */
export const inboundDocumentBodySchema = z
  .object({
    kind: documentKindSchema,
    /** The court here that receives it. */
    recipient: courtCode,
    /** The signed content; `id` and `court` (the sending court) at least. */
    document: z.looseObject({ id: z.string().min(1).max(100), court: courtCode }),
    digest: hex64,
    signature: z.string().min(1).max(200),
    keyId: z.string().min(1).max(64),
  })
  .strict();

/** The receiver's acknowledgement; a repeat gets the first receipt's instant and `duplicate: true`. */
export const inboundAckSchema = z
  .object({
    documentId: z.string(),
    recipient: z.string(),
    duplicate: z.boolean(),
    receivedAt: z.string(),
  })
  .meta({ id: 'InboundAcknowledgement' });

/**
 * `POST /v1/inbound-acknowledgements`: a peer deployment tells the sender that its recipient
 * court acknowledged (签收) a document pushed there (R-RP-3).
 */
export const inboundAcknowledgementBodySchema = z
  .object({
    /** The acknowledged document's digest, as pushed. */
    digest: hex64,
    /** The court there that acknowledged it. */
    recipient: courtCode,
    acknowledgedAt: z.iso.datetime({ offset: true, message: '时间格式有误 / an ISO 8601 instant' }),
    /** Who acknowledged it (the peer's user). */
    acknowledgedBy: z.string().min(1).max(200),
  })
  .strict();

/** The acknowledgement as the sender keeps it; a repeat gets the first one and `duplicate: true`. */
export const inboundAcknowledgementReceiptSchema = z
  .object({
    deliveryId: z.string(),
    duplicate: z.boolean(),
    acknowledgedAt: z.string(),
    acknowledgedBy: z.string(),
  })
  .meta({ id: 'PeerAcknowledgementReceipt' });

/** A document in a court's inbox. */
export const inboxItemSchema = z
  .object({
    documentId: z.string(),
    kind: documentKindSchema,
    fromCourt: z.string(),
    recipient: z.string(),
    quarter: z.string().nullable(),
    digest: hex64,
    signature: z.string(),
    keyId: z.string(),
    /** 'local' or the peer deployment it came from. */
    source: z.string(),
    receivedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    document: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'InboxItem' });

/** `GET /v1/inbox?recipient=&quarter=&kind=`. */
export const inboxQuerySchema = z
  .object({
    recipient: courtCode.optional(),
    quarter: quarter.optional(),
    kind: documentKindSchema.optional(),
  })
  .strict();

/** The inbox, newest first. */
export const inboxListSchema = z.object({ items: z.array(inboxItemSchema) }).meta({ id: 'Inbox' });

/** `:documentId/:recipient` of an inbox item. */
export const inboxItemParamsSchema = z.object({
  documentId: z.string().min(1).max(100),
  recipient: courtCode,
});

/** `GET /v1/rollup?court=&quarter=`: a court's own records with its lower courts' reports (R-RP-3). */
export const rollupQuerySchema = z.object({ court: courtCode, quarter }).strict();

/** The level-by-level roll-up. */
export const rollupSchema = z
  .object({
    court: z.string(),
    quarter: z.string(),
    own: z.object({ records: z.number().int() }),
    lower: z.array(
      z.object({
        court: z.string(),
        reportId: z.string(),
        version: z.number().int(),
        digest: hex64,
        records: z.number().int(),
      }),
    ),
    /** Lower courts with no report received for the quarter. */
    missing: z.array(z.string()),
    combined: z.object({
      records: z.number().int(),
      bySpecialItem: z.array(breakdownLineSchema),
      byInterfererKind: z.array(breakdownLineSchema),
      byUnitType: z.array(breakdownLineSchema),
      byForm: z.array(breakdownLineSchema),
      byStage: z.array(breakdownLineSchema),
    }),
  })
  .meta({ id: 'Rollup' });

// ---- Compliance (R-RP-5) ----

/**
 * `GET /v1/report-compliance?court=&quarter=`: the lower courts of `court`, their reports and
 * timeliness (R-RP-5); the deadline monitor's `GET /v1/compliance` is another thing, a court's duties.
 */
export const lowerCourtsComplianceQuerySchema = z.object({ court: courtCode, quarter }).strict();

/** One lower court's compliance for the quarter, from the deadline monitor's outcomes. */
export const lowerCourtComplianceSchema = z.object({
  court: z.string(),
  name: z.string(),
  /** Its report duties (to the court above and the committee): on time, late, missing, pending. */
  reports: timelinessCountsSchema,
  /** Its records of the quarter and whether they were entered and copied on time. */
  records: z.object({ total: z.number().int(), entry: timelinessCountsSchema, copy: timelinessCountsSchema }),
  /** Deadlines breached: of its records' duties and of its reports. */
  breaches: z.object({ records: z.number().int(), reports: z.number().int() }),
});

/** The compliance of every lower court the caller may see (R-RP-5, Art 9). */
export const lowerCourtsComplianceSchema = courtsComplianceSchema(
  lowerCourtComplianceSchema,
  'LowerCourtsCompliance',
);

/** `POST /v1/compliance/circulars`: circulate (通报) the compliance as a signed document. */
export const circularBodySchema = z
  .object({ court: courtCode, quarter, note: z.string().max(4000).optional() })
  .strict();

/** A circulated compliance document: frozen, digested and signed like a report, delivered to the lower courts. */
export const circularSchema = lowerCourtsComplianceSchema
  .extend({
    id: z.string(),
    circulatedBy: z.string(),
    note: z.string().nullable(),
    digest: hex64,
    signature: z.string(),
    keyId: z.string(),
  })
  .meta({ id: 'ComplianceCircular' });
