import type { z } from 'zod';
import type { recordListQuerySchema } from '@jir/contracts';
import { listingScope } from '@jir/rules';
import { assertCan, problem, type AuthenticatedActor } from '@jir/service-kit';
import type { RecordsContext } from './record-access.js';
import { toRecordView } from './record-view.js';
import {
  findRecord,
  findRecordOwner,
  insertViews,
  listRecordPage,
  listVersions,
  listViews,
  recordExtras,
  type ViewEntry,
} from './records.repository.js';

type ListQuery = z.output<typeof recordListQuerySchema>;

function viewEntry(c: RecordsContext, actor: AuthenticatedActor, address: string): ViewEntry {
  return { viewer: actor.sub, court: actor.court, roles: [...actor.roles], at: c.clock.now(), address };
}

/** One record; the read is recorded (R-AC-3). */
export async function getRecord(c: RecordsContext, actor: AuthenticatedActor, id: string, address: string) {
  const row = await findRecord(c.db, id);
  if (!row) throw problem('not-found');
  assertCan(
    actor,
    'viewing',
    { court: row.court, handler: row.handler, division: row.division ?? undefined },
    { hideAs404: true },
  );
  await insertViews(c.db, [id], viewEntry(c, actor, address));
  return toRecordView(row, await recordExtras(c.db, id));
}

/** Records the actor may see, filtered by every classification (R-RC-5), newest first, each read recorded. */
export async function listRecords(
  c: RecordsContext,
  actor: AuthenticatedActor,
  q: ListQuery,
  address: string,
) {
  const scope = listingScope(actor, 'viewing', 'record');
  if (!scope) throw problem('forbidden');
  const limit = q.limit ?? 50;
  const rows = await listRecordPage(c.db, scope, q, limit, viewEntry(c, actor, address));
  const page = rows.slice(0, limit);
  return {
    items: page.map(({ extras, ...r }) => toRecordView(r, extras)),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** Who viewed a record, for its handler and auditors (R-AC-3, R-BX-5). */
export async function recordViews(c: RecordsContext, actor: AuthenticatedActor, id: string) {
  const row = await findRecordOwner(c.db, id);
  if (!row) throw problem('not-found');
  const resource = { court: row.court, handler: row.handler, division: row.division ?? undefined };
  assertCan(actor, 'viewing', resource, { hideAs404: true });
  const isHandler = actor.sub === row.handler && actor.court === row.court;
  if (!isHandler) assertCan(actor, 'viewing', { ...resource, kind: 'audit' });
  const views = await listViews(c.db, id);
  return views.map((v) => ({
    viewer: v.viewer,
    court: v.viewer_court,
    roles: v.viewer_roles,
    at: v.viewed_at.toISOString(),
    address: v.address,
  }));
}

/** Every version, oldest first, with who, when and why (R-RC-4). */
export async function recordVersions(
  c: RecordsContext,
  actor: AuthenticatedActor,
  id: string,
  address: string,
) {
  await getRecord(c, actor, id, address);
  const rows = await listVersions(c.db, id);
  return rows.map((r) => ({
    revision: r.revision,
    changedBy: r.changed_by,
    changedAt: r.changed_at.toISOString(),
    reason: r.reason,
    changedFields: r.changed_fields,
    record: r.snapshot,
  }));
}
