// The hashes a new record's audit entry vouches for (R-PV-2) are computed from
// the parsed body and the view in memory, not from their JSON as jsonb gives
// it back (#14): this checks, for bodies with every kind of JSON value a record
// holds, that the chain's verification, which hashes the stored rows, agrees.
import { describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();
const as = { roles: ['auditor'] };

describe('the hashes of a new record are those of what was stored (R-PV-2)', () => {
  it('R-PV-2: drafts and entered records with nested, escaped and non-BMP text verify with no content mismatch', async () => {
    // Quotes, backslashes, control characters, U+2028, a surrogate pair and keys jsonb reorders.
    const awkward = '引号"与\\反斜杠\n换行\t制表\u2028分隔 𠮷 😀 </script>';
    const bodies = [
      recordBody({ enter: true, content: awkward }),
      recordBody({
        enter: true,
        origin: 'outside-the-courts',
        relayedBy: { staffId: 'president-1', position: '院长', court: 'JL-CC-NG', name: '钱某' },
      }),
      recordBody({
        enter: true,
        interferer: {
          kind: 'cadre-relative',
          unitType: 'company',
          position: '职员"',
          unit: '某公司\\',
          name: '孙某😀',
          onBehalfOf: { position: '书记', unit: '某区委', name: '孙某之父' },
        },
      }),
      // A telephone call with colleagues present: entered, and a draft (no place) with what is missing.
      recordBody({
        enter: true,
        noOtherPersonPresent: undefined,
        personsPresent: [{ staffId: 'clerk-b', name: '书记员乙' }, { name: awkward }],
      }),
      { ...recordBody({ enter: true, personsPresent: [] }), place: undefined },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const r = await h.call('POST', '/v1/records', { body });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    expect((await h.call('GET', `/v1/records/${ids[4]}`)).body.state).toBe('draft');
    await waitFor(async () =>
      (await h.call('GET', '/v1/audit/verify', { as })).body.pending === 0 ? true : undefined,
    );
    const v = await h.call('GET', '/v1/audit/verify', { as });
    expect(v.body.intact).toBe(true);
    expect(v.body.firstContentMismatch).toBeUndefined();

    // The check sees these records: one changed behind the service's back is reported.
    await h.db.updateTable('records').set({ content: 'x' }).where('id', '=', ids[0]!).execute();
    const tampered = await h.call('GET', '/v1/audit/verify', { as });
    expect(tampered.body.firstContentMismatch).toMatchObject({
      kind: 'record',
      recordId: ids[0],
      reason: 'content-mismatch',
    });
  });
});
