import { describe, expect, it } from 'vitest';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const records = async () => (await h.call('GET', '/v1/records?limit=200', { as: tm })).body.items.length;

describe('Art 16: what starts inside the courts, and what courts relay (R-SC-5)', () => {
  it('R-SC-5: a request that starts with a leader of any court of the city is refused with why, and the refusal is logged', async () => {
    const before = await records();
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({
        origin: 'courts-of-the-city',
        interferer: {
          name: '赵某',
          unit: '长春市某区人民法院',
          position: '副院长',
          unitType: 'other',
          kind: 'other-person',
        },
      }),
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('internal-personnel');
    expect(r.body.message.zh).toContain('全市法院');
    expect(r.body.message.en).toContain('logged');
    expect(await records()).toBe(before);
    const logged = (await h.call('GET', '/v1/refused-attempts', { as: tm })).body;
    expect(logged).toEqual([
      expect.objectContaining({
        actor: 'judge-a',
        action: 'refused.record.create',
        code: 'internal-personnel',
      }),
    ]);
    // The old flag says the same and is logged the same.
    expect(
      (await h.call('POST', '/v1/records', { body: recordBody({ internalPersonnel: true }) })).status,
    ).toBe(422);
    expect((await h.call('GET', '/v1/refused-attempts', { as: tm })).body).toHaveLength(2);
  });

  it('R-SC-5: an outsider’s request relayed by the court’s president stays external, with the relay recorded', async () => {
    const relay = { name: '钱某', court: 'JL-CC-NG', position: '院长', staffId: 'president-1' };
    const r = await h.call('POST', '/v1/records', {
      body: recordBody({ origin: 'outside-the-courts', relayedBy: relay, enter: true }),
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      state: 'entered',
      relayedBy: relay,
      interferer: { name: '王某', kind: 'leading-cadre' },
    });
    expect((await h.call('GET', `/v1/records/${r.body.id}`)).body.relayedBy).toEqual(relay);
    // Without a relay the field is null, not missing.
    const plain = await h.call('POST', '/v1/records', { body: recordBody() });
    expect(plain.body.relayedBy).toBeNull();
  });
});
