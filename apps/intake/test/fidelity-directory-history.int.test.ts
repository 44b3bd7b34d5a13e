// R-AC-1, R-RC-3: people who leave the directory keep their history. A record that named a colleague
// present while they served keeps naming them; amending it is not refused for their leaving.
import { describe, expect, it } from 'vitest';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

// A court of its own, so this directory binds nothing else in the file's database.
const COURT = 'JL-CC-HIS';
const tm = { sub: 'tm-h', court: COURT, division: 'tm', roles: ['trial-management'] };
const handler = { sub: 'judge-h', court: COURT, division: 'civil-1', roles: ['case-handler'] };
const person = (id: string, name: string) => ({ id, name, division: 'civil-1', roles: [] as string[] });
const load = (...extra: ReturnType<typeof person>[]) =>
  h.call('PUT', '/v1/staff', {
    as: tm,
    body: { staff: [{ ...person('judge-h', '承办人'), roles: ['case-handler'] }, ...extra] },
  });

describe('people who leave keep their history (R-AC-1, R-RC-3)', () => {
  it('R-AC-1, R-RC-3: a record naming a colleague who has since left still reads and amends; adding someone keeps them; a newcomer who is unknown is still refused', async () => {
    expect((await load(person('clerk-old', '老书记员'))).status).toBe(200);
    const r = await h.call('POST', '/v1/records', {
      as: handler,
      body: recordBody({ form: 'meeting', place: '办公室', personsPresent: [{ staffId: 'clerk-old' }] }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // The next export leaves clerk-old out: they have left.
    expect((await load(person('clerk-new', '新书记员'))).body).toMatchObject({ departed: 1 });

    const read = await h.call('GET', `/v1/records/${r.body.id}`, { as: handler });
    expect(read.body.personsPresent).toEqual([expect.objectContaining({ staffId: 'clerk-old' })]);
    const content = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      as: handler,
      body: { reason: '补充内容', changes: { content: '补充的过问内容' } },
    });
    expect(content.status, JSON.stringify(content.body)).toBe(201);
    // The form restates everyone present: the one who left stays beside the one added.
    const added = await h.call('POST', `/v1/records/${r.body.id}/amendments`, {
      as: handler,
      body: {
        reason: '补充在场人员',
        changes: { personsPresent: [{ staffId: 'clerk-old' }, { staffId: 'clerk-new' }] },
      },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.personsPresent.map((p: { staffId: string }) => p.staffId)).toEqual([
      'clerk-old',
      'clerk-new',
    ]);
    // Naming the departed colleague anew, on another record, is refused: the directory binds new names.
    const fresh = await h.call('POST', '/v1/records', {
      as: handler,
      body: recordBody({ form: 'meeting', place: '办公室', personsPresent: [{ staffId: 'clerk-old' }] }),
    });
    expect(fresh.body).toMatchObject({
      code: 'staff-unknown',
      errors: [{ path: 'personsPresent.0.staffId' }],
    });
  });
});
