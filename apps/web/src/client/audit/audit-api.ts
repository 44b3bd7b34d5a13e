import type { z } from 'zod';
import type { auditHeadSigned, auditVerificationSchema } from '@jir/contracts';
import { serviceClient } from '../api/client.js';

/** The recomputed hash chain and its first break, if any (R-PV-2). */
export type AuditVerification = z.output<typeof auditVerificationSchema>;
/** The court's chain head, signed now with the deployment's key. */
export type AuditHead = z.output<(typeof auditHeadSigned)['data']>;

/** Intake's audit routes for the signed-in user's token. */
export function auditApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    verify: () => intake.get<AuditVerification>('/v1/audit/verify'),
    head: () => intake.get<AuditHead>('/v1/audit/head'),
  };
}
