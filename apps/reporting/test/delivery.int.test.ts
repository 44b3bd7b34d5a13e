import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEntered } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { canonicalJson, loadSigningKey, snapshotDigest, signDigest } from '../src/reports/report-signing.js';
import { signPushToken } from '../src/delivery/peer-token.js';
import { recordEvents, reportingHarness, type ReportingHarness } from './harness.js';
import { freePort, keyPair } from './peers.js';

const outboxCount = async (h: ReportingHarness, type: string) =>
  Number(
    (
      await h.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(sql`payload->>'type'`, '=', type)
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Two deployments on loopback, each with its own database, bus namespace and
 * courts: Nanguan's basic court (sender) and the Changchun intermediate court
 * with the courts above it (receiver), each registering the other's key.
 */
// One story in order, whatever the run's shuffle: the receiver comes up in the first test, and the
// replay and forgery tests push the report that test delivered (each other file still shuffles).
describe('court-to-court delivery between two deployments (R-RP-2, R-RP-3)', { shuffle: false }, () => {
  const ng = keyPair();
  const city = keyPair();
  let port: number;
  let sender: ReportingHarness;
  let receiver: ReportingHarness | undefined;
  const receiverEnv = () => ({
    PORT: String(port),
    DEPLOYMENT_ID: 'changchun-city',
    DEPLOYMENT_COURTS: 'JL-CC,JL,SPC',
    REPORT_SIGNING_KEY: city.priv,
    DELIVERY_IDLE_MS: '50',
    PEERS: JSON.stringify([
      { id: 'nanguan', url: 'http://127.0.0.1:1/', courts: ['JL-CC-NG'], publicKey: ng.pub },
    ]),
  });

  beforeAll(async () => {
    port = await freePort();
    sender = await reportingHarness({
      env: {
        DEPLOYMENT_ID: 'nanguan',
        DEPLOYMENT_COURTS: 'JL-CC-NG',
        REPORT_SIGNING_KEY: ng.priv,
        DELIVERY_IDLE_MS: '50',
        DELIVERY_BACKOFF_MAX_MS: '1000',
        PEERS: JSON.stringify([
          {
            id: 'changchun-city',
            url: `http://127.0.0.1:${port}/`,
            courts: ['JL-CC', 'JL', 'SPC'],
            publicKey: city.pub,
          },
        ]),
      },
    });
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await sender?.close();
  });

  let reportId: string;
  const tm = { sub: 'tm-ng', court: 'JL-CC-NG', roles: ['trial-management'] };
  const tmCity = { sub: 'tm-city', court: 'JL-CC', roles: ['trial-management'] };

  async function startReceiver() {
    receiver = await reportingHarness({ env: receiverEnv() });
  }

  it('R-RP-3: with the receiving deployment down, the report is retried with backoff and delivered once after it returns', async () => {
    await sender.publish(recordEntered, recordEvents(crypto.randomUUID(), { specialItems: ['SR07'] }));
    await sender.publish(recordEntered, recordEvents(crypto.randomUUID()));
    await sender.applied(2);
    const gen = await sender.call('POST', '/v1/reports/quarterly', {
      as: tm,
      body: { court: 'JL-CC-NG', quarter: '2026-Q1' },
    });
    expect(gen.status).toBe(201);
    reportId = gen.body.id;
    const sent = await sender.call('POST', `/v1/reports/${reportId}/send`, { as: tm });
    expect(sent.status).toBe(202);
    const byRecipient = Object.fromEntries(
      sent.body.items.map((d: { recipient: string }) => [d.recipient, d]),
    ) as Record<string, { channel: string; status: string; id: string; peer: string | null }>;
    // R-RP-2: the region's committee by hand, the intermediate court through its deployment.
    expect(byRecipient['PLC:JL-CC-NG']).toMatchObject({ channel: 'committee', status: 'awaiting-handover' });
    expect(byRecipient['JL-CC']).toMatchObject({
      channel: 'peer',
      peer: 'changchun-city',
      status: 'pending',
    });

    // The receiver is down: attempts fail and the next one is pushed back (the clock must move).
    const attempts = async () =>
      await sender.db
        .selectFrom('deliveries')
        .selectAll()
        .where('recipient', '=', 'JL-CC')
        .executeTakeFirstOrThrow();
    await waitFor(async () => ((await attempts()).attempts >= 1 ? true : undefined), {
      what: 'a failed attempt',
    });
    for (let i = 0; i < 3; i++) {
      const before = (await attempts()).attempts;
      sender.clock.advance(60_000);
      await waitFor(async () => ((await attempts()).attempts > before ? true : undefined), {
        what: 'another attempt',
      });
    }
    const failing = await attempts();
    expect(failing.status).toBe('pending');
    expect(failing.last_error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(new Date(failing.next_attempt_at).getTime()).toBeGreaterThan(sender.clock.now().getTime());
    expect(await outboxCount(sender, 'reporting.report.delivered')).toBe(0);

    await startReceiver();
    sender.clock.advance(10 * 60_000);
    await waitFor(async () => ((await attempts()).status === 'delivered' ? true : undefined), {
      what: 'the delivery acknowledged',
      timeoutMs: 20_000,
    });
    // More passes of the worker change nothing.
    sender.clock.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await outboxCount(sender, 'reporting.report.delivered')).toBe(1);
    const inbox = await receiver!.call('GET', '/v1/inbox?kind=quarterly-report', { as: tmCity });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({
      documentId: reportId,
      fromCourt: 'JL-CC-NG',
      recipient: 'JL-CC',
      source: 'nanguan',
      digest: gen.body.digest,
      acknowledgedAt: null,
    });
    // The receiver's court acknowledges it and sees it in its roll-up (R-RP-3).
    const ack = await receiver!.call('POST', `/v1/inbox/${reportId}/JL-CC/acknowledge`, { as: tmCity });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBe('tm-city');
    expect(await outboxCount(receiver!, 'reporting.report.acknowledged')).toBe(1);
    const rollup = await receiver!.call('GET', '/v1/rollup?court=JL-CC&quarter=2026-Q1', { as: tmCity });
    expect(rollup.status).toBe(200);
    expect(rollup.body.lower).toEqual([expect.objectContaining({ court: 'JL-CC-NG', reportId, records: 2 })]);
    expect(rollup.body.combined.records).toBe(2);
    expect(rollup.body.missing).toContain('JL-CC-KC');
    expect(rollup.body.missing).not.toContain('JL-CC-NG');
    // A basic court's handler of another court sees nothing of the receiver's inbox.
    const other = await receiver!.call('GET', '/v1/inbox', {
      as: { sub: 'x', court: 'JL-CC-KC', roles: ['trial-management'] },
    });
    expect(other.body.items).toEqual([]);

    // R-RP-2: the committee delivery records who handed it over, when and how, and emits its event.
    const committee = byRecipient['PLC:JL-CC-NG']!;
    const handed = await sender.call('POST', `/v1/deliveries/${committee.id}/handover`, {
      as: tm,
      body: { deliveredBy: '张书记员', deliveredAt: '2026-04-14T09:00:00+08:00', method: 'in-person' },
    });
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({
      status: 'delivered',
      handover: { by: '张书记员', method: 'in-person', at: '2026-04-14T01:00:00.000Z' },
    });
    const again = await sender.call('POST', `/v1/deliveries/${committee.id}/handover`, {
      as: tm,
      body: { deliveredBy: '张书记员', deliveredAt: '2026-04-14T09:00:00+08:00', method: 'in-person' },
    });
    expect(again.status).toBe(409);
    const delivered = await sender.db
      .selectFrom('outbox')
      .select('payload')
      .where(sql`payload->>'type'`, '=', 'reporting.report.delivered')
      .execute();
    expect(
      delivered.map((r) => (r.payload as { data: { recipient: string } }).data.recipient).sort(),
    ).toEqual(['JL-CC', 'PLC:JL-CC-NG']);
  }, 60_000);

  /** The push exactly as the sender's worker makes it, for replays and forgeries. */
  async function pushBody() {
    const row = await sender.db
      .selectFrom('deliveries')
      .selectAll()
      .where('document_id', '=', reportId)
      .where('recipient', '=', 'JL-CC')
      .executeTakeFirstOrThrow();
    return {
      kind: row.document_kind,
      recipient: row.recipient,
      document: row.document as Record<string, unknown> & { totals: { records: number } },
      digest: row.digest,
      signature: row.signature,
      keyId: row.key_id,
    };
  }
  const ngKey = () => loadSigningKey(ng.priv);
  async function push(body: unknown, token: string) {
    const res = await fetch(`${receiver!.url}/v1/inbound-reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const tokenFor = (digest: string, key = ngKey(), iss = 'nanguan') =>
    signPushToken(key, { iss, aud: 'changchun-city', sub: 'JL-CC-NG', digest }, crypto.randomUUID());
  const receivedCount = async () =>
    Number(
      (
        await receiver!.db
          .selectFrom('received_documents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('R-RP-3: a replayed push is acknowledged with the first receipt and counted once; a re-push after a lost acknowledgement too', async () => {
    const body = await pushBody();
    const first = await push(body, await tokenFor(body.digest));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ documentId: reportId, duplicate: true });
    // The sender lost the acknowledgement (crash between push and commit): its worker pushes again.
    await sender.db
      .updateTable('deliveries')
      .set({ status: 'pending', next_attempt_at: sender.clock.now() })
      .where('document_id', '=', reportId)
      .where('recipient', '=', 'JL-CC')
      .execute();
    sender.service.parts.deliveryWorker.wake();
    await waitFor(
      async () =>
        (
          await sender.db
            .selectFrom('deliveries')
            .select('status')
            .where('document_id', '=', reportId)
            .where('recipient', '=', 'JL-CC')
            .executeTakeFirstOrThrow()
        ).status === 'delivered' || undefined,
      { what: 'the re-push acknowledged' },
    );
    expect(await receivedCount()).toBe(1);
    const rollup = await receiver!.call('GET', '/v1/rollup?court=JL-CC&quarter=2026-Q1', { as: tmCity });
    expect(rollup.body.combined.records).toBe(2);
  });

  it('R-RP-3, R-BX-4: a forged or altered report is refused and nothing is stored', async () => {
    const body = await pushBody();
    const before = await receivedCount();
    const altered = {
      ...body,
      document: {
        ...body.document,
        id: crypto.randomUUID(),
        totals: { ...body.document.totals, records: 0 },
      },
    };
    // Altered content under the original digest.
    let r = await push(altered, await tokenFor(body.digest));
    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('digest-mismatch');
    // Altered content with a digest recomputed but the original signature.
    const redigested = { ...altered, digest: snapshotDigest(altered.document) };
    r = await push(redigested, await tokenFor(redigested.digest));
    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('signature-invalid');
    // Signed and pushed by a key the receiver never registered.
    const forger = loadSigningKey(keyPair().priv);
    const forged = { ...redigested, signature: signDigest(forger, redigested.digest) };
    r = await push(forged, await tokenFor(forged.digest, forger));
    expect(r.status).toBe(401);
    // A genuine token for another document does not carry this one.
    r = await push(redigested, await tokenFor(body.digest));
    expect(r.status).toBe(401);
    // No token, or an unknown deployment.
    r = await push(body, 'nonsense');
    expect(r.status).toBe(401);
    r = await push(body, await tokenFor(body.digest, ngKey(), 'somewhere-else'));
    expect(r.status).toBe(401);
    for (const bad of [r.body]) expect(bad['title'] ?? bad['detail']).toBeTruthy();
    expect(await receivedCount()).toBe(before);
    expect(canonicalJson(body.document)).toContain('"court":"JL-CC-NG"');
  });

  it('R-RP-2: a severe record escalates at once, level by level, through the peer, one event per hop', async () => {
    const recordId = crypto.randomUUID();
    await sender.publish(recordEntered, recordEvents(recordId, { severe: true }));
    const hops = async () =>
      sender.db
        .selectFrom('deliveries')
        .selectAll()
        .where('record_id', '=', recordId)
        // The court levels; the region's committee is told at once by hand (routing-rules test).
        .where('recipient_kind', '=', 'court')
        .orderBy('hop')
        .execute();
    await waitFor(
      async () =>
        ((await hops()).length === 3 && (await hops()).every((h) => h.status === 'delivered')) || undefined,
      { what: 'three escalation hops delivered', timeoutMs: 20_000 },
    );
    const rows = await hops();
    expect(rows.map((h) => h.recipient)).toEqual(['JL-CC', 'JL', 'SPC']);
    // Level by level: no hop before the one below it.
    for (let i = 1; i < rows.length; i++)
      expect(new Date(rows[i]!.delivered_at!).getTime()).toBeGreaterThanOrEqual(
        new Date(rows[i - 1]!.delivered_at!).getTime(),
      );
    const events = await sender.db
      .selectFrom('outbox')
      .select('payload')
      .where(sql`payload->>'type'`, '=', 'reporting.escalation.delivered')
      .execute();
    expect(events.map((e) => (e.payload as { data: { level: string } }).data.level).sort()).toEqual([
      'JL',
      'JL-CC',
      'SPC',
    ]);
    const inbox = await receiver!.call('GET', '/v1/inbox?kind=severe-escalation&recipient=SPC', {
      as: { sub: 'tm-spc', court: 'SPC', roles: ['trial-management'] },
    });
    expect(inbox.body.items).toEqual([
      expect.objectContaining({ fromCourt: 'JL-CC-NG', recipient: 'SPC', source: 'nanguan' }),
    ]);
    // The same record's facts again (an amendment, a redelivery): no second escalation.
    await sender.publish(recordEntered, recordEvents(recordId, { severe: true }));
    await new Promise((r) => setTimeout(r, 300));
    expect(await hops()).toHaveLength(3);
  }, 40_000);
});
