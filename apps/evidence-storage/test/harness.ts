import { generateKeyPairSync } from 'node:crypto';
import { STREAMS, buildEvent, exemptOpinionFiled, recordEntered, subjectFor } from '@jir/contracts';
import {
  OutboxRelay,
  connectBus,
  createDatabase,
  createLogger,
  createMetrics,
  createTokenVerifier,
  ensureStream,
  signUserToken,
  startHttpServer,
  type UserClaims,
} from '@jir/service-kit';
import { Client } from 'minio';
import {
  ManualClock,
  createTestDatabase,
  provisionEvidenceBucket,
  resolveNats,
  resolveObjectStoreAdmin,
  uniqueName,
  type ObjectStoreAdmin,
} from '@jir/testing';
import { createApp } from '../src/app.js';
import type { EvidenceTables } from '../src/db/schema.js';
import { evidenceMigrations } from '../src/db/migrations/index.js';
import { evidenceConsumers } from '../src/record-events.js';
import { ObjectStore } from '../src/store/object-store.js';
import { loadConfig } from '../src/config.js';

const logger = createLogger({ service: 'evidence-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
export const MAX_BYTES = 64 * 1024 * 1024;

/** The evidence service with its own database, bus namespace and bucket on the project's real S3 server. */
export async function evidenceHarness(
  opts: {
    recordWaitMs?: number;
    store?: ObjectStoreAdmin;
    maxConcurrentUploads?: number;
    idleTimeoutMs?: number;
  } = {},
) {
  const tdb = await createTestDatabase({ migrations: evidenceMigrations, prefix: 'jir_t_evidence' });
  const database = createDatabase<EvidenceTables>(tdb.url, { max: 10 });
  const s3 = opts.store ?? (await resolveObjectStoreAdmin());
  const bucket = uniqueName('ev').replace(/[^a-z0-9-]/g, '');
  // Provisioned as a deployment is (admin-owned, locked, policy); the service gets its own key
  // and the retention settings of the default configuration (100 years, capped).
  await provisionEvidenceBucket(s3, bucket);
  const defaults = loadConfig({});
  const store = new ObjectStore({
    endpoint: s3.endpoint,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    bucket,
    partSizeBytes: 8 * 1024 * 1024,
    retentionYears: defaults.RETENTION_YEARS,
    retainUntilMax: defaults.RETAIN_UNTIL_MAX,
    mode: 'worm',
  });
  await store.ensureBucket();
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
  const bus = await connectBus({ url: await resolveNats(), name: 'evidence-test', namespace, logger });
  const evidenceStream = await ensureStream(bus.jsm, STREAMS.evidence, namespace);
  const intakeStream = await ensureStream(bus.jsm, STREAMS.intake, namespace);
  const relay = new OutboxRelay({ db: database.db, bus, logger, pollMs: 20 });
  relay.start();
  const consumers = evidenceConsumers({ db: database.db, bus, logger });
  for (const c of consumers) await c.start();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const verifier = createTokenVerifier({
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const clock = new ManualClock('2026-03-03T04:00:00Z');
  const app = createApp({
    db: database.db,
    store,
    logger,
    metrics: createMetrics('evidence', { defaultMetrics: false }),
    verifier,
    clock,
    relay,
    bus,
    maxBytes: MAX_BYTES,
    recordWaitMs: opts.recordWaitMs ?? 1500,
    ...(opts.maxConcurrentUploads !== undefined ? { maxConcurrentUploads: opts.maxConcurrentUploads } : {}),
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
  });
  const server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  const token = (c: Partial<UserClaims> = {}) =>
    signUserToken(priv, {
      sub: 'judge-a',
      court: 'JL-CC-NG',
      division: 'civil-1',
      roles: ['case-handler'],
      ...c,
    });

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
        recordId,
        caseNumber: '(2026)吉0102民初1234号',
        stage: 'trial',
        form: (r.form ?? 'wechat') as 'wechat',
        handler: r.handler ?? 'judge-a',
        division: r.division ?? 'civil-1',
        interfererKind: 'leading-cadre',
        unitType: 'administrative-organ',
        interfererIdentityId: null,
        specialItems: [],
        severe: false,
        involvesPrincipalLeader: false,
        receivedAt: '2026-03-03T10:00:00+08:00',
        communicatedAt: '2026-03-03T09:00:00+08:00',
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

  return {
    db: database.db,
    store,
    admin,
    s3,
    bus,
    relay,
    url: server.url,
    token,
    announceRecord,
    announceOpinion,
    upload,
    call,
    async close() {
      await server.close();
      for (const c of consumers) await c.stop();
      await relay.stop();
      await bus.jsm.streams.delete(evidenceStream).catch(() => undefined);
      await bus.jsm.streams.delete(intakeStream).catch(() => undefined);
      await bus.close();
      await database.close();
      await tdb.drop();
    },
  };
}
export type EvidenceHarness = Awaited<ReturnType<typeof evidenceHarness>>;

/** A real 1x1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
