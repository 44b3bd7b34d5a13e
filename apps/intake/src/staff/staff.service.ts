import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { staffDirectoryBodySchema } from '@jir/contracts';
import { holdsDirectoryRole } from '@jir/rules';
import {
  assertCan,
  problem,
  type AuthenticatedActor,
  type Clock,
  type Logger,
  type OutboxRelay,
} from '@jir/service-kit';
import { canonicalJson } from '../audit/audit-trail.js';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audit/audited-unit-of-work.js';
import type { IntakeDB } from '../db/schema.js';
import {
  findStaff,
  lockCourtStaff,
  noteSighting,
  unknownSightings,
  upsertStaff,
  type StaffRow,
} from './staff.repository.js';

type StaffInput = z.output<typeof staffDirectoryBodySchema>['staff'][number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const same = (a: StaffRow, b: StaffRow) =>
  a.name === b.name &&
  a.division === b.division &&
  [...a.roles].sort().join() === [...b.roles].sort().join() &&
  iso(a.active_from) === iso(b.active_from) &&
  iso(a.active_until) === iso(b.active_until);

/**
 * Each court's staff directory (R-AC-1, Art 14): trial management or IT loads
 * it from the personnel system's export; everyone of the court reads it for
 * pickers; nobody sees another court's. A load is the whole directory: people
 * left out have left and keep their row (history still names them); loading
 * the same export again changes nothing. Every load that changes something is
 * audited.
 */
export class StaffService {
  private readonly work: AuditedUnitOfWork;
  /** When each (court, sub) was last noted: a sighting is written at most once a minute per person. */
  private readonly noted = new Map<string, number>();

  constructor(
    private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; relay?: OutboxRelay; logger?: Logger },
  ) {
    this.work = auditedUnitOfWork(deps);
  }

  /** Replaces the court's directory with this one. */
  async load(actor: AuthenticatedActor, people: StaffInput[], source: 'json' | 'csv') {
    assertCan(actor, 'processing', { kind: 'staff-directory', court: actor.court });
    return this.work.run(async (w) => {
      const before = new Map((await lockCourtStaff(w.trx, actor.court)).map((r) => [r.id, r]));
      const result = { added: 0, updated: 0, unchanged: 0, departed: 0, total: people.length };
      for (const p of people) {
        const row: StaffRow = {
          court: actor.court,
          id: p.id,
          name: p.name,
          division: p.division ?? null,
          roles: p.roles,
          active_from: p.activeFrom ? new Date(p.activeFrom) : null,
          active_until: p.activeUntil ? new Date(p.activeUntil) : null,
        };
        const old = before.get(p.id);
        before.delete(p.id);
        if (old && same(old, row)) result.unchanged += 1;
        else {
          await upsertStaff(w.trx, row, w.now);
          if (old) result.updated += 1;
          else result.added += 1;
        }
      }
      // Whoever the export no longer lists has left: kept, with the day they left.
      for (const gone of before.values()) {
        if (gone.active_until && gone.active_until <= w.now) continue;
        await upsertStaff(w.trx, { ...gone, active_until: w.now }, w.now);
        result.departed += 1;
      }
      // Art 9: each court designates a person for statistics and reporting; a directory
      // without one active is flagged to whoever loads it (R-AC-1).
      const now = w.now.getTime();
      const statistician = people.some(
        (p) =>
          holdsDirectoryRole(p.roles, 'statistician') &&
          (!p.activeFrom || Date.parse(p.activeFrom) <= now) &&
          (!p.activeUntil || Date.parse(p.activeUntil) > now),
      );
      const flags = statistician
        ? []
        : [
            {
              code: 'no-statistician',
              message: {
                zh: '本院人员名录中没有在职的统计报送人员（第九条要求指定专人负责统计、报送）',
                en: 'nobody active in the directory holds the statistician role (Art 9: each court designates one)',
              },
            },
          ];
      if (result.added + result.updated + result.departed > 0)
        await w.audit({
          court: actor.court,
          at: w.now,
          actor: actor.sub,
          action: 'staff.directory-loaded',
          subjectId: actor.court,
          data: {
            source,
            ...result,
            digest: createHash('sha256').update(canonicalJson(people)).digest('hex'),
          },
        });
      return { ...result, flags };
    });
  }

  /** The court's people for pickers. */
  async list(
    actor: AuthenticatedActor,
    f: {
      division?: string | undefined;
      role?: string | undefined;
      q?: string | undefined;
      all?: string | undefined;
    },
  ) {
    assertCan(actor, 'viewing', { kind: 'staff-directory', court: actor.court });
    const now = this.deps.clock.now();
    const rows = await findStaff(this.deps.db, actor.court, { ...f, all: f.all === 'true' }, now);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      division: r.division,
      roles: r.roles,
      activeFrom: iso(r.active_from),
      activeUntil: iso(r.active_until),
      active: (!r.active_from || r.active_from <= now) && (!r.active_until || r.active_until > now),
    }));
  }

  /** People who used the service with a valid token of the court but are not in its directory. */
  async unknown(actor: AuthenticatedActor) {
    assertCan(actor, 'processing', { kind: 'staff-directory', court: actor.court });
    const rows = await unknownSightings(this.deps.db, actor.court);
    return rows.map((r) => ({
      id: r.sub,
      name: r.name,
      division: r.division,
      roles: r.roles,
      firstSeen: r.first_seen.toISOString(),
      lastSeen: r.last_seen.toISOString(),
    }));
  }

  /**
   * Notes an authenticated caller, at most once a minute per person and process;
   * a failure is logged and never fails the request it rides on.
   */
  noteCaller(actor: AuthenticatedActor & { name?: string | undefined }): void {
    const key = `${actor.court}\u0000${actor.sub}`;
    const now = this.deps.clock.now();
    const last = this.noted.get(key);
    if (last !== undefined && now.getTime() - last < 60_000) return;
    this.noted.set(key, now.getTime());
    noteSighting(this.deps.db, {
      court: actor.court,
      sub: actor.sub,
      name: actor.name ?? null,
      division: actor.division ?? null,
      roles: [...actor.roles],
      at: now,
    }).catch((e: unknown) =>
      this.deps.logger?.warn({ err: (e as Error).message }, 'could not note a staff sighting'),
    );
  }
}

/** Refuses people a court with a directory does not know (R-RC-3, R-TR-1), naming the field. */
export function unknownPersonProblem(field: string, id: string) {
  return problem({
    status: 422,
    code: 'staff-unknown',
    message: {
      zh: `${field}：${id} 不在本院人员名录中（或已离职）`,
      en: `${field}: ${id} is not in the court's staff directory (or has left)`,
    },
    errors: [
      {
        path: field,
        code: 'staff-unknown',
        message: { zh: `${id} 不在本院人员名录中`, en: `${id} is not in the court's staff directory` },
      },
    ],
  });
}
