import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAndCheckClient, lintOpenApi, untypedSuccessResponses } from '@jir/testing';
import { evidenceHarness } from './harness.js';

let h: Awaited<ReturnType<typeof evidenceHarness>>;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> };
beforeAll(async () => {
  h = await evidenceHarness();
  doc = (await (await fetch(`${h.url}/v1/openapi.json`)).json()) as typeof doc;
});
afterAll(async () => {
  await h?.close();
});

// What the web application will write against the generated types.
const USAGE = `
import type { operations } from './api.js';
type Json<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
declare const stored: Json<'uploadEvidence', 201>;
export const digests: [string, string] = [stored.sha256, stored.sm3];
declare const item: Json<'getEvidence', 200>;
export const firstCustody: string | undefined = item.custody[0]?.action;
declare const rec: Json<'reconcileEvidenceStore', 200>;
export const orphans: string[] = rec.objectsWithoutMetadata;
declare const report: Json<'checkEvidenceIntegrity', 200>;
export const failed: ('digest-mismatch' | 'missing-object')[] = report.failures.map((f) => f.problem);
`;

describe('the evidence-storage OpenAPI document, read by standard tools', () => {
  it('R-EV-3: documents every mounted route, reconciliation included', () => {
    expect(Object.keys(doc.paths)).toContain('/v1/reconciliation');
  });

  it('passes Redocly’s recommended rules with no error and no warning', async () => {
    const problems = await lintOpenApi(doc);
    expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.where}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it('generates a client whose every success answer is typed, and code using it type-checks', async () => {
    const { types, diagnostics } = await generateAndCheckClient(doc, USAGE);
    expect(untypedSuccessResponses(types)).toEqual([]);
    expect(diagnostics).toBe('');
  }, 120_000);
});
