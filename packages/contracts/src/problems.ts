import { z } from 'zod';

/** A message in both languages users and integrators read: Chinese first. */
export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const fieldErrorSchema = z.object({
  /** Dotted path into the body or query, e.g. `interferer.kind` or `specialItems[2]`. */
  path: z.string(),
  code: z.string(),
  message: bilingualSchema,
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with a machine code and both languages. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    message: bilingualSchema,
    errors: z.array(fieldErrorSchema).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

/** The problems every service can answer with; services add their own codes. */
export const COMMON_PROBLEMS = {
  'validation-failed': { status: 422, zh: '提交的数据有误', en: 'the submitted data are not valid' },
  'malformed-json': { status: 400, zh: '请求体不是有效的 JSON', en: 'the request body is not valid JSON' },
  'unsupported-media-type': { status: 415, zh: '不支持的内容类型', en: 'unsupported content type' },
  'payload-too-large': { status: 413, zh: '请求体过大', en: 'the request body is too large' },
  'route-not-found': { status: 404, zh: '请求的地址不存在', en: 'no such route' },
  'not-found': { status: 404, zh: '请求的资源不存在或无权查看', en: 'not found, or not yours to see' },
  unauthenticated: { status: 401, zh: '未登录或令牌无效', en: 'missing or invalid token' },
  forbidden: { status: 403, zh: '无此操作权限', en: 'you have no right to do this' },
  'idempotency-key-reused': {
    status: 422,
    zh: '同一幂等键已用于不同的请求',
    en: 'this Idempotency-Key was used for a different request',
  },
  'idempotency-in-progress': {
    status: 409,
    zh: '同一幂等键的请求仍在处理中，请稍后重试',
    en: 'a request with this Idempotency-Key is still being processed; retry shortly',
  },
  'bad-request': { status: 400, zh: '请求有误', en: 'bad request' },
  'service-unavailable': {
    status: 503,
    zh: '服务暂时不可用，请稍后重试',
    en: 'service temporarily unavailable; retry later',
  },
  'internal-error': { status: 500, zh: '服务器内部错误，已记录', en: 'internal error; it has been logged' },
} as const satisfies Record<string, { status: number } & Bilingual>;
export type CommonProblemCode = keyof typeof COMMON_PROBLEMS;

/** The URI that names a problem type. */
export function problemType(code: string): string {
  return `urn:jir:problem:${code}`;
}
