import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { TRANSFER_HOPS, materialRegistered, materialTransferred, newId } from '@jir/contracts';
import type {
  Bilingual,
  filingBodySchema,
  materialListQuerySchema,
  materialReceiptBodySchema,
  transferBodySchema,
} from '@jir/contracts';
import { can, type Role } from '@jir/rules';
import {
  type ProblemError,
  problem,
  type AuthenticatedActor,
  type Clock,
  type OutboxRelay,
  type UnitOfWorkFaults,
} from '@jir/service-kit';
import { appendAudit } from '../audit/audit-trail.js';
import { auditedUnitOfWork, type AuditedUnitOfWork } from '../audit/audited-unit-of-work.js';
import type { IntakeDB, MaterialRoute } from '../db/schema.js';
import { handlesCase, insertRefusedAttempt } from '../records/records.repository.js';
import { directoryRefusal } from '../staff/directory-checks.js';
import type { StatedTimes } from '../time/stated-times.js';
import {
  addHop,
  findMaterial,
  hopsOf,
  insertMaterial,
  listMaterials,
  listRefusedAttempts,
  lockMaterial,
  registerMaterial,
  type MaterialHopRow,
  type MaterialRow,
} from './materials.repository.js';

type Hop = (typeof TRANSFER_HOPS)[number];
/** The role the recipient of each hop holds in the directory (R-TR-1); the department's receiver any. */
const HOP_ROLE: Record<Hop, Role | undefined> = {
  'trial-department': undefined,
  'vice-president': 'vice-president',
  'division-head': 'division-head',
  'case-handler': 'case-handler',
};
const HOP_NAMES: Record<Hop, { zh: string; route: keyof MaterialRoute }> = {
  'trial-department': { zh: '审判(执行)部门', route: 'departmentReceiver' },
  'vice-president': { zh: '分管院长', route: 'vicePresident' },
  'division-head': { zh: '庭(处)长', route: 'divisionHead' },
  'case-handler': { zh: '案件承办人', route: 'handler' },
};

/** A refusal found inside a unit of work: thrown to roll it back, then recorded as an attempt (R-TR-1). */
class Refusal {
  constructor(readonly problem: ProblemError) {}
}

/** A 422 that says why the request is refused and names the one field at fault, with what is wrong with it. */
function refusedField(code: string, message: Bilingual, field: { path: string; message: Bilingual }) {
  return problem({
    status: 422,
    code,
    message,
    errors: [{ path: field.path, code, message: field.message }],
  });
}

/**
 * Art 7: materials reach the court through an authorised department, are
 * registered with trial management (filing form), then pass level by level
 * to the case handler. Every refusal is itself recorded.
 */
