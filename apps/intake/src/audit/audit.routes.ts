import { auditHeadSigned, auditVerificationSchema } from '@jir/contracts';
import type { Kysely } from 'kysely';
import { actorOf, authorize, defineRoute, problem, type Route } from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import { verifyAudit, type AuditSealer } from './audit-trail.js';
import type { AuditHeadSigner } from './head-signing.js';

/** The audit chain: its verification and its signed head (R-PV-2). */
export function auditRoutes(deps: {
  db: Kysely<IntakeDB>;
  sealer?: AuditSealer;
  headSigner?: AuditHeadSigner;
}): Route[] {
  return [
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/audit/verify',
        operationId: 'verifyAuditChain',
        summary: '校验审计链 / recompute the audit hash chain and report the first break (R-PV-2)',
        tags: ['audit'],
        responses: { 200: { description: 'chain report', schema: auditVerificationSchema } },
      },
      // Auditors, and trial management who run the system (Art 14), may check their court's chain.
      authorize: authorize('viewing', 'audit-chain'),
      handler: async (_req, res) => {
        const actor = actorOf(res);
        // Link what has committed so far, so the report covers everything up to this request.
        await deps.sealer?.sealAll({ wait: true });
        res.json(await verifyAudit(deps.db, actor.court));
      },
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/audit/head',
        operationId: 'getAuditHead',
        summary:
          '审计链签名链头 / the court’s audit chain head, signed now with the deployment’s Ed25519 key; compare with the published intake.audit.head-signed events (R-PV-2)',
        tags: ['audit'],
        responses: {
          200: { description: 'signed head', schema: auditHeadSigned.data },
          404: { description: 'the court has no sealed audit entry yet' },
        },
      },
      authorize: authorize('viewing', 'audit-head'),
      handler: async (_req, res) => {
        const actor = actorOf(res);
        const head = deps.headSigner ? await deps.headSigner.signHead(actor.court) : undefined;
        if (!head) throw problem('not-found');
        res.json(head);
      },
    }),
  ];
}
