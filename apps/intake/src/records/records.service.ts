import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  amendmentBodySchema,
  receiptCorrectionBodySchema,
  receiptCorrectionDecisionBodySchema,
  recordListQuerySchema,
  RecordBody,
} from '@jir/contracts';
import { type AuthenticatedActor, type Clock, type OutboxRelay } from '@jir/service-kit';
import { auditedUnitOfWork } from '../audit/audited-unit-of-work.js';
import type { IntakeDB } from '../db/schema.js';
import type { StatedTimes } from '../time/stated-times.js';
import type { RecordsContext } from './record-access.js';
import { amendRecord } from './record-amendment.js';
import { acknowledgeCopy, confirmRecord, deliverCopy } from './record-copy.js';
import { createRecord, enterRecord } from './record-creation.js';
import { NewRecordWriter } from './new-record-writer.js';
import { decideReceiptCorrection, requestReceiptCorrection } from './receipt-corrections.js';
import { getRecord, listRecords, recordVersions, recordViews } from './record-reads.js';

type Amendment = z.output<typeof amendmentBodySchema>;
type ListQuery = z.output<typeof recordListQuerySchema>;
type ReceiptCorrectionRequest = z.output<typeof receiptCorrectionBodySchema>;
type ReceiptCorrectionDecision = z.output<typeof receiptCorrectionDecisionBodySchema>;

/**
 * Records: creation, entry, reads (each logged), amendments, confirmations, the
 * copy to trial management. Each operation lives in its own module; this is
 * the one object the routes hold.
 */
export class RecordsService {
  private readonly c: RecordsContext;

  constructor(deps: { db: Kysely<IntakeDB>; clock: Clock; statedTimes: StatedTimes; relay?: OutboxRelay }) {
    this.c = {
      db: deps.db,
      clock: deps.clock,
      statedTimes: deps.statedTimes,
      work: auditedUnitOfWork(deps),
      newRecords: new NewRecordWriter({ db: deps.db, clock: deps.clock, relay: deps.relay }),
    };
  }

  create(actor: AuthenticatedActor, body: RecordBody, address: string) {
    return createRecord(this.c, actor, body, address);
  }

  enter(actor: AuthenticatedActor, id: string) {
    return enterRecord(this.c, actor, id);
  }

  get(actor: AuthenticatedActor, id: string, address: string) {
    return getRecord(this.c, actor, id, address);
  }

  list(actor: AuthenticatedActor, q: ListQuery, address: string) {
    return listRecords(this.c, actor, q, address);
  }

  views(actor: AuthenticatedActor, id: string) {
    return recordViews(this.c, actor, id);
  }

  amend(actor: AuthenticatedActor, id: string, body: Amendment) {
    return amendRecord(this.c, actor, id, body);
  }

  versions(actor: AuthenticatedActor, id: string, address: string) {
    return recordVersions(this.c, actor, id, address);
  }

  confirm(actor: AuthenticatedActor, id: string) {
    return confirmRecord(this.c, actor, id);
  }

  deliverCopy(actor: AuthenticatedActor, id: string) {
    return deliverCopy(this.c, actor, id);
  }

  acknowledgeCopy(actor: AuthenticatedActor, id: string) {
    return acknowledgeCopy(this.c, actor, id);
  }

  requestReceiptCorrection(actor: AuthenticatedActor, id: string, body: ReceiptCorrectionRequest) {
    return requestReceiptCorrection(this.c, actor, id, body);
  }

  decideReceiptCorrection(
    actor: AuthenticatedActor,
    id: string,
    correctionId: string,
    body: ReceiptCorrectionDecision,
  ) {
    return decideReceiptCorrection(this.c, actor, id, correctionId, body);
  }
}
