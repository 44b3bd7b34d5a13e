import { describe, expect, it } from 'vitest';
import { TRIAL_MANAGER as tm } from '@jir/testing';
import { intakeForThisFile } from './harness.js';

const h = intakeForThisFile();

const BOM = '\uFEFF';
// As a spreadsheet saves "CSV UTF-8": a BOM, CRLF, Chinese headers, quoted cells with commas.
const EXPORT =
  BOM +
  '工号,姓名,部门,角色\r\n' +
  'judge-a,张三,civil-1,case-handler\r\n' +
  'dh-1,"李四（庭长，兼）",civil-1,"division-head,case-handler"\r\n' +
  'rc-1,王五,filing,receiving-clerk\r\n';
const putCsv = (body: string | Buffer, as: Record<string, unknown> = tm) =>
  h.token(as).then(async (token) => {
    const res = await fetch(`${h.url}/v1/staff`, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv; charset=utf-8', authorization: `Bearer ${token}` },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  });

describe('the staff directory (R-AC-1)', () => {
  it('R-AC-1: a spreadsheet CSV export (BOM, quoted commas, Chinese names) loads, idempotently, and pickers filter it', async () => {
    const first = await putCsv(EXPORT);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ added: 3, updated: 0, unchanged: 0, departed: 0, total: 3 });
    const again = await putCsv(EXPORT);
    expect(again.body).toMatchObject({ added: 0, updated: 0, unchanged: 3, departed: 0 });

    const civil = await h.call('GET', '/v1/staff?division=civil-1');
    expect(civil.status).toBe(200);
    expect(civil.body.map((p: { id: string }) => p.id)).toEqual(['dh-1', 'judge-a']);
    const heads = await h.call('GET', '/v1/staff?role=division-head');
    expect(heads.body).toEqual([
      expect.objectContaining({
        id: 'dh-1',
        name: '李四（庭长，兼）',
        roles: ['division-head', 'case-handler'],
        active: true,
      }),
    ]);
    expect((await h.call('GET', `/v1/staff?q=${encodeURIComponent('王')}`)).body[0].id).toBe('rc-1');
    // Another court sees none of it.
    expect((await h.call('GET', '/v1/staff', { as: { court: 'JL-CC-KC', sub: 'x' } })).body).toEqual([]);
    // Only trial management or IT loads it.
    expect((await putCsv(EXPORT, { roles: ['case-handler'] })).status).toBe(403);
    // The load that changed something is audited; the repeat is not.
    const audited = await h.db
      .selectFrom('audit_entries')
      .select('data')
      .where('action', '=', 'staff.directory-loaded')
      .where('court', '=', 'JL-CC-NG')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('R-AC-1: people left out of the next export have left and keep their row; JSON loads the same way', async () => {
    // A court of its own with its own first export: the other tests load Nanguan's directory.
    const court = 'JL-CC-CY';
    expect((await putCsv(EXPORT, { ...tm, court })).body).toMatchObject({ added: 3 });
    const res = await h.call('PUT', '/v1/staff', {
      as: { sub: 'it-1', division: 'it', roles: ['it-admin'], court },
      body: {
        staff: [
          { id: 'judge-a', name: '张三', division: 'civil-1', roles: ['case-handler'] },
          {
            id: 'dh-1',
            name: '李四（庭长，兼）',
            division: 'civil-1',
            roles: ['division-head', 'case-handler'],
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ departed: 1, unchanged: 2 });
    expect((await h.call('GET', '/v1/staff?q=rc-1', { as: { court } })).body).toEqual([]);
    expect((await h.call('GET', '/v1/staff?q=rc-1&all=true', { as: { court } })).body).toEqual([
      expect.objectContaining({ id: 'rc-1', active: false }),
    ]);
  });

  it('R-AC-1: a GBK export is refused with a clear message; a bad row names its field', async () => {
    // "工号,姓名" in GBK.
    const gbk = Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a]);
    const refused = await putCsv(gbk);
    expect(refused.status).toBe(415);
    expect(refused.body.code).toBe('csv-not-utf8');
    expect(JSON.stringify(refused.body)).toContain('GBK');
    const badRole = await putCsv('id,name,roles\r\njudge-z,赵六,chief-justice\r\n');
    expect(badRole.status).toBe(422);
    expect(badRole.body.errors[0].path).toBe('staff[0].roles[0]');
    const noName = await putCsv('id,division\r\njudge-z,civil-1\r\n');
    expect(noName.status).toBe(422);
    expect(noName.body.code).toBe('csv-missing-columns');
    const xml = await h.call('PUT', '/v1/staff', {
      as: tm,
      body: '<x/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(xml.status).toBe(415);
  });

  it('R-AC-1: people seen with valid tokens but not in the directory are listed for trial management', async () => {
    // A court of its own whose directory names judge-a, loaded here.
    const court = 'JL-CC-DH';
    expect((await putCsv(EXPORT, { ...tm, court })).status).toBe(200);
    await h.call('GET', '/v1/records', {
      as: { sub: 'stranger-1', name: '陌生人', division: 'civil-2', court },
    });
    await h.call('GET', '/v1/records', { as: { sub: 'judge-a', court } });
    const unknown = await h.call('GET', '/v1/staff/unknown', { as: { ...tm, court } });
    expect(unknown.status).toBe(200);
    const ids = unknown.body.map((p: { id: string }) => p.id);
    expect(ids).toContain('stranger-1');
    expect(ids).not.toContain('judge-a');
    expect((await h.call('GET', '/v1/staff/unknown', { as: { court } })).status).toBe(403);
  });
});
