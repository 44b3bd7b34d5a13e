// The store `npm start` uses keeps evidence across a stop and the next start
// (scripts/s3/durable-rgw.sh), where the tests' throwaway store loses it.
// Run against a private copy in a temporary directory, never .data/.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Minio from 'minio';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@jir/testing';

const run = promisify(execFile);
const S3 = fileURLToPath(new URL('../../scripts/s3/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jir-durable-'));
const store = join(dir, 'store');

afterAll(async () => {
  await run('bash', [`${S3}stop-rgw.sh`, store], { env: { ...process.env, SIG: 'KILL' } }).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const env = (out: string) =>
  Object.fromEntries(
    out.split('\n').flatMap((l) => (l.includes('=') ? [l.split(/=(.*)/s, 2)] : [])),
  ) as Record<string, string>;
const durable = async (port?: number, mon?: number) =>
  env(
    (
      await run('bash', [`${S3}durable-rgw.sh`, store, ...(port ? [String(port)] : [])], {
        env: { ...process.env, ...(mon ? { MON_PORT: String(mon) } : {}) },
        timeout: 120_000,
      })
    ).stdout,
  );
const client = (v: Record<string, string>) => {
  const u = new URL(v['S3_ENDPOINT']!);
  return new Minio.Client({
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: false,
    accessKey: v['S3_ACCESS_KEY']!,
    secretKey: v['S3_SECRET_KEY']!,
    pathStyle: true,
  });
};
const answers = async (endpoint: string) =>
  fetch(endpoint, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );

describe('the durable evidence store of npm start (R-EV-3, R-NF-7)', () => {
  it('R-EV-3: an object stored before `s3:stop` is read back byte for byte, still locked, after the next start; keys are kept, the directory is never wiped', async () => {
    const first = await durable(await freePort(), await freePort());
    expect(first['S3_ACCESS_KEY']).not.toBe('jirevidenceaccess'); // random keys, not the test ones
    expect(readFileSync(`${store}.env`, 'utf8')).toContain(first['S3_SECRET_KEY']);
    const bucket = first['S3_BUCKET']!;
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const put = await client(first).putObject(bucket, 'evidence/微信截图.png', body, body.length);
    expect(put.versionId).toBeTruthy();

    await run('bash', [`${S3}stop-rgw.sh`, store]);
    expect(await answers(first['S3_ENDPOINT']!)).toBe(false);
    // The throwaway store's script refuses to take this directory over (it would wipe it).
    await expect(run('bash', [`${S3}start-rgw.sh`, store, String(await freePort())])).rejects.toThrow(
      /not ours/,
    );

    const again = await durable(); // a restart: same port and keys, from the env file beside the store
    expect(again).toEqual(first);
    const c = client(again);
    const got: Buffer[] = [];
    for await (const chunk of await c.getObject(bucket, 'evidence/微信截图.png', {
      versionId: put.versionId!,
    }))
      got.push(chunk as Buffer);
    expect(Buffer.concat(got).equals(body)).toBe(true);
    const ret = await c.getObjectRetention(bucket, 'evidence/微信截图.png', { versionId: put.versionId! });
    expect(ret?.mode).toBe('COMPLIANCE');
    await expect(
      c.removeObject(bucket, 'evidence/微信截图.png', { versionId: put.versionId!, governanceBypass: true }),
    ).rejects.toThrow();
    // A second call while it runs changes nothing and touches no data.
    expect(await durable()).toEqual(first);
    expect(existsSync(join(store, '.durable-ceph'))).toBe(true);
  });
});
