// N3 and N8 of the second security probe: who may hold an upload slot, how long a stalled form
// may hold its connection, and what a HEAD leaves in the chain of custody (R-NF-3, R-EV-5).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

const IDLE_MS = 3000;
let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  // An idle timeout well above what a refusal takes on a loaded 2-core CI machine (2 s seen at a
  // load of 24), so "refused at once" and "answered after the idle timeout" stay apart.
  h = await evidenceHarness({ maxConcurrentUploads: 2, idleTimeoutMs: IDLE_MS });
  recordId = await h.announceRecord();
});
afterAll(() => h?.close());

/** Opens a connection, writes `payload`, and resolves with what the server answered and when. */
function rawHttp(payload: string, timeoutMs = 15_000): Promise<{ answer: string; ms: number }> {
  const u = new URL(h.url);
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const sock = connect(Number(u.port), u.hostname, () => sock.write(payload));
    const got: Buffer[] = [];
    sock.on('data', (d) => got.push(d));
    sock.on('close', () => resolve({ answer: Buffer.concat(got).toString('latin1'), ms: Date.now() - t0 }));
    sock.on('error', reject);
    sock.setTimeout(timeoutMs, () => sock.destroy());
  });
}
const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]);

describe('upload slots are for callers who may upload (R-NF-3)', () => {
  it('R-NF-3: stalled uploads by a token with no roles are refused at once and hold no slot', async () => {
    const token = await h.token({ sub: 'nobody', roles: [] });
    // More stalled no-roles uploads than there are slots, each announcing 1 MB and sending 10 bytes.
    const stalled = [1, 2, 3, 4].map(() =>
      rawHttp(
        `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/octet-stream\r\nContent-Length: 1048576\r\nConnection: close\r\n\r\n%PDF-1.7\n\n`,
      ),
    );
    await new Promise((r) => setTimeout(r, 300));
    const ok = await h.upload(recordId, PNG);
    expect(ok.status).toBe(201);
    for (const s of await Promise.all(stalled)) {
      expect(statusOf(s.answer)).toBe(404);
      // Refused before the idle timeout could matter: nothing waited for their bodies.
      expect(s.ms).toBeLessThan(IDLE_MS);
    }
  });

  it('R-NF-3: a form that stops before its file part is answered 408 after the idle timeout, not minutes later', async () => {
    const boundary = 'QQ';
    const head =
      `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await h.token()}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="size"\r\n\r\n9`;
    const [a, b] = await Promise.all([rawHttp(head), rawHttp(head)]);
    for (const s of [a!, b!]) {
      expect(statusOf(s.answer)).toBe(408);
      expect(s.ms).toBeGreaterThanOrEqual(IDLE_MS - 100);
      expect(s.ms).toBeLessThan(IDLE_MS + 5000);
    }
    // Neither held a slot beyond its answer.
    expect((await h.upload(recordId, PNG)).status).toBe(201);
  });
});

describe('HEAD of evidence content (R-EV-5)', () => {
  it('R-EV-5: HEAD answers the headers and leaves no download in the chain of custody; GET does', async () => {
    const { body } = await h.upload(recordId, PNG);
    const head = await h.call('HEAD', `/v1/evidence/${body.id}/content`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(PNG.length));
    const custody = async () =>
      (
        (await (await h.call('GET', `/v1/evidence/${body.id}`)).json()) as { custody: { action: string }[] }
      ).custody.map((c) => c.action);
    expect(await custody()).toEqual(['uploaded']);
    await (await h.call('GET', `/v1/evidence/${body.id}/content`)).arrayBuffer();
    expect(await custody()).toEqual(['uploaded', 'downloaded']);
  });
});
