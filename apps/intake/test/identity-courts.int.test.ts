import { describe, expect, it } from 'vitest';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const tmNG = { sub: 'tm-ng', division: 'tm', roles: ['trial-management'] };
const kc = { sub: 'judge-k', court: 'JL-CC-KC' };
const cadre = (over: Record<string, unknown> = {}) => ({
  name: '钱某',
  unit: '某县某委',
  position: '书记',
  unitType: 'party-organ',
  kind: 'leading-cadre',
  ...over,
});

describe('an identity is one person across courts, but each court changes only its own links (R-AC-2, R-BX-2)', () => {
  it("R-AC-2: NG's trial management cannot merge an identity KC's records also name, and KC's link stays", async () => {
    const kcRec = await h.call('POST', '/v1/records', { as: kc, body: recordBody({ interferer: cadre() }) });
    const ngShared = await h.call('POST', '/v1/records', { body: recordBody({ interferer: cadre() }) });
    const ngOnly = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '钱某某' }) }),
    });
    const s = kcRec.body.interfererIdentityId as string;
    expect(ngShared.body.interfererIdentityId).toBe(s);
    const y = ngOnly.body.interfererIdentityId as string;

    const merged = await h.call('POST', `/v1/interferer-identities/${s}/merge`, {
      as: tmNG,
      body: { into: y, reason: '同一人' },
    });
    expect(merged.status).toBe(409);
    expect(merged.body.code).toBe('identity-shared-with-other-courts');
    const link = await h.db
      .selectFrom('records')
      .select('identity_id')
      .where('id', '=', kcRec.body.id)
      .executeTakeFirstOrThrow();
    expect(link.identity_id).toBe(s);

    // Its own record can still be moved, one by one, without touching KC's.
    const split = await h.call('POST', `/v1/records/${ngShared.body.id}/identity`, {
      as: tmNG,
      body: { identityId: y, reason: '同一人' },
    });
    expect(split.status).toBe(200);
    const after = await h.db
      .selectFrom('records')
      .select(['id', 'identity_id'])
      .where('id', 'in', [kcRec.body.id, ngShared.body.id])
      .execute();
    expect(Object.fromEntries(after.map((r) => [r.id, r.identity_id]))).toEqual({
      [kcRec.body.id]: s,
      [ngShared.body.id]: y,
    });
  });

  it("R-AC-2: a draft naming another court's person shows only what the court's own records say, and no counts from drafts", async () => {
    // KC wrote the details first; NG's handler types the same person differently spaced.
    const kcRec = await h.call('POST', '/v1/records', {
      as: kc,
      body: recordBody({
        interferer: cadre({ name: '孙某', unit: '某市 某局（机关）', position: '副局长' }),
      }),
    });
    const probe = await h.call('POST', '/v1/records', {
      body: recordBody({ interferer: cadre({ name: '孙某', unit: '某市某局(机关)', position: '副局长' }) }),
    });
    expect(probe.body.interfererIdentityId).toBe(kcRec.body.interfererIdentityId);
    const seen = await h.call('GET', `/v1/interferer-identities/${probe.body.interfererIdentityId}`, {
      as: tmNG,
    });
    expect(seen.status).toBe(200);
    // As NG's own record states it, not as KC typed it.
    expect(seen.body.unit).toBe('某市某局(机关)');
    // KC's record is a draft: nothing of it shows.
    expect(seen.body.otherCourts).toEqual([]);
    const listed = await h.call('GET', '/v1/interferer-identities?q=孙', { as: tmNG });
    expect(listed.body).toEqual([
      expect.objectContaining({ id: probe.body.interfererIdentityId, unit: '某市某局(机关)', records: 1 }),
    ]);
  });
});
