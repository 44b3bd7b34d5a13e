import { can, listingScope, type Actor } from '@jir/rules';
import type { Api } from '../api/client.js';
import { ApiProblem } from '../api/problem.js';
import type { RecordDto } from '../api/types.js';
import { deadlinesApi } from '../deadlines/deadlines-api.js';
import { OBLIGATION_KIND_ZH } from '../deadlines/obligation-labels.js';
import { supervisesDeadlines } from '../deadlines/supervision.js';
import { ledgerApi } from '../ledger/ledger-api.js';
import { recordsAwaitingMyConfirmation } from '../records/awaiting-confirmation.js';
import { listObligations } from '../records/obligations.js';
import { EXPECTATION_ZH, recordFormPath } from '../materials/material-expectations.js';
import { materialsApi } from '../materials/materials-api.js';
import { courtLabel } from '../reports/court-names.js';
import { reportsApi } from '../reports/reports-api.js';
import { samplingApi } from '../sampling/sampling-api.js';
import { formatInstant } from '../time.js';

/** One thing waiting for the signed-in user, and the page where it is done. */
export interface TodoItem {
  key: string;
  kind: string;
  title: string;
  detail: string;
  path: string;
  /** Sorting: earlier first, within its rank. */
  at: string;
  /** 0 first: what someone else waits for (a colleague's confirmation), then breaches, then the rest. */
  rank?: number;
  /** A tag colour for the kind. */
  color?: string;
}

/**
 * What a source reads with. The handler's own records are read once per load and shared by the
 * sources that need them: every read of a record is logged (R-AC-3), so 待办 must not read the
 * same records three times over.
 */
export interface TodoContext {
  api: Api;
  actor: Actor;
  token: string;
  myRecords(state: 'draft' | 'entered'): Promise<RecordDto[]>;
}

/** A source of waiting items for the roles it applies to. */
export interface TodoSource {
  key: string;
  label: string;
  applies(actor: Actor): boolean;
  load(c: TodoContext): Promise<TodoItem[]>;
}

const mine = (a: Actor) => ({ court: a.court, handler: a.sub, division: a.division });
const mayEnter = (a: Actor) => can(a, 'entry', { kind: 'record', ...mine(a) });

