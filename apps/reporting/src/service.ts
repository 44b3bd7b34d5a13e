// What the reporting service is made of, for main.ts and the tests alike: the kit starts it
// (config → database → bus → parts → listen); this names its consumers, its delivery worker
// and its signing key.
import { STREAMS } from '@jir/contracts';
import type { ServiceSpec } from '@jir/service-kit';
import { createApp, createReportingServices } from './app.js';
import type { ReportingConfig } from './config.js';
import { reportingMigrations } from './db/migrations/index.js';
import type { ReportingTables } from './db/schema.js';
import { acknowledgementPushWorker } from './delivery/acknowledgement-push.js';
import { deliveryWorker } from './delivery/delivery-worker.js';
import { deploymentOf } from './delivery/deployment-routing.js';
import { readModelConsumers } from './read-model/read-model.consumers.js';
import { loadSigningKey } from './reports/report-signing.js';

/** The reporting service as startService and runService take it. */
export function reportingService(config: ReportingConfig) {
  const key = loadSigningKey(config.REPORT_SIGNING_KEY, config.REPORT_LOCAL_KEY_DIR);
  const spec: ServiceSpec<
    ReportingTables,
    Record<never, never>,
    ReportingConfig,
    ReturnType<typeof parts>
  > = {
    config,
    migrations: reportingMigrations,
    produces: STREAMS.reporting,
    parts,
  };
  function parts(
    ctx: Parameters<ServiceSpec<ReportingTables, Record<never, never>, ReportingConfig>['parts']>[0],
  ) {
    const deployment = deploymentOf(config, ctx.courts);
    // Pushing acknowledgements back to peers is retried on the deliveries' schedule.
    const workerDeps = {
      db: ctx.db,
      logger: ctx.logger,
      clock: ctx.clock,
      key,
      deployment,
      idleMs: config.DELIVERY_IDLE_MS,
      backoffMaxMs: config.DELIVERY_BACKOFF_MAX_MS,
    };
    const worker = deliveryWorker(workerDeps);
    const acknowledgementPushes = acknowledgementPushWorker(workerDeps);
    // An acknowledgement of a peer's document commits a push back to it, as sending commits
    // deliveries: one nudge serves both workers.
    const wakeDeliveries = () => {
      worker.wake();
      acknowledgementPushes.wake();
    };
    const deps = {
      ...ctx,
      key,
      zeroRunQuarters: config.ZERO_RUN_QUARTERS,
      principalLeaderContentToOwnCommittee: config.PRINCIPAL_LEADER_CONTENT_TO_OWN_COMMITTEE,
      deployment,
      wakeDeliveries,
    };
    const services = createReportingServices(deps);
    return {
      consumers: readModelConsumers({
        courts: ctx.courts,
        deployment,
        key,
        clock: ctx.clock,
        principalLeaderContentToOwnCommittee: config.PRINCIPAL_LEADER_CONTENT_TO_OWN_COMMITTEE,
        wake: wakeDeliveries,
      }),
      jobs: [worker, acknowledgementPushes].map((w) => ({
        name: w.name,
        start: () => w.start(),
        stop: () => w.stop(),
      })),
      app: createApp(deps, services),
      services,
      key,
      deliveryWorker: worker,
      acknowledgementPushWorker: acknowledgementPushes,
      deployment,
    };
  }
  return spec;
}
