// A minimal service built with the kit, used by the kit's own tests: a
// producer that records "notes" (domain row + outbox event in one
// transaction) and a consumer that applies each note's effect elsewhere.
import type { Express } from 'express';
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely';
import { z } from 'zod';
import { buildEvent, defineEvent } from '@jir/contracts';
import {
  appendEvent,
  authenticate,
  actorOf,
  clientAddress,
  createHttpApp,
  createMetrics,
  idempotency,
  parseBody,
  parseParams,
  parseQuery,
  pingDatabase,
  problem,
  requireRight,
  type KitTables,
  type Logger,
  type OutboxRelay,
  type TokenVerifier,
  type EventHandler,
} from '../../src/index.js';

export const noteCreated = defineEvent(
  'example.note.created',
  1,
  z.object({ noteId: z.string(), caseNumber: z.string(), seqInCase: z.number().int() }),
);
export const EXAMPLE_STREAM = { name: 'EXAMPLE', domain: 'example' } as const;

export interface ProducerDB {
  notes: {
    id: string;
    court: string;
    handler: string;
    case_number: string;
    content: string;
    seq_in_case: number;
  };
}
export interface ConsumerDB {
  effects: { event_id: string; note_id: string; case_number: string; seq_in_case: number; applied_at: Date };
}

export const producerMigrations: Record<string, Migration> = {
  '2026-11-28T01-00-notes': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE notes (id uuid PRIMARY KEY, court text NOT NULL, handler text NOT NULL,
        case_number text NOT NULL, content text NOT NULL, seq_in_case int NOT NULL)`.execute(db);
    },
  },
};
// No unique key on event_id: a doubled effect must be visible, not prevented by the table.
export const consumerMigrations: Record<string, Migration> = {
  '2026-11-28T01-00-effects': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE effects (event_id uuid NOT NULL, note_id uuid NOT NULL, case_number text NOT NULL,
        seq_in_case int NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(db);
    },
  },
};

const noteBody = z.object({
  caseNumber: z.string().min(1).max(100),
  content: z.string().min(1).max(10_000),
});

export function createExampleApp(deps: {
  db: Kysely<ProducerDB & KitTables>;
  logger: Logger;
  verifier: TokenVerifier;
  relay?: OutboxRelay;
  bodyLimit?: string;
  trustedProxies?: string[];
}): Express {
  const metrics = createMetrics('example', { defaultMetrics: false });
  return createHttpApp({
    logger: deps.logger,
    metrics,
    bodyLimit: deps.bodyLimit ?? '16kb',
    ...(deps.trustedProxies ? { trustedProxies: deps.trustedProxies } : {}),
    readiness: { database: () => pingDatabase(deps.db) },
    routes(app) {
      app.post(
        '/v1/notes',
        authenticate(deps.verifier),
        requireRight('entry', (a) => ({
          kind: 'record',
          court: a.court,
          handler: a.sub,
          division: a.division,
        })),
        idempotency({ db: deps.db }),
        async (req, res) => {
          const body = parseBody(req, noteBody);
          const actor = actorOf(res);
          const note = await deps.db.transaction().execute(async (trx) => {
            // Serialise notes of one case so their events get increasing sequence numbers.
            await sql`SELECT pg_advisory_xact_lock(hashtext(${body.caseNumber}))`.execute(trx);
            const prev = await trx
              .selectFrom('notes')
              .select((eb) => eb.fn.max('seq_in_case').as('m'))
              .where('case_number', '=', body.caseNumber)
              .executeTakeFirst();
            const seq = Number(prev?.m ?? 0) + 1;
            const event = buildEvent(noteCreated, {
              court: actor.court,
              aggregateId: body.caseNumber,
              actor: { sub: actor.sub, kind: 'user' },
              data: { noteId: crypto.randomUUID(), caseNumber: body.caseNumber, seqInCase: seq },
            });
            await trx
              .insertInto('notes')
              .values({
                id: event.data.noteId,
                court: actor.court,
                handler: actor.sub,
                case_number: body.caseNumber,
                content: body.content,
                seq_in_case: seq,
              })
              .execute();
            await appendEvent(trx, noteCreated, event);
            return { id: event.data.noteId, seqInCase: seq };
          });
          deps.relay?.wake();
          res.status(201).json(note);
        },
      );
      // A list route and a single-resource route, so bad queries and paths reach real handlers.
      app.get('/v1/notes', authenticate(deps.verifier), async (req, res) => {
        const q = parseQuery(req, z.object({ caseNumber: z.string().max(100).optional() }));
        let query = deps.db.selectFrom('notes').select(['id', 'case_number', 'seq_in_case']);
        if (q.caseNumber !== undefined) query = query.where('case_number', '=', q.caseNumber);
        res.json({ items: await query.orderBy('seq_in_case').limit(100).execute() });
      });
      app.get('/v1/notes/:id', authenticate(deps.verifier), async (req, res) => {
        const { id } = parseParams(req, z.object({ id: z.string().max(100) }));
        const note = await deps.db
          .selectFrom('notes')
          .select(['id', 'case_number', 'content'])
          .where(sql<boolean>`id::text = ${id}`)
          .executeTakeFirst();
        if (!note) throw problem('not-found');
        res.json(note);
      });
      // Where the kit says a request came from, as a view log would record it (R-AC-3).
      app.get('/v1/whoami', (req, res) => {
        res.json({ address: clientAddress(req) });
      });
      app.get('/v1/boom', () => {
        throw new Error('secret internals at /srv/app.ts:42');
      });
    },
  });
}

/** The consumer's effect: one row per applied event. */
export const applyNote: EventHandler<ConsumerDB> = async (event, trx) => {
  const data = event.data as z.output<typeof noteCreated.data>;
  if (data.caseNumber === 'poison-handler') throw new Error('handler cannot apply this');
  await trx
    .insertInto('effects')
    .values({
      event_id: event.id,
      note_id: data.noteId,
      case_number: data.caseNumber,
      seq_in_case: data.seqInCase,
      applied_at: new Date(),
    })
    .execute();
};
