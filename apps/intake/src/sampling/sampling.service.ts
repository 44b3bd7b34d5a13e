import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  newId,
  sampleVerified,
  type drawBodySchema,
  type drawListQuerySchema,
  type verificationBodySchema,
} from '@jir/contracts';
import { can, quarterBounds } from '@jir/rules';
import { problem, UnitOfWork, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import { appendAudit, type AuditInput } from '../audit/audit-trail.js';
import type { IntakeDB, PersonPresent } from '../db/schema.js';
import {
  drawItems,
  enteredRecordIds,
  findDraw,
  findAwaitingVerification,
  findDrawItem,
  findQuarterDraw,
  insertDraw,
  insertVerification,
  listDraws,
} from './sampling.repository.js';

/** The order a draw takes records in: anyone with the seed can recompute it. */
export function drawOrder(seed: string, ids: string[]): string[] {
  const key = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return [...ids].sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/**
 * Who may verify a drawn record (R-BX-3): another person who was present, or the head of its
 * division by can(); never its handler. The verification and the list of what waits for a
 * verifier both ask this, so they cannot disagree.
 */
function verifierAs(
  actor: AuthenticatedActor,
  item: { court: string; handler: string; division: string | null; persons_present: unknown },
): 'present' | 'division-head' | null {
  if (item.court !== actor.court || actor.sub === item.handler) return null;
  if ((item.persons_present as PersonPresent[]).some((p) => p.staffId === actor.sub)) return 'present';
  const head = can(actor, 'processing', {
    kind: 'sample-verification',
    court: item.court,
    division: item.division ?? undefined,
  });
  return head ? 'division-head' : null;
}

/**
 * R-BX-3: a share of each quarter's entered records is drawn for confirmation
 * by a second person who was present or by the division head. The seed is
 * kept, so the draw can be recomputed and shown to be fair.
 */
export class SamplingService {
  /** Each change with its events and audit entry in one transaction. */
  private readonly work: UnitOfWork<IntakeDB, AuditInput>;

  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; defaultShare: number }) {
    this.work = new UnitOfWork({ db: deps.db, clock: deps.clock, audit: appendAudit });
  }

  async draw(actor: AuthenticatedActor, body: z.output<typeof drawBodySchema>) {
    if (!can(actor, 'processing', { kind: 'sample-draw', court: actor.court })) throw problem('forbidden');
    const { start, end } = quarterBounds(body.quarter);
    const now = this.deps.clock.now();
    if (now < end) {
      throw problem({
        status: 409,
        code: 'quarter-not-over',
        message: { zh: '季度结束后方可抽查', en: 'draw a quarter’s sample after it ends' },
      });
    }
    const share = body.share ?? this.deps.defaultShare;
    const id = newId();
    const seed = randomBytes(16).toString('hex');
    await this.work.run(async ({ trx, audit }) => {
      const existing = await findQuarterDraw(trx, actor.court, body.quarter);
      if (existing)
        throw problem({
          status: 409,
          code: 'already-drawn',
          message: { zh: '本季度已抽查', en: 'this quarter’s sample was already drawn' },
          extra: { drawId: existing.id },
        });
      const ids = await enteredRecordIds(trx, actor.court, start, end);
      const chosen = drawOrder(seed, ids).slice(0, Math.ceil(ids.length * share));
      await insertDraw(
        trx,
        { id, court: actor.court, quarter: body.quarter, share, seed, drawn_by: actor.sub, drawn_at: now },
        chosen,
      );
      await audit({
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: 'sample.drawn',
        subjectId: id,
        data: { quarter: body.quarter, share, population: ids.length, drawn: chosen.length },
      });
    });
    return this.get(actor, id);
  }

  /** The court's draws, newest first; another court's are refused by can() like the single read. */
  async list(actor: AuthenticatedActor, query: z.output<typeof drawListQuerySchema>) {
    const court = query.court ?? actor.court;
    if (!can(actor, 'viewing', { kind: 'sample-draw', court })) throw problem('forbidden');
    const rows = await listDraws(this.deps.db, {
      court,
      quarter: query.quarter,
      before: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: page.map((d) => ({
        id: d.id,
        court: d.court,
        quarter: d.quarter,
        share: d.share,
        seed: d.seed,
        drawnBy: d.drawn_by,
        drawnAt: d.drawn_at.toISOString(),
        drawn: d.drawn,
        confirmed: d.confirmed,
        disputed: d.disputed,
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    };
  }

  async get(actor: AuthenticatedActor, id: string) {
    const draw = await findDraw(this.deps.db, id);
    if (
      !draw ||
      draw.court !== actor.court ||
      !can(actor, 'viewing', { kind: 'sample-draw', court: draw.court })
    )
      throw problem('not-found');
    const items = await drawItems(this.deps.db, id);
    return {
      id: draw.id,
      quarter: draw.quarter,
      share: draw.share,
      seed: draw.seed,
      drawnBy: draw.drawn_by,
      drawnAt: draw.drawn_at.toISOString(),
      items: items.map((i) => ({
        recordId: i.record_id,
        caseNumber: i.case_number,
        handler: i.handler,
        division: i.division,
        verification: i.outcome
          ? { outcome: i.outcome, note: i.note, by: i.verified_by, at: i.verified_at?.toISOString() }
          : null,
      })),
    };
  }

  /** The drawn records waiting for the caller's verification, oldest draw first (R-BX-3). */
  async awaitingMine(actor: AuthenticatedActor) {
    const rows = await findAwaitingVerification(this.deps.db, {
      court: actor.court,
      staffId: actor.sub,
      division: actor.division,
    });
    return {
      items: rows.flatMap((r) => {
        const as = verifierAs(actor, r);
        return as
          ? [
              {
                drawId: r.draw_id,
                quarter: r.quarter,
                drawnAt: r.drawn_at.toISOString(),
                recordId: r.record_id,
                caseNumber: r.case_number,
                handler: r.handler,
                division: r.division,
                as,
              },
            ]
          : [];
      }),
    };
  }

  /** A person present (not the handler) or the record's division head confirms or disputes it. */
  async verify(
    actor: AuthenticatedActor,
    drawId: string,
    recordId: string,
    body: z.output<typeof verificationBodySchema>,
  ) {
    const now = this.deps.clock.now();
    await this.work.run(async ({ trx, audit, emit }) => {
      const item = await findDrawItem(trx, drawId, recordId);
      if (!item || item.court !== actor.court) throw problem('not-found');
      if (!verifierAs(actor, item)) {
        throw problem({
          status: 403,
          code: 'not-a-verifier',
          message: {
            zh: '须由其他在场人员或庭(处)长核实，承办人本人不能核实',
            en: 'verification is by another person present or the division head, never the handler',
          },
        });
      }
      const done = await insertVerification(trx, {
        draw_id: drawId,
        record_id: recordId,
        outcome: body.outcome,
        note: body.note,
        verified_by: actor.sub,
        verified_at: now,
      });
      if (!done)
        throw problem({
          status: 409,
          code: 'already-verified',
          message: { zh: '该记录已核实', en: 'this record was already verified' },
        });
      await audit({
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: `sample.${body.outcome}`,
        subjectId: recordId,
        data: { drawId },
      });
      // The outcome leaves intake so that the quarterly report can show it (R-BX-3, R-RP-1).
      await emit(sampleVerified, {
        court: actor.court,
        aggregateId: recordId,
        actor: { sub: actor.sub, kind: 'user' },
        occurredAt: now,
        data: {
          drawId,
          recordId,
          quarter: item.quarter,
          outcome: body.outcome,
          verifiedBy: actor.sub,
          verifiedAt: now.toISOString(),
        },
      });
    });
    return { drawId, recordId, outcome: body.outcome, verifiedBy: actor.sub, verifiedAt: now.toISOString() };
  }
}
