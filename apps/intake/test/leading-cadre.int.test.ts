import { describe, expect, it } from 'vitest';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const interferer = (over: Record<string, unknown>) => ({ ...recordBody().interferer, ...over });

describe('Art 15: leading cadre follows from status and post (R-SC-3)', () => {
  it('R-SC-3: a retired state functionary who held a leading post is recorded as a leading cadre, with the facts kept', async () => {
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({
        interferer: interferer({
          kind: 'leading-cadre',
          stateFunctionary: true,
          leadingPost: true,
          retired: true,
        }),
      }),
    });
    expect(r.status).toBe(201);
    expect(r.body.interferer).toMatchObject({ stateFunctionary: true, leadingPost: true, retired: true });
  });

  it('R-SC-3: a kind that contradicts the stated status is refused naming interferer.kind, on creation and amendment', async () => {
    const noPost = await h.call('POST', '/v1/records', {
      body: recordBody({
        interferer: interferer({ kind: 'leading-cadre', stateFunctionary: true, leadingPost: false }),
      }),
    });
    expect(noPost.status).toBe(422);
    expect(noPost.body.errors[0]).toMatchObject({ path: 'interferer.kind', code: 'kind-contradicts-status' });
    const retiredCadre = await h.call('POST', '/v1/records', {
      body: recordBody({
        interferer: interferer({
          kind: 'other-person',
          stateFunctionary: true,
          leadingPost: true,
          retired: true,
        }),
      }),
    });
    expect(retiredCadre.body.errors[0].path).toBe('interferer.kind');
    const draft = await h.call('POST', '/v1/records', { body: recordBody() });
    const amend = await h.call('POST', `/v1/records/${draft.body.id}/amendments`, {
      body: {
        reason: '补充身份',
        changes: {
          interferer: interferer({ kind: 'leading-cadre', stateFunctionary: false, leadingPost: true }),
        },
      },
    });
    expect(amend.body.errors[0].path).toBe('changes.interferer.kind');
  });
});
