import { sql, type Kysely, type Transaction } from 'kysely';
import {
  buildEvent,
  copyAcknowledged,
  copyDelivered,
  newId,
  recordAmended,
  recordConfirmed,
  recordDrafted,
  recordEntered,
  type EventDefinition,
} from '@jir/contracts';
import type { z } from 'zod';
import type { amendmentBodySchema, recordListQuerySchema, RecordBody } from '@jir/contracts';
import { classifySubmission, listingScope, suggestSpecialItems } from '@jir/rules';
import {
  ProblemError,
  emitEvent,
  assertCan,
  outboxRow,
  refusal,
  problem,
  type AuthenticatedActor,
  type Clock,
  type OutboxRelay,
} from '@jir/service-kit';
import { appendAudit, auditRow } from '../audit/audit-trail.js';
import { recordContentHash, versionContentHash } from '../audit/content-hash.js';
import { IdentitiesService } from '../identities/identities.service.js';
import type { IntakeDB } from '../db/schema.js';
import { blockersOf, recordFacts, staffPresent, toRecordView, type RecordRow } from './record-view.js';

type Amendment = z.output<typeof amendmentBodySchema>;
type ListQuery = z.output<typeof recordListQuerySchema>;

/** Records: creation, entry, reads (each logged), amendments, confirmations, the copy to trial management. */
export class RecordsService {
  constructor(private readonly deps: { db: Kysely<IntakeDB>; clock: Clock; relay?: OutboxRelay }) {}

  private async emit(
    trx: Transaction<IntakeDB>,
    def: EventDefinition,
    row: RecordRow,
    actor: AuthenticatedActor,
    data: unknown,
    at: Date,
  ) {
    await emitEvent(trx, def, {
      court: row.court,
      aggregateId: row.id,
      actor: { sub: actor.sub, kind: 'user' },
      data,
      occurredAt: at,
    });
  }

  /**
   * One state change: a transaction at one instant, then a nudge to the relay
   * so its events leave at once rather than at the next poll.
   */
  private async change<T>(fn: (trx: Transaction<IntakeDB>, now: Date) => Promise<T>): Promise<T> {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction().execute((trx) => fn(trx, now));
    this.deps.relay?.wake();
    return result;
  }

