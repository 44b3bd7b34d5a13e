import { serviceClient } from '../api/client.js';
import type * as types from '../api/types.js';

/** Intake's audit routes for the signed-in user's token. */
export function auditApi(token: string) {
  const intake = serviceClient(token, 'intake');
  return {
    verify: () => intake.get<types.AuditVerification>('/v1/audit/verify'),
    head: () => intake.get<types.AuditHead>('/v1/audit/head'),
  };
}
