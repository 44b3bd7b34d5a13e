import type { Kysely } from 'kysely';
import { evidenceIntegrityFailed } from '@jir/contracts';
import { emitEvent, type Clock, type Logger } from '@jir/service-kit';
import type { EvidenceDB } from '../db/schema.js';
import type { IntegrityProblem } from './object-check.js';
import { recordCheckFailed } from './integrity.repository.js';

/**
 * An integrity failure: in the chain of custody, published (R-EV-3) and
 * logged as an alert, whether the periodic job, an explicit check or a
 * download found it. The caller wakes the relay.
 */
export async function recordIntegrityFailure(
  deps: { db: Kysely<EvidenceDB>; clock: Clock; logger?: Logger | undefined },
  r: { id: string; court: string; record_id: string },
  problemFound: IntegrityProblem,
  actor: { sub: string },
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await recordCheckFailed(trx, r.id, problemFound, actor.sub, now);
    await emitEvent(trx, evidenceIntegrityFailed, {
      court: r.court,
      aggregateId: r.id,
      actor: { sub: actor.sub, kind: 'service' },
      data: { evidenceId: r.id, recordId: r.record_id, problem: problemFound, checkedAt: now.toISOString() },
      occurredAt: now,
    });
  });
  deps.logger?.error(
    { evidenceId: r.id, problem: problemFound, alert: 'evidence-integrity' },
    'evidence integrity failure',
  );
}
