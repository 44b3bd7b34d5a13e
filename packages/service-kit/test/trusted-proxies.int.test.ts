import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@jir/testing';
import {
  ConfigError,
  baseConfigSchema,
  createDatabase,
  parseConfig,
  trustedProxiesSchema,
  type Database,
} from '../src/index.js';
import { createExampleApp, producerMigrations, type ProducerDB } from './example/example-service.js';
import { logger, serve, testKeys } from './harness.js';

// The view log records where a read came from (R-AC-3): that address must be
// the peer's unless the peer is a proxy this deployment trusts.

let tdb: TestDatabase;
let db: Database<ProducerDB>;
const keys = testKeys();

beforeAll(async () => {
  tdb = await createTestDatabase({ migrations: producerMigrations });
  db = createDatabase<ProducerDB>(tdb.url);
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

async function addressSeen(trustedProxies: string[] | undefined, forwardedFor?: string): Promise<string> {
  const app = createExampleApp({
    db: db.db,
    logger,
    verifier: keys.verifier,
    ...(trustedProxies ? { trustedProxies } : {}),
  });
  const s = await serve(app);
  try {
    const res = await fetch(`${s.url}/v1/whoami`, {
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });
    return ((await res.json()) as { address: string }).address;
  } finally {
    await s.close();
  }
}

describe('R-AC-3: X-Forwarded-For is believed only from configured proxies', () => {
  it('R-AC-3: by default (no trusted proxies) a client cannot choose the address that is logged', async () => {
    expect(await addressSeen(undefined, '203.0.113.9')).toBe('127.0.0.1');
    expect(await addressSeen([], '203.0.113.9, 198.51.100.7')).toBe('127.0.0.1');
    expect(await addressSeen(undefined)).toBe('127.0.0.1');
  });

  it('R-AC-3: from a trusted proxy the forwarded client address is used', async () => {
    expect(await addressSeen(['127.0.0.1'], '203.0.113.9')).toBe('203.0.113.9');
    // Only the proxies in the list are skipped: the nearest untrusted hop is the client.
    expect(await addressSeen(['loopback'], '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeen(['loopback', '203.0.113.0/24'], '198.51.100.7, 203.0.113.9')).toBe(
      '198.51.100.7',
    );
  });

  it('R-AC-3: a proxy that is not ours is not trusted', async () => {
    expect(await addressSeen(['10.0.0.1'], '203.0.113.9')).toBe('127.0.0.1');
  });

  it('TRUSTED_PROXIES is parsed from the configuration, none by default, and a bad entry stops the start', () => {
    const schema = baseConfigSchema('example', 0);
    expect(parseConfig(schema, {}).TRUSTED_PROXIES).toEqual([]);
    expect(
      parseConfig(schema, { TRUSTED_PROXIES: ' 10.0.0.1, 10.1.0.0/16 ,loopback,::1' }).TRUSTED_PROXIES,
    ).toEqual(['10.0.0.1', '10.1.0.0/16', 'loopback', '::1']);
    for (const bad of ['*', 'proxy.example', '10.0.0.0/33', 'true'])
      expect(() => parseConfig(schema, { TRUSTED_PROXIES: bad })).toThrow(ConfigError);
  });

  it('R-AC-3: each TRUSTED_PROXIES entry is an address, a CIDR range within its family, or a named range', () => {
    const parsed = (v: string | undefined) => trustedProxiesSchema.safeParse(v);
    for (const good of [
      '10.0.0.1',
      '10.0.0.0/0',
      '10.0.0.0/32',
      '::1',
      '2001:db8::/128',
      'loopback',
      'linklocal',
      'uniquelocal',
    ])
      expect(parsed(good), good).toMatchObject({ success: true, data: [good] });
    for (const bad of [
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/8/8',
      '/8',
      '10.0.0.0/',
      '10.0.0.0/+8',
      '10.0.0.0/8x',
      '10.0.0.0/x8',
      '10.0.0.0/0008',
      'localhost',
      'Loopback',
    ])
      expect(parsed(bad).success, bad).toBe(false);
    // Blank entries (a trailing comma, spaces) are dropped, and an absent value trusts none.
    expect(parsed(' 10.0.0.1 ,, loopback ,').data).toEqual(['10.0.0.1', 'loopback']);
    expect(parsed(undefined).data).toEqual([]);
    expect(parsed('').data).toEqual([]);
  });
});
