import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, linkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the development key pair lives: `.local/auth` at the repository root (git-ignored). */
export const DEFAULT_LOCAL_KEY_DIR = fileURLToPath(new URL('../../../../.local/auth', import.meta.url));

export interface LocalKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The local Ed25519 key pair that the token command signs with and locally
 * started services trust. Created on first use; when several processes start
 * at once, exactly one pair wins (hard link is atomic and fails if it exists).
 */
export function ensureLocalKeyPair(dir: string = DEFAULT_LOCAL_KEY_DIR): LocalKeyPair {
  const file = join(dir, 'dev-keypair.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalKeyPair;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pair: LocalKeyPair = {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, JSON.stringify(pair), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as LocalKeyPair;
}
