import type { Express } from 'express';
import type { Role } from '@jir/rules';
import { serviceHttpApp, ctx, type OutboxRelay, type ServiceAppDeps } from '@jir/service-kit';
import type { AuditSealer } from './audit/audit-trail.js';
import type { AuditHeadSigner } from './audit/head-signing.js';
import { auditRoutes } from './audit/audit.routes.js';
import type { IntakeDB } from './db/schema.js';
import { AccountabilityService } from './accountability/accountability.service.js';
import { ComplaintsService } from './complaints/complaints.service.js';
import { accountabilityRoutes } from './identities/accountability-complaints.routes.js';
import { IdentitiesService } from './identities/identities.service.js';
import { SamplingService } from './sampling/sampling.service.js';
import { samplingRoutes } from './sampling/sampling.routes.js';
import { ExemptOpinionsService } from './exempt-opinions/exempt-opinions.service.js';
import { breachEvidenceRoutes } from './deadlines/breach-evidence.routes.js';
import { filingFormPdfRoutes } from './materials/filing-form-pdf.route.js';
import { materialRoutes } from './materials/materials.routes.js';
import { MaterialsService } from './materials/materials.service.js';
import { recordFormPdfRoutes } from './records/form-pdf.route.js';
import { formArchiveRoutes } from './records/form-archive.routes.js';
import { InformationFormArchive } from './records/form-archive.js';
import { awaitingConfirmationRoutes } from './records/awaiting-confirmation.routes.js';
import { recordRoutes } from './records/records.routes.js';
import { STAFF_RAW_PATHS, staffRoutes } from './staff/staff.routes.js';
import { StaffService } from './staff/staff.service.js';
import { RecordsService } from './records/records.service.js';
import { StatedTimes } from './time/stated-times.js';

export interface IntakeDeps extends ServiceAppDeps<IntakeDB> {
  relay?: OutboxRelay;
  sealer?: AuditSealer;
  headSigner?: AuditHeadSigner;
  bodyLimit?: string;
  /** Share of a quarter's records drawn for verification (R-BX-3). */
  sampleShare?: number;
  /** Seconds a stated time may lie ahead of the clock (R-RC-4); 300 unless set. */
  futureTimeAllowanceSeconds?: number;
  /** Who records ledger findings (R-AB-1); the rules' default when absent. */
  ledgerFinderRoles?: readonly Role[] | undefined;
  /** Who handles complaints (R-AB-2); the rules' default when absent. */
  complaintHandlerRoles?: readonly Role[] | undefined;
  /** Days to report a received complaint to the committee (R-AB-2). */
  complaintReportDays?: number;
}

/** The intake service's HTTP app, without listening (tests mount it directly). */
export function createApp(deps: IntakeDeps): Express {
  const statedTimes = new StatedTimes(deps.clock, (deps.futureTimeAllowanceSeconds ?? 300) * 1000);
  const records = new RecordsService({
    db: deps.db,
    clock: deps.clock,
    statedTimes,
    ...(deps.relay ? { relay: deps.relay } : {}),
  });
  const materials = new MaterialsService({
    db: deps.db,
    clock: deps.clock,
    statedTimes,
    ...(deps.relay ? { relay: deps.relay } : {}),
  });
  const opinions = new ExemptOpinionsService({
    db: deps.db,
    clock: deps.clock,
    statedTimes,
    records,
    ...(deps.relay ? { relay: deps.relay } : {}),
  });
  const identities = new IdentitiesService({
    db: deps.db,
    clock: deps.clock,
    ...(deps.relay ? { relay: deps.relay } : {}),
  });
  const staff = new StaffService({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.relay ? { relay: deps.relay } : {}),
  });
  const ledger = new AccountabilityService({
    db: deps.db,
    clock: deps.clock,
    finderRoles: deps.ledgerFinderRoles,
  });
  const complaints = new ComplaintsService({
    db: deps.db,
    clock: deps.clock,
    handlerRoles: deps.complaintHandlerRoles,
    reportDays: deps.complaintReportDays,
  });
  const sampling = new SamplingService({
    db: deps.db,
    clock: deps.clock,
    defaultShare: deps.sampleShare ?? 0.1,
  });
  const routes = [
    // Before recordRoutes: its /v1/records/:id would take 'awaiting-my-confirmation' for an id.
    ...awaitingConfirmationRoutes({ db: deps.db, clock: deps.clock }),
    ...recordRoutes({ service: records, db: deps.db }),
    ...recordFormPdfRoutes({ service: records }),
    ...formArchiveRoutes({
      archive: new InformationFormArchive({
        db: deps.db,
        clock: deps.clock,
        records,
        ...(deps.relay ? { relay: deps.relay } : {}),
      }),
    }),
    ...materialRoutes({ materials, opinions, db: deps.db }),
    ...filingFormPdfRoutes({ materials }),
    ...accountabilityRoutes({ identities, ledger, complaints, db: deps.db }),
    ...breachEvidenceRoutes({ db: deps.db }),
    ...samplingRoutes({ sampling }),
    ...staffRoutes({ staff }),
    ...auditRoutes({
      db: deps.db,
      ...(deps.sealer ? { sealer: deps.sealer } : {}),
      ...(deps.headSigner ? { headSigner: deps.headSigner } : {}),
    }),
  ];
  return serviceHttpApp({
    ...deps,
    bodyLimit: deps.bodyLimit ?? '256kb',
    rawBodyPaths: STAFF_RAW_PATHS,
    info: {
      title: '过问案件记录系统 · intake',
      version: '1',
      description: 'Records of interference by outsiders in specific cases.',
    },
    routes,
    // Everyone who calls with a valid token is noted, so people missing from the directory show.
    authenticate: (auth) => (req, res, next) =>
      auth(req, res, (err?: unknown) => {
        const actor = ctx(res).actor;
        if (!err && actor) staff.noteCaller(actor);
        next(err);
      }),
  });
}
