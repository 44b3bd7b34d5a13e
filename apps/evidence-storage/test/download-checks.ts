import { waitFor } from '@jir/testing';
import type { EvidenceHarness } from './harness.js';

/** Whether a whole download of the evidence completes: altered evidence must end incomplete, or send nothing (R-EV-3). */
export function downloadsWhole(h: EvidenceHarness, id: string): Promise<boolean> {
  return h
    .call('GET', `/v1/evidence/${id}/content`)
    .then((res) => res.arrayBuffer())
    .then(
      () => true,
      () => false,
    );
}

/** Waits for the integrity-failure event of the evidence in the outbox (R-EV-3). */
export async function integrityEventRaised(h: EvidenceHarness, id: string): Promise<void> {
  await waitFor(
    async () =>
      JSON.stringify(
        await h.db
          .selectFrom('outbox')
          .select('payload')
          .where('subject', '=', 'evidence.integrity.failed.v1')
          .execute(),
      ).includes(id) || undefined,
    { timeoutMs: 5000, what: 'the integrity event' },
  );
}
