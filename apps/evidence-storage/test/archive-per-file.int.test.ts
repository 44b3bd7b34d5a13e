// R-EV-4 (Art 5): whether a file is written material is decided per file, and a written file's
// volume (or an exempt opinion's) cannot be overridden by a destination the caller names.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
beforeAll(async () => {
  h = await evidenceHarness();
});
afterAll(() => h?.close());

const SCAN = () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(100)]);
const archive = async (id: string, body: Record<string, unknown>) => {
  const r = await h.call('POST', `/v1/evidence/${id}/archive`, { body });
  return { status: r.status, body: (await r.json()) as any };
};

describe('archiving each file by what it is (Art 5, R-EV-4)', () => {
  it('R-EV-4: a scanned letter attached to a WeChat record is written material and goes to the secondary volume; a screenshot of the same record needs its destination', async () => {
    const wechat = await h.announceRecord({ form: 'wechat' });
    const letter = await h.upload(wechat, SCAN(), { name: '来信扫描件.pdf' });
    expect(letter.status).toBe(201);
    const a = await archive(letter.body.id, { writtenMaterial: true });
    expect(a.status).toBe(200);
    expect(a.body.archive).toEqual({ volume: 'secondary', destination: '案件副卷' });
    expect(a.body.custody.at(-1)).toMatchObject({
      action: 'archived',
      detail: { archive_volume: 'secondary', writtenMaterial: true },
    });

    const shot = await h.upload(wechat, PNG, { name: '截图.png' });
    const undecided = await archive(shot.body.id, {});
    expect(undecided.status).toBe(422);
    expect(undecided.body.code).toBe('destination-required');
  });

  it('R-EV-4: a screenshot attached to a letter record is not written material when the archiver says so: it is archived where they record', async () => {
    const letterRecord = await h.announceRecord({ form: 'letter' });
    const shot = await h.upload(letterRecord, PNG, { name: '短信截图.png' });
    const refused = await archive(shot.body.id, { writtenMaterial: false });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('destination');
    const ok = await archive(shot.body.id, { writtenMaterial: false, destination: '刻录光盘存档案室' });
    expect(ok.body.archive).toEqual({ volume: null, destination: '刻录光盘存档案室' });
  });

  it('R-EV-4: a destination that contradicts the secondary volume of written material is refused, and the file stays unarchived', async () => {
    const letterRecord = await h.announceRecord({ form: 'letter' });
    const letter = await h.upload(letterRecord, SCAN());
    const contradicting = await archive(letter.body.id, { destination: '退回来信人' });
    expect(contradicting.status).toBe(422);
    expect(contradicting.body.code).toBe('volume-fixed');
    expect(contradicting.body.message.zh).toContain('副卷');
    expect(contradicting.body.errors[0].path).toBe('destination');
    const wechat = await h.announceRecord({ form: 'wechat' });
    const scan = await h.upload(wechat, SCAN());
    expect((await archive(scan.body.id, { writtenMaterial: true, destination: '档案室' })).body.code).toBe(
      'volume-fixed',
    );
    // Nothing was archived by the refusals: the file still takes its right place.
    expect((await archive(letter.body.id, {})).body.archive).toEqual({
      volume: 'secondary',
      destination: '案件副卷',
    });
  });

  it('R-EV-4, R-SC-4: an exempt opinion’s file goes to the main volume even if called written material, and no destination overrides it', async () => {
    const opinion = await h.announceOpinion();
    const f = await h.upload(opinion, SCAN(), { name: '委托函.pdf' });
    expect((await archive(f.body.id, { destination: '案件副卷' })).body.code).toBe('volume-fixed');
    const a = await archive(f.body.id, { writtenMaterial: true });
    expect(a.body.archive).toEqual({ volume: 'main', destination: '案件正卷' });
  });
});
