import type { Bilingual } from '@jir/contracts';
import { problem, type ProblemError } from '@jir/service-kit';

/**
 * The refusal of a well-formed request that the state of what it acts on does not allow
 * (already done, not yet possible): 409, with the service's own code for which state it was.
 */
export function conflict(code: string, message: Bilingual, extra?: Record<string, unknown>): ProblemError {
  return problem({ status: 409, code, message, ...(extra ? { extra } : {}) });
}
