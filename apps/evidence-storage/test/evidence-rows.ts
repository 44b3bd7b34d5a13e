import type { EvidenceHarness } from './harness.js';

/** How many evidence rows the database holds: a refused upload must leave it unchanged (R-NF-7). */
export async function evidenceRowCount(h: Pick<EvidenceHarness, 'db'>): Promise<number> {
  const r = await h.db
    .selectFrom('evidence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
