import type { Kysely } from 'kysely';
import { holdsDirectoryRole, type Role } from '@jir/rules';
import { problem, type ProblemError } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { activeStaff, courtHasDirectory } from './staff.repository.js';
import { unknownPersonProblem } from './staff.service.js';

/** A person named in a request, the body path naming them, and the role their place needs. */
export interface NamedPerson {
  field: string;
  id: string;
  role?: Role;
}

const ROLE_ZH: Partial<Record<Role, string>> = {
  'vice-president': '分管院长',
  'division-head': '庭(处)长',
  'case-handler': '案件承办人',
};

/**
 * The first refusal for people a court's directory does not know or who do not
 * hold the role their place needs (R-RC-3, R-TR-1), or null when all are known.
 * A court that has not loaded a directory yet refuses nobody: until then ids
 * are free text, as they were before the directory existed.
 */
export async function directoryRefusal(
  db: Kysely<IntakeDB>,
  court: string,
  at: Date,
  people: readonly NamedPerson[],
): Promise<ProblemError | null> {
  if (people.length === 0 || !(await courtHasDirectory(db, court))) return null;
  const known = await activeStaff(
    db,
    court,
    people.map((p) => p.id),
    at,
  );
  for (const p of people) {
    const person = known.get(p.id);
    if (!person) return unknownPersonProblem(p.field, p.id);
    if (p.role && !holdsDirectoryRole(person.roles, p.role)) {
      const zh = ROLE_ZH[p.role] ?? p.role;
      return problem({
        status: 422,
        code: 'staff-lacks-role',
        message: {
          zh: `${p.field}：${p.id} 在本院人员名录中不是${zh}`,
          en: `${p.field}: ${p.id} does not hold the role ${p.role} in the court's staff directory`,
        },
        errors: [
          {
            path: p.field,
            code: 'staff-lacks-role',
            message: { zh: `${p.id} 不是${zh}`, en: `${p.id} is not a ${p.role}` },
          },
        ],
      });
    }
  }
  return null;
}

/** The court staff listed present at an oral interference, each with the path naming them (R-RC-3). */
export function staffPresentNamed(persons: readonly object[] | undefined, prefix: string): NamedPerson[] {
  return (persons ?? []).flatMap((p, i) =>
    'staffId' in p && typeof p.staffId === 'string'
      ? [{ field: `${prefix}personsPresent.${i}.staffId`, id: p.staffId }]
      : [],
  );
}
