// The OpenAPI contract suite every service runs: its served document linted by Redocly's
// recommended rules, a unique operationId on every operation, and a client generated from it
// that types every success answer. One copy; each service adds only the code its clients write
// against the generated types and the checks of its own answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAndCheckClient, lintOpenApi, untypedSuccessResponses } from '../openapi-tools.js';

/**
 * What every usage snippet starts from: the generated `paths` and `operations`, `Json<operationId,
 * status>` (a success answer's body) and `assertTyped<T>(true)`, which type-checks only when T is
 * not unknown.
 */
export const OPENAPI_USAGE_PRELUDE = `
import type { paths, operations } from './api.js';
type Json<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
type IsUnknown<T> = unknown extends T ? true : false;
const assertTyped = <T>(ok: IsUnknown<T> extends true ? never : true) => ok;
`;

/** The served document, as far as the checks read it. */
export interface ServedOpenApi {
  paths: Record<string, Record<string, { operationId?: string }>>;
}

/**
 * Declares `the <service> OpenAPI document, read by standard tools (R-NF-8)` with the three
 * checks every service shares; `more` adds the service's own tests inside the same describe.
 * `start` starts the service (a harness, closed after the tests) and its served
 * `/v1/openapi.json` is read once, `more` reaching both through getters. `usage` is TypeScript
 * written against the generated `./api.js` after OPENAPI_USAGE_PRELUDE; it must type-check.
 * `operations`, when given, is how many operations the document must have.
 */
export function describeOpenApiContract<H extends { url: string; close(): Promise<unknown> }>(opts: {
  service: string;
  start: () => Promise<H>;
  usage: string;
  operations?: number;
  more?: (harness: () => H, doc: () => ServedOpenApi) => void;
}): void {
  let h: H | undefined;
  let served: ServedOpenApi | undefined;
  // Getters, as `more` declares its tests before the service starts.
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the service starts before the tests: read it inside a test');
    return v;
  };
  const harness = () => started(h);
  const servedDoc = () => started(served);
  describe(`the ${opts.service} OpenAPI document, read by standard tools (R-NF-8)`, () => {
    beforeAll(async () => {
      h = await opts.start();
      served = (await (await fetch(`${h.url}/v1/openapi.json`)).json()) as ServedOpenApi;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('R-NF-8: passes Redocly’s recommended rules with no error and no warning', async () => {
      const problems = await lintOpenApi(servedDoc());
      expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.where}: ${p.message}`)).toEqual([]);
    }, 60_000);

    it('R-NF-8: gives every operation a unique operationId', () => {
      const ids = Object.values(servedDoc().paths).flatMap((item) =>
        Object.values(item).map((op) => op.operationId),
      );
      if (opts.operations !== undefined) expect(ids).toHaveLength(opts.operations);
      expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('R-NF-8: generates a client whose every success answer is typed, and code using it type-checks', async () => {
      const { types, diagnostics } = await generateAndCheckClient(
        servedDoc(),
        OPENAPI_USAGE_PRELUDE + opts.usage,
      );
      expect(untypedSuccessResponses(types)).toEqual([]);
      expect(diagnostics).toBe('');
    }, 120_000);

    opts.more?.(harness, servedDoc);
  });
}