export class MaterialsService {
  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      clock: Clock;
      statedTimes: StatedTimes;
      relay?: OutboxRelay;
      /** Crash simulation for tests; never set in production. */
      faults?: UnitOfWorkFaults;
    },
  ) {
    this.work = auditedUnitOfWork(deps);
  }

  /** Each change with its events, audit and idempotent answer in one transaction. */
  private readonly work: AuditedUnitOfWork;

  /** Records a refused attempt (committed even though the request fails), then throws the refusal. */
  private async refuse(
    actor: AuthenticatedActor,
    action: string,
    subjectId: string | null,
    err: ProblemError,
    address: string,
  ): Promise<never> {
    const at = this.deps.clock.now();
    // Its own transaction, never the unit of work: a refusal is not the keyed request's answer.
    await this.deps.db.transaction().execute(async (trx) => {
      await insertRefusedAttempt(trx, {
        court: actor.court,
        actor: actor.sub,
        roles: [...actor.roles],
        action,
        subject_id: subjectId,
        code: err.code,
        at,
        address,
      });
      await appendAudit(trx, {
        court: actor.court,
        at,
        actor: actor.sub,
        action: `refused.${action}`,
        subjectId: subjectId ?? '-',
        data: { code: err.code },
      });
    });
    throw err;
  }

  /** Refuses to receive materials (403) and keeps the attempt (R-TR-1). */
  private refuseReceipt(
    actor: AuthenticatedActor,
    address: string,
    code: string,
    message: { zh: string; en: string },
  ): Promise<never> {
    return this.refuse(actor, 'material.receive', null, problem({ status: 403, code, message }), address);
  }

  async receive(
    actor: AuthenticatedActor,
    body: z.output<typeof materialReceiptBodySchema>,
    address: string,
  ) {
    if (!can(actor, 'entry', { kind: 'material', court: actor.court })) {
      // Whoever may enter records of their own is told to record what reached them as one.
      const handler = can(actor, 'entry', { kind: 'record', court: actor.court, handler: actor.sub });
      await this.refuseReceipt(
        actor,
        address,
        handler ? 'handler-may-not-receive' : 'not-an-authorised-receiver',
        handler
          ? {
              zh: '案件承办人不得自行接收过问材料；直接到达的材料请填写信息表录入系统，并将复印件报送审判管理部门',
              en: 'a case handler may not accept such materials; record what reached you directly as a record and send the copy to trial management',
            }
          : {
              zh: '本部门或本人不具有接收过问案件材料的职能和权限，已记录此次尝试',
              en: 'you are not authorised to receive such materials; the attempt has been recorded',
            },
      );
    }
    this.deps.statedTimes.refuseFuture([{ path: 'receivedAt', at: body.receivedAt }]);
    // A clerk who is also the handler of the case would hand the materials to themselves (R-TR-1).
    if (await handlesCase(this.deps.db, actor.court, body.caseNumber, actor.sub)) {
      await this.refuseReceipt(actor, address, 'receiver-is-handler', {
        zh: '案件承办人不得以收件人身份接收本人承办案件的过问材料，请由其他收件人员接收',
        en: 'the handler of the case may not receive its materials as a receiving clerk; another clerk must receive them',
      });
    }
    const id = newId();
    // The answer commits with the row, so a retry after a crash replays it (Idempotency-Key).
    return this.work.run(async ({ trx, now }) => {
      await insertMaterial(trx, {
        id,
        court: actor.court,
        case_number: body.caseNumber,
        description: body.description,
        sender: JSON.stringify(body.sender),
        form: body.form,
        received_at: body.receivedAt,
        received_by: actor.sub,
        received_division: actor.division ?? null,
        filing_number: null,
        registered_by: null,
        registered_at: null,
        route: JSON.stringify(null),
        hops_done: 0,
        holder: actor.sub,
        delivered_at: null,
        created_at: now,
      });
      return this.view(id, trx);
    });
  }

  private async lockVisible(trx: Transaction<IntakeDB>, actor: AuthenticatedActor, id: string) {
    const m = await lockMaterial(trx, id);
    if (!m || m.court !== actor.court || !this.mayView(actor, m)) throw problem('not-found');
    return m;
  }

  private mayView(
    actor: AuthenticatedActor,
    m: { court: string; received_by: string; holder: string; route: MaterialRoute | null },
  ) {
    if (actor.court !== m.court) return false;
    if (can(actor, 'viewing', { kind: 'material', court: m.court })) return true;
    const people = [m.received_by, m.holder, ...(m.route ? Object.values(m.route) : [])];
    return people.includes(actor.sub);
  }

  /** Trial management fills the filing form and becomes the holder (R-TR-2). */
  async file(
    actor: AuthenticatedActor,
    id: string,
    route: z.output<typeof filingBodySchema>,
    address: string,
  ) {
    const now = this.deps.clock.now();
    if (!can(actor, 'processing', { kind: 'material-filing', court: actor.court })) {
      await this.refuse(
        actor,
        'material.file',
        id,
        problem({
          status: 403,
          code: 'forbidden',
          message: { zh: '仅审判管理部门可登记备案', en: 'only trial management registers materials' },
        }),
        address,
      );
    }
    // Each person named must hold that level's role in the directory (R-TR-1); the clerk who
    // received the materials cannot be the handler they go to.
    const named = await directoryRefusal(this.deps.db, actor.court, now, [
      { field: 'departmentReceiver', id: route.departmentReceiver },
      { field: 'vicePresident', id: route.vicePresident, role: 'vice-president' },
      { field: 'divisionHead', id: route.divisionHead, role: 'division-head' },
      { field: 'handler', id: route.handler, role: 'case-handler' },
    ]);
    if (named) await this.refuse(actor, 'material.file', id, named, address);
    const received = await findMaterial(this.deps.db, id);
    if (received && received.court === actor.court && received.received_by === route.handler) {
      await this.refuse(
        actor,
        'material.file',
        id,
        refusedField(
          'receiver-is-handler',
          {
            zh: '接收材料的人员不得为该案承办人',
            en: 'whoever received the materials cannot be the handler of the case',
          },
          { path: 'handler', message: { zh: '承办人即为接收人', en: 'the handler received the materials' } },
        ),
        address,
      );
    }
    return this.work.run(async (w) => {
      const m = await this.lockVisible(w.trx, actor, id);
      if (m.filing_number)
        throw problem({
          status: 409,
          code: 'already-filed',
          message: { zh: '该材料已登记备案', en: 'the materials are already registered' },
        });
      const filingNumber = `备〔${w.now.getUTCFullYear()}〕${actor.court}-${id.slice(-12)}`;
      await registerMaterial(w.trx, id, { filingNumber, registeredBy: actor.sub, at: w.now, route });
      await w.emit(materialRegistered, {
        court: actor.court,
        aggregateId: id,
        actor: { sub: actor.sub, kind: 'user' },
        data: {
          materialId: id,
          filingNumber,
          receivedAt: m.received_at.toISOString(),
          registeredBy: actor.sub,
        },
        occurredAt: w.now,
      });
      await w.audit({
        court: actor.court,
        at: w.now,
        actor: actor.sub,
        action: 'material.registered',
        subjectId: id,
        // The hand-over from the receiving department to trial management is a hop of its own (R-TR-2).
        data: { filingNumber, handOver: { from: m.received_by, to: actor.sub, at: w.now.toISOString() } },
      });
      return this.view(id, w.trx);
    });
  }

  /** One hop of the level-by-level transfer; skipping a level or passing what one does not hold is refused and recorded (R-TR-3). */
  async transfer(
    actor: AuthenticatedActor,
    id: string,
    body: z.output<typeof transferBodySchema>,
    address: string,
  ) {
    try {
      return await this.work.run(async (w) => {
        const { trx, now } = w;
        const m = await this.lockVisible(trx, actor, id);
        if (!m.route || !m.filing_number) {
          throw new Refusal(
            problem({
              status: 409,
              code: 'not-registered',
              message: {
                zh: '材料须先经审判管理部门登记备案，方可递转',
                en: 'materials must be registered with trial management before they are passed on',
              },
            }),
          );
        }
        if (m.holder !== actor.sub) {
          throw new Refusal(
            problem({
              status: 403,
              code: 'not-the-holder',
              message: {
                zh: '只有当前持有人可以递转该材料',
                en: 'only the current holder may pass the materials on',
              },
            }),
          );
        }
        const expected = TRANSFER_HOPS[m.hops_done];
        if (!expected)
          throw new Refusal(
            problem({
              status: 409,
              code: 'already-delivered',
              message: {
                zh: '材料已递转至案件承办人',
                en: 'the materials have already reached the case handler',
              },
            }),
          );
        if (body.hop !== expected) {
          throw new Refusal(
            refusedField(
              'level-skipped',
              {
                zh: `不得越级递转：下一级应为${HOP_NAMES[expected].zh}`,
                en: `no level may be skipped: the next level is ${expected}`,
              },
              { path: 'hop', message: { zh: `下一级应为 ${expected}`, en: `the next level is ${expected}` } },
            ),
          );
        }
        const to = m.route[HOP_NAMES[expected].route];
        if (body.to !== to) {
          throw new Refusal(
            refusedField(
              'wrong-recipient',
              {
                zh: `应递转给备案表所列的${HOP_NAMES[expected].zh}`,
                en: `pass it to the ${expected} named in the filing form`,
              },
              {
                path: 'to',
                message: { zh: '收件人与备案表不符', en: 'recipient differs from the filing form' },
              },
            ),
          );
        }
        const unknown = await directoryRefusal(trx, actor.court, now, [
          { field: 'to', id: to, ...(HOP_ROLE[expected] ? { role: HOP_ROLE[expected] } : {}) },
        ]);
        if (unknown) throw new Refusal(unknown);
        await addHop(
          trx,
          {
            material_id: id,
            hop_no: m.hops_done + 1,
            hop: expected,
            from_sub: actor.sub,
            to_sub: to,
            at: now,
          },
          expected === 'case-handler',
        );
        await w.emit(materialTransferred, {
          court: actor.court,
          aggregateId: id,
          actor: { sub: actor.sub, kind: 'user' },
          data: { materialId: id, hop: expected, from: actor.sub, to, at: now.toISOString() },
          occurredAt: now,
        });
        await w.audit({
          court: actor.court,
          at: now,
          actor: actor.sub,
          action: 'material.transferred',
          subjectId: id,
          data: { hop: expected, to },
        });
        return this.view(id, trx);
      });
    } catch (e) {
      if (e instanceof Refusal)
        return this.refuse(actor, `material.transfer.${body.hop}`, id, e.problem, address);
      throw e;
    }
  }

  async get(actor: AuthenticatedActor, id: string) {
    const m = await findMaterial(this.deps.db, id);
    if (!m || !this.mayView(actor, m)) throw problem('not-found');
    return present(m, (await hopsOf(this.deps.db, [id])).get(id) ?? []);
  }

  /**
   * Registered materials for printing their filing form (Art 7). The form shows what the materials
   * say, so printing it is a read that is recorded like the record's form.pdf (R-AC-3): who, with
   * which roles, when and from where. Materials have no view log of their own; the audit trail
   * already holds their changes and refused attempts, so the read goes there.
   */
  async readFilingForm(actor: AuthenticatedActor, id: string, address: string) {
    const m = await this.get(actor, id);
    if (!m.filingNumber || !m.registeredAt)
      throw problem({
        status: 409,
        code: 'not-registered',
        message: {
          zh: '材料尚未经审判管理部门登记备案，还没有备案表',
          en: 'the materials are not registered with trial management yet, so there is no filing form',
        },
      });
    await this.deps.db.transaction().execute((trx) =>
      appendAudit(trx, {
        court: actor.court,
        at: this.deps.clock.now(),
        actor: actor.sub,
        action: 'material.filing-form.read',
        subjectId: id,
        data: { roles: [...actor.roles], address },
      }),
    );
    return { ...m, filingNumber: m.filingNumber, registeredAt: m.registeredAt };
  }

  /** The materials as stored, read in the transaction that changed them (the idempotent answer). */
  private async view(id: string, trx: Transaction<IntakeDB>) {
    const m = await findMaterial(trx, id);
    if (!m) throw problem('not-found');
    return present(m, (await hopsOf(trx, [id])).get(id) ?? []);
  }

  /**
   * The caller's materials, oldest first: with `waitingFor=me` those whose current stage waits
   * for them (R-TR-2, R-TR-3), else every material they may read. Each says what it expects of them.
   */
  async list(actor: AuthenticatedActor, query: z.output<typeof materialListQuerySchema>) {
    const registers = can(actor, 'processing', { kind: 'material-filing', court: actor.court });
    const rows = await listMaterials(this.deps.db, {
      court: actor.court,
      sub: actor.sub,
      courtWide: can(actor, 'viewing', { kind: 'material', court: actor.court }),
      waitingForMe: query.waitingFor === 'me',
      registers,
      recipientFields: TRANSFER_HOPS.map((hop) => HOP_NAMES[hop].route),
      after: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const hops = await hopsOf(
      this.deps.db,
      page.map((m) => m.id),
    );
    return {
      items: page.map((m) => ({
        ...present(m, hops.get(m.id) ?? []),
        expectedOfMe: expectationOf(actor, m, registers),
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    };
  }

  /** Refused attempts in the actor's court, for trial management and auditors (R-TR-1). */
  async refusedAttempts(actor: AuthenticatedActor) {
    if (!can(actor, 'viewing', { kind: 'refused-attempt', court: actor.court })) throw problem('forbidden');
    const rows = await listRefusedAttempts(this.deps.db, actor.court);
    return rows.map((r) => ({
      actor: r.actor,
      roles: r.roles,
      action: r.action,
      subjectId: r.subject_id,
      code: r.code,
      at: r.at.toISOString(),
      address: r.address,
    }));
  }
}

/**
 * What the material's current stage expects of the caller. Before registration the holder (the
 * receiving department) hands it to trial management, who registers it; after, the holder passes
 * it on and the next level named in the filing form receives it.
 */
function expectationOf(
  actor: AuthenticatedActor,
  m: MaterialRow,
  registers: boolean,
): 'register' | 'pass-on' | 'receive' | null {
  if (m.court !== actor.court || m.delivered_at) return null;
  if (!m.filing_number) return registers ? 'register' : m.holder === actor.sub ? 'pass-on' : null;
  if (m.holder === actor.sub) return 'pass-on';
  const next = TRANSFER_HOPS[m.hops_done];
  return next && m.route?.[HOP_NAMES[next].route] === actor.sub ? 'receive' : null;
}

function present(m: MaterialRow, hops: readonly MaterialHopRow[]) {
  return {
    id: m.id,
    court: m.court,
    caseNumber: m.case_number,
    description: m.description,
    sender: m.sender,
    form: m.form,
    receivedAt: m.received_at.toISOString(),
    receivedBy: m.received_by,
    filingNumber: m.filing_number,
    registeredBy: m.registered_by,
    registeredAt: m.registered_at?.toISOString() ?? null,
    route: m.route,
    holder: m.holder,
    handOver: m.registered_by
      ? { from: m.received_by, to: m.registered_by, at: m.registered_at!.toISOString() }
      : null,
    nextHop: m.filing_number ? (TRANSFER_HOPS[m.hops_done] ?? null) : 'registration',
    deliveredAt: m.delivered_at?.toISOString() ?? null,
    hops: hops.map((h) => ({ hop: h.hop, from: h.from_sub, to: h.to_sub, at: h.at.toISOString() })),
  };
}
