import { beforeEach, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import type { UserClaims } from '@jir/service-kit';
import { TRIAL_MANAGER as tm, waitFor } from '@jir/testing';
import { intakeForThisFile, NOW, recordBody } from './harness.js';

const h = intakeForThisFile();
// Every test starts at the same instant: times asserted below (entry, amendment, copy) are read
// from this clock, which an earlier test of the file may have moved on.
beforeEach(() => h.clock.set(NOW));

/** The status `as` is answered with, for a call without a body. */
const statusAs = async (as: Partial<UserClaims>, method: 'GET' | 'POST', path: string) =>
  (await h.call(method, path, { as })).status;

/** A leading cadre's staff member, named without the cadre behind them (R-SC-2). */
const CADRE_STAFF = {
  name: '李某',
  unit: '某局',
  position: '秘书',
  unitType: 'administrative-organ',
  kind: 'cadre-staff',
};
const create = (over: Record<string, unknown> = {}, as = {}) =>
  h.call('POST', '/v1/records', { body: recordBody(over), as });

describe('records (R-RC-1..6)', () => {
  it('R-RC-1: a record holds the information form, with court, division and handler from the token', async () => {
    const r = await create({ enter: true });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      court: 'JL-CC-NG',
      division: 'civil-1',
      handler: 'judge-a',
      state: 'entered',
      caseNumber: '(2026)吉0102民初1234号',
      interferer: { name: '王某', kind: 'leading-cadre', unitType: 'administrative-organ', retired: false },
      specialItems: ['SR07'],
      enteredAt: '2026-03-03T04:00:00.000Z',
    });
    const got = await h.call('GET', `/v1/records/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.content).toBe('来电要求对被执行人的财产解除查封');
  });

  it('R-SR-2: special items are suggested from the content, never applied silently', async () => {
    const r = await create({ specialItems: [], content: '某领导要求暂缓执行并解除冻结' });
    expect(r.body.suggestedSpecialItems).toEqual(['SR07', 'SR10']);
    expect(r.body.specialItems).toEqual([]);
  });

  it('R-RC-2: a network form cannot be entered without evidence; evidence from the evidence service unblocks it', async () => {
    const r = await create({ form: 'wechat', enter: true });
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('draft');
    expect(r.body.missingForEntry.map((m: { code: string }) => m.code)).toEqual(['evidence-required']);
    const refused = await h.call('POST', `/v1/records/${r.body.id}/enter`);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('evidence-required');
    expect(refused.body.message.zh).toContain('证据');

    await h.publishEvidence(r.body.id);
    await waitFor(
      async () => (await h.call('GET', `/v1/records/${r.body.id}`)).body.evidenceCount === 1 || undefined,
    );
    const entered = await h.call('POST', `/v1/records/${r.body.id}/enter`);
    expect(entered.status).toBe(200);
    expect(entered.body.state).toBe('entered');
    expect((await h.call('POST', `/v1/records/${r.body.id}/enter`)).body.code).toBe('already-entered');
  });

  it('R-RC-2: evidence announced for a record intake does not have is kept, not parked; evidence of an existing record counts on it once', async () => {
    // The evidence service handed out the upload for an id intake has not committed yet: the event must not be lost.
    const early = crypto.randomUUID();
    await h.publishEvidence(early);
    await waitFor(
      async () =>
        (await h.db
          .selectFrom('record_evidence')
          .select('record_id')
          .where('record_id', '=', early)
          .executeTakeFirst()) ?? undefined,
    );
    expect(await h.db.selectFrom('parked_messages').selectAll().execute()).toEqual([]);
    // Intake makes record ids at creation, so a record never inherits such early evidence; a
    // record's own evidence is counted on it, once.
    const rec = await h.call('POST', '/v1/records', { body: recordBody({ form: 'wechat' }) });
    expect(rec.status).toBe(201);
    expect(rec.body.evidenceCount).toBe(0);
    await h.publishEvidence(rec.body.id);
    await waitFor(async () =>
      (await h.call('GET', `/v1/records/${rec.body.id}`)).body.evidenceCount === 1 ? true : undefined,
    );
    const rows = await h.db
      .selectFrom('record_evidence')
      .select('record_id')
      .where('record_id', 'in', [early, rec.body.id])
      .execute();
    expect(rows.map((r) => r.record_id).sort()).toEqual([early, rec.body.id].sort());
  });

  it('R-RC-3: an oral form needs place and persons present; each court employee present confirms with their own token', async () => {
    const bare = await create({
      form: 'oral',
      enter: true,
      place: undefined,
      noOtherPersonPresent: undefined,
    });
    expect(bare.body.missingForEntry.map((m: { code: string }) => m.code)).toEqual([
      'place-required',
      'persons-present-required',
    ]);
    const r = await create({
      form: 'oral',
      enter: true,
      place: '本院第三接待室',
      personsPresent: [
        { staffId: 'clerk-b', name: '书记员乙' },
        { staffId: 'judge-c' },
        { name: '当事人代理人丙', role: 'agent' },
      ],
    });
    expect(r.body.state).toBe('entered');
    expect(r.body.confirmations).toEqual({ confirmed: [], missing: ['clerk-b', 'judge-c'] });

    const c1 = await h.call('POST', `/v1/records/${r.body.id}/confirmations`, {
      as: { sub: 'clerk-b', roles: [] },
    });
    expect(c1.status).toBe(200);
    expect(c1.body.confirmations).toEqual({ confirmed: ['clerk-b'], missing: ['judge-c'] });
    // Confirming twice changes nothing; someone not present cannot confirm, nor learn the record exists.
    expect(
      (await h.call('POST', `/v1/records/${r.body.id}/confirmations`, { as: { sub: 'clerk-b', roles: [] } }))
        .body.confirmations.confirmed,
    ).toEqual(['clerk-b']);
    expect(
      await statusAs(
        { sub: 'stranger', roles: ['case-handler'] },
        'POST',
        `/v1/records/${r.body.id}/confirmations`,
      ),
    ).toBe(404);
    expect(
      await statusAs(
        { sub: 'judge-c', court: 'JL-CC-KC', roles: [] },
        'POST',
        `/v1/records/${r.body.id}/confirmations`,
      ),
    ).toBe(404);
    await h.call('POST', `/v1/records/${r.body.id}/confirmations`, {
      as: { sub: 'judge-c', roles: ['case-handler'] },
    });
    expect((await h.call('GET', `/v1/records/${r.body.id}`)).body.confirmations.missing).toEqual([]);
  });

  it('R-SC-2: staff or relatives need the leading cadre behind them', async () => {
    const r = await create({ interferer: CADRE_STAFF, enter: true });
    expect(r.body.state).toBe('draft');
    expect(r.body.missingForEntry[0].field).toBe('interferer.onBehalfOf');
  });

  it('R-RC-4: an amendment keeps every earlier version, who changed what, when and why', async () => {
    const r = await create({ enter: true });
    h.clock.advance(3_600_000);
    const a = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: {
        reason: '当事人姓名记录有误',
        changes: { content: '更正后的内容：要求解除冻结', specialItems: ['SR07', 'SR01'] },
      },
    });
    expect(a.status).toBe(201);
    expect(a.body.revision).toBe(2);
    expect(a.body.content).toBe('更正后的内容：要求解除冻结');
    const v = await h.call('GET', `/v1/records/${r.body.id}/versions`);
    expect(v.body.map((x: { revision: number }) => x.revision)).toEqual([1, 2]);
    expect(v.body[0].record.content).toBe('来电要求对被执行人的财产解除查封');
    expect(v.body[1]).toMatchObject({
      changedBy: 'judge-a',
      reason: '当事人姓名记录有误',
      changedFields: ['content', 'specialItems'],
      changedAt: '2026-03-03T05:00:00.000Z',
    });
    // An amendment that would leave an entered record incomplete is refused.
    const bad = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: 'x', changes: { form: 'email' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('evidence-required');
  });

  it('R-RC-4, R-PV-1: the database itself refuses to change a version or delete a record', async () => {
    const r = await create({ enter: true });
    await expect(
      sql`UPDATE record_versions SET reason = 'x' WHERE record_id = ${r.body.id}`.execute(h.db),
    ).rejects.toThrow(/not allowed/);
    await expect(sql`DELETE FROM records WHERE id = ${r.body.id}`.execute(h.db)).rejects.toThrow(
      /not allowed/,
    );
    await expect(sql`DELETE FROM audit_entries`.execute(h.db)).rejects.toThrow(/not allowed/);
  });

  it('R-RC-5: records are found by each classification', async () => {
    // A handler of this test's own, so the counts are of the records made here whatever ran before.
    const as = { sub: 'judge-rc5-classes' };
    // A draft: staff without the leading cadre behind them (R-SC-2).
    await create({ interferer: CADRE_STAFF }, as);
    await create(
      {
        form: 'letter',
        stage: 'enforcement',
        interferer: {
          name: '赵某',
          unit: '某区人大',
          position: '主任',
          unitType: 'peoples-congress',
          kind: 'leading-cadre',
          retired: true,
        },
        specialItems: ['SR10'],
        enter: true,
      },
      as,
    );
    const q = async (qs: string) =>
      (await h.call('GET', `/v1/records?${qs}`, { as })).body.items as { form: string }[];
    expect((await q('unitType=peoples-congress')).length).toBe(1);
    expect((await q('form=letter&stage=enforcement')).length).toBe(1);
    expect((await q('specialItem=SR10')).length).toBe(1);
    expect((await q('specialItem=SR13')).length).toBe(0);
    expect((await q('interfererKind=cadre-staff&state=draft')).length).toBe(1);
    const bad = await h.call('GET', '/v1/records?form=fax&limit=0');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.form',
      'query.limit',
    ]);
  });

  it('R-RC-5: pages follow the cursor without gaps or repeats', async () => {
    // Seven records of a handler of this test's own: more than two pages of three, whatever ran before.
    const as = { sub: 'judge-rc5-pages' };
    for (let i = 0; i < 7; i++) expect((await create({}, as)).status).toBe(201);
    const all = (await h.call('GET', '/v1/records?limit=200', { as })).body.items.map(
      (r: { id: string }) => r.id,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await h.call(
        'GET',
        `/v1/records?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { as },
      );
      seen.push(...page.body.items.map((r) => r.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBe(7);
  });

  it('R-RC-6: a bad record names each field in Chinese and English and stores nothing', async () => {
    const before = await h.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await h.call('POST', '/v1/records', {
      body: {
        ...recordBody(),
        caseNumber: '1234',
        form: 'fax',
        interferer: { name: '' },
        communicatedAt: 'yesterday',
      },
    });
    expect(r.status).toBe(422);
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['caseNumber', 'form', 'interferer.name', 'interferer.unit', 'communicatedAt']),
    );
    for (const e of r.body.errors) {
      expect(e.message.zh).toMatch(/^字段 /);
      expect(e.message.en).toMatch(/^field /);
    }
    const after = await h.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  // A lone UTF-16 surrogate is not Unicode text: it can be neither stored (PostgreSQL refuses it)
  // nor kept exactly (re-encoding makes it U+FFFD). JSON.stringify sends it as the escape \ud800.
  const LONE = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];
  const refusedNaming = (r: { status: number; type: string; body: any }, field: string) => {
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.type).toContain('application/problem+json');
    expect(r.body.message.zh).toBeTruthy();
    expect(r.body.message.en).toBeTruthy();
    expect(r.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(field);
  };

  it('R-RC-4, R-NF-7: a new record with a lone surrogate in any text is a 4xx naming the field; nothing stored', async () => {
    const count = async () =>
      Number(
        (
          await h.db
            .selectFrom('records')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    for (const bad of LONE) {
      for (const [field, body] of [
        ['content', recordBody({ content: `来电${bad}要求` })],
        ['interferer.name', recordBody({ interferer: { ...recordBody().interferer, name: `王${bad}` } })],
        ['place', recordBody({ place: bad })],
        ['personsPresent[0].name', recordBody({ personsPresent: [{ name: bad }] })],
      ] as const) {
        refusedNaming(await h.call('POST', '/v1/records', { body }), field);
      }
    }
    expect(await count()).toBe(before);
    // A surrogate pair is one well-formed character and is kept exactly.
    const emoji = await create({ content: '来电😀要求𠀀解除查封' });
    expect(emoji.status).toBe(201);
    expect((await h.call('GET', `/v1/records/${emoji.body.id}`)).body.content).toBe('来电😀要求𠀀解除查封');
  });

  it('R-RC-4, R-NF-7: an amendment with a lone surrogate is a 4xx naming the field, never stored as U+FFFD', async () => {
    const rec = await create();
    expect(rec.status).toBe(201);
    for (const bad of LONE) {
      for (const [field, changes] of [
        ['changes.content', { content: `更正${bad}内容` }],
        ['changes.place', { place: bad }],
        ['changes.interferer.unit', { interferer: { ...recordBody().interferer, unit: bad } }],
        ['reason', undefined],
      ] as const) {
        const body = changes
          ? { reason: '更正', changes }
          : { reason: `更正${bad}`, changes: { severe: true } };
        refusedNaming(await h.call('POST', `/v1/records/${rec.body.id}/amendments`, { body }), field);
      }
    }
    const versions = await h.db
      .selectFrom('record_versions')
      .select(['revision', 'reason'])
      .where('record_id', '=', rec.body.id)
      .execute();
    expect(versions).toEqual([{ revision: 1, reason: '创建 / created' }]);
    const now = await h.db
      .selectFrom('records')
      .select(['revision', 'content', 'place'])
      .where('id', '=', rec.body.id)
      .executeTakeFirstOrThrow();
    expect(now).toEqual({ revision: 1, content: recordBody().content, place: recordBody().place });
    expect(JSON.stringify(now)).not.toContain('\ufffd');
  });

  it('R-SC-5: interference by the court’s own people is refused with the other regulation named', async () => {
    const r = await create({ internalPersonnel: true });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('internal-personnel');
    expect(r.body.message.zh).toContain('内部人员');
  });

  it('R-DL-1: the copy goes to trial management, which acknowledges it', async () => {
    const draft = await create({ form: 'sms' });
    expect((await h.call('POST', `/v1/records/${draft.body.id}/copy-delivery`)).body.code).toBe(
      'record-not-entered',
    );
    const r = await create({ enter: true });
    expect(
      (
        await h.call('POST', `/v1/records/${r.body.id}/copy-delivery/acknowledge`, {
          as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
        })
      ).body.code,
    ).toBe('copy-not-delivered');
    // Delivered an hour after entry: the delivery's own time is stated, not the entry's.
    h.clock.advance(3_600_000);
    const d = await h.call('POST', `/v1/records/${r.body.id}/copy-delivery`);
    expect(d.body.copyDeliveredAt).toBe('2026-03-03T05:00:00.000Z');
    expect((await h.call('POST', `/v1/records/${r.body.id}/copy-delivery`)).body.code).toBe(
      'copy-already-delivered',
    );
    expect((await h.call('POST', `/v1/records/${r.body.id}/copy-delivery/acknowledge`)).status).toBe(403);
    const ack = await h.call('POST', `/v1/records/${r.body.id}/copy-delivery/acknowledge`, {
      as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.copyAcknowledgedAt).not.toBeNull();
  });
});

describe('reads are recorded (R-AC-3, R-BX-5)', () => {
  it('R-AC-3: every read is logged with who, when and from where; the handler lists them', async () => {
    const r = await create({ enter: true });
    await h.call('GET', `/v1/records/${r.body.id}`, { as: { sub: 'dh-1', roles: ['division-head'] } });
    await h.call('GET', `/v1/records?caseNumber=${encodeURIComponent('(2026)吉0102民初1234号')}&limit=200`, {
      as: { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
    });
    const views = await h.call('GET', `/v1/records/${r.body.id}/views`);
    expect(views.status).toBe(200);
    expect(views.body.map((v: { viewer: string }) => v.viewer)).toEqual(['dh-1', 'tm-1']);
    expect(views.body[0]).toMatchObject({
      court: 'JL-CC-NG',
      roles: ['division-head'],
      address: expect.stringMatching(/127\.0\.0\.1/),
    });
    // Only the handler (and auditors) may see who viewed.
    expect(
      await statusAs({ sub: 'dh-1', roles: ['division-head'] }, 'GET', `/v1/records/${r.body.id}/views`),
    ).toBe(403);
    expect(
      await statusAs(
        { sub: 'aud', division: 'dis', roles: ['auditor'] },
        'GET',
        `/v1/records/${r.body.id}/views`,
      ),
    ).toBe(200);
  });
});

describe('audit trail (R-PV-2)', () => {
  it('R-PV-2: the chain verifies, and a tampered entry is reported as the first break', async () => {
    const as = { sub: 'aud', division: 'dis', roles: ['auditor'] };
    // Entries of its own, whatever ran before: every record written adds to the court's chain.
    for (let i = 0; i < 12; i++)
      expect((await h.call('POST', '/v1/records', { body: recordBody() })).status).toBe(201);
    await waitFor(
      async () => ((await h.call('GET', '/v1/audit/verify', { as })).body.pending === 0 ? true : undefined),
      {
        timeoutMs: 20_000,
        what: 'the chain sealed',
      },
    );
    const ok = await h.call('GET', '/v1/audit/verify', { as });
    expect(ok.body).toMatchObject({ court: 'JL-CC-NG', intact: true, pending: 0 });
    expect(ok.body.entries).toBeGreaterThan(10);
    expect((await h.call('GET', '/v1/audit/verify')).status).toBe(403);

    // Someone with database superuser rights edits history behind the triggers' back: each kind
    // of edit is made, reported at the right place, and undone, so the chain is whole again after.
    const rows = await h.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('court', '=', 'JL-CC-NG')
      .where('hash', 'is not', null)
      .orderBy('seq')
      .offset(3)
      .limit(2)
      .execute();
    const [victim, next] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(next).toBeDefined();
    const behindTheBack = async (stmt: RawBuilder<unknown>) => {
      await sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`.execute(h.db);
      try {
        await stmt.execute(h.db);
      } finally {
        await sql`ALTER TABLE audit_entries ENABLE TRIGGER USER`.execute(h.db);
      }
    };
    const restore = (r: typeof victim) =>
      behindTheBack(
        sql`UPDATE audit_entries SET at = ${r.at}, actor = ${r.actor}, action = ${r.action}, subject_id = ${r.subject_id}, data = ${JSON.stringify(r.data)}::jsonb WHERE seq = ${r.seq}`,
      );
    const edits: [string, () => Promise<void>, number[]][] = [
      [
        'actor',
        () => behindTheBack(sql`UPDATE audit_entries SET actor = 'someone-else' WHERE seq = ${victim.seq}`),
        [Number(victim.seq)],
      ],
      [
        'data',
        () =>
          behindTheBack(
            sql`UPDATE audit_entries SET data = data || '{"tampered": true}'::jsonb WHERE seq = ${victim.seq}`,
          ),
        [Number(victim.seq)],
      ],
      [
        'at',
        () =>
          behindTheBack(
            sql`UPDATE audit_entries SET at = at + interval '1 second' WHERE seq = ${victim.seq}`,
          ),
        [Number(victim.seq)],
      ],
      [
        'swap of two entries’ contents',
        async () => {
          await behindTheBack(
            sql`UPDATE audit_entries SET at = ${next.at}, actor = ${next.actor}, action = ${next.action}, subject_id = ${next.subject_id}, data = ${JSON.stringify(next.data)}::jsonb WHERE seq = ${victim.seq}`,
          );
          await behindTheBack(
            sql`UPDATE audit_entries SET at = ${victim.at}, actor = ${victim.actor}, action = ${victim.action}, subject_id = ${victim.subject_id}, data = ${JSON.stringify(victim.data)}::jsonb WHERE seq = ${next.seq}`,
          );
        },
        [Number(victim.seq)],
      ],
      // A deleted entry shows where the chain no longer links: at the gap or the entry after it.
      [
        'deleted entry',
        () => behindTheBack(sql`DELETE FROM audit_entries WHERE seq = ${victim.seq}`),
        [victim.seq, next.seq],
      ],
    ];
    for (const [what, edit, at] of edits) {
      await edit();
      const broken = (await h.call('GET', '/v1/audit/verify', { as })).body;
      expect(broken.intact, what).toBe(false);
      expect(at, `${what}: first break at ${JSON.stringify(broken.firstBreak)}`).toContain(
        Number(broken.firstBreak.seq),
      );
      if (what === 'deleted entry') {
        await behindTheBack(
          sql`INSERT INTO audit_entries (seq, court, at, actor, action, subject_id, data, chain_pos, prev_hash, hash, sealed_at)
              VALUES (${victim.seq}, ${victim.court}, ${victim.at}, ${victim.actor}, ${victim.action}, ${victim.subject_id},
                      ${JSON.stringify(victim.data)}::jsonb, ${victim.chain_pos}, ${victim.prev_hash}, ${victim.hash}, ${victim.sealed_at})`,
        );
      } else {
        await restore(victim);
        await restore(next);
      }
      expect((await h.call('GET', '/v1/audit/verify', { as })).body.intact, `${what} undone`).toBe(true);
    }
  });
});

describe('audit trail vouches for the stored content (R-PV-2)', () => {
  // A court of its own: the test above leaves Nanguan's chain broken on purpose.
  const handler = { sub: 'judge-k', court: 'JL-CC-KC', roles: ['case-handler'] };
  const auditor = { sub: 'aud-k', court: 'JL-CC-KC', division: 'dis', roles: ['auditor'] };
  const verify = async () => (await h.call('GET', '/v1/audit/verify', { as: auditor })).body;
  /** As a database superuser would, behind the service and its triggers. */
  const behindTheBack = (stmt: RawBuilder<unknown>) =>
    h.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await stmt.execute(trx);
    });

  it('R-PV-2: an in-place UPDATE of a record’s content or of a stored version is reported by verification', async () => {
    const a = await create({}, handler);
    const b = await create({ content: '来电要求暂缓执行' }, handler);
    expect(a.status).toBe(201);
    const amended = await h.call('POST', `/v1/records/${b.body.id}/amendments`, {
      as: handler,
      body: { reason: '更正', changes: { content: '来电要求暂缓执行并解除冻结', place: '办公室' } },
    });
    expect(amended.status).toBe(201);
    // Workflow changes (entry) are not content: the chain still vouches for the record.
    expect((await h.call('POST', `/v1/records/${a.body.id}/enter`, { as: handler })).status).toBe(200);
    expect(await verify()).toMatchObject({ court: 'JL-CC-KC', intact: true });

    // The content is rewritten in place; the record serves the forged text.
    await behindTheBack(sql`UPDATE records SET content = '来电表示关心' WHERE id = ${b.body.id}`);
    expect((await h.call('GET', `/v1/records/${b.body.id}`, { as: handler })).body.content).toBe(
      '来电表示关心',
    );
    expect(await verify()).toMatchObject({
      intact: false,
      firstContentMismatch: { kind: 'record', recordId: b.body.id, revision: 2, reason: 'content-mismatch' },
    });
    await behindTheBack(
      sql`UPDATE records SET content = '来电要求暂缓执行并解除冻结' WHERE id = ${b.body.id}`,
    );
    expect(await verify()).toMatchObject({ intact: true });

    // An earlier version is rewritten (record_versions refuses UPDATE unless triggers are bypassed).
    await behindTheBack(
      sql`UPDATE record_versions SET snapshot = jsonb_set(snapshot, '{content}', '"来电表示关心"')
          WHERE record_id = ${b.body.id} AND revision = 1`,
    );
    expect(await verify()).toMatchObject({
      intact: false,
      firstContentMismatch: { kind: 'version', recordId: b.body.id, revision: 1, reason: 'content-mismatch' },
    });
  });
});

describe('events (R-PV-3)', () => {
  it('R-PV-3: each state change publishes exactly one event of the right schema, without the content', async () => {
    // State changes of its own, whatever ran before: a record created, entered, its copy delivered
    // and acknowledged.
    const r = await create({ enter: true });
    expect(r.body.state).toBe('entered');
    expect((await h.call('POST', `/v1/records/${r.body.id}/copy-delivery`)).status).toBe(200);
    expect(
      (await h.call('POST', `/v1/records/${r.body.id}/copy-delivery/acknowledge`, { as: tm })).status,
    ).toBe(200);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const events = await h.publishedEvents();
    const rows = await h.db.selectFrom('outbox').select(['id', 'subject']).execute();
    expect(events.length).toBe(rows.length);
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
    const bySubject = (s: string) => events.filter((e) => e.subject === s).length;
    const entered = await h.db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'entered')
      .executeTakeFirstOrThrow();
    const copies = await h.db
      .selectFrom('records')
      .select((eb) => [
        eb.fn.count<number>('copy_delivered_at').as('delivered'),
        eb.fn.count<number>('copy_acknowledged_at').as('acknowledged'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(entered.n)).toBeGreaterThan(0);
    expect(bySubject('intake.record.entered.v1')).toBe(Number(entered.n));
    expect(Number(copies.delivered)).toBeGreaterThan(0);
    expect(bySubject('intake.copy.delivered.v1')).toBe(Number(copies.delivered));
    expect(bySubject('intake.copy.acknowledged.v1')).toBe(Number(copies.acknowledged));
    expect(JSON.stringify(events)).not.toContain('解除查封');
  });
});
