// The invalid-bodies suite every service runs: the route list checked against the served
// OpenAPI document, then 1,000 generated invalid bodies per route. One copy, so a new service
// states only where each route's body can reach validation and as whom.
import { describe, expect, it } from 'vitest';
import { bodyRoutes, refuseInvalidBodies, type RefusalAnswer } from '../invalid-input.js';

/** Where one route's body is sent: its concrete path (read when the test runs) and the caller. */
export interface BodyReach<Caller> {
  path: () => string;
  as: Caller;
  /** A body the route accepts, so the broken fields are most often the only problem. */
  valid?: Record<string, unknown>;
}

/**
 * Declares `generated invalid bodies on every route with a JSON body (<requirements>)`: the first
 * test fails when a documented route with a JSON body is missing from `reach` (or `reach` names
 * one the document lacks); then each route gets `numRuns` bodies invalid by construction, each to
 * be refused by validation (see refuseInvalidBodies), none by rights. `doc` is read when the
 * tests run (after the file's beforeAll started the service); `send` delivers one body to a
 * concrete path as a caller the route admits.
 */
export function describeInvalidBodies<Caller>(opts: {
  doc: () => unknown;
  reach: Record<string, BodyReach<Caller>>;
  send: (method: string, path: string, as: Caller, body: unknown) => Promise<RefusalAnswer>;
  /** Requirement IDs for the title; R-NF-7 by default. */
  requirements?: string;
  numRuns?: number;
}): void {
  const runs = opts.numRuns ?? 1000;
  describe(`generated invalid bodies on every route with a JSON body (${opts.requirements ?? 'R-NF-7'})`, () => {
    it('R-NF-7: every route with a JSON body in the OpenAPI document is among those sent invalid bodies', async () => {
      expect(
        bodyRoutes(await opts.doc())
          .map((r) => `${r.method} ${r.path}`)
          .sort(),
      ).toEqual(Object.keys(opts.reach).sort());
    });

    for (const [route, reach] of Object.entries(opts.reach)) {
      it(`R-NF-7: ${route}: ${runs.toLocaleString('en')} invalid bodies, each refused by validation naming a field, none by rights`, async () => {
        const method = route.split(' ')[0]!;
        const sent = await refuseInvalidBodies({
          doc: await opts.doc(),
          route,
          ...(reach.valid ? { valid: reach.valid } : {}),
          numRuns: runs,
          send: (body) => opts.send(method, reach.path(), reach.as, body),
        });
        expect(sent).toBe(runs);
      }, 900_000);
    }
  });
}
