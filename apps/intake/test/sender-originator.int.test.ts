import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const tm = { sub: 'tm-ng', division: 'tm', roles: ['trial-management'] };
const kc = { sub: 'judge-k', court: 'JL-CC-KC' };
const cadre = { name: '赵某', unit: '某区委', position: '副书记' };
const create = (interferer: Record<string, unknown>, as = {}) =>
  h.call('POST', '/v1/records', { as, body: recordBody({ interferer, enter: true }) });

describe('sender and originator; identities link to the cadre (Art 3, R-SC-2)', () => {
  it('R-SC-2: a relative speaking for a cadre and a passed-on request both link to the cadre, whose identity lists them beside the cadre’s own records', async () => {
    const own = await create({ ...cadre, unitType: 'party-organ', kind: 'leading-cadre', inNameOf: 'own' });
    expect(own.status).toBe(201);
    expect(own.body.originatorIdentityId).toBeNull();
    const cadreId = own.body.interfererIdentityId as string;

    const relative = await create({
      name: '赵某之妻',
      unit: '某公司',
      position: '职员',
      unitType: 'company',
      kind: 'cadre-relative',
      onBehalfOf: cadre,
    });
    expect(relative.status).toBe(201);
    expect(relative.body.state).toBe('entered');
    expect(relative.body.originatorIdentityId).toBe(cadreId);
    expect(relative.body.interfererIdentityId).not.toBe(cadreId);

    // 递转: someone passes on the cadre's request; the sender is the interferer, the originator is kept.
    const passedOn = await create({
      name: '孙某',
      unit: '某律师事务所',
      position: '律师',
      unitType: 'other',
      kind: 'other-person',
      originator: { ...cadre, kind: 'leading-cadre' },
    });
    expect(passedOn.status).toBe(201);
    expect(passedOn.body.interferer.name).toBe('孙某');
    expect(passedOn.body.interferer.originator).toEqual({ ...cadre, kind: 'leading-cadre' });
    expect(passedOn.body.originatorIdentityId).toBe(cadreId);

    const seen = await h.call('GET', `/v1/interferer-identities/${cadreId}`, { as: tm });
    expect(seen.status).toBe(200);
    expect(seen.body.records.map((r: { id: string }) => r.id)).toEqual([own.body.id]);
    expect(seen.body.originated).toEqual([
      expect.objectContaining({ id: relative.body.id, sender: { name: '赵某之妻', kind: 'cadre-relative' } }),
      expect.objectContaining({ id: passedOn.body.id, sender: { name: '孙某', kind: 'other-person' } }),
    ]);
  });

  it('R-SC-2: a cadre another court knows only as an originator is counted there, and that court sees the identity through it', async () => {
    const x = { name: '周某', unit: '某市某委', position: '主任' };
    const ng = await create({ ...x, unitType: 'party-organ', kind: 'leading-cadre' });
    const id = ng.body.interfererIdentityId as string;
    const kcRec = await create(
      {
        name: '周某秘书',
        unit: '某市某委',
        position: '秘书',
        unitType: 'party-organ',
        kind: 'cadre-staff',
        onBehalfOf: x,
      },
      kc,
    );
    expect(kcRec.body.originatorIdentityId).toBe(id);
    const seen = await h.call('GET', `/v1/interferer-identities/${id}`, { as: tm });
    expect(seen.body.otherCourts).toEqual([{ court: 'JL-CC-KC', records: 1 }]);
    const fromKc = await h.call('GET', `/v1/interferer-identities/${id}`, {
      as: { ...tm, sub: 'tm-kc', court: 'JL-CC-KC' },
    });
    expect(fromKc.status).toBe(200);
    expect(fromKc.body.name).toBe('周某');
    expect(fromKc.body.records).toEqual([]);
    expect(fromKc.body.originated.map((r: { id: string }) => r.id)).toEqual([kcRec.body.id]);
    expect(fromKc.body.otherCourts).toEqual([{ court: 'JL-CC-NG', records: 1 }]);
  });

  it('R-SC-2: a request in an organisation’s name names the organisation; an organisation without it is refused naming the field', async () => {
    const base = {
      name: '吴某',
      unit: '某县委',
      position: '书记',
      unitType: 'party-organ',
      kind: 'leading-cadre',
    };
    const ok = await create({ ...base, inNameOf: 'organisation', organisation: '某区委办公室' });
    expect(ok.status).toBe(201);
    expect(ok.body.interferer).toMatchObject({ inNameOf: 'organisation', organisation: '某区委办公室' });
    const missing = await create({ ...base, inNameOf: 'organisation' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['interferer.organisation']);
    expect(missing.body.errors[0].message.zh).toContain('组织名称');
    const stray = await create({ ...base, inNameOf: 'own', organisation: '某区委办公室' });
    expect(stray.status).toBe(422);
    expect(stray.body.errors.map((e: { path: string }) => e.path)).toEqual(['interferer.organisation']);
  });

  it('R-SC-2, R-RC-4: an amendment naming the originator links the record to them; the earlier version keeps none', async () => {
    const r = await create({
      name: '钱某',
      unit: '某局',
      position: '科员',
      unitType: 'administrative-organ',
      kind: 'other-person',
    });
    expect(r.body.originatorIdentityId).toBeNull();
    const a = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: {
        reason: '查明系转递某局长的请托',
        changes: {
          interferer: {
            ...r.body.interferer,
            originator: { name: '李某', unit: '某局', position: '局长', kind: 'leading-cadre' },
          },
        },
      },
    });
    expect(a.status).toBe(201);
    expect(a.body.originatorIdentityId).toEqual(expect.any(String));
    const versions = await h.call('GET', `/v1/records/${r.body.id}/versions`, {});
    expect(
      versions.body.map((v: { record: { originatorIdentityId: unknown } }) => v.record.originatorIdentityId),
    ).toEqual([null, a.body.originatorIdentityId]);
  });
});

