import { sql, type Kysely } from 'kysely';

/**
 * How PostgreSQL refuses a statement (its SQLSTATE and message), or undefined when it succeeded:
 * what the database-role tests compare, as a refusal is what they expect.
 */
export async function statementFailure<DB>(
  db: Kysely<DB>,
  statement: string,
): Promise<{ code: string; message: string } | undefined> {
  try {
    await sql.raw(statement).execute(db);
    return undefined;
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
}
