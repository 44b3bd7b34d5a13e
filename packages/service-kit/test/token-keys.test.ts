import { execFile } from 'node:child_process';
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SignJWT, decodeProtectedHeader, exportJWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  TokenError,
  createCourtVerifier,
  createLogger,
  createTokenVerifier,
  ensureLocalKeyPair,
  signCourtToken,
  signUserToken,
  verifierFromConfig,
} from '../src/index.js';

const pem = (k: KeyObject, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString();
const pair = (type: 'ed25519' | 'rsa' | 'ec') => {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  return { priv: pem(privateKey, 'pkcs8'), pub: pem(publicKey, 'spki'), publicKey };
};
const ed = pair('ed25519');
const claims = { sub: 'judge-a', court: 'JL-CC-NG', roles: ['case-handler'] };
const now = () => Math.floor(Date.now() / 1000);
const silent = createLogger({ service: 'test', level: 'silent' });

/** A token with exactly these times, for the lifetime limits signUserToken never reaches. */
const timed = (t: { iat?: number; exp: number }) => {
  let jwt = new SignJWT({ court: claims.court, roles: claims.roles })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject('judge-a')
    .setIssuer('jir-local-dev')
    .setAudience('jir')
    .setExpirationTime(t.exp);
  if (t.iat !== undefined) jwt = jwt.setIssuedAt(t.iat);
  return jwt.sign(createPrivateKey(ed.priv));
};

describe('R-AC-1: which keys a token verifier accepts', () => {
  it.each(['rsa', 'ec'] as const)(
    'R-AC-1: a %s key verifies tokens signed with it (RS256 / ES256)',
    async (type) => {
      const k = pair(type);
      const token = await signUserToken(k.priv, claims);
      expect(decodeProtectedHeader(token)).toEqual({ alg: type === 'rsa' ? 'RS256' : 'ES256', typ: 'JWT' });
      await expect(createTokenVerifier({ publicKeyPem: k.pub }).verify(token)).resolves.toMatchObject(claims);
      // The other key type's token is refused: the algorithm is fixed by the configured key.
      await expect(
        createTokenVerifier({ publicKeyPem: k.pub }).verify(await signUserToken(ed.priv, claims)),
      ).rejects.toThrow(TokenError);
    },
  );

  it('R-AC-1: a key type no algorithm is named for is refused when the verifier is made', () => {
    const { publicKey } = generateKeyPairSync('x25519');
    expect(() => createTokenVerifier({ publicKeyPem: pem(publicKey, 'spki') })).toThrow(
      /unsupported key type x25519/,
    );
  });

  it('R-AC-1: without a JWKS URL or a public key there is no verifier', () => {
    expect(() => createTokenVerifier({})).toThrow(/AUTH_JWKS_URL or AUTH_PUBLIC_KEY/);
  });

  it('R-AC-1: a refused token says why, as a TokenError of reason "invalid"', async () => {
    const err = await createTokenVerifier({ publicKeyPem: ed.pub })
      .verify('not.a.token')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect(err).toMatchObject({ name: 'TokenError', reason: 'invalid' });
  });
});

describe('R-AC-1: token lifetime limits, at their edges', () => {
  const v = () => createTokenVerifier({ publicKeyPem: ed.pub, maxLifetimeS: 3600 });

  it('R-AC-1: exp may lie the maximum lifetime plus a minute of clock tolerance ahead, not a second more', async () => {
    // No iat: only the distance from now counts. One second of slack for the clock moving during the test.
    await expect(v().verify(await timed({ exp: now() + 3600 + 59 }))).resolves.toMatchObject({
      sub: 'judge-a',
    });
    await expect(v().verify(await timed({ exp: now() + 3600 + 62 }))).rejects.toThrow(
      /more than 3600 s from now/,
    );
  });

  it('R-AC-1: exp − iat may equal the maximum lifetime, not exceed it', async () => {
    const iat = now() - 10;
    await expect(v().verify(await timed({ iat, exp: iat + 3600 }))).resolves.toMatchObject({
      sub: 'judge-a',
    });
    await expect(v().verify(await timed({ iat, exp: iat + 3601 }))).rejects.toThrow(
      /lifetime exceeds 3600 s/,
    );
  });
});

describe('R-AC-1: the actor a token gives', () => {
  const v = createTokenVerifier({ publicKeyPem: ed.pub });

  it('R-AC-1: name, division and divisions are carried when the token has them, absent otherwise', async () => {
    const full = await v.verify(
      await signUserToken(ed.priv, {
        ...claims,
        name: '张三',
        division: 'civil-1',
        divisions: ['civil-1', 'civil-2'],
      }),
    );
    expect(full).toEqual({ ...claims, name: '张三', division: 'civil-1', divisions: ['civil-1', 'civil-2'] });
    const bare = await v.verify(await signUserToken(ed.priv, claims));
    expect(bare).toEqual(claims);
    expect(Object.keys(bare).sort()).toEqual(['court', 'roles', 'sub']);
  });
});

describe('R-AC-1: verified tokens are remembered until they expire, within a bound', () => {
  afterEach(() => vi.useRealTimers());

  it('R-AC-1: a second use answers from memory; after expiry the token is refused again', async () => {
    const v = createTokenVerifier({ publicKeyPem: ed.pub });
    const token = await signUserToken(ed.priv, claims, { expiresIn: '1h' });
    const first = await v.verify(token);
    expect(await v.verify(token)).toBe(first); // the same object: not verified again
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    await expect(v.verify(token)).rejects.toThrow(TokenError);
  });

  it('R-AC-1: when the memory is full the oldest token is forgotten first, the others kept', async () => {
    const v = createTokenVerifier({ publicKeyPem: ed.pub, cacheSize: 3 });
    const tokens = await Promise.all(
      [1, 2, 3, 4].map((i) => signUserToken(ed.priv, { ...claims, sub: `judge-${i}` })),
    );
    const actors = [];
    for (const t of tokens) actors.push(await v.verify(t));
    // The fourth pushed the first out; the second to fourth are still remembered.
    expect(await v.verify(tokens[1]!)).toBe(actors[1]);
    expect(await v.verify(tokens[3]!)).toBe(actors[3]);
    const again = await v.verify(tokens[0]!);
    expect(again).toEqual(actors[0]);
    expect(again).not.toBe(actors[0]);
  });
});

describe('R-AC-1: a JWKS URL (the court identity provider)', () => {
  let server: Server;
  let url: string;
  const idp = pair('ec');
  beforeAll(async () => {
    const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const signed = (priv: string) =>
    new SignJWT({ court: claims.court, roles: claims.roles })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('judge-a')
      .setIssuer('https://idp.court')
      .setAudience('jir')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(createPrivateKey(priv));

  it('R-AC-1: a token of the provider’s key is accepted; one of another key with the same kid is not', async () => {
    const v = createTokenVerifier({ jwksUrl: url, issuer: 'https://idp.court' });
    await expect(v.verify(await signed(idp.priv))).resolves.toMatchObject({
      sub: 'judge-a',
      court: 'JL-CC-NG',
    });
    await expect(v.verify(await signed(pair('ec').priv))).rejects.toThrow(TokenError);
  });

  it('R-AC-1: configured with both, the JWKS URL wins over AUTH_PUBLIC_KEY', async () => {
    const v = verifierFromConfig(
      { AUTH_JWKS_URL: url, AUTH_PUBLIC_KEY: ed.pub, AUTH_ISSUER: 'https://idp.court' },
      silent,
    );
    await expect(v.verify(await signed(idp.priv))).resolves.toMatchObject({ sub: 'judge-a' });
    await expect(
      v.verify(await signUserToken(ed.priv, claims, { issuer: 'https://idp.court' })),
    ).rejects.toThrow(TokenError);
  });
});

describe('R-AC-1: the verifier a service builds from its configuration', () => {
  it('R-AC-1: no key and no development mode: refuses to start, naming the variables in both languages', () => {
    const err = (() => {
      try {
        verifierFromConfig({}, silent);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/AUTH_JWKS_URL \/ AUTH_PUBLIC_KEY/);
    expect(String((err as Error).message)).toMatch(/服务拒绝启动/);
    expect(String((err as Error).message)).toMatch(/AUTH_DEV_MODE=true for local development only/);
  });

  it('R-AC-1: a public key given with literal \\n (as env files hold it) is read as PEM', async () => {
    const v = verifierFromConfig({ AUTH_PUBLIC_KEY: ed.pub.replace(/\n/g, '\\n') }, silent);
    await expect(v.verify(await signUserToken(ed.priv, claims))).resolves.toMatchObject(claims);
  });

  it('R-AC-1: issuer, audience and lifetime come from AUTH_ISSUER, AUTH_AUDIENCE and AUTH_MAX_TOKEN_LIFETIME', async () => {
    const v = verifierFromConfig(
      { AUTH_PUBLIC_KEY: ed.pub, AUTH_ISSUER: 'iss-x', AUTH_AUDIENCE: 'aud-x', AUTH_MAX_TOKEN_LIFETIME: 600 },
      silent,
    );
    const ok = await signUserToken(ed.priv, claims, { issuer: 'iss-x', audience: 'aud-x', expiresIn: '10m' });
    await expect(v.verify(ok)).resolves.toMatchObject(claims);
    for (const bad of [
      await signUserToken(ed.priv, claims, { audience: 'aud-x', expiresIn: '10m' }),
      await signUserToken(ed.priv, claims, { issuer: 'iss-x', expiresIn: '10m' }),
      await signUserToken(ed.priv, claims, { issuer: 'iss-x', audience: 'aud-x', expiresIn: '1h' }),
    ])
      await expect(v.verify(bad)).rejects.toThrow(TokenError);
  });

  it('R-AC-1: development mode trusts the local key pair in AUTH_LOCAL_KEY_DIR, and says so in the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jir-devkey-'));
    const lines: string[] = [];
    const logger = createLogger({
      service: 'test',
      level: 'warn',
      destination: { write: (l: string) => lines.push(l) },
    });
    const v = verifierFromConfig({ AUTH_DEV_MODE: true, AUTH_LOCAL_KEY_DIR: dir }, logger);
    const local = ensureLocalKeyPair(dir);
    await expect(v.verify(await signUserToken(local.privateKeyPem, claims))).resolves.toMatchObject(claims);
    await expect(v.verify(await signUserToken(ed.priv, claims))).rejects.toThrow(TokenError);
    expect(lines.join('')).toMatch(/AUTH_DEV_MODE.*not for production/);
    expect(lines.join('')).toContain(dir);
  });
});

describe('R-AC-1: the local development key pair', () => {
  it('R-AC-1: made once, private to its owner (directory 0700, file 0600), and read back on later calls', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'jir-localkeys-')), 'auth');
    const a = ensureLocalKeyPair(dir);
    expect(a.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    expect(a.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'dev-keypair.json')).mode & 0o777).toBe(0o600);
    expect(ensureLocalKeyPair(dir)).toEqual(a);
    expect(JSON.parse(readFileSync(join(dir, 'dev-keypair.json'), 'utf8'))).toEqual(a);
  });

  it('R-AC-1: a key file that cannot be read for another reason than absence is an error, not a new key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jir-localkeys-')), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => ensureLocalKeyPair(file)).toThrow(/ENOTDIR/);
  });

  it('R-AC-1: processes starting at once end with one key pair between them', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'jir-localkeys-')), 'auth');
    const module = fileURLToPath(new URL('../src/auth/local-keys.ts', import.meta.url));
    const script = `const { ensureLocalKeyPair } = await import(${JSON.stringify(module)}); process.stdout.write(ensureLocalKeyPair(${JSON.stringify(dir)}).publicKeyPem);`;
    const run = promisify(execFile);
    const outs = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then((r) => r.stdout),
      ),
    );
    expect(new Set(outs).size).toBe(1);
    expect(outs[0]).toBe(ensureLocalKeyPair(dir).publicKeyPem);
  }, 60_000);
});

describe('R-RP-3: court-to-court tokens', () => {
  it('R-RP-3: a court without a registered key is named in the refusal', async () => {
    const v = createCourtVerifier({ 'JL-CC': ed.pub });
    await expect(v.verify(await signCourtToken(ed.priv, 'JL-CC', 'JL'), 'JL')).resolves.toEqual({
      court: 'JL-CC',
    });
    await expect(v.verify(await signCourtToken(ed.priv, 'JL-XX', 'JL'), 'JL')).rejects.toThrow(
      /no key registered for court JL-XX/,
    );
    const rsa = pair('rsa');
    await expect(
      createCourtVerifier({ 'JL-CC': rsa.pub }).verify(await signCourtToken(ed.priv, 'JL-CC', 'JL'), 'JL'),
    ).rejects.toThrow(/algorithm does not match/);
  });
});