describe('the originator in the record events (R-SC-2)', () => {
  it('R-SC-2: drafted, entered and amended events name the originator’s identity beside the sender’s, null for a cadre speaking for themselves', async () => {
    const cadreX = { name: '郑某', unit: '某县政府', position: '县长' };
    const own = await create({ ...cadreX, unitType: 'administrative-organ', kind: 'leading-cadre' });
    const staff = await h.call('POST', '/v1/records', {
      body: recordBody({
        interferer: {
          name: '郑某秘书',
          unit: '某县政府',
          position: '秘书',
          unitType: 'administrative-organ',
          kind: 'cadre-staff',
          onBehalfOf: cadreX,
        },
      }),
    });
    expect(staff.status).toBe(201);
    const cadreId = own.body.interfererIdentityId as string;
    expect((await h.call('POST', `/v1/records/${staff.body.id}/enter`)).status).toBe(200);
    expect(
      (
        await h.call('POST', `/v1/records/${staff.body.id}/amendments`, {
          body: { changes: { content: '补充内容' }, reason: '补记' },
        })
      ).status,
    ).toBe(201);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const events = (await h.publishedEvents()).filter((e) => e.event.aggregateId === staff.body.id);
    expect(events.map((e) => e.subject).sort()).toEqual(
      ['intake.record.amended.v1', 'intake.record.drafted.v1', 'intake.record.entered.v1'].sort(),
    );
    for (const e of events) {
      expect(e.event.data.originatorIdentityId, e.subject).toBe(cadreId);
      expect(e.event.data.interfererIdentityId, e.subject).toBe(staff.body.interfererIdentityId);
    }
    const ownEvents = (await h.publishedEvents()).filter((e) => e.event.aggregateId === own.body.id);
    expect(ownEvents.length).toBeGreaterThan(0);
    for (const e of ownEvents) expect(e.event.data.originatorIdentityId).toBeNull();
  });
});
