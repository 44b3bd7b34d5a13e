import type { Kysely, Transaction } from 'kysely';
import { newId } from '@jir/contracts';
import { assertCan, problem, type AuthenticatedActor, type Clock } from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import type { IntakeDB } from '../db/schema.js';
import { identitiesWithRecordsIn } from './identities.repository.js';

/** Name, unit and position written the same way however they were typed: width, spaces, dots, brackets. */
export function identityKey(p: { name: string; unit: string; position: string }): string {
  const norm = (s: string) =>
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s·•.,，。、()（）\-—_]/g, '');
  return `${norm(p.name)}|${norm(p.unit)}|${norm(p.position)}`;
}

/**
 * One identity per interfering person across records and courts (R-BX-2), so
 * that "the same cadre in many cases" shows. Matching is on the normalised
 * name, unit and position; trial management merges identities (a promotion,
 * a typo) and splits a record off (two people of one name).
 */
export class IdentitiesService {
  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock }) {}

  /** The identity for these details, created on first sight. Runs inside the record's transaction. */
  static async resolve(
    trx: Transaction<IntakeDB> | Kysely<IntakeDB>,
    p: { name: string; unit: string; position: string },
    now: Date,
  ): Promise<string> {
    const key = identityKey(p);
    const found = await trx
      .selectFrom('identity_keys')
      .select('identity_id')
      .where('key', '=', key)
      .executeTakeFirst();
    if (found) return found.identity_id;
    const id = newId();
    await trx
      .insertInto('interferer_identities')
      .values({ id, name: p.name, unit: p.unit, position: p.position, merged_into: null, created_at: now })
      .execute();
    const claimed = await trx
      .insertInto('identity_keys')
      .values({ key, identity_id: id })
      .onConflict((oc) => oc.doNothing())
      .returning('identity_id')
      .executeTakeFirst();
    if (claimed) return id;
    // Another transaction registered the same person a moment ago: use theirs (ours stays unused).
    return (
      await trx
        .selectFrom('identity_keys')
        .select('identity_id')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).identity_id;
  }

  private guard(actor: AuthenticatedActor, manage = false) {
    assertCan(actor, manage ? 'processing' : 'viewing', { kind: 'interferer-identity', court: actor.court });
  }

  async list(actor: AuthenticatedActor, q?: string) {
    this.guard(actor);
    let query = this.deps.db
      .selectFrom('records')
      .innerJoin('interferer_identities as i', 'i.id', 'records.identity_id')
      .select(['i.id', 'i.name', 'i.unit', 'i.position', (eb) => eb.fn.countAll<number>().as('records')])
      .where('records.court', '=', actor.court)
      .groupBy(['i.id', 'i.name', 'i.unit', 'i.position']);
    if (q)
      query = query.where((eb) => eb.or([eb('i.name', 'like', `%${q}%`), eb('i.unit', 'like', `%${q}%`)]));
    const rows = await query.orderBy('records', 'desc').limit(200).execute();
    return rows.map((r) => ({ ...r, records: Number(r.records) }));
  }

  /**
   * An identity with its records in the reader's court, and how many it has in other courts.
   * One that the reader's court has no record of is not found: its name alone would tell
   * who interfered in another court's cases (R-AC-2).
   */
  async get(actor: AuthenticatedActor, id: string) {
    this.guard(actor);
    if (!(await identitiesWithRecordsIn(this.deps.db, actor.court, [id])).has(id)) throw problem('not-found');
    const identity = await this.deps.db
      .selectFrom('interferer_identities')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!identity) throw problem('not-found');
    const records = await this.deps.db
      .selectFrom('records')
      .select(['id', 'case_number', 'received_at', 'handler', 'division', 'state'])
      .where('identity_id', '=', id)
      .where('court', '=', actor.court)
      .orderBy('id')
      .execute();
    const elsewhere = await this.deps.db
      .selectFrom('records')
      .select(['court', (eb) => eb.fn.countAll<number>().as('n')])
      .where('identity_id', '=', id)
      .where('court', '!=', actor.court)
      .groupBy('court')
      .execute();
    return {
      id: identity.id,
      name: identity.name,
      unit: identity.unit,
      position: identity.position,
      mergedInto: identity.merged_into,
      records: records.map((r) => ({
        id: r.id,
        caseNumber: r.case_number,
        receivedAt: r.received_at.toISOString(),
        handler: r.handler,
        division: r.division,
        state: r.state,
      })),
      // Other courts' records are theirs to see (R-AC-2): only how many.
      otherCourts: elsewhere.map((e) => ({ court: e.court, records: Number(e.n) })),
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
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const both = await trx
        .selectFrom('interferer_identities')
        .select(['id', 'merged_into'])
        .where('id', 'in', [id, into])
        .forUpdate()
        .execute();
      // Both must be the caller's court's to see; otherwise one could move another court's records.
      const visible = await identitiesWithRecordsIn(trx, actor.court, [id, into]);
      if (both.length !== 2 || !visible.has(id) || !visible.has(into)) throw problem('not-found');
      if (both.some((b) => b.merged_into))
        throw problem({
          status: 409,
          code: 'already-merged',
          message: { zh: '该身份已被合并', en: 'one of the identities was already merged' },
        });
      await trx
        .updateTable('interferer_identities')
        .set({ merged_into: into })
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('identity_keys')
        .set({ identity_id: into })
        .where('identity_id', '=', id)
        .execute();
      await trx.updateTable('records').set({ identity_id: into }).where('identity_id', '=', id).execute();
      await trx
        .insertInto('identity_changes')
        .values({
          kind: 'merge',
          identity_id: into,
          other_id: id,
          record_id: null,
          reason,
          changed_by: actor.sub,
          court: actor.court,
          at: now,
        })
        .execute();
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: 'identity.merged',
        subjectId: id,
        data: { into, reason },
      });
    });
    return this.get(actor, into);
  }

  /** Moves one record of the actor's court to another identity, or to a new one made from its details. */
  async split(actor: AuthenticatedActor, recordId: string, target: string | undefined, reason: string) {
    this.guard(actor, true);
    const now = this.deps.clock.now();
    const newIdentity = await this.deps.db.transaction().execute(async (trx) => {
      const rec = await trx
        .selectFrom('records')
        .select(['id', 'court', 'identity_id', 'interferer'])
        .where('id', '=', recordId)
        .forUpdate()
        .executeTakeFirst();
      if (!rec || rec.court !== actor.court || !rec.identity_id) throw problem('not-found');
      let to = target;
      if (to) {
        const t = await trx
          .selectFrom('interferer_identities')
          .select('merged_into')
          .where('id', '=', to)
          .executeTakeFirst();
        if (!t) throw problem('not-found');
        if (t.merged_into) to = t.merged_into;
        // Moving a record onto an identity the court has no record of would reveal that identity (R-AC-2).
        if (!(await identitiesWithRecordsIn(trx, actor.court, [to])).has(to)) throw problem('not-found');
      } else {
        to = newId();
        const i = rec.interferer;
        await trx
          .insertInto('interferer_identities')
          .values({
            id: to,
            name: i.name,
            unit: i.unit,
            position: i.position,
            merged_into: null,
            created_at: now,
          })
          .execute();
      }
      await trx.updateTable('records').set({ identity_id: to }).where('id', '=', recordId).execute();
      await trx
        .insertInto('identity_changes')
        .values({
          kind: 'split',
          identity_id: to,
          other_id: rec.identity_id,
          record_id: recordId,
          reason,
          changed_by: actor.sub,
          court: actor.court,
          at: now,
        })
        .execute();
      await appendAudit(trx, {
        court: actor.court,
        at: now,
        actor: actor.sub,
        action: 'identity.split',
        subjectId: recordId,
        data: { from: rec.identity_id, to, reason },
      });
      return to;
    });
    return this.get(actor, newIdentity);
  }
}
