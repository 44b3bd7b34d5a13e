import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@jir/testing';
import { createDatabase, type Database } from '../src/index.js';
import { producerMigrations, type ProducerDB } from './example/example-service.js';
import { testKeys } from './harness.js';

const server = fileURLToPath(new URL('./fixtures/idempotent-notes-server.ts', import.meta.url));
const keys = testKeys();
const LEASE_MS = 400;
let tdb: TestDatabase;
let db: Database<ProducerDB>;
const running: ChildProcess[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  db = createDatabase<ProducerDB>(tdb.url);
});
afterAll(async () => {
  for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await db.close();
  await tdb.drop();
});

/** Starts the notes server as its own process; resolves with its URL and how it will end. */
function start(opts: { crash: boolean; legacy: boolean }) {
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      server,
      JSON.stringify({ databaseUrl: tdb.url, publicKeyPem: keys.publicKeyPem, leaseMs: LEASE_MS, ...opts }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  running.push(p);
  const ended = new Promise<string | null>((resolve) => p.once('exit', (_c, signal) => resolve(signal)));
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    p.once('exit', () => reject(new Error(`server ended before listening: ${out}`)));
  });
  return { url, ended, stop: () => (p.kill('SIGTERM'), ended) };
}

async function post(url: string, key: string, caseNumber: string) {
  const res = await fetch(`${url}/v1/notes`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await keys.token()}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify({ caseNumber, content: '某局长来电' }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() };
}

async function counts(caseNumber: string) {
  const notes = await db.db.selectFrom('notes').select('id').where('case_number', '=', caseNumber).execute();
  const events = await db.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('aggregate_id', '=', caseNumber)
    .executeTakeFirstOrThrow();
  return { notes: notes.map((n) => n.id), events: Number(events.n) };
}

/** The first attempt dies by SIGKILL right after its commit; the retry comes after the lease ran out. */
async function crashThenRetry(legacy: boolean, caseNumber: string) {
  const key = `crash-${caseNumber}`;
  const first = start({ crash: true, legacy });
  await expect(post(await first.url, key, caseNumber)).rejects.toThrow();
  expect(await first.ended).toBe('SIGKILL');
  const afterCrash = await counts(caseNumber);
  expect(afterCrash.notes).toHaveLength(1);
  await new Promise((r) => setTimeout(r, LEASE_MS + 200));
  const second = start({ crash: false, legacy });
  const retry = await post(await second.url, key, caseNumber);
  await second.stop();
  return { afterCrash, retry, final: await counts(caseNumber) };
}

describe('Idempotency-Key survives a crash between commit and answer (R-RC-6, R-NF-6)', () => {
  it('R-NF-6: killed after the unit of work committed, the retry after the lease gets the first answer; one note, one event', async () => {
    const { afterCrash, retry, final } = await crashThenRetry(false, 'uow-crash');
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBe('true');
    expect(retry.body).toEqual({ id: afterCrash.notes[0] });
    expect(final).toEqual({ notes: afterCrash.notes, events: 1 });
  });

  it('R-NF-6: the same crash with the answer stored after the commit (the old design) does the change twice', async () => {
    // The contrast that shows the test above can fail: this is what the unit of work closes.
    const { retry, final } = await crashThenRetry(true, 'legacy-crash');
    expect(retry.status).toBe(201);
    expect(retry.replayed).toBeNull();
    expect(final.notes).toHaveLength(2);
    expect(final.events).toBe(2);
  });
});
