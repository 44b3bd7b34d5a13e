import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  auditVerificationSchema,
  recordPageSchema,
  recordSchema,
  recordVersionSchema,
  recordViewSchema,
} from '@jir/contracts';
import { describeOpenApiContract } from '@jir/testing/suites';
import { intakeHarness, recordBody } from './harness.js';

// The web application is generated from this document: a client that types every answer.
const USAGE = `
export const checks = [
  assertTyped<Json<'createRecord', 201>>(true),
  assertTyped<Json<'listRecords', 200>>(true),
  assertTyped<Json<'listRecordVersions', 200>>(true),
  assertTyped<Json<'getMaterials', 200>>(true),
  assertTyped<Json<'listComplaints', 200>>(true),
  assertTyped<Json<'getSampleDraw', 200>>(true),
];
declare const page: Json<'listRecords', 200>;
export const firstCase: string | undefined = page.items[0]?.caseNumber;
export const next: string | null = page.nextCursor;
declare const draw: Json<'getSampleDraw', 200>;
export const outcome: 'confirmed' | 'disputed' | undefined = draw.items[0]?.verification?.outcome;
export type RecordPath = paths['/v1/records/{id}']['get'];
`;

describeOpenApiContract({
  service: 'intake',
  start: () => intakeHarness(),
  usage: USAGE,
  more: (harness) => {
    it('R-NF-8: the answers the service gives match the response schemas the document declares', async () => {
      const h = harness();
      const created = await h.call('POST', '/v1/records', { body: recordBody({ enter: true }) });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await h.call('POST', `/v1/records/${id}/amendments`, {
        body: { reason: '更正 / fix', changes: { severe: true } },
      });
      const matches = <S extends z.ZodType>(schema: S, value: unknown) => schema.parse(value);
      matches(recordSchema, created.body);
      matches(recordSchema, (await h.call('GET', `/v1/records/${id}`)).body);
      matches(recordPageSchema, (await h.call('GET', '/v1/records')).body);
      const versions = (await h.call('GET', `/v1/records/${id}/versions`)).body;
      expect(versions).toHaveLength(2);
      matches(z.array(recordVersionSchema), versions);
      matches(z.array(recordViewSchema), (await h.call('GET', `/v1/records/${id}/views`)).body);
      matches(
        auditVerificationSchema,
        (await h.call('GET', '/v1/audit/verify', { as: { roles: ['auditor'] } })).body,
      );
    });
  },
});
