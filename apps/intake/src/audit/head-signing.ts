import { fileURLToPath } from 'node:url';
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { auditChainRegressed, auditHeadSigned } from '@jir/contracts';
import {
  canonicalJson,
  emitEvent,
  keyIdOf,
  loadSigningKey,
  problem,
  signBytes,
  signatureValidFor,
  type Clock,
  type Logger,
  type OutboxRelay,
  type SigningKey,
} from '@jir/service-kit';
import type { IntakeDB } from '../db/schema.js';
import type { AuditSealer } from './audit-trail.js';
import {
  chainEntryAt,
  chainHead,
  courtsWithChains,
  lastSignedHead,
  saveSignedHead,
} from './audit.repository.js';

/** Where the development signing key lives: `.local/audit` at the repository root (git-ignored). */
export const DEFAULT_LOCAL_AUDIT_KEY_DIR = fileURLToPath(
  new URL('../../../../.local/audit', import.meta.url),
);

/** The deployment's audit signing key (Ed25519), named in each signature by its key id. */
export type AuditSigningKey = SigningKey;

export interface SignedHead {
  court: string;
  position: number;
  headHash: string;
  signedAt: string;
  keyId: string;
  /** Ed25519 over canonical JSON of the other fields, base64. */
  signature: string;
}

/**
 * The deployment's audit signing key: AUDIT_SIGNING_KEY as a PEM (PKCS#8) or the
 * path of one; without it, a development key made on first use in `.local/audit`,
 * the same way the kit makes the local token key (hard link: when several
 * processes start at once, exactly one key wins).
 */
export function loadAuditSigningKey(
  configured: string | undefined,
  localDir: string = DEFAULT_LOCAL_AUDIT_KEY_DIR,
): AuditSigningKey {
  return loadSigningKey({
    configured,
    variable: 'AUDIT_SIGNING_KEY',
    localDir,
    fileName: 'audit-signing-key.pem',
  });
}

const signedBytes = (h: Omit<SignedHead, 'signature'>) =>
  Buffer.from(
    canonicalJson({
      court: h.court,
      position: h.position,
      headHash: h.headHash,
      signedAt: h.signedAt,
      keyId: h.keyId,
    }),
  );

/** Whether the signature is the key's over exactly these fields. */
export function signatureValid(head: SignedHead, publicKey: KeyObject): boolean {
  return signatureValidFor(publicKey, signedBytes(head), head.signature);
}

export interface HeadCheck {
  ok: boolean;
  reason?: 'bad-signature' | 'unknown-key' | 'entry-missing' | 'hash-differs';
}

/**
 * Checks a signed head kept outside the database (an `intake.audit.head-signed`
 * event) against the chain as it is now: the signature must be the deployment's,
 * and the chain must still hold that hash at that position. A chain whose hashes
 * were all recomputed after a tampering holds another hash there; one cut short
 * holds nothing (R-PV-2). Everything after the position is checked by verifyAudit.
 */
export async function checkSignedHead(
  db: Kysely<IntakeDB>,
  head: SignedHead,
  publicKey: KeyObject,
): Promise<HeadCheck> {
  if (head.keyId !== keyIdOf(publicKey)) return { ok: false, reason: 'unknown-key' };
  if (!signatureValid(head, publicKey)) return { ok: false, reason: 'bad-signature' };
  const entry = await chainEntryAt(db, head.court, head.position);
  if (!entry) return { ok: false, reason: 'entry-missing' };
  if (entry.hash !== head.headHash) return { ok: false, reason: 'hash-differs' };
  return { ok: true };
}

/**
 * Signs each court's chain head with the deployment's key and publishes it as an
 * event, periodically and on demand, so that a rewrite of the chain can be told
 * from outside the database.
 */
export class AuditHeadSigner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: {
      db: Kysely<IntakeDB>;
      key: AuditSigningKey;
      clock: Clock;
      sealer?: AuditSealer;
      relay?: OutboxRelay;
      logger?: Logger;
      intervalMs?: number;
    },
  ) {}

  get keyId(): string {
    return this.deps.key.keyId;
  }

  /**
   * The court's head, signed now. Published when the head moved since the last
   * published signature (a head that has not moved needs no new anchor);
   * undefined while the court has no sealed entry. A chain that no longer holds
   * the last head this deployment signed (cut short, or rewritten) is not signed:
   * signing it would vouch for the damage. The refusal is logged at error,
   * published as an `intake.audit.chain-regressed` event, and answered 409.
   */
  async signHead(court: string): Promise<SignedHead | undefined> {
    await this.deps.sealer?.sealAll({ wait: true });
    const outcome = await this.deps.db.transaction().execute(async (trx) => {
      const head = await chainHead(trx, court);
      const last = await lastSignedHead(trx, court);
      const now = this.deps.clock.now();
      if (last) {
        const position = Number(last.position);
        const there = await chainEntryAt(trx, court, position);
        if (there?.hash !== last.head_hash) {
          const regressed = {
            court,
            signedPosition: position,
            signedHash: last.head_hash,
            headPosition: head?.position ?? null,
            hashAtSignedPosition: there?.hash ?? null,
            detectedAt: now.toISOString(),
          };
          await emitEvent(trx, auditChainRegressed, {
            court,
            aggregateId: court,
            actor: { sub: 'intake', kind: 'service' },
            data: regressed,
            occurredAt: now,
          });
          return { regressed };
        }
      }
      if (!head) return { signed: undefined };
      const fields = {
        court,
        position: head.position,
        headHash: head.hash,
        signedAt: now.toISOString(),
        keyId: this.deps.key.keyId,
      };
      const out: SignedHead = {
        ...fields,
        signature: signBytes(this.deps.key, signedBytes(fields)),
      };
      if (!last || Number(last.position) !== out.position || last.head_hash !== out.headHash) {
        await saveSignedHead(trx, out);
        await emitEvent(trx, auditHeadSigned, {
          court,
          aggregateId: court,
          actor: { sub: 'intake', kind: 'service' },
          data: out,
          occurredAt: new Date(out.signedAt),
        });
      }
      return { signed: out };
    });
    this.deps.relay?.wake();
    if ('regressed' in outcome && outcome.regressed) {
      const { regressed } = outcome;
      this.deps.logger?.error(
        regressed,
        'audit chain no longer holds the head this deployment signed: entries were deleted or rewritten; not signing',
      );
      throw problem({
        status: 409,
        code: 'audit-chain-regressed',
        message: {
          zh: `审计链已不含本系统此前签名的第 ${regressed.signedPosition} 条链头（条目被删除或改写），拒绝签名`,
          en: `the audit chain no longer holds the head signed at position ${regressed.signedPosition} (entries deleted or rewritten); not signing`,
        },
      });
    }
    return outcome.signed;
  }

  async signAll(): Promise<number> {
    let n = 0;
    for (const court of await courtsWithChains(this.deps.db)) {
      // One court's damaged chain (already logged and published) must not stop the others being signed.
      const signed = await this.signHead(court).catch((e: unknown) => {
        if ((e as { code?: string }).code === 'audit-chain-regressed') return undefined;
        throw e;
      });
      if (signed) n += 1;
    }
    return n;
  }

  start(): void {
    const tick = () => {
      this.running = this.signAll()
        .catch((e: unknown) =>
          this.deps.logger?.warn({ err: (e as Error).message }, 'audit head signing failed; will retry'),
        )
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(tick, this.deps.intervalMs ?? 3_600_000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
