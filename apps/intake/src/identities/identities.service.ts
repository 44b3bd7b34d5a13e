import type { Kysely, Transaction } from 'kysely';
import { newId } from '@jir/contracts';
import { originatingPerson } from '@jir/rules';
import { assertCan, problem, type AuthenticatedActor, type Clock, type OutboxRelay } from '@jir/service-kit';
import {
  auditedUnitOfWork,
  type AuditedUnitOfWork,
  type AuditedWork,
} from '../audit/audited-unit-of-work.js';
import { recordWorkflowHash } from '../audit/content-hash.js';
import type { IntakeDB } from '../db/schema.js';
import {
  claimKey,
  courtIdentities,
  courtRecordsNaming,
  enteredRecordsElsewhere,
  foldIdentity,
  hasRecordsElsewhere,
  identitiesWithRecordsIn,
  identityOfKey,
  identityTarget,
  insertIdentity,
  insertIdentityChange,
  lockIdentities,
  lockRecordIdentity,
  setRecordIdentity,
} from './identities.repository.js';

/** Name, unit and position written the same way however they were typed: width, spaces, dots, brackets. */
export function identityKey(p: { name: string; unit: string; position: string }): string {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s·•.,，。、()（）\-—_]/g, '');
  return `${norm(p.name)}|${norm(p.unit)}|${norm(p.position)}`;
}

/** One of the court's records as an identity's page lists it. */
function recordLine(r: Awaited<ReturnType<typeof courtRecordsNaming>>[number]) {
  return {
    id: r.id,
    caseNumber: r.case_number,
    receivedAt: r.received_at.toISOString(),
    handler: r.handler,
    division: r.division,
    state: r.state,
  };
}

/**
 * One identity per interfering person across records and courts (R-BX-2), so
 * that "the same cadre in many cases" shows. Matching is on the normalised
 * name, unit and position; trial management merges identities (a promotion,
 * a typo) and splits a record off (two people of one name).
 *
 * A court sees an identity only through its own records (R-AC-2): the name,
 * unit and position shown are those its own latest record states, and other
 * courts appear only as counts of their entered records, so a draft typed to
 * probe a name reveals nothing another court wrote. A court changes only its
 * own records' links: a merge that would move another court's records is
 * refused (split the court's records one by one instead).
 */
