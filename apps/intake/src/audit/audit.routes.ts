import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import type { RouteSpec } from '@jir/contracts';
import type { Kysely } from 'kysely';
import { actorOf, assertCan } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { verifyAudit, type AuditSealer } from './audit-trail.js';

export const auditRouteSpecs: RouteSpec[] = [
  {
    method: 'get',
    path: '/v1/audit/verify',
    summary: '校验审计链 / recompute the audit hash chain and report the first break (R-PV-2)',
    tags: ['audit'],
    responses: {
      200: {
        description: 'chain report',
        schema: z.object({
          court: z.string(),
          entries: z.number(),
          intact: z.boolean(),
          pending: z.number(),
          firstBreak: z.object({ seq: z.number(), chainPos: z.number(), reason: z.string() }).optional(),
          firstContentMismatch: z
            .object({
              kind: z.enum(['record', 'version']),
              recordId: z.string(),
              revision: z.number(),
              reason: z.enum(['content-mismatch', 'not-audited']),
            })
            .optional(),
        }),
      },
    },
  },
];

export function mountAuditRoutes(
  app: Express,
  deps: { db: Kysely<IntakeDB>; auth: RequestHandler; sealer?: AuditSealer },
) {
  app.get('/v1/audit/verify', deps.auth, async (_req, res) => {
    const actor = actorOf(res);
    // Auditors, and trial management who run the system (Art 14), may check their court's chain.
    if (!actor.roles.includes('trial-management'))
      assertCan(actor, 'viewing', { kind: 'audit', court: actor.court });
    // Link what has committed so far, so the report covers everything up to this request.
    await deps.sealer?.sealAll({ wait: true });
    res.json(await verifyAudit(deps.db, actor.court));
  });
}
