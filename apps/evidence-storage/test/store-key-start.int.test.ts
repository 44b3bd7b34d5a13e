// N7 and N8 of the second security probe: a store key with more rights than it should have is
// named at start and on /readyz; a bucket that cannot keep evidence ends the start with one clear
// bilingual line and exit 1 (R-EV-3).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveObjectStoreAdmin } from '@jir/testing';
import { evidenceHarness, type EvidenceHarness } from './harness.js';

const opened: EvidenceHarness[] = [];
afterAll(async () => {
  for (const h of opened) await h.close();
});
const notes = async (h: EvidenceHarness) =>
  ((await (await fetch(`${h.url}/readyz`)).json()) as { notes: Record<string, string> }).notes;

describe('least-privilege store key (R-EV-3)', () => {
  it('R-EV-3: started with a key that may delete versions (the administrator’s), /readyz names the problem', async () => {
    const s3 = await resolveObjectStoreAdmin();
    const h = await evidenceHarness({
      store: { ...s3, accessKey: s3.adminAccessKey, secretKey: s3.adminSecretKey },
    });
    opened.push(h);
    expect((await notes(h))['leastPrivilege']).toMatch(/最小权限.*least-privilege/);
  });

  it('R-EV-3: with the service’s own key, there is no such note', async () => {
    const h = await evidenceHarness();
    opened.push(h);
    expect(await notes(h)).not.toHaveProperty('leastPrivilege');
  });
});

describe('a start that cannot succeed (R-EV-3)', () => {
  it('R-EV-3: a bucket that does not exist is one bilingual line on stderr and exit 1, no stack trace', async () => {
    const s3 = await resolveObjectStoreAdmin();
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env['PATH'] ?? '',
        AUTH_DEV_MODE: 'true',
        S3_ENDPOINT: s3.endpoint,
        S3_ACCESS_KEY: s3.accessKey,
        S3_SECRET_KEY: s3.secretKey,
        S3_BUCKET: 'jir-no-such-bucket-for-this-test',
        LOG_LEVEL: 'silent',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/桶.*bucket/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
