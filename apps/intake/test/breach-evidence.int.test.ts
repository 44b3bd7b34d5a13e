import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent, obligationBreached, subjectFor } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { intakeHarness, type IntakeHarness } from './harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await intakeHarness();
});
afterAll(async () => {
  await h?.close();
});

const TM = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };

/** Publishes a breach as the deadline monitor does (msgID = event id, so a resend is one message). */
async function breach(
  o: { handler?: string; court?: string; kind?: 'entry' | 'copy'; breachedAt?: string } = {},
) {
  const obligationId = crypto.randomUUID();
  const recordId = crypto.randomUUID();
  const e = buildEvent(obligationBreached, {
    court: o.court ?? 'JL-CC-NG',
    aggregateId: obligationId,
    actor: { sub: 'deadline-monitor', kind: 'service' },
    data: {
      obligationId,
      kind: o.kind ?? 'entry',
      subjectId: recordId,
      recordId,
      handler: o.handler ?? 'judge-a',
      division: 'civil-1',
      dueAt: '2026-03-05T15:59:59.999Z',
      dueDate: '2026-03-05',
      breachedAt: o.breachedAt ?? '2026-03-06T00:00:00.000Z',
    },
  });
  await h.bus.js.publish(subjectFor(obligationBreached.subject, h.namespace), JSON.stringify(e), {
    msgID: e.id,
  });
  return { e, obligationId, recordId };
}

const rowsOf = (ids: string[]) =>
  waitFor(
    async () => {
      const r = await h.call('GET', '/v1/accountability/breaches?limit=500', { as: TM });
      const mine = (r.body.items as { obligationId: string }[]).filter((i) => ids.includes(i.obligationId));
      return mine.length === ids.length ? mine : undefined;
    },
    { timeoutMs: 10_000, what: `${ids.length} breaches listed` },
  );

describe('missed deadlines as evidence for the ledger (R-AB-1)', () => {
  it('R-AB-1: each breach the deadline monitor reports is listed for its staff member, once, and no ledger entry is made', async () => {
    const ledgerBefore = await h.db
      .selectFrom('accountability_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const a1 = await breach({ handler: 'judge-q', breachedAt: '2026-03-06T00:00:00.000Z' });
    const a2 = await breach({ handler: 'judge-q', kind: 'copy', breachedAt: '2026-03-07T00:00:00.000Z' });
    const b1 = await breach({ handler: 'judge-r' });
    // The same event again (a redelivery), and the same breach under a new event id (a resend).
    await h.bus.js.publish(subjectFor(obligationBreached.subject, h.namespace), JSON.stringify(a1.e));
    await h.bus.js.publish(
      subjectFor(obligationBreached.subject, h.namespace),
      JSON.stringify({ ...a1.e, id: crypto.randomUUID() }),
    );
    await rowsOf([a1.obligationId, a2.obligationId, b1.obligationId]);

    const q = await h.call('GET', '/v1/accountability/breaches?handler=judge-q', { as: TM });
    expect(q.status).toBe(200);
    expect(q.body.items).toEqual([
      expect.objectContaining({
        obligationId: a2.obligationId,
        kind: 'copy',
        court: 'JL-CC-NG',
        handler: 'judge-q',
        recordId: a2.recordId,
        dueDate: '2026-03-05',
        breachedAt: '2026-03-07T00:00:00.000Z',
      }),
      expect.objectContaining({ obligationId: a1.obligationId, kind: 'entry' }),
    ]);
    const stored = await h.db
      .selectFrom('deadline_breaches' as never)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('obligation_id' as never, '=', a1.obligationId as never)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1);
    const ledgerAfter = await h.db
      .selectFrom('accountability_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(ledgerAfter.n).toBe(ledgerBefore.n);
  });

  it('R-AB-1, R-AC-2: read with the ledger: the court’s trial management and auditors, their own court only; a handler is refused', async () => {
    const mine = await breach({ handler: 'judge-s' });
    const other = await breach({ handler: 'judge-s', court: 'JL-CC-KC' });
    await rowsOf([mine.obligationId]);
    const ids = (r: { body: { items: { obligationId: string }[] } }) =>
      r.body.items.map((i) => i.obligationId);

    const auditor = await h.call('GET', '/v1/accountability/breaches?handler=judge-s', {
      as: { sub: 'au-1', division: 'discipline', roles: ['auditor'] },
    });
    expect(auditor.status).toBe(200);
    expect(ids(auditor)).toEqual([mine.obligationId]);
    const kc = await waitFor(
      async () => {
        const r = await h.call('GET', '/v1/accountability/breaches?handler=judge-s', {
          as: { ...TM, sub: 'tm-9', court: 'JL-CC-KC' },
        });
        return r.body.items.length ? r : undefined;
      },
      { timeoutMs: 10_000, what: 'the other court’s breach' },
    );
    expect(ids(kc)).toEqual([other.obligationId]);
    for (const roles of [['case-handler'], ['division-head'], ['statistician'], ['supervisor'], []]) {
      const r = await h.call('GET', '/v1/accountability/breaches', { as: { sub: 'judge-s', roles } });
      expect(r.status, roles.join()).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain(mine.obligationId);
    }
  });

  it('R-AB-1: pages follow one another without repeats; bad queries are problem+json', async () => {
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        (await breach({ handler: 'judge-p', breachedAt: `2026-03-1${i}T00:00:00.000Z` })).obligationId,
      );
    await rowsOf(made);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { body: { items: { obligationId: string }[]; nextCursor: string | null } } = await h.call(
        'GET',
        `/v1/accountability/breaches?handler=judge-p&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: TM },
      );
      seen.push(...r.body.items.map((i) => i.obligationId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    for (const q of ['limit=0', 'limit=x', 'cursor=nope', 'handler=', 'other=1']) {
      const r = await h.call('GET', `/v1/accountability/breaches?${q}`, { as: TM });
      expect(r.status, q).toBe(422);
      expect(r.body.message.zh, q).toBeTruthy();
    }
  });
});
