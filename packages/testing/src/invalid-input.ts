// Generated request bodies that are invalid by construction, read from a service's own OpenAPI
// document: every route with a JSON body gets bodies in which at least one declared field has a
// value its schema cannot accept (or which are not an object at all). Built from the document
// rather than by hand, so a route added later is covered the day it is documented; checked
// against the answer, so a body the server accepts shows the generator (or the schema) wrong.
import fc from 'fast-check';
import { readAnswer } from './json-client.js';

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};
type Doc = {
  paths?: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** One documented route with a JSON body: the method, the OpenAPI path and the body's schema. */
export interface BodyRoute {
  method: string;
  /** As in the document, e.g. `/v1/records/{id}/amendments`. */
  path: string;
  schema: JsonSchema;
}

/** Every route of an OpenAPI document that takes a JSON body. */
export function bodyRoutes(doc: unknown): BodyRoute[] {
  const d = doc as Doc;
  const out: BodyRoute[] = [];
  for (const [path, item] of Object.entries(d.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema) out.push({ method: method.toUpperCase(), path, schema: resolve(d, schema) });
    }
  }
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const JSON_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;
type JsonType = (typeof JSON_TYPES)[number];

function resolve(doc: Doc, s: JsonSchema, depth = 0): JsonSchema {
  if (!s.$ref || depth > 20) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
  return resolve(doc, target, depth + 1);
}

/**
 * The JSON types a schema accepts, or undefined when it cannot tell (no type, a `not`, a ref it
 * was not given): such a field is never the one broken, so a body is never called invalid wrongly.
 */
function acceptedTypes(doc: Doc, raw: JsonSchema): Set<JsonType> | undefined {
  const s = resolve(doc, raw);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) {
    const all = new Set<JsonType>();
    for (const a of alternatives) {
      const t = acceptedTypes(doc, a);
      if (!t) return undefined;
      for (const x of t) all.add(x);
    }
    return all;
  }
  if (s.allOf) return s.allOf.length === 1 ? acceptedTypes(doc, s.allOf[0]!) : undefined;
  const values = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
  if (values) return new Set(values.map(typeOf));
  if (s.type === undefined) return undefined;
  const types = new Set((Array.isArray(s.type) ? s.type : [s.type]) as JsonType[]);
  if (types.has('number')) types.add('integer');
  return types;
}

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

/** Values of each JSON type, nasty where they can be (SQL, NUL, huge, Chinese, emoji). */
const valuesOf: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.oneof(
    fc.string(),
    fc.constantFrom(
      "'; DROP TABLE records; --",
      '\u0000',
      '过'.repeat(300),
      '😀',
      '\u202e',
      '../../etc/passwd',
    ),
  ),
  number: fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 })
    .filter((n) => !Number.isInteger(n)),
  integer: fc.integer(),
  boolean: fc.boolean(),
  array: fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  null: fc.constant(null),
};

/** A value of a JSON type the schema does not accept; undefined when every type is accepted. */
function wrongValue(doc: Doc, schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const ok = acceptedTypes(doc, schema);
  if (!ok) return undefined;
  const wrong = JSON_TYPES.filter((t) => !ok.has(t) && !(t === 'integer' && ok.has('number')));
  // A number that is not an integer is wrong for an integer field, right for a number field.
  if (wrong.length === 0) return undefined;
  return fc.constantFrom(...wrong).chain((t) => valuesOf[t]);
}

/** An invalid body and what makes it invalid (for the test's message and its field check). */
export interface InvalidBody {
  body: unknown;
  /** The top-level fields given a value of a type their schema refuses (empty when the body is not an object). */
  broken: string[];
}

/**
 * Bodies for `route` that its schema cannot accept: an object in which one to three declared
 * fields hold a value of a type the field refuses (the other fields absent or, from `valid`,
 * kept valid), sometimes with an undeclared field beside them; or, now and then, a body that
 * is not an object. `valid` is a body the route accepts, so that the broken field is most often
 * the only problem; without it the fields are broken on an otherwise empty object.
 * Throws when the schema declares no field it can break.
 */
