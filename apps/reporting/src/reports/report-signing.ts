import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * JSON with object keys sorted at every level and no whitespace, so that the
 * same snapshot always hashes the same, whoever serialises it (the sender,
 * the receiver, a court checking a printed digest). Snapshots hold only
 * strings, integers, booleans, null, arrays and objects, for which this and
 * RFC 8785 agree; eight lines did not justify another dependency.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** SHA-256 of the snapshot's canonical JSON, hex (R-RP-4). */
export function snapshotDigest(snapshot: unknown): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

/** The deployment's Ed25519 key pair and the id that names it in every signature. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** First 16 hex digits of SHA-256 of the public key (SPKI, DER). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

function fromPrivatePem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(`REPORT_SIGNING_KEY must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

const DEFAULT_LOCAL_DIR = fileURLToPath(new URL('../../../../.local/reporting', import.meta.url));

/**
 * REPORT_SIGNING_KEY (a PKCS#8 PEM or the path of one); without it, a
 * development key made on first use in `.local/reporting` (hard link, so
 * that of several processes starting at once exactly one key wins).
 */
export function loadSigningKey(configured: string | undefined, localDir = DEFAULT_LOCAL_DIR): SigningKey {
  if (configured)
    return fromPrivatePem(configured.includes('-----BEGIN') ? configured : readFileSync(configured, 'utf8'));
  const file = join(localDir, 'report-signing-key.pem');
  try {
    return fromPrivatePem(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(localDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(tmp, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return fromPrivatePem(readFileSync(file, 'utf8'));
}

/** Ed25519 over the digest's hex text, base64 (R-BX-4). */
export function signDigest(key: SigningKey, digest: string): string {
  return sign(null, Buffer.from(digest, 'utf8'), key.privateKey).toString('base64');
}

/** True when `signature` is this public key's signature of the digest. */
export function verifyDigest(publicKey: KeyObject | string, digest: string, signature: string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(null, Buffer.from(digest, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
