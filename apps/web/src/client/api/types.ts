import type { z } from 'zod';
import type {
  evidenceWithCustodySchema,
  evidenceSchema,
  recordBodySchema,
  recordConfirmationsSchema,
  recordPageSchema,
  recordSchema,
  recordVersionSchema,
  recordViewSchema,
  amendmentBodySchema,
  recordListQuerySchema,
} from '@jir/contracts';

// The services' own request and answer schemas (@jir/contracts), as types only: nothing of
// zod reaches the bundle from here, and a schema change breaks this build, not a user's page.
export type RecordDto = z.output<typeof recordSchema>;
export type RecordPage = z.output<typeof recordPageSchema>;
export type RecordInput = z.input<typeof recordBodySchema>;
export type RecordVersion = z.output<typeof recordVersionSchema>;
export type RecordView = z.output<typeof recordViewSchema>;
export type RecordConfirmations = z.output<typeof recordConfirmationsSchema>;
export type AmendmentInput = z.input<typeof amendmentBodySchema>;
export type RecordListQuery = z.input<typeof recordListQuerySchema>;
export type Evidence = z.output<typeof evidenceSchema>;
export type EvidenceWithCustody = z.output<typeof evidenceWithCustodySchema>;
