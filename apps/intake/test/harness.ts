import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  EVENT_CATALOGUE,
  STREAMS,
  buildEvent,
  evidenceStored,
  streamNameFor,
  subjectFor,
} from '@jir/contracts';
import type { UserClaims } from '@jir/service-kit';
import {
  ManualClock,
  RECEIVING_CLERK,
  TRANSFER_STEPS,
  TRIAL_MANAGER,
  callJson,
  filingBody,
  officialLetterBody,
  recordBody,
  startServiceUnderTest,
  testUsers,
  uniqueName,
} from '@jir/testing';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { loadAuditSigningKey } from '../src/audit/head-signing.js';
import { loadConfig } from '../src/config.js';
import { intakeMigrations } from '../src/db/migrations/index.js';
import { intakeService } from '../src/service.js';

export const NOW = '2026-03-03T04:00:00Z';

/** A valid record body; override what the test is about (one copy, in @jir/testing). */
export { recordBody };

/**
 * The intake service on a database, namespace and port of its own, started as main.ts starts it
 * (startService with intake's own parts), with a manual clock and a key pair of the test's own.
 */
/** `env` adds configuration variables, as a deployment would set them. */
export async function intakeHarness(env: Record<string, string> = {}) {
  const namespace = uniqueName('it');
  const { publicKeyPem, token } = testUsers();
  const clock = new ManualClock(NOW);
  // The deployment's audit signing key, given as a PEM as AUDIT_SIGNING_KEY would be.
  const signingKey = loadAuditSigningKey(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const started = await startServiceUnderTest({
    migrations: intakeMigrations,
    name: 'intake',
    namespace,
    publicKeyPem,
    clock,
    loadConfig,
    // The app's own default, which these tests were written against.
    env: { BODY_LIMIT: '256kb', ...env },
    service: (config) =>
      intakeService(config, { signingKey, sealIntervalMs: 50, signHeadsPeriodically: false }),
  });
  // The owner's connection, for what tests arrange and inspect beside the service.
  const { service, owner: database } = started;
  const { bus, relay } = service.ctx;
  const intakeStream = streamNameFor(STREAMS.intake, namespace);
  const evidenceStream = streamNameFor(STREAMS.evidence, namespace);
  const server = service;

  /** Calls the API as a client would. */
  const call = (
    method: string,
    path: string,
    opts: { as?: Partial<UserClaims> | null; body?: unknown; headers?: Record<string, string> } = {},
  ) => callJson(server.url, token, method, path, opts);

  /** Materials received by the fixture clerk, registered and passed level by level to judge-a; their id. */
  async function deliveredMaterials(receipt: Record<string, unknown> = officialLetterBody()) {
    const ok = async (status: number, path: string, as: Partial<UserClaims>, body: unknown) => {
      const r = await call('POST', path, { as, body });
      if (r.status !== status) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const id = (await ok(201, '/v1/materials', RECEIVING_CLERK, receipt)).id as string;
    await ok(200, `/v1/materials/${id}/filing`, TRIAL_MANAGER, filingBody());
    for (const [as, hop, to] of TRANSFER_STEPS)
      await ok(200, `/v1/materials/${id}/transfers`, as, { hop, to });
    return id;
  }

  /** Announces evidence as the evidence service would, through the bus. */
  async function publishEvidence(recordId: string, court = 'JL-CC-NG') {
    const e = buildEvent(evidenceStored, {
      court,
      aggregateId: crypto.randomUUID(),
      actor: { sub: 'judge-a', kind: 'user' },
      data: {
        evidenceId: crypto.randomUUID(),
        recordId,
        size: 10,
        mediaType: 'image/png',
        sha256: 'a'.repeat(64),
        sm3: 'b'.repeat(64),
        uploadedBy: 'judge-a',
        uploadedAt: NOW,
      },
    });
    await bus.js.publish(subjectFor(evidenceStored.subject, namespace), JSON.stringify(e), { msgID: e.id });
  }

  /** Every intake event published so far, by subject (without the namespace). */
  async function publishedEvents() {
    const name = uniqueName('tap');
    await bus.jsm.consumers.add(intakeStream, {
      durable_name: name,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
    });
    const info = await bus.jsm.streams.info(intakeStream);
    const out: { subject: string; event: any }[] = [];
    if (info.state.messages > 0) {
      const c = await bus.js.consumers.get(intakeStream, name);
      const msgs = await c.fetch({ max_messages: info.state.messages, expires: 2000 });
      for await (const m of msgs) {
        const def = EVENT_CATALOGUE.find((d) => m.subject.endsWith(d.subject));
        out.push({ subject: def?.subject ?? m.subject, event: def ? def.schema.parse(m.json()) : m.json() });
      }
    }
    await bus.jsm.consumers.delete(intakeStream, name);
    return out;
  }

  return {
    db: database.db,
    clock,
    relay,
    sealer: service.parts.sealer,
    signingKey,
    headSigner: service.parts.headSigner,
    bus,
    namespace,
    evidenceStream,
    url: server.url,
    call,
    token,
    deliveredMaterials,
    publishEvidence,
    publishedEvents,
    close: () => started.close({ streams: [intakeStream, evidenceStream] }),
  };
}
export type IntakeHarness = Awaited<ReturnType<typeof intakeHarness>>;

/**
 * The intake the tests of one file share: started before the file's first test, closed after
 * its last. Its members are there from then on, so read them in tests and hooks only.
 */
export function intakeForThisFile(env: Record<string, string> = {}): IntakeHarness {
  const h = {} as IntakeHarness;
  beforeAll(async () => {
    Object.assign(h, await intakeHarness(env));
  });
  // A harness that failed to start has nothing to close.
  afterAll(() => h.close?.());
  return h;
}

/** Checks an answer is a refusal a client can read: a 4xx problem+json with its message in both languages. */
export function refusedCleanly(r: { status: number; type: string; body: any }, what: string) {
  expect(r.status, what).toBeGreaterThanOrEqual(400);
  expect(r.status, what).toBeLessThan(500);
  expect(r.type, what).toContain('application/problem+json');
  expect(r.body.message.zh, what).toBeTruthy();
  expect(r.body.message.en, what).toBeTruthy();
}
