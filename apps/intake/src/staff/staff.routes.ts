import type { Request } from 'express';
import { z } from 'zod';
import {
  staffDirectoryBodySchema,
  staffImportResultSchema,
  staffListQuerySchema,
  staffMemberSchema,
  unknownStaffSchema,
} from '@jir/contracts';
import { actorOf, authorize, defineRoute, parseBody, problem, type Route } from '@jir/service-kit';
import { jsonRoute } from '../http/json-route.js';
import { staffFromCsv } from './staff-csv.js';
import type { StaffService } from './staff.service.js';

/** The directory route reads its own body (JSON or CSV), so the kit's JSON parser leaves it alone. */
export const STAFF_RAW_PATHS = [/^\/v1\/staff\/?$/];

/** A personnel export is a few thousand lines; anything far larger is not one. */
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

async function readBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DIRECTORY_BYTES) throw problem('payload-too-large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The staff directory: loading it, pickers, and the people it does not know (R-AC-1, R-TR-1). */
export function staffRoutes(deps: { staff: StaffService }): Route[] {
  const { staff } = deps;
  return [
    defineRoute({
      spec: {
        method: 'put',
        path: '/v1/staff',
        operationId: 'loadStaffDirectory',
        summary:
          '导入本院人员名录（JSON 或 CSV UTF-8）/ load the court’s staff directory from the personnel export, JSON or CSV (UTF-8, with or without BOM)',
        tags: ['staff'],
        body: staffDirectoryBodySchema,
        bodyContentTypes: ['text/csv'],
        responses: { 200: { description: 'what the load changed', schema: staffImportResultSchema } },
      },
      authorize: authorize('processing', 'staff-directory'),
      handler: async (req, res) => {
        const isCsv = req.is(['text/csv', 'application/csv']);
        const isJson = req.is(['application/json', 'application/*+json']);
        if (!isCsv && !isJson) throw problem('unsupported-media-type');
        const bytes = await readBody(req);
        // Both forms are validated by the one schema, so a CSV row is refused exactly as a JSON item.
        req.body = isCsv ? { staff: staffFromCsv(bytes) } : jsonOf(bytes);
        const parsed = parseBody(req, staffDirectoryBodySchema);
        res.json(await staff.load(actorOf(res), parsed.staff, isCsv ? 'csv' : 'json'));
      },
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/staff',
        operationId: 'listStaff',
        summary: '本院人员（选择器）/ the court’s people, by division, role or name',
        tags: ['staff'],
        query: staffListQuerySchema,
        responses: { 200: { description: 'people', schema: z.array(staffMemberSchema) } },
      },
      authorize: authorize('viewing', 'staff-directory'),
      answer: (c) => staff.list(c.actor, c.query),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/staff/unknown',
        operationId: 'listUnknownStaff',
        summary:
          '名录外的使用者（待审核）/ people seen with valid tokens but not in the directory, for review',
        tags: ['staff'],
        responses: { 200: { description: 'people to review', schema: z.array(unknownStaffSchema) } },
      },
      authorize: authorize('processing', 'staff-directory'),
      answer: (c) => staff.unknown(c.actor),
    }),
  ];
}

function jsonOf(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw problem('malformed-json');
  }
}