export function invalidBodies(
  doc: unknown,
  route: BodyRoute,
  valid?: Record<string, unknown>,
): fc.Arbitrary<InvalidBody> {
  const d = doc as Doc;
  const props = Object.entries(route.schema.properties ?? {})
    .map(([name, s]) => [name, wrongValue(d, s)] as const)
    .filter((e): e is readonly [string, fc.Arbitrary<unknown>] => e[1] !== undefined);
  if (props.length === 0) throw new Error(`${route.method} ${route.path}: no field whose type can be broken`);
  const byName = new Map(props);
  const names = props.map(([n]) => n);
  const brokenObject = fc
    .uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: Math.min(3, names.length) })
    .chain((fields) =>
      fc.tuple(
        fc.constant(fields),
        fc.tuple(...fields.map((f) => byName.get(f)!)),
        fc.boolean(),
        fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
      ),
    )
    .map(([fields, values, keepValid, extra]) => {
      const body: Record<string, unknown> = keepValid && valid ? structuredClone(valid) : {};
      fields.forEach((f, i) => (body[f] = values[i]));
      // An undeclared field beside the broken ones: whether or not the schema is strict, the body stays invalid.
      if (extra !== undefined && !(extra in (route.schema.properties ?? {}))) body[`x-${extra}`] = extra;
      return { body, broken: fields };
    });
  const notAnObject = fc
    .oneof(
      fc.constant(null),
      fc.integer(),
      fc.string({ maxLength: 20 }),
      fc.array(fc.integer(), { maxLength: 3 }),
    )
    .map((body) => ({ body, broken: [] as string[] }));
  return fc.oneof({ arbitrary: brokenObject, weight: 19 }, { arbitrary: notAnObject, weight: 1 });
}

/** What a service answered, as the apps' test harnesses return it. */
export interface RefusalAnswer {
  status: number;
  type: string;
  body: unknown;
}

/** The parts of a problem+json body the checks read. */
interface ProblemBody {
  message?: { zh?: string; en?: string };
  errors?: { path?: string }[];
}

/**
 * Throws unless the answer is a validation refusal of the body: 400 or 422 problem+json with a
 * Chinese and an English message and, for a 422 (or a 400 naming fields), field errors each
 * with a path; a body that is not an object may be refused as such without fields. Anything
 * else (a 401/403 before validation, a 404 for the path, a 2xx, a 5xx) is the test's failure.
 */
export function expectValidationRefusal(r: RefusalAnswer, input: InvalidBody, where: string): void {
  const what = `${where} ${JSON.stringify(input.body)?.slice(0, 300)} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 300)}`;
  const fail = (why: string) => {
    throw new Error(`${why}: ${what}`);
  };
  const body = (r.body ?? {}) as ProblemBody;
  if (r.status !== 400 && r.status !== 422 && r.status !== 413) fail('not refused by validation');
  if (!r.type.includes('application/problem+json')) fail('not problem+json');
  if (!/[\u4e00-\u9fff]/.test(body.message?.zh ?? '')) fail('no Chinese message');
  if (!/[a-z]/i.test(body.message?.en ?? '')) fail('no English message');
  // Only 413 (a generated value past the body limit) names no field: it is refused before parsing.
  if (r.status === 413) return;
  const errors = body.errors;
  if (input.broken.length === 0 && r.status === 400) return;
  if (!Array.isArray(errors) || errors.length === 0) fail('no field errors');
  for (const e of errors!) if (typeof e.path !== 'string') fail('a field error without its path');
}

/** Sends `body` as JSON (whatever its type) with a bearer token; the answer as the checks read it. */
export async function sendJson(
  baseUrl: string,
  method: string,
  path: string,
  bearer: string,
  body: unknown,
): Promise<RefusalAnswer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return readAnswer(res);
}

/**
 * Sends `numRuns` generated invalid bodies to one documented route and requires each to be
 * refused by validation (see expectValidationRefusal). `route` is `METHOD /openapi/path`;
 * `send` delivers a body to the route's concrete path as a caller the route admits.
 * Resolves with how many bodies were sent and refused.
 */
export async function refuseInvalidBodies(opts: {
  doc: unknown;
  route: string;
  send: (body: unknown) => Promise<RefusalAnswer>;
  valid?: Record<string, unknown>;
  numRuns?: number;
}): Promise<number> {
  const found = bodyRoutes(opts.doc).find((r) => `${r.method} ${r.path}` === opts.route);
  if (!found) throw new Error(`${opts.route} is not a documented route with a JSON body`);
  let refused = 0;
  await fc.assert(
    fc.asyncProperty(invalidBodies(opts.doc, found, opts.valid), async (input) => {
      expectValidationRefusal(await opts.send(input.body), input, opts.route);
      refused++;
    }),
    { numRuns: opts.numRuns ?? 1000 },
  );
  return refused;
}
