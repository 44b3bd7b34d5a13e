import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import { signPushToken } from '../src/delivery/peer-token.js';
import { loadSigningKey } from '../src/reports/report-signing.js';
import { reportingHarness, type ReportingHarness } from './harness.js';
import { deploymentEnv, freePort, keyPair } from './peers.js';

/**
 * Two deployments, each registering the other: Nanguan's basic court sends
 * its report to the Changchun intermediate court, served by the peer; that
 * court's acknowledgement (签收) there must come back to the sender.
 */
describe('a peer deployment’s acknowledgement comes back to the sender (R-RP-3)', { shuffle: false }, () => {
  const ng = keyPair();
  const city = keyPair();
  let sender: ReportingHarness;
  let receiver: ReportingHarness;
  const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
  const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };
  let reportId: string;
  let digest: string;

  beforeAll(async () => {
    const receiverPort = await freePort();
    sender = await reportingHarness({
      env: deploymentEnv({
        id: 'nanguan',
        courts: ['JL-CC-NG'],
        privateKey: ng.priv,
        peers: [
          {
            id: 'changchun-city',
            url: `http://127.0.0.1:${receiverPort}/`,
            courts: ['JL-CC', 'JL', 'SPC'],
            publicKey: city.pub,
          },
        ],
      }),
    });
    receiver = await reportingHarness({
      env: deploymentEnv({
        id: 'changchun-city',
        courts: ['JL-CC', 'JL', 'SPC'],
        privateKey: city.priv,
        peers: [{ id: 'nanguan', url: `${sender.url}/`, courts: ['JL-CC-NG'], publicKey: ng.pub }],
        port: receiverPort,
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await sender?.close();
  });

  const toCity = async () =>
    (await sender.call('GET', `/v1/deliveries?reportId=${reportId}`, { as: tm })).body.items.find(
      (d: { recipient: string }) => d.recipient === 'JL-CC',
    );

  /** An acknowledgement as the peer pushes it, signed by `key` as `iss`, for `sub`. */
  async function pushAck(
    body: { digest: string; recipient: string; acknowledgedAt: string; acknowledgedBy: string },
    o: { key?: ReturnType<typeof loadSigningKey>; iss?: string; sub?: string; tokenDigest?: string } = {},
  ) {
    const token = await signPushToken(
      o.key ?? loadSigningKey(city.priv),
      {
        iss: o.iss ?? 'changchun-city',
        aud: 'nanguan',
        sub: o.sub ?? body.recipient,
        digest: o.tokenDigest ?? body.digest,
      },
      crypto.randomUUID(),
    );
    const res = await fetch(`${sender.url}/v1/inbound-acknowledgements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown> & { message?: { zh?: string; en?: string } },
    };
  }

  it('R-RP-3: the peer court’s acknowledgement in its own inbox shows on the sender’s delivery, with who and when', async () => {
    const report = await sender.call('POST', '/v1/reports/quarterly', {
      as: tm,
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    reportId = report.body.id;
    digest = report.body.digest;
    const sent = await sender.call('POST', `/v1/reports/${reportId}/send`, { as: tm });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const delivered = await waitFor(
      async () => ((await toCity())?.status === 'delivered' ? toCity() : undefined),
      { what: 'the report pushed to the peer', timeoutMs: 20_000 },
    );
    expect(delivered).toMatchObject({ channel: 'peer', peer: 'changchun-city', acknowledgement: null });

    // The peer's court acknowledges it in its inbox, twice: the first one is what the sender sees.
    receiver.clock.advance(3_600_000);
    const ack = await receiver.call('POST', `/v1/inbox/${reportId}/JL-CC/acknowledge`, { as: tmCity });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ source: 'nanguan', acknowledgedBy: 'tm-city' });
    receiver.clock.advance(60_000);
    const again = await receiver.call('POST', `/v1/inbox/${reportId}/JL-CC/acknowledge`, {
      as: { ...tmCity, sub: 'tm-city-2' },
    });
    expect(again.body.acknowledgedBy).toBe('tm-city');

    const shown = await waitFor(async () => ((await toCity())?.acknowledgement ? toCity() : undefined), {
      what: 'the acknowledgement pushed back to the sender',
      timeoutMs: 20_000,
    });
    expect(shown.acknowledgement).toEqual({ at: ack.body.acknowledgedAt, by: 'tm-city' });
    const pushes = await receiver.db.selectFrom('acknowledgement_pushes').selectAll().execute();
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      peer: 'nanguan',
      recipient: 'JL-CC',
      digest,
      attempts: 1,
      last_error: null,
    });
    expect(pushes[0]!.pushed_at).not.toBeNull();
  }, 60_000);

  it('R-RP-3: a repeated acknowledgement answers the first one and changes nothing', async () => {
    const before = await toCity();
    const r = await pushAck({
      digest,
      recipient: 'JL-CC',
      acknowledgedAt: '2026-04-20T08:00:00+08:00',
      acknowledgedBy: 'someone-else',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      deliveryId: before.id,
      duplicate: true,
      acknowledgedAt: before.acknowledgement.at,
      acknowledgedBy: 'tm-city',
    });
    expect((await toCity()).acknowledgement).toEqual(before.acknowledgement);
    // The peer's worker pushing the same acknowledgement again (its mark lost) changes nothing either.
    await receiver.db.updateTable('acknowledgement_pushes').set({ pushed_at: null }).execute();
    receiver.service.parts.acknowledgementPushWorker.wake();
    await waitFor(
      async () =>
        (await receiver.db.selectFrom('acknowledgement_pushes').select('pushed_at').executeTakeFirstOrThrow())
          .pushed_at ?? undefined,
      { what: 'the acknowledgement pushed again' },
    );
    expect((await toCity()).acknowledgement).toEqual(before.acknowledgement);
  });

  it('R-RP-3: a push the sender refuses or cannot take is retried with backoff until it answers 2xx', async () => {
    const row = () => receiver.db.selectFrom('acknowledgement_pushes').selectAll().executeTakeFirstOrThrow();
    // A digest the sender never delivered: it answers 404, as a sender not yet caught up would.
    await receiver.db
      .updateTable('acknowledgement_pushes')
      .set({ pushed_at: null, digest: 'c'.repeat(64), attempts: 0, next_attempt_at: receiver.clock.now() })
      .execute();
    receiver.service.parts.acknowledgementPushWorker.wake();
    await waitFor(async () => ((await row()).attempts >= 1 ? true : undefined), { what: 'a failed push' });
    const failing = await row();
    expect(failing.pushed_at).toBeNull();
    expect(failing.last_error).toMatch(/404/);
    expect(new Date(failing.next_attempt_at).getTime()).toBeGreaterThan(receiver.clock.now().getTime());
    // Not due yet: more passes of the worker do not push it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await row()).attempts).toBe(1);

    await receiver.db.updateTable('acknowledgement_pushes').set({ digest }).execute();
    receiver.clock.advance(10 * 60_000);
    await waitFor(async () => (await row()).pushed_at ?? undefined, { what: 'the push taken at last' });
    expect(await row()).toMatchObject({ attempts: 2, last_error: null });
  });

  it('R-RP-3: an acknowledgement signed by an unknown key, for a court the peer does not serve or for a document never delivered is refused, problem+json in Chinese and English', async () => {
    const before = await toCity();
    const body = {
      digest,
      recipient: 'JL-CC',
      acknowledgedAt: '2026-04-20T08:00:00+08:00',
      acknowledgedBy: 'forger',
    };
    const refusals = [
      // A key nobody registered, under the peer's name.
      [await pushAck(body, { key: loadSigningKey(keyPair().priv) }), 401, 'unauthenticated'],
      // A deployment that is not a peer.
      [await pushAck(body, { iss: 'somewhere-else' }), 401, 'unauthenticated'],
      // A genuine token for another document.
      [await pushAck(body, { tokenDigest: 'b'.repeat(64) }), 401, 'token-digest-mismatch'],
      // The sender's own court: not one the peer serves.
      [await pushAck({ ...body, recipient: 'JL-CC-NG' }), 403, 'not-peer-court'],
      // A token issued for another court than the one said to acknowledge.
      [await pushAck(body, { sub: 'JL' }), 403, 'not-peer-court'],
      // A digest this deployment never delivered there.
      [await pushAck({ ...body, digest: 'a'.repeat(64) }), 404, 'delivery-not-found'],
      // Delivered to JL-CC, not to the court above it.
      [await pushAck({ ...body, recipient: 'JL' }), 404, 'delivery-not-found'],
    ] as const;
    for (const [r, status, code] of refusals) {
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.type).toContain('application/problem+json');
      expect(r.body['code']).toBe(code);
      expect(r.body.message?.zh && r.body.message.en).toBeTruthy();
    }
    const bare = await fetch(`${sender.url}/v1/inbound-acknowledgements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(bare.status).toBe(401);
    expect(await sender.db.selectFrom('peer_acknowledgements').selectAll().execute()).toHaveLength(1);
    expect((await toCity()).acknowledgement).toEqual(before.acknowledgement);
  });
});
