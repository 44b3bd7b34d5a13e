import { serviceClient } from '../api/client.js';
import type { AuditVerification, AuditHead } from '../api/types.js';

/** Intake's audit routes for the signed-in user's token. */
export function auditApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    verify: () => intake.get<AuditVerification>('/v1/audit/verify'),
    head: () => intake.get<AuditHead>('/v1/audit/head'),
  };
}
