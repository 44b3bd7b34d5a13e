import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFileMadeOnce } from '../local-files/file-made-once.js';

/** A deployment's Ed25519 key pair and the id that names it in every signature. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex digits of SHA-256 of the public key (SPKI, DER). */
  keyId: string;
}

/** First 16 hex digits of SHA-256 of the public key (SPKI, DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The key of a PKCS#8 PEM; anything but Ed25519 is refused, naming the variable it came from. */
export function signingKeyFromPem(pem: string, variable: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`${variable} must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

export interface SigningKeySource {
  /** The configured key: a PKCS#8 PEM, or the path of one. */
  configured: string | undefined;
  /** The variable it is configured by, named when it is not an Ed25519 key. */
  variable: string;
  /** Where a development key is made on first use when nothing is configured. */
  localDir: string;
  /** The development key's file name in `localDir`. */
  fileName: string;
}

/**
 * The configured Ed25519 key; without one, a development key made on first use
 * in `localDir`, as the kit makes the local token key. The new key is written
 * to a file of this process's own and hard-linked into place, so that when
 * several processes start at once exactly one key wins and all read it.
 */
export function loadSigningKey(source: SigningKeySource): SigningKey {
  const { configured, variable } = source;
  if (configured)
    return signingKeyFromPem(
      configured.includes('-----BEGIN') ? configured : readFileSync(configured, 'utf8'),
      variable,
    );
  const pem = readFileMadeOnce(source.localDir, source.fileName, () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  return signingKeyFromPem(pem, variable);
}

/** Ed25519 signature of the bytes, base64. */
export function signBytes(key: SigningKey, bytes: Buffer): string {
  return sign(null, bytes, key.privateKey).toString('base64');
}

/** True when `signature` (base64) is this public key's (a key or a PEM) over exactly these bytes. */
export function signatureValidFor(publicKey: KeyObject | string, bytes: Buffer, signature: string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(null, bytes, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
