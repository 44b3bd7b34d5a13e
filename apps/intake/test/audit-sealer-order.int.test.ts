import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { lockCourtsToSeal } from '../src/audit/audit.repository.js';
import { auditRow } from '../src/audit/audit-trail.js';
import { intakeForThisFile } from './harness.js';

const h = intakeForThisFile();

/** Thrown to roll the test's transaction back: its rows never reach the running sealer. */
class RolledBack extends Error {}

describe('audit sealer: which courts a pass takes (R-PV-2)', () => {
  it('R-PV-2: the court whose entry has waited longest is taken first, whatever its name', async () => {
    let order: string[] = [];
    await h.db
      .transaction()
      .execute(async (trx) => {
        // Uncommitted, so the service's own sealer cannot take them; the claim in this transaction sees them.
        for (const court of ['ZZ-WAITED-LONGEST', 'AA-CAME-LATER'])
          await trx
            .insertInto('audit_entries')
            .values(auditRow({ court, at: new Date(), actor: 't', action: 'test', subjectId: 's', data: {} }))
            .execute();
        order = (await lockCourtsToSeal(trx, 1_000)).map((r) => r.court);
        throw new RolledBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
    expect(order).toContain('AA-CAME-LATER');
    expect(order.indexOf('ZZ-WAITED-LONGEST')).toBeLessThan(order.indexOf('AA-CAME-LATER'));
  });

  it('R-PV-2: no more courts are locked than a pass takes', async () => {
    const courts = ['LOCK-A', 'LOCK-B', 'LOCK-C'];
    let locked: number[] = [];
    await h.db
      .transaction()
      .execute(async (trx) => {
        for (const court of courts)
          await trx
            .insertInto('audit_entries')
            .values(auditRow({ court, at: new Date(), actor: 't', action: 'test', subjectId: 's', data: {} }))
            .execute();
        const taken = await lockCourtsToSeal(trx, 1);
        expect(taken).toHaveLength(1);
        // Advisory locks this transaction holds on the seal keys of the three courts.
        const { rows } = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_locks l
          WHERE l.locktype = 'advisory' AND l.pid = pg_backend_pid()
            AND l.objid::int IN (SELECT hashtext('audit-seal:' || c) FROM unnest(${courts}::text[]) c)`.execute(
          trx,
        );
        locked = rows.map((r) => r.n);
        throw new RolledBack();
      })
      .catch((e: unknown) => {
        if (!(e instanceof RolledBack)) throw e;
      });
    expect(locked).toEqual([1]);
  });
});
