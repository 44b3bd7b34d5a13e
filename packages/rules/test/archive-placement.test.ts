import { describe, expect, it } from 'vitest';
import { archivePlacement } from '../src/index.js';

describe('where each file is archived (Art 5, Art 6, R-EV-4)', () => {
  it('R-EV-4: a scanned letter attached to a WeChat record is written material: secondary volume', () => {
    expect(archivePlacement({ subject: 'record', form: 'wechat', writtenMaterial: true })).toEqual({
      kind: 'volume',
      volume: 'secondary',
      destination: '案件副卷',
    });
  });

  it('R-EV-4: a screenshot attached to a letter is not written material: it needs its destination', () => {
    const none = archivePlacement({ subject: 'record', form: 'letter', writtenMaterial: false });
    expect(none).toMatchObject({ kind: 'refused', code: 'destination-required', field: 'destination' });
    expect(
      archivePlacement({
        subject: 'record',
        form: 'letter',
        writtenMaterial: false,
        destination: '技术室存档',
      }),
    ).toEqual({ kind: 'destination', destination: '技术室存档' });
  });

  it('R-EV-4: undecided, the record’s form decides, as before', () => {
    expect(archivePlacement({ subject: 'record', form: 'official-letter' })).toMatchObject({
      volume: 'secondary',
    });
    expect(archivePlacement({ subject: 'record', form: 'sms' })).toMatchObject({
      code: 'destination-required',
    });
  });

  it('R-EV-4: the volume of written material cannot be overridden by a destination', () => {
    const r = archivePlacement({ subject: 'record', form: 'letter', destination: '退回来信人' });
    expect(r).toMatchObject({ kind: 'refused', code: 'volume-fixed', field: 'destination' });
    expect(r.kind === 'refused' && r.zh).toContain('副卷');
    // Naming the volume's own destination is no contradiction.
    expect(archivePlacement({ subject: 'record', form: 'letter', destination: '案件副卷' })).toMatchObject({
      volume: 'secondary',
    });
  });

  it('R-EV-4, R-SC-4: an exempt opinion’s files go to the main volume, whatever the file, and stay there', () => {
    expect(archivePlacement({ subject: 'exempt-opinion', writtenMaterial: true })).toEqual({
      kind: 'volume',
      volume: 'main',
      destination: '案件正卷',
    });
    expect(archivePlacement({ subject: 'exempt-opinion', destination: '案件副卷' })).toMatchObject({
      code: 'volume-fixed',
    });
  });
});
