// What evidence storage is made of, for main.ts and the tests alike: the kit
// starts it (config → object store → database → bus → parts → listen); this
// names what is the service's own: the object store and the integrity job.
import { STREAMS } from '@jir/contracts';
import { resource, type ServiceParts, type ServiceSpec } from '@jir/service-kit';
import { createApp, createEvidenceService } from './app.js';
import type { EvidenceConfig } from './config.js';
import { evidenceMigrations } from './db/migrations/index.js';
import type { EvidenceTables } from './db/schema.js';
import { createIntegrityJob } from './integrity/integrity.job.js';
import type { TransferBuffers } from './evidence/transfer-buffers.js';
import { evidenceConsumerDefinitions } from './record-events.js';
import { abandonedUploadSweep } from './store/abandoned-upload-sweep.job.js';
import { AbandonedUploads } from './store/abandoned-uploads.js';
import { ObjectStore } from './store/object-store.js';

/** What tests tune; a deployment uses the defaults. */
export interface EvidenceTuning {
  /** How long an upload waits for its record's event (the service's default otherwise). */
  recordWaitMs?: number;
  /** Milliseconds an upload body may send nothing (else UPLOAD_IDLE_TIMEOUT_SECONDS). */
  idleTimeoutMs?: number;
}

/** What the service is built of, with its transfer buffers for the tests to count. */
export interface EvidenceParts extends ServiceParts<EvidenceTables> {
  buffers: TransferBuffers;
}

const resources = {
  // Refuses to start on a bucket that cannot keep evidence write-once (no Object Lock, a default other
  // than COMPLIANCE, a period the store would wrap), unless explicitly in dev mode. minio's client
  // holds no connection of its own (Node's global agent), so there is nothing to release.
  store: resource<ObjectStore, EvidenceConfig>({
    async acquire({ config }) {
      const store = new ObjectStore({
        endpoint: config.S3_ENDPOINT,
        accessKey: config.S3_ACCESS_KEY,
        secretKey: config.S3_SECRET_KEY,
        bucket: config.S3_BUCKET,
        partSizeBytes: config.S3_PART_SIZE_MB * 1024 * 1024,
        retentionYears: config.RETENTION_YEARS,
        retainUntilMax: config.RETAIN_UNTIL_MAX,
        mode: config.OBJECT_STORE_MODE,
        requestTimeoutMs: config.S3_REQUEST_TIMEOUT_SECONDS * 1000,
      });
      await store.ensureBucket();
      // A key that could delete versions undoes Object Lock's promise only if misused, but says
      // the deployment is not as provisioned: warned at start and on /readyz, not refused.
      if (store.worm) store.privilegeWarning = await store.privilegeProblem();
      return store;
    },
  }),
};

/** The evidence storage service as startService and runService take it. */
export function evidenceService(
  config: EvidenceConfig,
  tuning: EvidenceTuning = {},
): ServiceSpec<EvidenceTables, typeof resources, EvidenceConfig, EvidenceParts> {
  return {
    config,
    migrations: evidenceMigrations,
    produces: STREAMS.evidence,
    resources,
    parts: (ctx) => {
      const { store } = ctx.resources;
      const abandoned = new AbandonedUploads(store, { logger: ctx.logger });
      const deps = {
        ...ctx,
        abandoned,
        store,
        maxBytes: config.EVIDENCE_MAX_BYTES,
        maxConcurrentUploads: config.MAX_CONCURRENT_UPLOADS,
        downloadBufferBytes: config.DOWNLOAD_BUFFER_MB * 1024 * 1024,
        idleTimeoutMs: tuning.idleTimeoutMs ?? config.UPLOAD_IDLE_TIMEOUT_SECONDS * 1000,
        ...(tuning.recordWaitMs !== undefined ? { recordWaitMs: tuning.recordWaitMs } : {}),
      };
      const service = createEvidenceService(deps);
      return {
        consumers: evidenceConsumerDefinitions,
        // The periodic integrity check (R-EV-3), claimed per object so instances split it; 0 hours: off.
        jobs: [
          ...(config.INTEGRITY_CHECK_HOURS > 0
            ? [
                createIntegrityJob({
                  db: ctx.db,
                  store,
                  clock: ctx.clock,
                  logger: ctx.logger,
                  relay: ctx.relay,
                  intervalMs: config.INTEGRITY_CHECK_HOURS * 3_600_000,
                }),
              ]
            : []),
          // Failed uploads' open multipart uploads: aborted at once or when the store is back,
          // and what a dead process left, a day later.
          abandonedUploadSweep({ store, abandoned, clock: ctx.clock, logger: ctx.logger }),
        ],
        app: createApp(deps, service),
        /** The service's transfer buffers: the tests count them back after every failure. */
        buffers: service.buffers,
        started: () => {
          const b = service.buffers;
          ctx.logger.info(
            {
              transferBufferBoundMiB: b.bound / 1024 / 1024,
              partBuffers: b.parts.capacity,
              downloadSegments: b.segments.capacity,
            },
            'transfer buffers capped (uploads × parts × part size + download segments)',
          );
          if (store.privilegeWarning)
            ctx.logger.warn({ alert: 'evidence-store-key-over-privileged' }, store.privilegeWarning);
          if (!store.worm)
            ctx.logger.warn('development store without Object Lock: evidence is NOT write-once');
          else
            ctx.logger.info({ objectLock: store.lock }, 'evidence bucket verified: Object Lock, COMPLIANCE');
        },
      };
    },
  };
}
