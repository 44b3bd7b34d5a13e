import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  baseConfigSchema,
  createCourtVerifier,
  createLogger,
  createTokenVerifier,
  ensureLocalKeyPair,
  parseConfig,
  signCourtToken,
  signUserToken,
} from '../src/index.js';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pub: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

describe('config', () => {
  it('needs no environment on a machine with the local defaults', () => {
    const c = parseConfig(baseConfigSchema('deadline-monitor', 3003), {});
    expect(c.PORT).toBe(3003);
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/jir_deadline_monitor');
    expect(c.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names every bad variable at once, not only the first', () => {
    const schema = baseConfigSchema('intake', 3001).extend({ NEEDED: z.string() });
    let err: unknown;
    try {
      parseConfig(schema, { PORT: 'eighty', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'NEEDED']) expect(msg).toContain(name);
  });
});

describe('tokens (R-AC-1)', () => {
  it('R-AC-1: a signed token yields the actor with its court, division and roles', async () => {
    const k = pair();
    const t = await signUserToken(k.priv, {
      sub: 'vp',
      court: 'JL-CC',
      roles: ['vice-president'],
      divisions: ['civil-1', 'civil-2'],
      name: '张三',
    });
    const a = await createTokenVerifier({ publicKeyPem: k.pub }).verify(t);
    expect(a).toEqual({
      sub: 'vp',
      court: 'JL-CC',
      roles: ['vice-president'],
      divisions: ['civil-1', 'civil-2'],
      name: '张三',
    });
  });

  it('R-AC-1: a token signed by another key, tampered with, unsigned, or without a court is refused', async () => {
    const k = pair();
    const v = createTokenVerifier({ publicKeyPem: k.pub });
    const other = await signUserToken(pair().priv, { sub: 'x', court: 'JL-CC', roles: [] });
    await expect(v.verify(other)).rejects.toThrow();
    const good = await signUserToken(k.priv, { sub: 'x', court: 'JL-CC', roles: ['case-handler'] });
    const [h, p, s] = good.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['trial-management'] }),
    ).toString('base64url');
    await expect(v.verify(`${h}.${forged}.${s}`)).rejects.toThrow();
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    await expect(v.verify(none)).rejects.toThrow();
    const { SignJWT } = await import('jose');
    const { createPrivateKey } = await import('node:crypto');
    // Valid in every other way, so that it is the missing court that is refused.
    const noCourt = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('x')
      .setIssuer('jir-local-dev')
      .setAudience('jir')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(createPrivateKey(k.priv));
    await expect(v.verify(noCourt)).rejects.toThrow(/claims/);
  });

  it('R-RP-3: a court-to-court call is accepted only with the sending court’s registered key and the right audience', async () => {
    const ng = pair();
    const kc = pair();
    const v = createCourtVerifier({ 'JL-CC-NG': ng.pub, 'JL-CC-KC': kc.pub });
    expect(await v.verify(await signCourtToken(ng.priv, 'JL-CC-NG', 'JL-CC'), 'JL-CC')).toEqual({
      court: 'JL-CC-NG',
    });
    // Kuancheng's key cannot speak for Nanguan.
    await expect(v.verify(await signCourtToken(kc.priv, 'JL-CC-NG', 'JL-CC'), 'JL-CC')).rejects.toThrow();
    await expect(v.verify(await signCourtToken(ng.priv, 'JL-CC-NG', 'JL'), 'JL-CC')).rejects.toThrow();
    await expect(v.verify(await signCourtToken(pair().priv, 'JL-CC-XX', 'JL-CC'), 'JL-CC')).rejects.toThrow(
      /no key registered/,
    );
  });

  it('the local key pair is created once and reused, even by racing callers', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'jir-keys-')), 'auth');
    const pairs = await Promise.all(Array.from({ length: 5 }, async () => ensureLocalKeyPair(dir)));
    expect(new Set(pairs.map((p) => p.publicKeyPem)).size).toBe(1);
    expect(ensureLocalKeyPair(dir).publicKeyPem).toBe(pairs[0]!.publicKeyPem);
  });
});

describe('logs', () => {
  it('never write tokens, record content or interferer names', () => {
    let out = '';
    const sink = new Writable({ write: (c, _e, cb) => ((out += c), cb()) });
    const log = createLogger({ service: 't', destination: sink });
    log.info(
      {
        content: '某书记要求关照',
        interferer: { name: '李四', unit: 'x' },
        req: { headers: { authorization: 'Bearer abc' } },
      },
      'hello',
    );
    expect(out).not.toContain('关照');
    expect(out).not.toContain('李四');
    expect(out).not.toContain('Bearer abc');
    expect(out).toContain('[redacted]');
  });
});

describe('token cache', () => {
  it('R-AC-1: a cached token is refused once it expires', async () => {
    const k = pair();
    const v = createTokenVerifier({ publicKeyPem: k.pub });
    const t = await signUserToken(
      k.priv,
      { sub: 'x', court: 'JL-CC', roles: ['case-handler'] },
      { expiresIn: '2s' },
    );
    expect((await v.verify(t)).sub).toBe('x');
    expect((await v.verify(t)).sub).toBe('x');
    await new Promise((r) => setTimeout(r, 2100));
    await expect(v.verify(t)).rejects.toThrow();
  });
});
