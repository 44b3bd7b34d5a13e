import { parse } from 'csv-parse/sync';
import { problem } from '@jir/service-kit';

/** Column headers a personnel export may use, English or Chinese, for each field. */
const HEADERS: Record<string, 'id' | 'name' | 'division' | 'roles' | 'activeFrom' | 'activeUntil'> = {
  id: 'id',
  sub: 'id',
  工号: 'id',
  账号: 'id',
  name: 'name',
  姓名: 'name',
  division: 'division',
  部门: 'division',
  庭室: 'division',
  roles: 'roles',
  role: 'roles',
  角色: 'roles',
  activefrom: 'activeFrom',
  入职时间: 'activeFrom',
  起始时间: 'activeFrom',
  activeuntil: 'activeUntil',
  离职时间: 'activeUntil',
  终止时间: 'activeUntil',
};

const notUtf8 = () =>
  problem({
    status: 415,
    code: 'csv-not-utf8',
    message: {
      zh: 'CSV 文件不是 UTF-8 编码（可能是 GBK）：请在表格软件中另存为“CSV UTF-8”后重新上传',
      en: 'the CSV file is not UTF-8 (perhaps GBK): save it as "CSV UTF-8" in the spreadsheet and upload again',
    },
  });

/**
 * A staff directory as a spreadsheet exports it (R-AC-1): UTF-8 with or without
 * a BOM, RFC 4180 quoting (commas inside quotes), a header row naming the columns
 * in English or Chinese; roles in one cell separated by commas, semicolons or 、.
 * Anything not UTF-8 (a GBK export) is refused rather than read as mojibake.
 * What comes out is validated by the same schema as the JSON body.
 */
export function staffFromCsv(bytes: Buffer): Record<string, unknown>[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8();
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    const message = {
      zh: `CSV 格式错误：${(e as Error).message}`,
      en: `the CSV file is malformed: ${(e as Error).message}`,
    };
    // A 422 names what is wrong (R-RC-6): here the file itself, as its rows cannot be read.
    throw problem({
      status: 422,
      code: 'csv-malformed',
      message,
      errors: [{ path: 'csv', code: 'csv-malformed', message }],
    });
  }
  const [header, ...body] = rows;
  const columns = (header ?? []).map((h) => HEADERS[h.replace(/[\s_-]/g, '').toLowerCase()]);
  const missing = (['id', 'name'] as const).filter((f) => !columns.includes(f));
  if (missing.length)
    throw problem({
      status: 422,
      code: 'csv-missing-columns',
      message: {
        zh: `CSV 缺少列：${missing.join('、')}（首行应为列名，如 工号,姓名,部门,角色）`,
        en: `the CSV lacks the columns ${missing.join(', ')} (the first row names the columns, e.g. id,name,division,roles)`,
      },
      errors: missing.map((m) => ({
        path: `csv.header.${m}`,
        code: 'missing-column',
        message: { zh: `缺少列 ${m}`, en: `column ${m} is missing` },
      })),
    });
  return body.map((cells) => {
    const person: Record<string, unknown> = {};
    columns.forEach((field, i) => {
      const v = cells[i] ?? '';
      if (!field) return;
      if (field === 'roles') person['roles'] = v.split(/[,;；，、|\s]+/).filter(Boolean);
      else if (v !== '') person[field] = v;
    });
    return person;
  });
}
