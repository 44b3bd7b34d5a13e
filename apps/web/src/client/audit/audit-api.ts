import type { z } from 'zod';
import type { auditHeadSigned, auditVerificationSchema } from '@jir/contracts';
import { call } from '../api/client.js';

/** The recomputed hash chain and its first break, if any (R-PV-2). */
export type AuditVerification = z.output<typeof auditVerificationSchema>;
/** The court's chain head, signed now with the deployment's key. */
export type AuditHead = z.output<(typeof auditHeadSigned)['data']>;

/** Intake's audit routes for the signed-in user's token. */
export function auditApi(token: string) {
  return {
    verify: () => call<AuditVerification>(token, 'intake', '/v1/audit/verify'),
    head: () => call<AuditHead>(token, 'intake', '/v1/audit/head'),
  };
}
