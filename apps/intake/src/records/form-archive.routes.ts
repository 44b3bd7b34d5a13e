import { formArchiveSchema } from '@jir/contracts';
import { z } from 'zod';
import type { Route } from '@jir/service-kit';
import type { InformationFormArchive } from './form-archive.js';
import { onRecord } from './records-route.js';

/** Archiving the information form in the secondary volume, and reading what was archived (R-EV-4). */
export function formArchiveRoutes(deps: { archive: InformationFormArchive }): Route[] {
  return [
    onRecord({
      spec: {
        method: 'post',
        path: '/v1/records/:id/form-archive',
        operationId: 'archiveRecordForm',
        summary: '信息表存入案件副卷 / archive the information form in the secondary volume (Art 5, R-EV-4)',
        responses: { 201: { description: 'the archived form of this revision', schema: formArchiveSchema } },
      },
      answer: (c) => deps.archive.archive(c.actor, c.params.id, c.address),
    }),
    onRecord({
      spec: {
        method: 'get',
        path: '/v1/records/:id/form-archive',
        operationId: 'listRecordFormArchives',
        summary: '已归档的信息表 / the archived information forms of a record (R-EV-4)',
        responses: { 200: { description: 'one per archived revision', schema: z.array(formArchiveSchema) } },
      },
      answer: (c) => deps.archive.list(c.actor, c.params.id, c.address),
    }),
  ];
}