/** Every source of 待办 (one list whatever the role). Part 2 adds its roles' sources here. */
export const TODO_SOURCES: TodoSource[] = [
  {
    key: 'awaiting-my-confirmation',
    label: '待我确认的过问记录',
    // Anyone of the court may have been present; the service answers with their own only (R-RC-3).
    applies: () => true,
    async load(c) {
      const items = await recordsAwaitingMyConfirmation(c.token);
      return items.map((r) => ({
        key: `confirm-mine:${r.id}`,
        kind: '待我确认（我在场）',
        title: r.caseNumber,
        detail: `承办人 ${r.handler} 记录的${r.place ? `在${r.place}的` : ''}过问，请核对内容后确认`,
        path: `/records/${r.id}`,
        at: r.receivedAt,
        rank: 0,
        color: 'magenta',
      }));
    },
  },
  {
    key: 'samples-awaiting-my-verification',
    label: '待我核实的抽查记录',
    // A second person present or the division head verifies a drawn record (R-BX-3); the service
    // answers each caller with their own, so it applies to everyone, like confirmations.
    applies: () => true,
    async load(c) {
      const items = await samplingApi(c.token).awaitingMine();
      return items.map((i) => ({
        key: `sample:${i.drawId}:${i.recordId}`,
        kind: '抽查待核实',
        title: i.caseNumber,
        detail: `${i.quarter} 抽查抽中承办人 ${i.handler} 的记录，请${i.as === 'present' ? '作为在场人员' : '作为庭(处)长'}核实是否属实`,
        path: '/sampling',
        at: i.drawnAt,
      }));
    },
  },
  {
    key: 'drafts',
    label: '未录入的草稿',
    applies: mayEnter,
    async load(c) {
      return (await c.myRecords('draft')).map((r) => ({
        key: `draft:${r.id}`,
        kind: '草稿待录入',
        title: r.caseNumber,
        detail:
          r.missingForEntry.length > 0
            ? `尚缺：${r.missingForEntry.map((m) => m.zh).join('；')}`
            : `可以录入（创建于 ${formatInstant(r.createdAt)}）`,
        path: `/records/${r.id}`,
        at: r.createdAt,
      }));
    },
  },
  {
    key: 'copies-to-deliver',
    label: '待报送复印件',
    applies: mayEnter,
    async load(c) {
      return (await c.myRecords('entered'))
        .filter((r) => !r.copyDeliveredAt)
        .map((r) => ({
          key: `copy:${r.id}`,
          kind: '复印件待报送审判管理部门',
          title: r.caseNumber,
          detail: `录入于 ${formatInstant(r.enteredAt)}，须在三个工作日内报送`,
          path: `/records/${r.id}`,
          at: r.enteredAt ?? r.createdAt,
        }));
    },
  },
  {
    key: 'confirmations-missing',
    label: '在场人员尚未确认',
    applies: (a) => mayEnter(a) && listingScope(a, 'viewing', 'record') !== null,
    async load(c) {
      return (await c.myRecords('entered'))
        .filter((r) => r.confirmations.missing.length > 0)
        .map((r) => ({
          key: `confirm:${r.id}`,
          kind: '等待在场人员确认',
          title: r.caseNumber,
          detail: `尚未确认：${r.confirmations.missing.join('、')}`,
          path: `/records/${r.id}`,
          at: r.enteredAt ?? r.createdAt,
        }));
    },
  },
  {
    key: 'obligations',
    label: '法定期限（期限监控）',
    applies: (a) => can(a, 'viewing', { kind: 'obligation', ...mine(a) }),
    async load(c) {
      // Open and breached duties of the user's own records, with the legal due date (R-DL-1, R-DL-5).
      const [pending, breached, drafts, entered] = await Promise.all([
        listObligations(c.token, { handler: c.actor.sub, state: 'pending' }),
        listObligations(c.token, { handler: c.actor.sub, state: 'breached' }),
        mayEnter(c.actor) ? c.myRecords('draft') : Promise.resolve([]),
        mayEnter(c.actor) ? c.myRecords('entered') : Promise.resolve([]),
      ]);
      const caseNumber = new Map([...drafts, ...entered].map((r) => [r.id, r.caseNumber]));
      return [...breached, ...pending]
        .filter((o) => o.recordId)
        .map((o) => ({
          key: `duty:${o.id}`,
          kind: o.state === 'breached' ? '已逾期' : '期限将至',
          title: caseNumber.get(o.recordId!) ?? `记录 ${o.recordId!.slice(0, 8)}`,
          detail:
            `${OBLIGATION_KIND_ZH[o.kind]}：` +
            (o.dueDate ? `法定期限 ${o.dueDate} 24 时前（北京时间）` : (o.pendingReason ?? '期限尚未确定')),
          path: `/records/${o.recordId}`,
          at: o.dueAt ?? o.startsAt,
          rank: o.state === 'breached' ? 1 : 2,
          color: o.state === 'breached' ? 'red' : 'gold',
        }));
    },
  },
  {
    key: 'breaches-to-pursue',
    label: '待追究的期限违反',
    // Trial management (and discipline inspection) pursue the court's breaches (Art 11, R-AB-1): a
    // breach waits for them until a ledger entry cites it, whoever's duty it was.
    applies: (a) => supervisesDeadlines(a) && can(a, 'processing', { kind: 'ledger', court: a.court }),
    async load(c) {
      const [breaches, ledger] = await Promise.all([
        deadlinesApi(c.token).listAll({ state: 'breached' }, 500),
        ledgerApi(c.token).list(),
      ]);
      const cited = new Set(
        ledger.flatMap((e) => e.evidence.filter((x) => x.type === 'breach').map((x) => x.reference)),
      );
      return breaches
        .filter((o) => !cited.has(o.id))
        .map((o) => ({
          key: `breach:${o.id}`,
          kind: '期限违反待追究',
          title: `${OBLIGATION_KIND_ZH[o.kind].replace(/（.*$/, '')}${o.handler ? ` · 承办人 ${o.handler}` : ''}`,
          detail: `法定期限 ${o.dueDate ?? '—'} 24 时前，于 ${formatInstant(o.breachedAt)} 违反；核实后记入责任追究台账`,
          path: o.recordId ? `/deadlines/records/${o.recordId}` : '/deadlines',
          at: o.breachedAt ?? o.startsAt,
          rank: 1,
          color: 'red',
        }));
    },
  },
  {
    key: 'materials',
    label: '待我处理的材料',
    // Any member of the court may be a level of the chain; the service answers with their own only.
    applies: () => true,
    async load(c) {
      const api = materialsApi(c.token);
      const waiting = (await api.list({ waitingFor: 'me' })).items.map((m) => ({
        key: `material:${m.id}`,
        kind: m.expectedOfMe ? EXPECTATION_ZH[m.expectedOfMe] : '过问材料',
        title: m.caseNumber,
        detail: `${m.sender.name}（${m.sender.unit}）转递，${formatInstant(m.receivedAt)} 接收`,
        path: `/materials/${m.id}`,
        at: m.receivedAt,
      }));
      if (!mayEnter(c.actor)) return waiting;
      // Materials delivered to the handler wait for the information form that names them (Art 7).
      const [all, drafts, entered] = await Promise.all([
        api.list(),
        c.myRecords('draft'),
        c.myRecords('entered'),
      ]);
      const named = new Set([...drafts, ...entered].map((r) => r.materialId).filter(Boolean));
      const delivered = all.items
        .filter((m) => m.deliveredAt && m.route?.handler === c.actor.sub && !named.has(m.id))
        .map((m) => ({
          key: `material-form:${m.id}`,
          kind: '材料已送达，待填写信息表',
          title: m.caseNumber,
          detail: `${formatInstant(m.deliveredAt)} 递转至您，请据此填写信息表`,
          path: recordFormPath(m),
          at: m.deliveredAt ?? m.receivedAt,
        }));
      return [...waiting, ...delivered];
    },
  },
  {
    key: 'copies-to-acknowledge',
    label: '待签收的复印件',
    applies: (a) => can(a, 'processing', { kind: 'record-copy', court: a.court }),
    async load(c) {
      const page = await c.api.listRecords({ state: 'entered', limit: 200 });
      return page.items
        .filter((r) => r.copyDeliveredAt && !r.copyAcknowledgedAt)
        .map((r) => ({
          key: `ack:${r.id}`,
          kind: '复印件待签收',
          title: r.caseNumber,
          detail: `承办人 ${r.handler} 于 ${formatInstant(r.copyDeliveredAt)} 报送`,
          path: `/records/${r.id}`,
          at: r.copyDeliveredAt ?? r.createdAt,
        }));
    },
  },
  {
    key: 'reports-to-acknowledge',
    label: '待签收的报告',
    // Those who handle the court's reports acknowledge what the courts below send it (R-RP-3).
    applies: (a) => can(a, 'reporting', { kind: 'report', court: a.court }),
    async load(c) {
      const inbox = await reportsApi(c.token).inbox({});
      return inbox.items
        .filter((i) => !i.acknowledgedAt && can(c.actor, 'reporting', { kind: 'report', court: i.recipient }))
        .map((i) => ({
          key: `inbox:${i.documentId}:${i.recipient}`,
          kind: '报告待签收',
          title: `${courtLabel(i.fromCourt)} ${i.quarter ?? ''}`.trim(),
          detail: `${formatInstant(i.receivedAt)} 收到，请核对后签收`,
          path: '/inbox',
          at: i.receivedAt,
        }));
    },
  },
];

