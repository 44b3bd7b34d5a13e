import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { CourtHierarchy, can, type Actor, type CourtConfig } from '@jir/rules';
import {
  ProblemError,
  assertCan,
  authenticate,
  authorize,
  createTokenVerifier,
  requireRight,
  signUserToken,
} from '../src/index.js';
import { testKeys } from './harness.js';

// The guards are express middleware; called here with the two fields they read, so every
// branch is seen without a server (the HTTP tests show them wired into the app).
const { privateKeyPem: priv, publicKeyPem, verifier } = testKeys();
const judge = { sub: 'judge-a', court: 'JL-CC-NG', roles: ['case-handler'] };
/** The top of every court hierarchy built here. */
const supremeCourt: CourtConfig['courts'][number] = {
  code: 'SPC',
  name: '最高人民法院',
  level: 'supreme',
  parent: null,
  committee: { code: 'PLC:SPC', name: '中央政法委' },
};

/** Runs one middleware; resolves with what it passed to next() and the request's context. */
async function run(
  mw: (req: Request, res: Response, next: NextFunction) => unknown,
  o: { authorization?: string; actor?: Actor; params?: Record<string, string> } = {},
) {
  const res = { locals: o.actor ? { actor: o.actor } : {} } as unknown as Response;
  const req = {
    headers: o.authorization ? { authorization: o.authorization } : {},
    params: o.params ?? {},
  } as Request;
  const passed = await new Promise<unknown>((resolve) => {
    void mw(req, res, resolve as NextFunction);
  });
  return { passed, locals: res.locals as { actor?: Actor } };
}
const code = (e: unknown) => (e instanceof ProblemError ? `${e.status} ${e.code}` : e);

describe('R-AC-1: authenticate reads exactly one bearer token', () => {
  it('R-AC-1: a valid bearer token puts its actor on the request', async () => {
    const token = await signUserToken(priv, judge);
    const { passed, locals } = await run(authenticate(verifier), { authorization: `Bearer ${token}` });
    expect(passed).toBeUndefined();
    expect(locals.actor).toMatchObject(judge);
  });

  it('R-AC-1: no header, another scheme, text before or after the token: 401', async () => {
    const token = await signUserToken(priv, judge);
    for (const authorization of [
      undefined,
      `Basic ${token}`,
      `bearer ${token}`,
      `xBearer ${token}`,
      `Bearer ${token} extra`,
      `Bearer ${token}\n`,
      'Bearer ',
    ]) {
      const { passed, locals } = await run(authenticate(verifier), authorization ? { authorization } : {});
      expect(code(passed), String(authorization)).toBe('401 unauthenticated');
      expect(locals.actor).toBeUndefined();
    }
  });

  it('R-AC-1: a sound token of a court this deployment does not know: 403 saying so', async () => {
    const courts = new CourtHierarchy({
      reportingHub: 'SPC',
      courts: [supremeCourt],
    });
    const strict = createTokenVerifier({ publicKeyPem, courts });
    const { passed } = await run(authenticate(strict), {
      authorization: `Bearer ${await signUserToken(priv, judge)}`,
    });
    expect(code(passed)).toBe('403 forbidden');
    expect((passed as ProblemError).bilingual.zh).toContain('法院配置');
  });
});

describe('R-AC-1: authorize and assertCan ask can()', () => {
  it('R-AC-1: no actor on the request: 401, before any rule is asked', async () => {
    const { passed } = await run(authorize('entry', 'record'));
    expect(code(passed)).toBe('401 unauthenticated');
  });

  it('R-AC-1: a kind alone means that kind in the actor’s own court', async () => {
    const tm: Actor = { sub: 'tm', court: 'JL-CC-NG', roles: ['trial-management'] };
    // The premise, from the rules: trial management sees its own court's records, a handler not all of them.
    expect(can(tm, 'viewing', { kind: 'record', court: 'JL-CC-NG' })).toBe(true);
    expect(can(judge, 'viewing', { kind: 'record', court: 'JL-CC-NG' })).toBe(false);
    expect((await run(authorize('viewing', 'record'), { actor: tm })).passed).toBeUndefined();
    expect(code((await run(authorize('viewing', 'record'), { actor: judge })).passed)).toBe('403 forbidden');
    // Another court's trial management is asked about its own court, not this one.
    const elsewhere: Actor = { ...tm, court: 'JL-CC-CY' };
    expect((await run(authorize('viewing', 'record'), { actor: elsewhere })).passed).toBeUndefined();
  });

  it('R-AC-1: a resource from the request is what can() is asked about; hideAs404 answers 404', async () => {
    const other = (a: Actor, req: Request) => ({
      kind: 'record' as const,
      court: String(req.params.court),
      handler: a.sub,
    });
    const mine = await run(authorize('viewing', other), { actor: judge, params: { court: 'JL-CC-NG' } });
    expect(mine.passed).toBeUndefined();
    const theirs = await run(authorize('viewing', other, { hideAs404: true }), {
      actor: judge,
      params: { court: 'JL-CC-CY' },
    });
    expect(code(theirs.passed)).toBe('404 not-found');
    expect(() => assertCan(judge, 'viewing', { kind: 'record', court: 'JL-CC-CY', handler: 'x' })).toThrow(
      expect.objectContaining({ status: 403, code: 'forbidden' }),
    );
    expect(() =>
      assertCan(judge, 'viewing', { kind: 'record', court: 'JL-CC-CY', handler: 'x' }, { hideAs404: true }),
    ).toThrow(expect.objectContaining({ status: 404, code: 'not-found' }));
    expect(() =>
      assertCan(judge, 'viewing', { kind: 'record', court: 'JL-CC-NG', handler: 'judge-a' }),
    ).not.toThrow();
  });

  it('R-AC-1: the court hierarchy given to the guard is the one can() uses', async () => {
    // A deployment of another city: its courts are unknown to the default (Changchun) hierarchy.
    const courts = new CourtHierarchy({
      reportingHub: 'HB-WH',
      courts: [
        supremeCourt,
        {
          code: 'HB',
          name: '湖北省高级人民法院',
          level: 'high',
          parent: 'SPC',
          committee: { code: 'PLC:HB', name: '湖北省委政法委' },
        },
        {
          code: 'HB-WH',
          name: '武汉市中级人民法院',
          level: 'intermediate',
          parent: 'HB',
          committee: { code: 'PLC:HB-WH', name: '武汉市委政法委' },
        },
        {
          code: 'HB-WH-JA',
          name: '江岸区人民法院',
          level: 'basic',
          parent: 'HB-WH',
          committee: { code: 'PLC:HB-WH-JA', name: '江岸区委政法委' },
        },
      ],
    });
    const tm: Actor = { sub: 'tm', court: 'HB-WH', roles: ['trial-management'] };
    const lower = { kind: 'report' as const, court: 'HB-WH-JA' };
    // The premise: only this hierarchy knows HB-WH-JA sits below HB-WH.
    expect(can(tm, 'viewing', lower, courts)).toBe(true);
    expect(can(tm, 'viewing', lower)).toBe(false);
    const passedFor = async (guard: Parameters<typeof run>[0]) => (await run(guard, { actor: tm })).passed;
    expect(await passedFor(authorize('viewing', () => lower, { courts }))).toBeUndefined();
    expect(code(await passedFor(authorize('viewing', () => lower)))).toBe('403 forbidden');
    expect(await passedFor(requireRight('viewing', () => lower, courts))).toBeUndefined();
    expect(code(await passedFor(requireRight('viewing', () => lower)))).toBe('403 forbidden');
    expect(() => assertCan(tm, 'viewing', lower, { courts })).not.toThrow();
  });
});
