import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readFileMadeOnce } from '../local-files/file-made-once.js';

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
  const text = readFileMadeOnce(dir, 'dev-keypair.json', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pair: LocalKeyPair = {
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    return JSON.stringify(pair);
  });
  return JSON.parse(text) as LocalKeyPair;
}