/** What one source gave: its items, or why it could not say. */
export interface TodoResult {
  source: TodoSource;
  items: TodoItem[];
  problem?: ApiProblem;
}

/** Loads every source that applies to the actor; one failing source does not hide the others. */
export async function loadTodo(api: Api, actor: Actor, token: string): Promise<TodoResult[]> {
  const cache = new Map<string, Promise<RecordDto[]>>();
  const c: TodoContext = {
    api,
    actor,
    token,
    myRecords(state) {
      let p = cache.get(state);
      if (!p) {
        p = api.listRecords({ state, handler: actor.sub, limit: 200 }).then((x) => x.items);
        cache.set(state, p);
      }
      return p;
    },
  };
  const sources = TODO_SOURCES.filter((s) => s.applies(actor));
  return Promise.all(
    sources.map(async (source) => {
      try {
        return { source, items: await source.load(c) };
      } catch (e) {
        if (e instanceof ApiProblem) return { source, items: [], problem: e };
        throw e;
      }
    }),
  );
}

/** Every item, what others wait for first, then breaches, then by date. */
export function orderedItems(results: TodoResult[]): TodoItem[] {
  return results
    .flatMap((r) => r.items)
    .sort((a, b) => (a.rank ?? 3) - (b.rank ?? 3) || a.at.localeCompare(b.at));
}
