import { z } from 'zod';
import type { FieldError } from './problems.js';

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

type Issue = z.core.$ZodIssue;

/** `interferer.kind`, `personsPresent[1]`; the root is `(body)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(body)';
}

function say(fn: typeof zh, issue: Issue): string {
  const m = fn(issue as Parameters<typeof zh>[0]);
  return typeof m === 'string' ? m : (m?.message ?? issue.message);
}

/** One field error per issue, each naming the field and saying what is wrong in Chinese and English (R-RC-6). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    // A message written in the schema is kept as it is for both languages.
    const custom = issue.code === 'custom' ? issue.message : undefined;
    return {
      path,
      code: issue.code,
      message: {
        zh: `字段 ${path}：${custom ?? say(zh, issue)}`,
        en: `field ${path}: ${custom ?? say(en, issue)}`,
      },
    };
  });
}

/**
 * Parses with the input reported in issues (so messages can name the type
 * received) and strips that input again before anything leaves the process.
 */
export function safeParseReporting<S extends z.ZodType>(schema: S, value: unknown) {
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) {
    const issues = fieldErrors(r.error);
    for (const i of r.error.issues) delete (i as { input?: unknown }).input;
    return { success: false as const, error: r.error, fieldErrors: issues };
  }
  return { success: true as const, data: r.data as z.output<S> };
}
