import type { Transaction } from 'kysely';
import type { ReportingDB, ReportingTables } from '../db/schema.js';
import { addToCounts, lockRecordCounts, recordContribution } from './record-counts.repository.js';

const keyOf = (r: { court: string; quarter: string; key: string }) =>
  `${r.court}\u0000${r.quarter}\u0000${r.key}`;

/**
 * Runs a change to one record's facts or duties and moves the per-court,
 * per-quarter sums by the difference between what the record contributed
 * before and after. A repeated or stale event changes nothing, so the sums
 * stay equal to a count over the rows whatever the order of arrival.
 */
export async function withRecordCounts(
  trx: Transaction<ReportingTables> | Transaction<ReportingDB>,
  recordId: string,
  change: () => Promise<void>,
): Promise<void> {
  await lockRecordCounts(trx, recordId);
  const before = await recordContribution(trx, recordId);
  await change();
  const after = await recordContribution(trx, recordId);
  const delta = new Map<string, { court: string; quarter: string; key: string; n: number }>();
  for (const [rows, sign] of [
    [before, -1],
    [after, 1],
  ] as const)
    for (const r of rows) {
      const k = keyOf(r);
      const d = delta.get(k) ?? { court: r.court, quarter: r.quarter, key: r.key, n: 0 };
      d.n += sign;
      delta.set(k, d);
    }
  await addToCounts(
    trx,
    [...delta.values()].filter((d) => d.n !== 0),
  );
}
