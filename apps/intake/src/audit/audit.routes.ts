import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import { auditHeadSigned, type RouteSpec } from '@jir/contracts';
import type { Kysely } from 'kysely';
import { can } from '@jir/rules';
import { actorOf, assertCan, problem } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { verifyAudit, type AuditSealer } from './audit-trail.js';
import type { AuditHeadSigner } from './head-signing.js';

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
  {
    method: 'get',
    path: '/v1/audit/head',
    summary:
      '审计链签名链头 / the court’s audit chain head, signed now with the deployment’s Ed25519 key; compare with the published intake.audit.head-signed events (R-PV-2)',
    tags: ['audit'],
    responses: {
      200: {
        description: 'signed head',
        schema: auditHeadSigned.data,
      },
      404: { description: 'the court has no sealed audit entry yet' },
    },
  },
];

export function mountAuditRoutes(
  app: Express,
  deps: { db: Kysely<IntakeDB>; auth: RequestHandler; sealer?: AuditSealer; headSigner?: AuditHeadSigner },
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
  app.get('/v1/audit/head', deps.auth, async (_req, res) => {
    const actor = actorOf(res);
    if (!can(actor, 'viewing', { kind: 'audit-head', court: actor.court })) throw problem('forbidden');
    const head = deps.headSigner ? await deps.headSigner.signHead(actor.court) : undefined;
    if (!head) throw problem('not-found');
    res.json(head);
  });
}
