import type { Role } from './rights.js';

/**
 * Whether a person of the staff directory holds the role their place on the
 * transfer chain needs (R-TR-1: vice-president in charge, division head, case
 * handler). This judges a named recipient's directory entry, not the caller's
 * rights, which stay with can().
 */
export function holdsDirectoryRole(directoryRoles: readonly string[], role: Role): boolean {
  return directoryRoles.includes(role);
}