  private async extras(db: Kysely<IntakeDB>, id: string) {
    const [ev, conf] = await Promise.all([
      db
        .selectFrom('record_evidence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('record_id', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('record_confirmations')
        .select('staff_id')
        .where('record_id', '=', id)
        .orderBy('confirmed_at')
        .execute(),
    ]);
    return { evidenceCount: Number(ev.n), confirmed: conf.map((c) => c.staff_id) };
  }

  private async lockOwn(
    trx: Transaction<IntakeDB>,
    actor: AuthenticatedActor,
    id: string,
    operation: 'entry' | 'processing',
  ) {
    const row = await trx
      .selectFrom('records')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw problem('not-found');
    // Someone who may not even see it learns nothing of its existence.
    assertCan(
      actor,
      'viewing',
      { court: row.court, handler: row.handler, division: row.division ?? undefined },
      { hideAs404: true },
    );
    assertCan(actor, operation, {
      court: row.court,
      handler: row.handler,
      division: row.division ?? undefined,
    });
    return row;
  }

  async create(actor: AuthenticatedActor, body: RecordBody) {
    const cls = classifySubmission({ internalPersonnel: body.internalPersonnel === true });
    if (cls.kind === 'refused') {
      throw new ProblemError({ status: 422, code: cls.code, message: { zh: cls.zh, en: cls.en } });
    }
    const now = this.deps.clock.now();
    const id = newId();
    // The id is made here, so nothing can be attached to it yet: no evidence, no confirmations.
    const extras = { evidenceCount: 0, confirmed: [] as string[] };
    const values = {
      id,
      court: actor.court,
      division: actor.division ?? null,
      handler: actor.sub,
      revision: 1,
      case_number: body.caseNumber,
      stage: body.stage,
      form: body.form,
      received_at: new Date(body.receivedAt),
      communicated_at: new Date(body.communicatedAt),
      interferer: body.interferer,
      interferer_kind: body.interferer.kind,
      unit_type: body.interferer.unitType,
      content: body.content,
      special_items: body.specialItems,
      suggested_items: suggestSpecialItems(body.content),
      severe: body.severe,
      involves_principal_leader: body.involvesPrincipalLeader,
      place: body.place ?? null,
      persons_present: body.personsPresent ?? [],
      created_at: now,
      copy_delivered_at: null,
      copy_acknowledged_at: null,
      copy_acknowledged_by: null,
      identity_id: null as string | null,
    };
    const enter = body.enter && blockersOf({ ...values, state: 'draft', entered_at: null }, 0).length === 0;
    const row: RecordRow = { ...values, state: enter ? 'entered' : 'draft', entered_at: enter ? now : null };
    // Resolving the identity may create it; an identity that ends up unused is harmless.
    row.identity_id = await IdentitiesService.resolve(this.deps.db, body.interferer, now);
    const view = toRecordView(row, extras);
    const def = enter ? recordEntered : recordDrafted;
    const meta = {
      court: row.court,
      aggregateId: id,
      actor: { sub: actor.sub, kind: 'user' as const },
      occurredAt: now,
    };
    const event = enter
      ? buildEvent(recordEntered, {
          ...meta,
          data: { ...recordFacts(row), revision: row.revision, enteredAt: now.toISOString() },
        })
      : buildEvent(recordDrafted, { ...meta, data: { ...recordFacts(row), revision: row.revision } });
    const version = {
      record_id: id,
      revision: 1,
      snapshot: JSON.stringify(view),
      changed_by: actor.sub,
      reason: '创建 / created',
      changed_fields: [] as string[],
      changed_at: now,
    };
    // Hashes of what is stored (JSON as it comes back from jsonb), kept in the audit chain (R-PV-2).
    const hashes = {
      contentHash: recordContentHash({
        ...row,
        interferer: JSON.parse(JSON.stringify(row.interferer)),
        persons_present: JSON.parse(JSON.stringify(row.persons_present)),
      }),
      versionHash: versionContentHash({ ...version, snapshot: JSON.parse(version.snapshot) }),
    };
    // One statement (data-modifying CTEs): atomic on its own, one round trip, one commit.
    await this.deps.db
      .with('r', (db) =>
        db
          .insertInto('records')
          .values({
            ...row,
            interferer: JSON.stringify(row.interferer),
            persons_present: JSON.stringify(row.persons_present),
          })
          .returning('id'),
      )
      .with('v', (db) => db.insertInto('record_versions').values(version).returning('record_id'))
      .with('o', (db) => db.insertInto('outbox').values(outboxRow(def, event)).returning('id'))
      .insertInto('audit_entries')
      .values(
        auditRow({
          court: actor.court,
          at: now,
          actor: actor.sub,
          action: enter ? 'record.entered' : 'record.drafted',
          subjectId: id,
          data: { revision: 1, ...hashes },
        }),
      )
      .execute();
    const result = view;
    this.deps.relay?.wake();
    return result;
  }

  async enter(actor: AuthenticatedActor, id: string) {
    return this.change(async (trx, now) => {
      const row = await this.lockOwn(trx, actor, id, 'entry');
      if (row.state !== 'draft')
        throw refusal(409, 'already-entered', '该记录已录入', 'the record is already entered');
      const extras = await this.extras(trx, id);
      const blockers = blockersOf(row, extras.evidenceCount);
      if (blockers.length) {
        const first = blockers[0]!;
        throw new ProblemError({
          status: 422,
          code: first.code,
          message: {
            zh: `尚不能录入：${blockers.map((b) => b.zh).join('；')}`,
            en: `cannot enter yet: ${blockers.map((b) => b.en).join('; ')}`,
          },
          errors: blockers.map((b) => ({ path: b.field, code: b.code, message: { zh: b.zh, en: b.en } })),
        });
      }
      const entered = await trx
        .updateTable('records')
        .set({ state: 'entered', entered_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.emit(
        trx,
        recordEntered,
        entered,
        actor,
        // Entering changes no fact, so the revision stays: a consumer treats it as no older than the last amendment.
        { ...recordFacts(entered), revision: entered.revision, enteredAt: now.toISOString() },
        now,
      );
      await appendAudit(trx, {
        court: row.court,
        at: now,
        actor: actor.sub,
        action: 'record.entered',
        subjectId: id,
        data: { revision: row.revision },
      });
      return toRecordView(entered, extras);
    });
  }

  /** One record; the read is recorded (R-AC-3). */
  async get(actor: AuthenticatedActor, id: string, address: string) {
    const row = await this.deps.db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw problem('not-found');
    assertCan(
      actor,
      'viewing',
      { court: row.court, handler: row.handler, division: row.division ?? undefined },
      { hideAs404: true },
    );
    await this.logViews(actor, [id], address);
    return toRecordView(row, await this.extras(this.deps.db, id));
  }

  private async logViews(actor: AuthenticatedActor, ids: string[], address: string) {
    if (ids.length === 0) return;
    const at = this.deps.clock.now();
    await this.deps.db
      .insertInto('record_views')
      .values(
        ids.map((record_id) => ({
          record_id,
          viewer: actor.sub,
          viewer_court: actor.court,
          viewer_roles: [...actor.roles],
          viewed_at: at,
          address,
        })),
      )
      .execute();
  }

  /** Records the actor may see, filtered by every classification (R-RC-5), newest first, each read recorded. */
  async list(actor: AuthenticatedActor, q: ListQuery, address: string) {
    const scope = listingScope(actor, 'viewing', 'record');
    if (!scope) throw problem('forbidden');
    const limit = q.limit ?? 50;
    let query = this.deps.db.selectFrom('records').selectAll().where('court', '=', scope.court);
    if (scope.handlers || scope.divisions) {
      const handlers = scope.handlers ?? [];
      const divisions = scope.divisions ?? [];
      query = query.where((eb) =>
        eb.or([
          ...(handlers.length ? [eb('handler', 'in', handlers)] : []),
          ...(divisions.length ? [eb('division', 'in', divisions)] : []),
        ]),
      );
    }
    if (q.interfererKind) query = query.where('interferer_kind', '=', q.interfererKind);
    if (q.unitType) query = query.where('unit_type', '=', q.unitType);
    if (q.form) query = query.where('form', '=', q.form);
    if (q.stage) query = query.where('stage', '=', q.stage);
    if (q.state) query = query.where('state', '=', q.state);
    if (q.division) query = query.where('division', '=', q.division);
    if (q.handler) query = query.where('handler', '=', q.handler);
    if (q.caseNumber) query = query.where('case_number', '=', q.caseNumber);
    if (q.severe !== undefined) query = query.where('severe', '=', q.severe);
    if (q.specialItem) query = query.where(sql<boolean>`special_items @> ARRAY[${q.specialItem}]::text[]`);
    if (q.receivedFrom) query = query.where('received_at', '>=', new Date(q.receivedFrom));
    if (q.receivedTo) query = query.where('received_at', '<', new Date(q.receivedTo));
    if (q.cursor) query = query.where('id', '<', q.cursor);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    await this.logViews(
      actor,
      page.map((r) => r.id),
      address,
    );
    const items = await Promise.all(
      page.map(async (r) => toRecordView(r, await this.extras(this.deps.db, r.id))),
    );
    return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }

  /** Who viewed a record, for its handler and auditors (R-AC-3, R-BX-5). */
  async views(actor: AuthenticatedActor, id: string) {
    const row = await this.deps.db
      .selectFrom('records')
      .select(['court', 'handler', 'division'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw problem('not-found');
    const resource = { court: row.court, handler: row.handler, division: row.division ?? undefined };
    assertCan(actor, 'viewing', resource, { hideAs404: true });
    const isHandler = actor.sub === row.handler && actor.court === row.court;
    if (!isHandler) assertCan(actor, 'viewing', { ...resource, kind: 'audit' });
    const views = await this.deps.db
      .selectFrom('record_views')
      .selectAll()
      .where('record_id', '=', id)
      .orderBy('id')
      .execute();
    return views.map((v) => ({
      viewer: v.viewer,
      court: v.viewer_court,
      roles: v.viewer_roles,
      at: v.viewed_at.toISOString(),
      address: v.address,
    }));
  }

  /** The only way to change a record: a new revision that keeps every earlier one (R-RC-4). */
  async amend(actor: AuthenticatedActor, id: string, body: Amendment) {
    return this.change(async (trx, now) => {
      const row = await this.lockOwn(trx, actor, id, 'entry');
      const c = body.changes;
      const next: RecordRow = {
        ...row,
        revision: row.revision + 1,
        case_number: c.caseNumber ?? row.case_number,
        stage: c.stage ?? row.stage,
        form: c.form ?? row.form,
        received_at: c.receivedAt ? new Date(c.receivedAt) : row.received_at,
        communicated_at: c.communicatedAt ? new Date(c.communicatedAt) : row.communicated_at,
        interferer: c.interferer ?? row.interferer,
        interferer_kind: c.interferer?.kind ?? row.interferer_kind,
        unit_type: c.interferer?.unitType ?? row.unit_type,
        content: c.content ?? row.content,
        suggested_items: c.content ? suggestSpecialItems(c.content) : row.suggested_items,
        special_items: c.specialItems ?? row.special_items,
        severe: c.severe ?? row.severe,
        involves_principal_leader: c.involvesPrincipalLeader ?? row.involves_principal_leader,
        place: c.place ?? row.place,
        persons_present: c.personsPresent ?? row.persons_present,
      };
      if (next.communicated_at > next.received_at) {
        throw problem('validation-failed', {
          errors: [
            {
              path: 'changes.communicatedAt',
              code: 'custom',
              message: { zh: '过问时间不得晚于收到时间', en: 'communicatedAt cannot be after receivedAt' },
            },
          ],
        });
      }
      const extras = await this.extras(trx, id);
      if (row.state === 'entered') {
        const blockers = blockersOf(next, extras.evidenceCount);
        if (blockers.length) {
          throw problem('validation-failed', {
            errors: blockers.map((b) => ({
              path: `changes.${b.field}`,
              code: b.code,
              message: { zh: b.zh, en: b.en },
            })),
          });
        }
      }
      const changed = Object.keys(c);
      if (c.interferer) next.identity_id = await IdentitiesService.resolve(trx, c.interferer, now);
      const saved = await trx
        .updateTable('records')
        .set({
          identity_id: next.identity_id,
          revision: next.revision,
          case_number: next.case_number,
          stage: next.stage,
          form: next.form,
          received_at: next.received_at,
          communicated_at: next.communicated_at,
          interferer: JSON.stringify(next.interferer),
          interferer_kind: next.interferer_kind,
          unit_type: next.unit_type,
          content: next.content,
          suggested_items: next.suggested_items,
          special_items: next.special_items,
          severe: next.severe,
          involves_principal_leader: next.involves_principal_leader,
          place: next.place,
          persons_present: JSON.stringify(next.persons_present),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const v = toRecordView(saved, extras);
      const version = await trx
        .insertInto('record_versions')
        .values({
          record_id: id,
          revision: saved.revision,
          snapshot: JSON.stringify(v),
          changed_by: actor.sub,
          changed_at: now,
          reason: body.reason,
          changed_fields: changed,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.emit(
        trx,
        recordAmended,
        saved,
        actor,
        { ...recordFacts(saved), revision: saved.revision, changedFields: changed },
        now,
      );
      await appendAudit(trx, {
        court: row.court,
        at: now,
        actor: actor.sub,
        action: 'record.amended',
        subjectId: id,
        // Hashes of the rows as stored, so verification catches an edit behind the service's back (R-PV-2).
        data: {
          revision: saved.revision,
          changedFields: changed,
          contentHash: recordContentHash(saved),
          versionHash: versionContentHash(version),
        },
      });
      return v;
    });
  }

  /** Every version, oldest first, with who, when and why (R-RC-4). */
  async versions(actor: AuthenticatedActor, id: string, address: string) {
    await this.get(actor, id, address);
    const rows = await this.deps.db
      .selectFrom('record_versions')
      .selectAll()
      .where('record_id', '=', id)
      .orderBy('revision')
      .execute();
    return rows.map((r) => ({
      revision: r.revision,
      changedBy: r.changed_by,
      changedAt: r.changed_at.toISOString(),
      reason: r.reason,
      changedFields: r.changed_fields,
      record: r.snapshot,
    }));
  }

  /** A court employee present at an oral interference confirms the record with their own token (R-RC-3). */
  async confirm(actor: AuthenticatedActor, id: string) {
    return this.change(async (trx, now) => {
      const row = await trx
        .selectFrom('records')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const listed = row && row.court === actor.court && staffPresent(row).includes(actor.sub);
      if (!row || !listed) {
        // Not present means not entitled to know the record exists.
        throw problem('not-found');
      }
      const already = await trx
        .selectFrom('record_confirmations')
        .select('staff_id')
        .where('record_id', '=', id)
        .where('staff_id', '=', actor.sub)
        .executeTakeFirst();
      if (!already) {
        await trx
          .insertInto('record_confirmations')
          .values({ record_id: id, staff_id: actor.sub, confirmed_at: now })
          .execute();
        const extras = await this.extras(trx, id);
        const missing = staffPresent(row).filter((s) => !extras.confirmed.includes(s));
        await this.emit(
          trx,
          recordConfirmed,
          row,
          actor,
          { recordId: id, confirmedBy: actor.sub, missing, confirmedAt: now.toISOString() },
          now,
        );
        await appendAudit(trx, {
          court: row.court,
          at: now,
          actor: actor.sub,
          action: 'record.confirmed',
          subjectId: id,
          data: { missing },
        });
      }
      const extras = await this.extras(trx, id);
      return {
        recordId: id,
        confirmations: {
          confirmed: extras.confirmed,
          missing: staffPresent(row).filter((s) => !extras.confirmed.includes(s)),
        },
      };
    });
  }

  /** The handler sends the copy of the form to trial management (R-DL-1, Art 7). */
  async deliverCopy(actor: AuthenticatedActor, id: string) {
    return this.change(async (trx, now) => {
      const row = await this.lockOwn(trx, actor, id, 'entry');
      if (row.state !== 'entered')
        throw refusal(
          409,
          'record-not-entered',
          '记录尚未录入，不能报送复印件',
          'enter the record before delivering its copy',
        );
      if (row.copy_delivered_at)
        throw refusal(409, 'copy-already-delivered', '复印件已报送', 'the copy was already delivered');
      const saved = await trx
        .updateTable('records')
        .set({ copy_delivered_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.emit(
        trx,
        copyDelivered,
        saved,
        actor,
        { recordId: id, deliveredAt: now.toISOString() },
        now,
      );
      await appendAudit(trx, {
        court: row.court,
        at: now,
        actor: actor.sub,
        action: 'copy.delivered',
        subjectId: id,
        data: {},
      });
      return toRecordView(saved, await this.extras(trx, id));
    });
  }

  /** Trial management confirms it received the copy. */
  async acknowledgeCopy(actor: AuthenticatedActor, id: string) {
    return this.change(async (trx, now) => {
      const row = await trx
        .selectFrom('records')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw problem('not-found');
      const res = { court: row.court, handler: row.handler, division: row.division ?? undefined };
      assertCan(actor, 'viewing', res, { hideAs404: true });
      if (!actor.roles.includes('trial-management')) throw problem('forbidden');
      assertCan(actor, 'processing', res);
      if (!row.copy_delivered_at)
        throw refusal(
          409,
          'copy-not-delivered',
          '承办人尚未报送复印件',
          'the handler has not delivered the copy yet',
        );
      if (row.copy_acknowledged_at)
        throw refusal(
          409,
          'copy-already-acknowledged',
          '已确认收到复印件',
          'receipt of the copy was already acknowledged',
        );
      const saved = await trx
        .updateTable('records')
        .set({ copy_acknowledged_at: now, copy_acknowledged_by: actor.sub })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.emit(
        trx,
        copyAcknowledged,
        saved,
        actor,
        { recordId: id, acknowledgedBy: actor.sub, acknowledgedAt: now.toISOString() },
        now,
      );
      await appendAudit(trx, {
        court: row.court,
        at: now,
        actor: actor.sub,
        action: 'copy.acknowledged',
        subjectId: id,
        data: {},
      });
      return toRecordView(saved, await this.extras(trx, id));
    });
  }
}
