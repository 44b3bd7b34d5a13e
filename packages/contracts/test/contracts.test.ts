import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EVENT_CATALOGUE,
  buildEvent,
  buildOpenApiDocument,
  eventBySubject,
  eventEnvelopeSchema,
  fieldErrors,
  formatPath,
  recordAmended,
  recordDrafted,
  recordEntered,
  safeParseReporting,
  streamNameFor,
  streamSubjects,
  STREAMS,
  subjectFor,
  storableText,
  amendmentBodySchema,
} from '../src/index.js';

const facts: z.input<typeof recordEntered.data> = {
  recordId: 'r1',
  caseNumber: '(2026)吉0102民初1234号',
  stage: 'trial',
  form: 'telephone',
  handler: 'judge-a',
  division: 'civil-1',
  interfererKind: 'leading-cadre',
  unitType: 'administrative-organ',
  interfererIdentityId: null,
  specialItems: ['SR01'],
  severe: false,
  involvesPrincipalLeader: false,
  receivedAt: '2026-03-03T10:00:00+08:00',
  communicatedAt: '2026-03-03T09:00:00+08:00',
  enteredAt: '2026-03-03T11:00:00+08:00',
};

describe('events (R-PV-3, R-CT-2)', () => {
  it('R-CT-2: every event carries its court, a UUIDv7 id and a versioned subject', () => {
    const e = buildEvent(recordEntered, {
      court: 'JL-CC-NG',
      aggregateId: 'r1',
      actor: { sub: 'judge-a', kind: 'user' },
      data: facts,
    });
    expect(e.court).toBe('JL-CC-NG');
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(recordEntered.subject).toBe('intake.record.entered.v1');
    expect(eventEnvelopeSchema.safeParse(e).success).toBe(true);
  });

  it('R-SC-2: record events carry the originator’s identity beside the sender’s, and events without it still parse', () => {
    const originator = '0190f1a4-0000-7000-8000-000000000001';
    for (const def of [recordDrafted, recordEntered, recordAmended]) {
      const withIt = def.data.parse({
        ...facts,
        revision: 2,
        changedFields: [],
        originatorIdentityId: originator,
      });
      expect(withIt.originatorIdentityId).toBe(originator);
      // Older producers wrote no originator: consumers read it as absent, not as an error.
      const older = def.data.safeParse({ ...facts, revision: 2, changedFields: [] });
      expect(older.success).toBe(true);
      expect(older.data?.originatorIdentityId).toBeUndefined();
      expect(
        def.data.safeParse({ ...facts, revision: 2, changedFields: [], originatorIdentityId: 7 }).success,
      ).toBe(false);
    }
  });

  it('R-PV-3: an event whose data do not fit its schema is refused at the producer', () => {
    expect(() =>
      buildEvent(recordEntered, {
        court: 'JL-CC-NG',
        aggregateId: 'r1',
        actor: null,
        data: { ...facts, stage: 'appeal' } as never,
      }),
    ).toThrow();
  });

  it('R-PV-3: the catalogue has unique subjects and each is found by subject, with or without a namespace', () => {
    const subjects = EVENT_CATALOGUE.map((d) => d.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(subjects).toEqual(
      expect.arrayContaining([
        'evidence.file.stored.v1',
        'deadlines.obligation.breached.v1',
        'reporting.report.acknowledged.v1',
      ]),
    );
    expect(eventBySubject('t1.intake.record.entered.v1')).toBe(recordEntered);
    expect(eventBySubject('intake.record.exploded.v1')).toBeUndefined();
  });

  it('R-CT-2: namespaces keep deployments on one NATS server apart', () => {
    expect(streamNameFor(STREAMS.intake, 't-42')).toBe('T_42_INTAKE');
    expect(streamSubjects(STREAMS.intake, 't-42')).toEqual(['t-42.intake.>']);
    expect(subjectFor('intake.record.entered.v1')).toBe('intake.record.entered.v1');
  });
});

describe('validation messages (R-RC-6)', () => {
  const schema = z.object({
    caseNumber: z.string().min(3),
    interferer: z.object({ kind: z.enum(['a', 'b']) }),
    items: z.array(z.string()),
  });

  it('R-RC-6: every error names its field and says what is wrong in Chinese and English', () => {
    const r = safeParseReporting(schema, { caseNumber: 5, interferer: { kind: 'x' }, items: ['ok', 7] });
    expect(r.success).toBe(false);
    if (r.success) return;
    const byPath = Object.fromEntries(r.fieldErrors.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual(['caseNumber', 'interferer.kind', 'items[1]']);
    expect(byPath['caseNumber']!.message.zh).toMatch(/^字段 caseNumber：.*(无效|期望)/);
    expect(byPath['caseNumber']!.message.en).toMatch(
      /^field caseNumber: .*expected string, received number/i,
    );
    expect(byPath['interferer.kind']!.message.en).toContain('"a"');
    // the input never travels in the error
    expect(JSON.stringify(r.error.issues)).not.toContain('"input"');
  });

  it('R-RC-6: custom messages written in a schema are kept', () => {
    const s = z.string().refine(() => false, { message: '案号格式不正确 / malformed case number' });
    const errs = fieldErrors(s.safeParse('x').error!);
    expect(errs[0]!.message.zh).toContain('案号格式不正确');
    expect(formatPath([])).toBe('(body)');
  });
});

describe('OpenAPI', () => {
  it('lists each route with its body schema and problem+json errors', () => {
    const doc = buildOpenApiDocument({ title: 't', version: '1' }, [
      {
        method: 'post',
        path: '/v1/things/:id',
        operationId: 'makeThing',
        summary: 'make a thing',
        params: z.object({ id: z.string() }),
        body: z.object({ name: z.string() }),
        responses: { 201: { description: 'made', schema: z.object({ id: z.string() }) } },
      },
    ]);
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths?.['/v1/things/{id}']?.post;
    expect(op?.requestBody).toBeDefined();
    expect(JSON.stringify(op?.responses?.['4XX'])).toContain('application/problem+json');
    expect(JSON.stringify(doc.components?.schemas)).toContain('message');
  });
});

describe('text kept exactly (R-RC-4)', () => {
  it('R-RC-4: lone surrogates and NUL are refused by field; surrogate pairs are kept exactly', () => {
    const t = storableText(100);
    for (const bad of ['\ud800', 'a\udfffb', '\ud83d', 'x\u0000y'])
      expect(t.safeParse(bad).success).toBe(false);
    for (const good of ['😀', '𠀀过问', '王某']) expect(t.parse(good)).toBe(good);
    const r = amendmentBodySchema.safeParse({ reason: 'r', changes: { content: '内容\udc00' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['changes', 'content']);
  });
});
