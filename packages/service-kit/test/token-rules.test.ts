import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CHANGCHUN_COURT_CONFIG, DEFAULT_COURTS } from '@jir/rules';
import {
  ConfigError,
  TokenError,
  baseConfigSchema,
  courtsFromConfig,
  createLogger,
  createTokenVerifier,
  parseConfig,
  signUserToken,
  verifierFromConfig,
} from '../src/index.js';
import { testKeys } from './harness.js';

const { privateKeyPem: priv, publicKeyPem: pub } = testKeys();
const claims = { sub: 'judge-a', court: 'JL-CC-NG', division: 'civil-1', roles: ['case-handler'] };
const silent = createLogger({ service: 'test', level: 'silent' });
const now = () => Math.floor(Date.now() / 1000);

/** A token built claim by claim, for the shapes signUserToken never makes. */
function raw(set: { iss?: string; aud?: string; iat?: number; exp?: number; court?: string }) {
  let jwt = new SignJWT({ ...claims, ...(set.court ? { court: set.court } : {}) })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('judge-a');
  if (set.iss !== undefined) jwt = jwt.setIssuer(set.iss);
  if (set.aud !== undefined) jwt = jwt.setAudience(set.aud);
  if (set.iat !== undefined) jwt = jwt.setIssuedAt(set.iat);
  if (set.exp !== undefined) jwt = jwt.setExpirationTime(set.exp);
  return jwt.sign(createPrivateKey(priv));
}
const good = { iss: 'jir-local-dev', aud: 'jir', iat: now(), exp: now() + 3600 };

describe('R-AC-1: token issuer, audience and lifetime', () => {
  const v = createTokenVerifier({ publicKeyPem: pub });

  it('R-AC-1: a token from signUserToken, and one built with the expected claims, are accepted', async () => {
    expect((await v.verify(await signUserToken(priv, claims))).sub).toBe('judge-a');
    expect((await v.verify(await raw(good))).court).toBe('JL-CC-NG');
  });

  it('R-AC-1: a wrong or missing issuer is refused', async () => {
    await expect(v.verify(await raw({ ...good, iss: 'someone-else' }))).rejects.toThrow(TokenError);
    await expect(v.verify(await raw({ ...good, iss: undefined }))).rejects.toThrow(TokenError);
    await expect(
      v.verify(await signUserToken(priv, claims, { issuer: 'https://idp.example' })),
    ).rejects.toThrow(/iss/);
  });

  it('R-AC-1: a wrong or missing audience is refused', async () => {
    await expect(v.verify(await raw({ ...good, aud: 'another-system' }))).rejects.toThrow(/aud/);
    await expect(v.verify(await raw({ ...good, aud: undefined }))).rejects.toThrow(TokenError);
  });

  it('R-AC-1: a token without exp is refused', async () => {
    await expect(v.verify(await raw({ ...good, exp: undefined }))).rejects.toThrow(/exp/);
  });

  it('R-AC-1: a token living longer than 12 hours is refused, by exp − now and by exp − iat', async () => {
    const years100 = now() + 100 * 365 * 86_400;
    await expect(v.verify(await raw({ ...good, exp: years100 }))).rejects.toThrow(/expires more than/);
    await expect(v.verify(await raw({ ...good, iat: undefined, exp: years100 }))).rejects.toThrow(TokenError);
    await expect(v.verify(await signUserToken(priv, claims, { expiresIn: '13h' }))).rejects.toThrow(
      TokenError,
    );
    // Issued 11 h ago for 13 h: only 2 h remain, but its lifetime is over the limit.
    await expect(
      v.verify(await raw({ ...good, iat: now() - 11 * 3600, exp: now() + 2 * 3600 })),
    ).rejects.toThrow(/lifetime/);
    // iat of this moment: good.iat was taken at import, and a slow run would make exp − iat exceed 12 h.
    const t = now();
    expect((await v.verify(await raw({ ...good, iat: t, exp: t + 12 * 3600 }))).sub).toBe('judge-a');
  });

  it('R-AC-1: configured issuer, audience and lifetime replace the defaults', async () => {
    const prod = createTokenVerifier({
      publicKeyPem: pub,
      issuer: 'https://idp.court.example',
      audience: 'jir-prod',
      maxLifetimeS: 600,
    });
    const opts = { issuer: 'https://idp.court.example', audience: 'jir-prod', expiresIn: '5m' };
    expect((await prod.verify(await signUserToken(priv, claims, opts))).sub).toBe('judge-a');
    await expect(prod.verify(await signUserToken(priv, claims))).rejects.toThrow(TokenError);
    await expect(
      prod.verify(await signUserToken(priv, claims, { ...opts, expiresIn: '1h' })),
    ).rejects.toThrow(TokenError);
  });
});

