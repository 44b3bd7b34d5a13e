import { listingScope, type Actor } from '@jir/rules';

/**
 * Whether the actor watches duties beyond their own: the whole court (trial management) or their
 * divisions. They get the deadline board and, where they also record ledger findings, the breaches
 * that wait for them in 待办.
 */
export function supervisesDeadlines(a: Actor): boolean {
  const scope = listingScope(a, 'viewing', 'obligation');
  return scope !== null && (!scope.handlers || (scope.divisions?.length ?? 0) > 0);
}
