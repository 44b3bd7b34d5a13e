import { formArchiveSchema, recordIdParamsSchema } from '@jir/contracts';
import { z } from 'zod';
import { actorOf, clientAddress, defineRoute, parseParams, type Route } from '@jir/service-kit';
import type { InformationFormArchive } from './form-archive.js';

/** Archiving the information form in the secondary volume, and reading what was archived (R-EV-4). */
export function formArchiveRoutes(deps: { archive: InformationFormArchive }): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/records/:id/form-archive',
        operationId: 'archiveRecordForm',
        summary: '信息表存入案件副卷 / archive the information form in the secondary volume (Art 5, R-EV-4)',
        tags: ['records'],
        params: recordIdParamsSchema,
        responses: { 201: { description: 'the archived form of this revision', schema: formArchiveSchema } },
      },
      handler: async (req, res) => {
        const id = parseParams(req, recordIdParamsSchema).id;
        res.status(201).json(await deps.archive.archive(actorOf(res), id, clientAddress(req)));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/records/:id/form-archive',
        operationId: 'listRecordFormArchives',
        summary: '已归档的信息表 / the archived information forms of a record (R-EV-4)',
        tags: ['records'],
        params: recordIdParamsSchema,
        responses: { 200: { description: 'one per archived revision', schema: z.array(formArchiveSchema) } },
      },
      handler: async (req, res) => {
        const id = parseParams(req, recordIdParamsSchema).id;
        res.json(await deps.archive.list(actorOf(res), id, clientAddress(req)));
      },
    }),
  ];
}
