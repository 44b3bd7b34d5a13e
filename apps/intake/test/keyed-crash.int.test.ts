// The keyed creating routes of materials and exempt opinions write their idempotent answer in
// the transaction of their effect (the kit's unit of work). Here the process "dies" right after
// the commit (the unit of work's after-commit fault): the client gets no answer, and its retry
// with the same Idempotency-Key must get the first answer, not create a second row and event.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  createDatabase,
  createHttpApp,
  createLogger,
  createMetrics,
  createTokenVerifier,
  mountRoutes,
  signUserToken,
  startHttpServer,
  type Database,
  type UnitOfWorkFaults,
} from '@jir/service-kit';
import {
  ManualClock,
  RECEIVING_CLERK,
  createTestDatabase,
  exemptOpinionBody,
  materialBody,
  type TestDatabase,
} from '@jir/testing';
import { intakeMigrations } from '../src/db/migrations/index.js';
import type { IntakeSchema } from '../src/db/schema.js';
import { ExemptOpinionsService } from '../src/exempt-opinions/exempt-opinions.service.js';
import { RecordsService } from '../src/records/records.service.js';
import { materialRoutes } from '../src/materials/materials.routes.js';
import { MaterialsService } from '../src/materials/materials.service.js';
import { StatedTimes } from '../src/time/stated-times.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const clock = new ManualClock('2026-03-03T04:00:00Z');
/** Armed by a test: the next commit is followed by the "crash". */
let crashNext = false;
const faults: UnitOfWorkFaults = {
  afterCommit: () => {
    if (!crashNext) return;
    crashNext = false;
    throw new Error('the process died right after the commit');
  },
};

let tdb: TestDatabase;
let database: Database<IntakeSchema>;
let url: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: intakeMigrations, prefix: 'jir_t_intake_crash' });
  database = createDatabase<IntakeSchema>(tdb.url, { max: 4 });
  const db = database.db;
  const statedTimes = new StatedTimes(clock, 300_000);
  const routes = materialRoutes({
    materials: new MaterialsService({ db, clock, statedTimes, faults }),
    opinions: new ExemptOpinionsService({
      db,
      clock,
      statedTimes,
      records: new RecordsService({ db, clock, statedTimes }),
      faults,
    }),
    db,
  });
  const app = createHttpApp({
    logger: createLogger({ service: 'intake-crash-test', level: 'silent' }),
    metrics: createMetrics('intake-crash-test', { defaultMetrics: false }),
    routes(a) {
      mountRoutes(a, routes, {
        authenticate: authenticate(
          createTokenVerifier({ publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
        ),
      });
    },
  });
  const server = await startHttpServer(app, { port: 0, host: '127.0.0.1' });
  url = server.url;
  closeServer = () => server.close();
});
afterAll(async () => {
  await closeServer?.();
  await database?.close();
  await tdb?.drop();
});

async function post(path: string, as: Record<string, unknown>, body: unknown, key: string) {
  const token = await signUserToken(priv, {
    sub: 'judge-a',
    court: 'JL-CC-NG',
    division: 'civil-1',
    roles: ['case-handler'],
    ...as,
  });
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as { id: string },
  };
}

const count = async (table: 'materials' | 'exempt_opinions', caseNumber: string) =>
  Number(
    (
      await database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('case_number', '=', caseNumber)
        .executeTakeFirstOrThrow()
    ).n,
  );
const events = async (subject: string, aggregateIds: string[]) =>
  aggregateIds.length === 0
    ? 0
    : (
        await database.db
          .selectFrom('outbox')
          .select('id')
          .where('subject', 'like', `%${subject}%`)
          .where('aggregate_id', 'in', aggregateIds)
          .execute()
      ).length;

describe('a retry after a crash between commit and answer (R-NF-3, R-PV-3)', () => {
  it('R-TR-1: receiving materials: the retry with the same key gets the first answer, one row', async () => {
    const body = materialBody({ caseNumber: '(2026)吉0102民初7001号' });
    crashNext = true;
    const first = await post('/v1/materials', RECEIVING_CLERK, body, 'material-crash-1');
    expect(first.status).toBe(500);
    expect(await count('materials', body.caseNumber)).toBe(1);
    const retry = await post('/v1/materials', RECEIVING_CLERK, body, 'material-crash-1');
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(await count('materials', body.caseNumber)).toBe(1);
    const stored = await database.db
      .selectFrom('materials')
      .select('id')
      .where('case_number', '=', body.caseNumber)
      .executeTakeFirstOrThrow();
    expect(retry.body.id).toBe(stored.id);
  });

  it('R-SC-4: filing an exempt opinion: the retry gets the first answer, one opinion and one event', async () => {
    const body = exemptOpinionBody({ caseNumber: '(2026)吉0102民初7002号' });
    crashNext = true;
    const first = await post('/v1/exempt-opinions', {}, body, 'opinion-crash-1');
    expect(first.status).toBe(500);
    const retry = await post('/v1/exempt-opinions', {}, body, 'opinion-crash-1');
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(await count('exempt_opinions', body.caseNumber)).toBe(1);
    expect(await events('exempt-opinion', [retry.body.id])).toBe(1);
    // The same key with another body is still refused, and a new key makes a second opinion.
    expect(
      (await post('/v1/exempt-opinions', {}, { ...body, content: '另一意见' }, 'opinion-crash-1')).status,
    ).toBe(422);
    expect((await post('/v1/exempt-opinions', {}, body, 'opinion-crash-2')).status).toBe(201);
    expect(await count('exempt_opinions', body.caseNumber)).toBe(2);
  });
});
