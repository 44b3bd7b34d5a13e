import type { Kysely, Transaction } from 'kysely';
import type { IntakeDB } from '../db/schema.js';

/**
 * Of these identities, the ones the court has records of. An identity is one
 * person across courts (R-BX-2), but a court sees and changes only the
 * identities its own records point to (R-AC-2): anything else would tell it
 * who interfered in another court's cases.
 */
export async function identitiesWithRecordsIn(
  db: Kysely<IntakeDB> | Transaction<IntakeDB>,
  court: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('records')
    .select('identity_id')
    .distinct()
    .where('court', '=', court)
    .where('identity_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.identity_id).filter((i): i is string => i !== null));
}
