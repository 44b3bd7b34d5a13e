import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const telephone = (over: Record<string, unknown>) =>
  h.call('POST', '/v1/records', {
    body: {
      ...recordBody({ form: 'telephone', enter: true }),
      place: undefined,
      noOtherPersonPresent: undefined,
      ...over,
    },
  });
const codes = (r: { body: { missingForEntry: { code: string }[] } }) =>
  r.body.missingForEntry.map((m) => m.code);

describe('a telephone call is spoken (口头): place and persons present (Art 4, R-RC-3)', () => {
  it('R-RC-3: a telephone record without the place and persons present stays a draft that says what is missing', async () => {
    const r = await telephone({});
    expect(r.status).toBe(201);
    expect(r.body.state).toBe('draft');
    expect(codes(r)).toEqual(['place-required', 'persons-present-required']);
    expect(r.body.missingForEntry[0].zh).toContain('电话');
    // An empty list is no statement that nobody else was there.
    const empty = await telephone({ place: '本人办公室', personsPresent: [] });
    expect(empty.body.state).toBe('draft');
    expect(codes(empty)).toEqual(['persons-present-required']);
    const entering = await h.call('POST', `/v1/records/${empty.body.id}/enter`, {});
    expect(entering.status).toBe(422);
    expect(entering.body.errors.map((e: { path: string }) => e.path)).toEqual(['personsPresent']);
  });

  it('R-RC-3: with the place and the colleagues present it is entered and each colleague must confirm', async () => {
    const r = await telephone({
      place: '本人办公室（座机接听）',
      personsPresent: [{ staffId: 'clerk-b', name: '书记员乙' }],
    });
    expect(r.body.state).toBe('entered');
    expect(r.body.confirmations).toEqual({ confirmed: [], missing: ['clerk-b'] });
    expect(r.body.noOtherPersonPresent).toBe(false);
  });

  it('R-RC-3: "no other person present" stated explicitly enters it; stated beside a list of persons it is refused naming the field', async () => {
    const alone = await telephone({ place: '家中（手机接听）', noOtherPersonPresent: true });
    expect(alone.status).toBe(201);
    expect(alone.body.state).toBe('entered');
    expect(alone.body.noOtherPersonPresent).toBe(true);
    expect(alone.body.confirmations).toEqual({ confirmed: [], missing: [] });

    const both = await telephone({
      place: '办公室',
      noOtherPersonPresent: true,
      personsPresent: [{ name: '司机某' }],
    });
    expect(both.status).toBe(422);
    expect(both.type).toContain('application/problem+json');
    expect(both.body.errors.map((e: { path: string }) => e.path)).toEqual(['noOtherPersonPresent']);
    expect(both.body.errors[0].message.zh).toContain('无其他人在场');
    expect(both.body.errors[0].message.en).toContain('no other person present');
  });

  it('R-RC-3, R-RC-4: an amendment that lists someone present withdraws "nobody else"; saying both is refused; verification holds', async () => {
    const r = await telephone({ place: '办公室', noOtherPersonPresent: true });
    expect(r.body.state).toBe('entered');
    const both = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: '补充', changes: { personsPresent: [{ name: '司机某' }], noOtherPersonPresent: true } },
    });
    expect(both.status).toBe(422);
    expect(both.body.errors[0].path).toBe('changes.noOtherPersonPresent');
    const listed = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: '当时司机在场', changes: { personsPresent: [{ name: '司机某' }] } },
    });
    expect(listed.status).toBe(201);
    expect(listed.body.noOtherPersonPresent).toBe(false);
    expect(listed.body.personsPresent).toEqual([{ name: '司机某' }]);
    // Withdrawing the list without restating "nobody else" would leave an entered record without either.
    const emptied = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: '误填', changes: { personsPresent: [] } },
    });
    expect(emptied.status).toBe(422);
    expect(emptied.body.errors[0].path).toBe('changes.personsPresent');
    const restated = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      body: { reason: '误填，实无他人在场', changes: { personsPresent: [], noOtherPersonPresent: true } },
    });
    expect(restated.status).toBe(201);
    expect(restated.body.noOtherPersonPresent).toBe(true);

    const as = { roles: ['auditor'] };
    await waitFor(async () =>
      (await h.call('GET', '/v1/audit/verify', { as })).body.pending === 0 ? true : undefined,
    );
    const v = await h.call('GET', '/v1/audit/verify', { as });
    expect(v.body.intact).toBe(true);
    expect(v.body.firstContentMismatch).toBeUndefined();
    // The statement is part of what was recorded: changing it behind the service's back is caught.
    await h.db
      .updateTable('records')
      .set({ no_other_person_present: false })
      .where('id', '=', r.body.id)
      .execute();
    const tampered = await h.call('GET', '/v1/audit/verify', { as });
    expect(tampered.body.firstContentMismatch).toMatchObject({
      recordId: r.body.id,
      reason: 'content-mismatch',
    });
  });
});
