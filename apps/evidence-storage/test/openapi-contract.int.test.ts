import { expect, it } from 'vitest';
import { describeOpenApiContract } from '@jir/testing/suites';
import { evidenceHarness } from './harness.js';

// What the web application will write against the generated types.
const USAGE = `
declare const stored: Json<'uploadEvidence', 201>;
export const digests: [string, string] = [stored.sha256, stored.sm3];
declare const item: Json<'getEvidence', 200>;
export const firstCustody: string | undefined = item.custody[0]?.action;
declare const rec: Json<'reconcileEvidenceStore', 200>;
export const orphans: string[] = rec.objectsWithoutMetadata;
declare const report: Json<'checkEvidenceIntegrity', 200>;
export const failed: ('digest-mismatch' | 'missing-object')[] = report.failures.map((f) => f.problem);
`;

describeOpenApiContract({
  service: 'evidence-storage',
  start: () => evidenceHarness(),
  usage: USAGE,
  more: (_h, doc) => {
    it('R-EV-3: documents every mounted route, reconciliation included', () => {
      expect(Object.keys(doc().paths)).toContain('/v1/reconciliation');
    });
  },
});
