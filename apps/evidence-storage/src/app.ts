import type { Express } from 'express';
import { serviceHttpApp, type OutboxRelay, type ServiceAppDeps } from '@jir/service-kit';
import type { EvidenceDB } from './db/schema.js';
import { RAW_UPLOAD_PATHS, evidenceRoutes } from './evidence/evidence.routes.js';
import { EvidenceService } from './evidence/evidence.service.js';
import type { AbandonedUploads } from './store/abandoned-uploads.js';
import type { ObjectStore } from './store/object-store.js';

export interface EvidenceDeps extends ServiceAppDeps<EvidenceDB> {
  store: ObjectStore;
  relay?: OutboxRelay;
  maxBytes: number;
  recordWaitMs?: number;
  /** Uploads streamed at once (MAX_CONCURRENT_UPLOADS). */
  maxConcurrentUploads?: number;
  /** Bytes all whole-file downloads share for their hashing segments (DOWNLOAD_BUFFER_MB). */
  downloadBufferBytes?: number;
  /** Milliseconds an upload body may send nothing (UPLOAD_IDLE_TIMEOUT_SECONDS). */
  idleTimeoutMs?: number;
  /** Aborts the multipart uploads of failed uploads. */
  abandoned?: AbandonedUploads;
}

/** The evidence service's HTTP app, without listening. */
export function createApp(deps: EvidenceDeps, service = createEvidenceService(deps)): Express {
  return createHttpAppFor(deps, service);
}

/** The service behind the routes, shared with background jobs such as the integrity check. */
export function createEvidenceService(deps: EvidenceDeps): EvidenceService {
  return new EvidenceService({
    db: deps.db,
    store: deps.store,
    clock: deps.clock,
    maxBytes: deps.maxBytes,
    logger: deps.logger,
    ...(deps.maxConcurrentUploads !== undefined ? { uploadSlots: deps.maxConcurrentUploads } : {}),
    ...(deps.downloadBufferBytes !== undefined ? { downloadBufferBytes: deps.downloadBufferBytes } : {}),
    ...(deps.relay ? { relay: deps.relay } : {}),
    ...(deps.recordWaitMs !== undefined ? { recordWaitMs: deps.recordWaitMs } : {}),
    ...(deps.abandoned ? { abandoned: deps.abandoned } : {}),
  });
}

function createHttpAppFor(deps: EvidenceDeps, service: EvidenceService): Express {
  return serviceHttpApp({
    ...deps,
    rawBodyPaths: RAW_UPLOAD_PATHS,
    readiness: {
      // Not only reachable: still locked as verified at start (COMPLIANCE, representable period).
      store: async () => {
        if (!deps.store.worm) return deps.store.ping();
        const why = await deps.store.lockProblem();
        if (why) throw new Error(why);
      },
    },
    readinessNotes: (): Record<string, string> => ({
      ...(deps.store.privilegeWarning ? { leastPrivilege: deps.store.privilegeWarning } : {}),
      ...(deps.store.worm && deps.store.lock
        ? {
            objectLock: `COMPLIANCE; default ${deps.store.lock.defaultDays} days; each version retained until ${deps.store.retainUntil(deps.clock.now()).toISOString()} (cap ${deps.store.lock.retainUntilCap}), read back after every upload`,
          }
        : {
            store:
              '开发模式：对象存储未启用对象锁定，证据并非不可篡改 / development store without Object Lock: evidence is NOT write-once',
          }),
    }),
    info: { title: '过问案件记录系统 · evidence storage', version: '1' },
    routes: evidenceRoutes({
      service,
      db: deps.db,
      maxBytes: deps.maxBytes,
      ...(deps.idleTimeoutMs !== undefined ? { idleTimeoutMs: deps.idleTimeoutMs } : {}),
    }),
  });
}
