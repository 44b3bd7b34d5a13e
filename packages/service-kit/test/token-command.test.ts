import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, ensureLocalKeyPair } from '../src/index.js';

const bin = fileURLToPath(new URL('../src/bin/token.ts', import.meta.url));
const run = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', bin, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

// Each test starts the command as a process (node with tsx): seconds on a busy machine, not the default 5.
describe('token command', { timeout: 60_000 }, () => {
  it('prints only a JWT that services trusting the local key accept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jir-token-'));
    const out = run([
      '--sub',
      'u1',
      '--court',
      'JL-CC-NG',
      '--roles',
      'case-handler',
      '--division',
      'civil-1',
      '--key-dir',
      dir,
    ]);
    expect(out.trim().split('.')).toHaveLength(3);
    const actor = await createTokenVerifier({ publicKeyPem: ensureLocalKeyPair(dir).publicKeyPem }).verify(
      out.trim(),
    );
    expect(actor).toMatchObject({
      sub: 'u1',
      court: 'JL-CC-NG',
      division: 'civil-1',
      roles: ['case-handler'],
    });
  });

  it('refuses an unknown role, with usage', () => {
    expect(() => run(['--sub', 'u1', '--court', 'JL-CC-NG', '--roles', 'king'])).toThrow(/unknown role/);
  });
});