export class IdentitiesService {
  private readonly work: AuditedUnitOfWork;

  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; relay?: OutboxRelay }) {
    this.work = auditedUnitOfWork(deps);
  }

  /**
   * The identity for these details, created on first sight. Runs inside the
   * record's transaction, or before it for a new record: `lookup` reads a key's
   * identity, and record creation passes one that shares its query with
   * concurrent creates (R-NF-1).
   */
  static async resolve(
    trx: Transaction<IntakeDB> | Kysely<IntakeDB>,
    p: { name: string; unit: string; position: string },
    now: Date,
    lookup: (key: string) => Promise<string | undefined> = (key) => identityOfKey(trx, key),
  ): Promise<string> {
    const key = identityKey(p);
    const found = await lookup(key);
    if (found) return found;
    const id = newId();
    await insertIdentity(trx, { id, ...p, now });
    if (await claimKey(trx, key, id)) return id;
    // Another transaction registered the same person a moment ago: use theirs (ours stays unused).
    const theirs = await identityOfKey(trx, key);
    if (!theirs) throw new Error(`identity key ${key} claimed but not found`);
    return theirs;
  }

  private guard(actor: AuthenticatedActor, manage = false) {
    assertCan(actor, manage ? 'processing' : 'viewing', { kind: 'interferer-identity', court: actor.court });
  }

  async list(actor: AuthenticatedActor, q?: string) {
    this.guard(actor);
    const rows = await courtIdentities(this.deps.db, actor.court, q);
    return rows.map((r) => ({
      id: r.identityId,
      name: r.shown.name,
      unit: r.shown.unit,
      position: r.shown.position,
      records: r.records,
    }));
  }

  /**
   * An identity with its records in the reader's court, and how many entered
   * records other courts have. One that the reader's court has no record of is
   * not found: its name alone would tell who interfered in another court's cases.
   */
  async get(actor: AuthenticatedActor, id: string) {
    this.guard(actor);
    const records = await courtRecordsNaming(this.deps.db, actor.court, id, 'interferer');
    const originated = await courtRecordsNaming(this.deps.db, actor.court, id, 'originator');
    // Shown as the court's own latest record states them: as the interferer, else as the person behind one.
    const latest = records.at(-1)?.interferer ?? originatingPerson(originated.at(-1)?.interferer ?? {});
    if (!latest) throw problem('not-found');
    const target = await identityTarget(this.deps.db, id);
    return {
      id,
      name: latest.name,
      unit: latest.unit,
      position: latest.position,
      mergedInto: target?.merged_into ?? null,
      records: records.map(recordLine),
      otherCourts: await enteredRecordsElsewhere(this.deps.db, actor.court, id),
      originated: originated.map((r) => ({
        ...recordLine(r),
        sender: { name: r.interferer.name, kind: r.interferer.kind },
      })),
    };
  }

  /** Folds `id` into `into`: its records and its name keys now belong to `into`. */
  async merge(actor: AuthenticatedActor, id: string, into: string, reason: string) {
    this.guard(actor, true);
    if (id === into)
      throw problem({
        status: 422,
        code: 'merge-into-self',
        message: { zh: '不能与自身合并', en: 'cannot merge an identity into itself' },
      });
    await this.work.run(async (w) => {
      const both = await lockIdentities(w.trx, [id, into]);
      const visible = await identitiesWithRecordsIn(w.trx, actor.court, [id, into]);
      if (both.length !== 2 || !visible.has(id) || !visible.has(into)) throw problem('not-found');
      if (both.some((b) => b.merged_into))
        throw problem({
          status: 409,
          code: 'already-merged',
          message: { zh: '该身份已被合并', en: 'one of the identities was already merged' },
        });
      // Folding moves every record and name key of the identity; if another court's records
      // point at it, that would change their links, which only that court may do (R-AC-2).
      if (await hasRecordsElsewhere(w.trx, actor.court, id))
        throw problem({
          status: 409,
          code: 'identity-shared-with-other-courts',
          message: {
            zh: '其他法院的记录也指向该身份，不能合并；请将本院记录逐条移至目标身份',
            en: "other courts' records also name this identity, so it cannot be merged; move this court's records to the target one by one",
          },
        });
      const moved = await foldIdentity(w.trx, id, into);
      await keepChange(
        w,
        actor,
        { kind: 'merge', identityId: into, otherId: id, recordId: null, reason },
        id,
        {
          into,
          reason,
          // Each moved record's workflow hash, so a later direct change of its links is caught (R-PV-2).
          workflowHashes: Object.fromEntries(moved.map((r) => [r.id, recordWorkflowHash(r)])),
        },
      );
    });
    return this.get(actor, into);
  }

  /** Moves one record of the actor's court to another identity, or to a new one made from its details. */
  async split(actor: AuthenticatedActor, recordId: string, target: string | undefined, reason: string) {
    this.guard(actor, true);
    const newIdentity = await this.work.run(async (w) => {
      const rec = await lockRecordIdentity(w.trx, recordId);
      if (!rec || rec.court !== actor.court || !rec.identity_id) throw problem('not-found');
      let to = target;
      if (to) {
        const t = await identityTarget(w.trx, to);
        if (!t) throw problem('not-found');
        if (t.merged_into) to = t.merged_into;
        // Moving a record onto an identity the court has no record of would reveal that identity (R-AC-2).
        if (!(await identitiesWithRecordsIn(w.trx, actor.court, [to])).has(to)) throw problem('not-found');
      } else {
        to = newId();
        const i = rec.interferer;
        await insertIdentity(w.trx, { id: to, name: i.name, unit: i.unit, position: i.position, now: w.now });
      }
      const moved = await setRecordIdentity(w.trx, recordId, to);
      await keepChange(
        w,
        actor,
        { kind: 'split', identityId: to, otherId: rec.identity_id, recordId, reason },
        recordId,
        {
          from: rec.identity_id,
          to,
          reason,
          workflowHash: recordWorkflowHash(moved),
        },
      );
      return to;
    });
    return this.get(actor, newIdentity);
  }
}

/**
 * Keeps a merge or split twice, in the same transaction: in the identities' own history, which
 * the identity page reads, and in the audit chain (`identity.merged` / `identity.split` of
 * `subjectId`), which proves it later (R-PV-2).
 */
async function keepChange(
  w: AuditedWork,
  actor: AuthenticatedActor,
  change: {
    kind: 'merge' | 'split';
    identityId: string;
    otherId: string;
    recordId: string | null;
    reason: string;
  },
  subjectId: string,
  data: Record<string, unknown>,
) {
  await insertIdentityChange(w.trx, { ...change, by: actor.sub, court: actor.court, at: w.now });
  await w.audit({
    court: actor.court,
    at: w.now,
    actor: actor.sub,
    action: change.kind === 'merge' ? 'identity.merged' : 'identity.split',
    subjectId,
    data,
  });
}
