import { createHash, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  canonicalJson,
  loadSigningKey as loadKey,
  signBytes,
  signatureValidFor,
  type SigningKey,
} from '@jir/service-kit';

export { canonicalJson, keyIdOf, type SigningKey } from '@jir/service-kit';

/** SHA-256 of the snapshot's canonical JSON, hex (R-RP-4). */
export function snapshotDigest(snapshot: unknown): string {
  return canonicalTextDigest(canonicalJson(snapshot));
}

/** SHA-256 of a snapshot already written as canonical JSON, hex: serialised once, hashed and stored as is. */
export function canonicalTextDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const DEFAULT_LOCAL_DIR = fileURLToPath(new URL('../../../../.local/reporting', import.meta.url));

/**
 * REPORT_SIGNING_KEY (a PKCS#8 PEM or the path of one); without it, a
 * development key made on first use in `.local/reporting`.
 */
export function loadSigningKey(configured: string | undefined, localDir = DEFAULT_LOCAL_DIR): SigningKey {
  return loadKey({
    configured,
    variable: 'REPORT_SIGNING_KEY',
    localDir,
    fileName: 'report-signing-key.pem',
  });
}

/** Ed25519 over the digest's hex text, base64 (R-BX-4). */
export function signDigest(key: SigningKey, digest: string): string {
  return signBytes(key, Buffer.from(digest, 'utf8'));
}

/** True when `signature` is this public key's signature of the digest. */
export function verifyDigest(publicKey: KeyObject | string, digest: string, signature: string): boolean {
  return signatureValidFor(publicKey, Buffer.from(digest, 'utf8'), signature);
}
