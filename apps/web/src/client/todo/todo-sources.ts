import { can, listingScope, type Actor } from '@jir/rules';
import type { Api } from '../api/client.js';
import { ApiProblem } from '../api/problem.js';
import { formatInstant } from '../time.js';

/** One thing waiting for the signed-in user, and the page where it is done. */
export interface TodoItem {
  key: string;
  kind: string;
  title: string;
  detail: string;
  path: string;
  /** Sorting: earlier first. */
  at: string;
}

/** A source of waiting items for the roles it applies to. */
export interface TodoSource {
  key: string;
  label: string;
  applies(actor: Actor): boolean;
  load(api: Api, actor: Actor): Promise<TodoItem[]>;
}

const mine = (a: Actor) => ({ court: a.court, handler: a.sub, division: a.division });

/**
 * Every source of 待办 (one list whatever the role). Part 2 adds materials to pass on,
 * obligations due or breached (deadline monitor) and reports to acknowledge.
 */
export const TODO_SOURCES: TodoSource[] = [
  {
    key: 'drafts',
    label: '未录入的草稿',
    applies: (a) => can(a, 'entry', { kind: 'record', ...mine(a) }),
    async load(api, a) {
      const page = await api.listRecords({ state: 'draft', handler: a.sub, limit: 200 });
      return page.items.map((r) => ({
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
    applies: (a) => can(a, 'entry', { kind: 'record', ...mine(a) }),
    async load(api, a) {
      const page = await api.listRecords({ state: 'entered', handler: a.sub, limit: 200 });
      return page.items
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
    key: 'copies-to-acknowledge',
    label: '待签收的复印件',
    applies: (a) => can(a, 'processing', { kind: 'record-copy', court: a.court }),
    async load(api) {
      const page = await api.listRecords({ state: 'entered', limit: 200 });
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
    key: 'confirmations-missing',
    label: '在场人员尚未确认',
    applies: (a) => listingScope(a, 'viewing', 'record') !== null,
    async load(api, a) {
      const page = await api.listRecords({ state: 'entered', handler: a.sub, limit: 200 });
      return page.items
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
];

/** What one source gave: its items, or why it could not say. */
export interface TodoResult {
  source: TodoSource;
  items: TodoItem[];
  problem?: ApiProblem;
}

/** Loads every source that applies to the actor; one failing source does not hide the others. */
export async function loadTodo(api: Api, actor: Actor): Promise<TodoResult[]> {
  const sources = TODO_SOURCES.filter((s) => s.applies(actor));
  return Promise.all(
    sources.map(async (source) => {
      try {
        return { source, items: await source.load(api, actor) };
      } catch (e) {
        if (e instanceof ApiProblem) return { source, items: [], problem: e };
        throw e;
      }
    }),
  );
}