describe('R-AC-1: the token court must be a configured court', () => {
  it('R-AC-1: with the court configuration, an unknown court is refused as such', async () => {
    const v = createTokenVerifier({ publicKeyPem: pub, courts: DEFAULT_COURTS });
    expect((await v.verify(await signUserToken(priv, claims))).court).toBe('JL-CC-NG');
    const err = await v
      .verify(await signUserToken(priv, { ...claims, court: 'XX-NOWHERE' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect((err as TokenError).reason).toBe('unknown-court');
  });

  it('R-AC-1: a service verifier uses COURT_CONFIG: a court outside it is refused', async () => {
    const onlyCc = {
      ...CHANGCHUN_COURT_CONFIG,
      courts: CHANGCHUN_COURT_CONFIG.courts.filter((c) => !c.code.startsWith('JL-CC-')),
    };
    const config = parseConfig(baseConfigSchema('example', 0), {
      AUTH_PUBLIC_KEY: pub,
      COURT_CONFIG: JSON.stringify(onlyCc),
    });
    const v = verifierFromConfig(config, silent);
    expect((await v.verify(await signUserToken(priv, { ...claims, court: 'JL-CC' }))).court).toBe('JL-CC');
    await expect(v.verify(await signUserToken(priv, claims))).rejects.toThrow(/court configuration/);
    // Without COURT_CONFIG, the default (Changchun) courts.
    const dflt = verifierFromConfig(
      parseConfig(baseConfigSchema('example', 0), { AUTH_PUBLIC_KEY: pub }),
      silent,
    );
    expect((await dflt.verify(await signUserToken(priv, claims))).court).toBe('JL-CC-NG');
    await expect(dflt.verify(await signUserToken(priv, { ...claims, court: 'XX-NOWHERE' }))).rejects.toThrow(
      TokenError,
    );
  });

  it('a bad COURT_CONFIG stops the start with a clear message', () => {
    expect(() => courtsFromConfig({ COURT_CONFIG: '{"courts": ' })).toThrow(/COURT_CONFIG/);
    expect(() => courtsFromConfig({ COURT_CONFIG: '{"reportingHub":"X","courts":[]}' })).toThrow();
  });
});

describe('config: token rules', () => {
  it('defaults to the local development issuer and audience and a 12 h lifetime', () => {
    const c = parseConfig(baseConfigSchema('example', 0), {});
    expect([c.AUTH_ISSUER, c.AUTH_AUDIENCE, c.AUTH_MAX_TOKEN_LIFETIME]).toEqual([
      'jir-local-dev',
      'jir',
      43_200,
    ]);
  });

  it('reads AUTH_ISSUER, AUTH_AUDIENCE and AUTH_MAX_TOKEN_LIFETIME, refusing a bad duration', async () => {
    const c = parseConfig(baseConfigSchema('example', 0), {
      AUTH_PUBLIC_KEY: pub,
      AUTH_ISSUER: 'https://idp.court.example',
      AUTH_AUDIENCE: 'jir-prod',
      AUTH_MAX_TOKEN_LIFETIME: '30m',
    });
    expect(c.AUTH_MAX_TOKEN_LIFETIME).toBe(1800);
    const v = verifierFromConfig(c, silent);
    const opts = { issuer: 'https://idp.court.example', audience: 'jir-prod' };
    expect((await v.verify(await signUserToken(priv, claims, { ...opts, expiresIn: '20m' }))).sub).toBe(
      'judge-a',
    );
    await expect(v.verify(await signUserToken(priv, claims, { ...opts, expiresIn: '1h' }))).rejects.toThrow(
      TokenError,
    );
    expect(() => parseConfig(baseConfigSchema('example', 0), { AUTH_MAX_TOKEN_LIFETIME: 'forever' })).toThrow(
      ConfigError,
    );
  });
});
