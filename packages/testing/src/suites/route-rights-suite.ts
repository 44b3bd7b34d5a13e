// The route-by-caller rights suite of the services: every documented route in the hand-written
// matrix (ROUTE_RIGHTS) and called by every caller, each answer as the matrix says. One copy of
// the callers and of the checks, so a service states only how each route is called on its fixture.
import type { UserClaims } from '@jir/service-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentedRoutes } from '../documented-routes.js';
import {
  ROUTE_RIGHTS,
  expectedListingAnswer,
  expectedRouteAnswer,
  type CallerPosition,
  type MatrixRole,
} from '../rights-matrix.js';

/** A caller, and where it stands relative to the fixture record (for the rights matrix). */
export type MatrixCaller = Partial<UserClaims> & { label: string; position?: CallerPosition };

/** The fixture's court and division: callers who name none sit there. */
const FIXTURE_COURT = 'JL-CC-NG';
const FIXTURE_DIVISION = 'civil-1';

/**
 * One caller of each role at each position that matters, relative to a fixture record of
 * judge-a, civil-1, Nanguan court (JL-CC-NG); the services' rights tests share them, so the same
 * matrix is checked with the same people everywhere.
 */
export const MATRIX_CALLERS: readonly MatrixCaller[] = [
  { position: 'own', label: 'own handler', sub: 'judge-a', roles: ['case-handler'] },
  { position: 'division', label: 'other handler, same division', sub: 'judge-b', roles: ['case-handler'] },
  {
    position: 'sibling-court',
    label: 'same sub, other court',
    sub: 'judge-a',
    court: 'JL-CC-KC',
    roles: ['case-handler'],
  },
  { position: 'division', label: 'division head', sub: 'dh-1', roles: ['division-head'] },
  {
    position: 'court',
    label: 'division head, other division',
    sub: 'dh-2',
    division: 'criminal-1',
    roles: ['division-head'],
  },
  {
    position: 'in-charge',
    label: 'vice-president in charge',
    sub: 'vp-1',
    division: 'leaders',
    divisions: ['civil-1', 'civil-2'],
    roles: ['vice-president'],
  },
  {
    position: 'court',
    label: 'vice-president not in charge',
    sub: 'vp-2',
    division: 'leaders',
    divisions: ['criminal-1'],
    roles: ['vice-president'],
  },
  { position: 'court', label: 'trial management', sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
  {
    position: 'sibling-court',
    label: 'trial management, other court',
    sub: 'tm-9',
    court: 'JL-CC-KC',
    division: 'tm',
    roles: ['trial-management'],
  },
  { position: 'court', label: 'statistician', sub: 'st-1', division: 'tm', roles: ['statistician'] },
  { position: 'court', label: 'auditor', sub: 'au-1', division: 'discipline', roles: ['auditor'] },
  {
    position: 'sibling-court',
    label: 'auditor, other court',
    sub: 'au-9',
    court: 'JL-CC-KC',
    division: 'discipline',
    roles: ['auditor'],
  },
  { position: 'court', label: 'IT administrator', sub: 'it-1', division: 'it', roles: ['it-admin'] },
  {
    position: 'court',
    label: 'receiving clerk',
    sub: 'rc-1',
    division: 'office',
    roles: ['receiving-clerk'],
  },
  {
    position: 'lower',
    label: 'higher-court supervisor',
    sub: 'sup-1',
    court: 'JL-CC',
    division: 'tm',
    roles: ['supervisor'],
  },
  { position: 'court', label: 'no roles', sub: 'nobody', roles: [] },
];

/** The caller as can() reads an actor: unnamed court and division are the fixture's. */
export function callerActor(w: Partial<UserClaims>): {
  sub: string;
  court: string;
  division: string;
  divisions: readonly string[] | undefined;
  roles: readonly string[];
} {
  return {
    sub: w.sub!,
    court: w.court ?? FIXTURE_COURT,
    division: w.division ?? FIXTURE_DIVISION,
    divisions: w.divisions,
    roles: w.roles ?? [],
  };
}

/** What an answer means to the matrix: anything but a refusal is 'ok'. */
export type RightsAnswer = 'ok' | 403 | 404;

/** How one documented route (`METHOD /path/:param`) is called on the fixture. */
export interface RouteCall<W extends MatrixCaller> {
  route: string;
  call: (w: W) => Promise<{ status: number; body: unknown }>;
  /** Only for routes the matrix marks special or listing; their literal expectation, with its reason. */
  expect?: (w: W) => RightsAnswer;
}

const DENIED = [401, 403, 404];

/**
 * Declares `title` with, first, the check that every route of the service's OpenAPI document is
 * in ROUTE_RIGHTS[service] and in `routes`, and that the matrix names no route the service lacks;
 * then one test per route and caller, expecting what the matrix says (never can()). A refusal
 * must not show `hidden`, the fixture's text. `more` adds the service's own tests inside.
 */
export function describeRouteRights<W extends MatrixCaller>(opts: {
  title: string;
  service: string;
  doc: () => Promise<unknown>;
  callers: readonly W[];
  routes: readonly RouteCall<W>[];
  /** How many operations the document has: exactly, or more than. */
  documented: { exactly: number } | { moreThan: number };
  hidden: RegExp;
  more?: () => void;
}): void {
  const matrix = ROUTE_RIGHTS[opts.service] ?? {};
  const expected = (route: RouteCall<W>, w: W): RightsAnswer => {
    const rule = matrix[route.route];
    const roles = (w.roles ?? []) as MatrixRole[];
    if (rule && 'anyOf' in rule) return expectedRouteAnswer(rule, roles, w.position!);
    if (rule && 'listing' in rule) return expectedListingAnswer(rule, roles);
    if (!route.expect)
      throw new Error(`${route.route}: the matrix marks it special, the test must say what to expect`);
    return route.expect(w);
  };

  describe(opts.title, () => {
    let documented: string[] = [];
    beforeAll(async () => {
      documented = documentedRoutes(await opts.doc());
    });

    it('R-NF-8: every route of the OpenAPI document is in the rights matrix and called by every actor here', () => {
      if ('exactly' in opts.documented) expect(documented.length).toBe(opts.documented.exactly);
      else expect(documented.length).toBeGreaterThan(opts.documented.moreThan);
      expect(documented.filter((r) => !(r in matrix))).toEqual([]);
      const called = new Set(opts.routes.map((r) => r.route));
      expect(documented.filter((r) => !called.has(r))).toEqual([]);
      // And the matrix names no route the service does not have.
      expect(Object.keys(matrix).filter((r) => !documented.includes(r) && !('public' in matrix[r]!))).toEqual(
        [],
      );
    });

    for (const route of opts.routes) {
      for (const w of opts.callers) {
        const want = expected(route, w);
        it(`R-AC-1: ${route.route} as ${w.label} → ${want}`, async (ctx) => {
          if (!documented.includes(route.route)) return ctx.skip();
          const r = await route.call(w);
          const said = JSON.stringify(r.body)?.slice(0, 300);
          if (want === 'ok') expect(DENIED, said).not.toContain(r.status);
          else expect(r.status, said).toBe(want);
          expect(r.status).toBeLessThan(500);
          if (want !== 'ok') expect(JSON.stringify(r.body)).not.toMatch(opts.hidden);
        });
      }
    }

    opts.more?.();
  });
}
