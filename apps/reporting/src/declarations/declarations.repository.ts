import type { Kysely } from 'kysely';
import type { ReportingDB } from '../db/schema.js';

/** The handler's known records of the quarter (entered or drafted): what a "nothing" would deny. */
export async function handlerRecordsInQuarter(
  db: Kysely<ReportingDB>,
  court: string,
  handler: string,
  quarter: string,
) {
  const rows = await db
    .selectFrom('rm_records')
    .select(['record_id', 'case_number'])
    .where('court', '=', court)
    .where('handler', '=', handler)
    .where('quarter', '=', quarter)
    .orderBy('received_at')
    .execute();
  return rows.map((r) => ({ recordId: r.record_id, caseNumber: r.case_number }));
}

/** Stores a declaration; undefined when the handler already declared for the quarter. */
export async function insertDeclaration(
  db: Kysely<ReportingDB>,
  d: {
    id: string;
    court: string;
    handler: string;
    quarter: string;
    kind: 'nothing' | 'complete';
    declared_at: Date;
  },
) {
  return db
    .insertInto('declarations')
    .values(d)
    .onConflict((oc) => oc.columns(['court', 'handler', 'quarter']).doNothing())
    .returningAll()
    .executeTakeFirst();
}
