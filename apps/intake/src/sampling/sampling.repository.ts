import { sql, type Kysely, type Selectable } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

export type DrawRow = Selectable<IntakeDB['sample_draws']>;
export type DrawSummaryRow = DrawRow & { drawn: number; confirmed: number; disputed: number };

export interface DrawListFilter {
  court: string;
  quarter?: string | undefined;
  /** The id of the last draw of the previous page. */
  before?: string | undefined;
  limit: number;
}

/** A court's draws, newest first (UUIDv7 ids), each with how many items were drawn and verified. */
export async function listDraws(db: Kysely<IntakeDB>, f: DrawListFilter): Promise<DrawSummaryRow[]> {
  let q = db
    .selectFrom('sample_draws as d')
    .leftJoin('sample_items as i', 'i.draw_id', 'd.id')
    .leftJoin('sample_verifications as v', (j) =>
      j.onRef('v.draw_id', '=', 'i.draw_id').onRef('v.record_id', '=', 'i.record_id'),
    )
    .selectAll('d')
    .select([
      sql<number>`count(i.record_id)::int`.as('drawn'),
      sql<number>`count(*) FILTER (WHERE v.outcome = 'confirmed')::int`.as('confirmed'),
      sql<number>`count(*) FILTER (WHERE v.outcome = 'disputed')::int`.as('disputed'),
    ])
    .where('d.court', '=', f.court);
  if (f.quarter) q = q.where('d.quarter', '=', f.quarter);
  if (f.before) q = q.where('d.id', '<', f.before);
  return q.groupBy('d.id').orderBy('d.id', 'desc').limit(f.limit).execute();
}
