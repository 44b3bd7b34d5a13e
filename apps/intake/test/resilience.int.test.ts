import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { STREAMS, recordEntered } from '@jir/contracts';
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
} from '@jir/service-kit';
import { ManualClock, TestNatsServer, createTestDatabase, uniqueName, waitFor } from '@jir/testing';
import { createApp } from '../src/app.js';
import { intakeMigrations } from '../src/db/migrations/index.js';
import type { IntakeSchema } from '../src/db/schema.js';
import { NOW, intakeHarness, recordBody, type IntakeHarness } from './harness.js';

describe('idempotency and the API document', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await intakeHarness();
  });
  afterAll(() => h.close());

  it('R-PV-3: ten concurrent retries with one Idempotency-Key create one record and one event', async () => {
    const headers = { 'idempotency-key': 'case-1234-call-1' };
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.call('POST', '/v1/records', { body: recordBody({ enter: true }), headers }),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    const rows = await h.db.selectFrom('records').select('id').execute();
    expect(rows).toHaveLength(1);
    const outbox = await h.db.selectFrom('outbox').select('subject').execute();
    expect(outbox).toEqual([{ subject: recordEntered.subject }]);
  });

  it('the OpenAPI document lists every route', async () => {
    const doc = (await h.call('GET', '/v1/openapi.json', { as: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(ops.sort()).toEqual(
      [
        'GET /v1/audit/head',
        'GET /v1/audit/verify',
        'GET /v1/records',
        'GET /v1/records/{id}',
        'GET /v1/records/{id}/versions',
        'GET /v1/records/{id}/views',
        'POST /v1/records',
        'POST /v1/records/{id}/amendments',
        'POST /v1/records/{id}/confirmations',
        'POST /v1/records/{id}/copy-delivery',
        'POST /v1/records/{id}/copy-delivery/acknowledge',
        'POST /v1/records/{id}/enter',
        'POST /v1/materials',
        'GET /v1/materials/{id}',
        'POST /v1/materials/{id}/filing',
        'POST /v1/materials/{id}/transfers',
        'GET /v1/refused-attempts',
        'POST /v1/exempt-opinions',
        'GET /v1/exempt-opinions',
        'GET /v1/interferer-identities',
        'GET /v1/interferer-identities/{id}',
        'POST /v1/interferer-identities/{id}/merge',
        'POST /v1/records/{id}/identity',
        'POST /v1/accountability-entries',
        'GET /v1/accountability-entries',
        'POST /v1/complaints',
        'GET /v1/complaints',
        'GET /v1/complaints/{id}',
        'POST /v1/complaints/{id}/actions',
        'POST /v1/sample-draws',
        'GET /v1/sample-draws/{id}',
        'POST /v1/sample-draws/{id}/items/{recordId}/verification',
        'PUT /v1/staff',
        'GET /v1/staff',
        'GET /v1/staff/unknown',
        'GET /v1/records/awaiting-my-confirmation',
        'POST /v1/records/{id}/receipt-corrections',
        'POST /v1/records/{id}/receipt-corrections/{correctionId}/decision',
        'GET /v1/accountability/breaches',
        'GET /v1/records/{id}/form.pdf',
        'GET /v1/materials/{id}/filing-form.pdf',
        'GET /v1/materials',
        'GET /v1/sample-draws',
        'GET /v1/sample-draws/awaiting-my-verification',
        'POST /v1/exempt-opinions/{id}/confirmation',
        'POST /v1/exempt-opinions/{id}/conversion',
        'POST /v1/records/{id}/form-archive',
        'GET /v1/records/{id}/form-archive',
      ].sort(),
    );
  });
});

describe('NATS down during requests (R-PV-3, R-NF-6)', () => {
  it('R-NF-6: records are accepted while NATS is stopped, and each gets exactly one event once it is back', async () => {
    const nats = await TestNatsServer.start();
    const logger = createLogger({ service: 'intake-test', level: 'silent' });
    const tdb = await createTestDatabase({ migrations: intakeMigrations, prefix: 'jir_t_intake' });
    const database = createDatabase<IntakeSchema>(tdb.url);
    const bus = await connectBus({ url: nats.url, name: 'intake', namespace: uniqueName('down'), logger });
    const stream = await ensureStream(bus.jsm, STREAMS.intake, bus.namespace);
    const relay = new OutboxRelay({ db: database.db, bus, logger, pollMs: 20 });
    relay.start();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const verifier = createTokenVerifier({
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const server = await startHttpServer(
      createApp({
        db: database.db,
        logger,
        metrics: createMetrics('intake', { defaultMetrics: false }),
        verifier,
        // The harness's instant: the records below are received before it (R-RC-4).
        clock: new ManualClock(NOW),
        relay,
        bus,
      }),
      { port: 0, host: '127.0.0.1' },
    );
    const token = await signUserToken(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), {
      sub: 'judge-a',
      court: 'JL-CC-NG',
      division: 'civil-1',
      roles: ['case-handler'],
    });
    const post = () =>
      fetch(`${server.url}/v1/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(recordBody({ enter: true })),
      }).then((r) => r.status);
    try {
      expect(await post()).toBe(201);
      await waitFor(async () => (await relay.backlog()) === 0 || undefined);
      await nats.stop();
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push(await post());
      expect(statuses).toEqual(Array(30).fill(201));
      expect(await relay.backlog()).toBe(30);
      await nats.restart();
      await waitFor(async () => (await relay.backlog()) === 0 || undefined, { timeoutMs: 30_000 });
      expect((await bus.jsm.streams.info(stream)).state.messages).toBe(31);
    } finally {
      await server.close();
      await relay.stop();
      await bus.close();
      await database.close();
      await tdb.drop();
      await nats.dispose();
    }
  });
});
