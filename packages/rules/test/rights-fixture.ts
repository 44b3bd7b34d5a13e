// The caller and resource builders the rights tests share: an actor of the fixture court
// (Nanguan, JL-CC-NG, division civil-1) with the roles a test gives it, a resource of a kind in
// that court, and which roles, each acting alone, `can` allows.
import { ROLES, can, type Actor, type Resource, type ResourceKind } from '../src/index.js';

export const COURT = 'JL-CC-NG';

export const actor = (roles: string[], over: Partial<Actor> = {}): Actor => ({
  sub: 'someone',
  court: COURT,
  division: 'civil-1',
  roles,
  ...over,
});

export const at = (kind: ResourceKind, over: Partial<Resource> = {}): Resource => ({
  kind,
  court: COURT,
  ...over,
});

/** The roles of the court that `can` allows, each acting alone. */
export const allowed = (operation: Parameters<typeof can>[1], resource: Resource) =>
  ROLES.filter((r) => can(actor([r]), operation, resource));
