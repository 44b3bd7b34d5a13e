import type { Express } from 'express';
import type { CourtHierarchy } from '@jir/rules';
import { idempotency, serviceHttpApp, type ServiceAppDeps } from '@jir/service-kit';
import type { ReportingDB } from './db/schema.js';
import { complianceRoutes } from './compliance/compliance.routes.js';
import { ComplianceService } from './compliance/compliance.service.js';
import { DeclarationsService } from './declarations/declarations.service.js';
import { deliveryRoutes } from './delivery/delivery.routes.js';
import { DeliveryService, type DeliveryDeps } from './delivery/delivery.service.js';
import type { Deployment } from './delivery/deployment-routing.js';
import { peerAcknowledgementRoutes } from './delivery/peer-acknowledgement.routes.js';
import { PeerAcknowledgementService } from './delivery/peer-acknowledgement.service.js';
import { RollupService } from './delivery/rollup.service.js';
import { exportRoutes } from './exports/export.routes.js';
import type { SigningKey } from './reports/report-signing.js';
import { reportRoutes } from './reports/reports.routes.js';
import { ReportsService } from './reports/reports.service.js';

export interface ReportingDeps extends ServiceAppDeps<ReportingDB> {
  courts: CourtHierarchy;
  key: SigningKey;
  relay?: { wake(): void };
  zeroRunQuarters: number;
  /** Send principal-leader records' content to that leader's own committee all the same (R-RP-2; off by default). */
  principalLeaderContentToOwnCommittee?: boolean;
  /** The courts served here and the peers (R-RP-3). */
  deployment: Deployment;
  /** Nudges the delivery worker after new deliveries commit. */
  wakeDeliveries?: () => void;
}

/** The domain services behind the routes, built once. */
export function createReportingServices(deps: ReportingDeps) {
  // Reports' deliveries and compliance circulars are sent alike.
  const sending: DeliveryDeps = {
    db: deps.db,
    clock: deps.clock,
    courts: deps.courts,
    deployment: deps.deployment,
    key: deps.key,
    ...(deps.relay ? { relay: deps.relay } : {}),
    ...(deps.wakeDeliveries ? { wakeDeliveries: deps.wakeDeliveries } : {}),
  };
  return {
    reports: new ReportsService({
      db: deps.db,
      clock: deps.clock,
      courts: deps.courts,
      key: deps.key,
      zeroRunQuarters: deps.zeroRunQuarters,
      principalLeaderContentToOwnCommittee: deps.principalLeaderContentToOwnCommittee ?? false,
      ...(deps.relay ? { relay: deps.relay } : {}),
    }),
    declarations: new DeclarationsService({ db: deps.db, clock: deps.clock, courts: deps.courts }),
    delivery: new DeliveryService(sending),
    compliance: new ComplianceService(sending),
    peerAcknowledgements: new PeerAcknowledgementService({
      db: deps.db,
      clock: deps.clock,
      deployment: deps.deployment,
    }),
    rollup: new RollupService({
      db: deps.db,
      clock: deps.clock,
      courts: deps.courts,
      zeroRunQuarters: deps.zeroRunQuarters,
    }),
  };
}

/** The reporting service's HTTP app, without listening. */
export function createApp(deps: ReportingDeps, services = createReportingServices(deps)): Express {
  const idem = idempotency({ db: deps.db });
  return serviceHttpApp({
    ...deps,
    info: { title: '过问案件记录系统 · reporting', version: '1' },
    routes: [
      ...reportRoutes({ ...services, idem }),
      ...exportRoutes({ reports: services.reports, courts: deps.courts }),
      ...deliveryRoutes({ ...services, idem }),
      ...peerAcknowledgementRoutes(services),
      ...complianceRoutes({ ...services, idem }),
    ],
  });
}
