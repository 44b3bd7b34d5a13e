// Issue 9 ("one way to change state"): evidence uploads accept Idempotency-Key. The answer commits
// with the row; a retry proves it carries the same bytes before it gets that answer (R-EV-1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
beforeAll(async () => {
  h = await evidenceHarness({ recordWaitMs: 200 });
});
afterAll(() => h?.close());

const rows = async (recordId: string) =>
  (await h.db.selectFrom('evidence').select('id').where('record_id', '=', recordId).execute()).length;
const storedEvents = async (recordId: string) =>
  (
    await h.db
      .selectFrom('outbox')
      .select('payload')
      .where('subject', '=', 'evidence.file.stored.v1')
      .execute()
  ).filter((r) => JSON.stringify(r.payload).includes(recordId)).length;

describe('Idempotency-Key on evidence uploads (R-EV-1)', () => {
  it('R-EV-1: a retry with the same key and bytes gets the first answer and stores nothing new', async () => {
    const recordId = await h.announceRecord();
    const key = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    const first = await h.upload(recordId, PNG, { name: 'a.png', headers: key });
    expect(first.status).toBe(201);
    const again = await h.upload(recordId, PNG, { name: 'a.png', headers: key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await rows(recordId)).toBe(1);
    expect(await storedEvents(recordId)).toBe(1);
    // Without a key, the same bytes are a second upload: the key is what makes the retry one.
    expect((await h.upload(recordId, PNG, { name: 'a.png' })).status).toBe(201);
    expect(await rows(recordId)).toBe(2);
  });

  it('R-EV-1: the same key, name and size with other bytes is a 409 problem, nothing stored', async () => {
    const recordId = await h.announceRecord();
    const key = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    expect((await h.upload(recordId, PNG, { name: 'a.png', headers: key })).status).toBe(201);
    const other = Buffer.from(PNG);
    other.writeUInt8(other.readUInt8(other.length - 1) ^ 0xff, other.length - 1);
    const res = await h.upload(recordId, other, { name: 'a.png', headers: key });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.code).toBe('idempotency-content-differs');
    expect(res.body.message.zh && res.body.message.en).toBeTruthy();
    expect(await rows(recordId)).toBe(1);
  });

  it('R-EV-1: a refusal is not remembered: "record unknown" under a key succeeds on retry once the record is known', async () => {
    const recordId = crypto.randomUUID();
    const key = { 'idempotency-key': `k-${crypto.randomUUID()}` };
    const early = await h.upload(recordId, PNG, { headers: key });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('record-unknown');
    await h.announceRecord({ recordId });
    let later = await h.upload(recordId, PNG, { headers: key });
    for (let i = 0; i < 20 && later.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 100));
      later = await h.upload(recordId, PNG, { headers: key });
    }
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(await rows(recordId)).toBe(1);
  });
});
