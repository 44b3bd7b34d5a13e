import type { Kysely } from 'kysely';

/** The table of reported breaches (migration 2026-12-07T10-00-deadline-breaches). */
export type BreachTables = {
  deadline_breaches: {
    obligation_id: string;
    court: string;
    kind: string;
    handler: string | null;
    division: string | null;
    record_id: string | null;
    material_id: string | null;
    quarter: string | null;
    level: string | null;
    due_date: string;
    due_at: Date;
    breached_at: Date;
    event_id: string;
  };
};
export type BreachRow = BreachTables['deadline_breaches'];

/** Any Kysely or transaction of this service (Kysely's types are invariant in the schema). */
export type AnyIntakeDb = object;

// Seen as this table only: the table's type lives with its queries, so the service's shared
// schema file stays as it is.
const breaches = (db: AnyIntakeDb) => db as Kysely<BreachTables>;

/** Keeps a reported breach once: a redelivered or duplicated event changes nothing. */
export async function insertBreach(db: AnyIntakeDb, row: BreachRow): Promise<void> {
  await breaches(db)
    .insertInto('deadline_breaches')
    .values(row)
    .onConflict((oc) => oc.column('obligation_id').doNothing())
    .execute();
}

/** A court's breaches (of one handler when given), newest first, keyset-paged after `cursor`. */
export async function listBreaches(
  db: AnyIntakeDb,
  q: { court: string; handler?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<BreachRow[]> {
  const k = breaches(db);
  let query = k.selectFrom('deadline_breaches').selectAll().where('court', '=', q.court);
  if (q.handler) query = query.where('handler', '=', q.handler);
  if (q.cursor) {
    const after = await k
      .selectFrom('deadline_breaches')
      .select(['breached_at', 'obligation_id'])
      .where('obligation_id', '=', q.cursor)
      .executeTakeFirst();
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('breached_at', '<', after.breached_at),
          eb.and([eb('breached_at', '=', after.breached_at), eb('obligation_id', '>', after.obligation_id)]),
        ]),
      );
  }
  return query
    .orderBy('breached_at', 'desc')
    .orderBy('obligation_id')
    .limit(q.limit + 1)
    .execute();
}
