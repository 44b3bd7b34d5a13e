import {
  STREAMS,
  buildEvent,
  exemptOpinionFiled,
  recordEntered,
  streamNameFor,
  subjectFor,
} from '@jir/contracts';
import type { UserClaims } from '@jir/service-kit';
import { sql } from 'kysely';
import { Client } from 'minio';
import {
  ManualClock,
  provisionEvidenceBucket,
  recordEventFacts,
  resolveObjectStoreAdmin,
  startServiceUnderTest,
  uniqueName,
  type ObjectStoreAdmin,
  testUsers,
} from '@jir/testing';
import { evidenceMigrations } from '../src/db/migrations/index.js';
import { loadConfig } from '../src/config.js';
import { evidenceService } from '../src/service.js';

export const MAX_BYTES = 64 * 1024 * 1024;

/** The evidence service with its own database, bus namespace and bucket on the project's real S3 server. */
export async function evidenceHarness(
  opts: {
    recordWaitMs?: number;
    store?: ObjectStoreAdmin;
    maxConcurrentUploads?: number;
    idleTimeoutMs?: number;
    /** DOWNLOAD_BUFFER_MB: the segments all downloads share (4 MiB each). */
    downloadBufferMb?: number;
    /** S3_PART_SIZE_MB (8 unless given; the store's least is 5). */
    partSizeMb?: number;
    /** S3_REQUEST_TIMEOUT_SECONDS: how long a store request may go unanswered. */
    storeTimeoutSeconds?: number;
  } = {},
) {
  const s3 = opts.store ?? (await resolveObjectStoreAdmin());
  const bucket = uniqueName('ev').replace(/[^a-z0-9-]/g, '');
  // Provisioned as a deployment is (admin-owned, locked, policy); the service gets its own key
  // and the retention settings of the default configuration (100 years, capped).
  await provisionEvidenceBucket(s3, bucket);
  const u = new URL(s3.endpoint);
  /** The administrator's client: what the service's key must not be able to do, tests do with this. */
  const admin = new Client({
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: false,
    accessKey: s3.adminAccessKey,
    secretKey: s3.adminSecretKey,
    pathStyle: true,
    region: 'us-east-1',
  });
  const namespace = uniqueName('ev');
  const { publicKeyPem, token } = testUsers();
  const clock = new ManualClock('2026-03-03T04:00:00Z');
  const started = await startServiceUnderTest({
    migrations: evidenceMigrations,
    name: 'evidence',
    namespace,
    publicKeyPem,
    clock,
    loadConfig,
    env: {
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: bucket,
      S3_PART_SIZE_MB: String(opts.partSizeMb ?? 8),
      OBJECT_STORE_MODE: 'worm',
      EVIDENCE_MAX_BYTES: String(MAX_BYTES),
      ...(opts.maxConcurrentUploads !== undefined
        ? { MAX_CONCURRENT_UPLOADS: String(opts.maxConcurrentUploads) }
        : {}),
      ...(opts.downloadBufferMb !== undefined ? { DOWNLOAD_BUFFER_MB: String(opts.downloadBufferMb) } : {}),
      ...(opts.storeTimeoutSeconds !== undefined
        ? { S3_REQUEST_TIMEOUT_SECONDS: String(opts.storeTimeoutSeconds) }
        : {}),
      // The tests start the integrity check themselves.
      INTEGRITY_CHECK_HOURS: '0',
    },
    service: (config) =>
      evidenceService(config, {
        recordWaitMs: opts.recordWaitMs ?? 1500,
        ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      }),
  });
  const { service, owner: database, testDatabase: tdb } = started;
  const { bus, relay } = service.ctx;
  const { store } = service.ctx.resources;
  const evidenceStream = streamNameFor(STREAMS.evidence, namespace);
  const intakeStream = streamNameFor(STREAMS.intake, namespace);
  const server = service;

  /** Announces a record as intake would, through the bus. */
  async function announceRecord(
    r: { recordId?: string; handler?: string; division?: string; court?: string; form?: string } = {},
  ) {
    const recordId = r.recordId ?? crypto.randomUUID();
    const e = buildEvent(recordEntered, {
      court: r.court ?? 'JL-CC-NG',
      aggregateId: recordId,
      actor: { sub: r.handler ?? 'judge-a', kind: 'user' },
      data: {
        ...recordEventFacts({
          recordId,
          form: (r.form ?? 'wechat') as 'wechat',
          handler: r.handler ?? 'judge-a',
          division: r.division ?? 'civil-1',
        }),
        enteredAt: '2026-03-03T11:00:00+08:00',
      },
    });
    await bus.js.publish(subjectFor(recordEntered.subject, namespace), JSON.stringify(e), { msgID: e.id });
    return recordId;
  }

  /** Announces an exempt opinion as intake would. */
  async function announceOpinion() {
    const opinionId = crypto.randomUUID();
    const e = buildEvent(exemptOpinionFiled, {
      court: 'JL-CC-NG',
      aggregateId: opinionId,
      actor: { sub: 'judge-a', kind: 'user' },
      data: {
        opinionId,
        caseNumber: '(2026)吉0102民初77号',
        handler: 'judge-a',
        division: 'civil-1',
        filedAt: '2026-03-03T11:00:00+08:00',
      },
    });
    await bus.js.publish(subjectFor(exemptOpinionFiled.subject, namespace), JSON.stringify(e), {
      msgID: e.id,
    });
    return opinionId;
  }

  async function upload(
    recordId: string,
    body: Buffer,
    o: { as?: Partial<UserClaims>; name?: string; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(`${server.url}/v1/evidence?recordId=${recordId}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(o.as ?? {})}`,
        'content-type': 'application/octet-stream',
        ...(o.name !== undefined ? { 'x-file-name': encodeURIComponent(o.name) } : {}),
        ...o.headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  }

  async function call(
    method: string,
    path: string,
    o: { as?: Partial<UserClaims>; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(o.as ?? {})}`,
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...o.headers,
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    return res;
  }

  /**
   * Rewrites an evidence row as someone with the database owner's powers could (triggers off for
   * this transaction only): what the service's own role cannot do, tests of the integrity check do.
   */
  async function tamperRow(id: string, set: Record<string, unknown>) {
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await trx.updateTable('evidence').set(set).where('id', '=', id).execute();
    });
  }

  return {
    db: database.db,
    /** The owner's connection string of the test database. */
    dbUrl: tdb.url,
    tamperRow,
    store,
    admin,
    s3,
    bus,
    relay,
    /** The service's capped transfer buffers: every transfer, failed or not, gives back what it took. */
    buffers: server.parts.buffers,
    url: server.url,
    token,
    announceRecord,
    announceOpinion,
    upload,
    call,
    close: () => started.close({ streams: [evidenceStream, intakeStream] }),
  };
}
export type EvidenceHarness = Awaited<ReturnType<typeof evidenceHarness>>;

/** A real 1x1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
