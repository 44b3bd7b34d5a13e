import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { auditChainRegressed, auditHeadSigned } from '@jir/contracts';
import { waitFor } from '@jir/testing';
import { canonicalJson, verifyAudit } from '../src/audit/audit-trail.js';
import { checkSignedHead, loadAuditSigningKey, type SignedHead } from '../src/audit/head-signing.js';
import { intakeForThisFile, recordBody } from './harness.js';

const h = intakeForThisFile();

const AUDITOR = { sub: 'au-1', division: 'discipline', roles: ['auditor'] };
const head = async (court = 'JL-CC-NG'): Promise<SignedHead> => {
  const r = await h.call('GET', '/v1/audit/head', { as: { ...AUDITOR, court } });
  expect(r.status).toBe(200);
  return r.body as SignedHead;
};
/** The signed heads published on the bus, newest last: the copy kept outside intake's database. */
async function published(court = 'JL-CC-NG'): Promise<SignedHead[]> {
  await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
  return (await h.publishedEvents())
    .filter((e) => e.subject === auditHeadSigned.subject && e.event.court === court)
    .map((e) => e.event.data as SignedHead);
}
/** A court's chain of `records` records by `handler`, its head signed: the head as published, checked good. */
async function signedChainOf(court: string, handler: string, records: number): Promise<SignedHead> {
  for (let i = 0; i < records; i++)
    await h.call('POST', '/v1/records', { as: { sub: handler, court }, body: recordBody() });
  await head(court);
  const last = (await published(court)).at(-1)!;
  expect(await checkSignedHead(h.db, last, h.signingKey.publicKey)).toEqual({ ok: true });
  return last;
}
/**
 * The damaged chain no longer holds the published head `last` (`reason`), and the signer refuses
 * to give the court a head; the refusal, for what a test checks further.
 */
async function headRegressed(court: string, last: SignedHead, reason: string) {
  expect(await checkSignedHead(h.db, last, h.signingKey.publicKey)).toEqual({ ok: false, reason });
  // The signer holds its own signature for a later position: it will not vouch for the damaged chain.
  const refused = await h.call('GET', '/v1/audit/head', { as: { ...AUDITOR, court } });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('audit-chain-regressed');
  return refused;
}
/** As a database superuser would, behind the service and its triggers. */
const behindTheBack = (stmt: ReturnType<typeof sql>) =>
  h.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await stmt.execute(trx);
  });

// The tests are chapters of one chain's story (signed, rewritten, cut short, forged), each
// reading the heads the chapters before it published, so they run in file order.
describe('signed audit head (R-PV-2)', { shuffle: false }, () => {
  it('R-PV-2: the head is signed with the deployment’s key, published as an event, and read only by TM, auditors and IT of the court', async () => {
    for (let i = 0; i < 3; i++)
      expect((await h.call('POST', '/v1/records', { body: recordBody() })).status).toBe(201);
    const signed = await head();
    expect(signed).toMatchObject({ court: 'JL-CC-NG', keyId: h.signingKey.keyId });
    expect(signed.position).toBeGreaterThanOrEqual(3);
    // Anyone with the public key can check it, without this code.
    const { signature, ...fields } = signed;
    expect(
      verify(
        null,
        Buffer.from(canonicalJson(fields)),
        h.signingKey.publicKey,
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(true);
    expect(
      verify(
        null,
        Buffer.from(canonicalJson({ ...fields, position: fields.position + 1 })),
        h.signingKey.publicKey,
        Buffer.from(signature, 'base64'),
      ),
    ).toBe(false);
    const events = await published();
    expect(events.at(-1)).toEqual(signed);
    expect(auditHeadSigned.data.safeParse(signed).success).toBe(true);
    // The same head again: answered, not published twice.
    await head();
    expect((await published()).length).toBe(events.length);

    for (const as of [
      { sub: 'tm-1', division: 'tm', roles: ['trial-management'] },
      { sub: 'it-1', division: 'it', roles: ['it-admin'] },
    ])
      expect((await h.call('GET', '/v1/audit/head', { as })).status).toBe(200);
    for (const as of [
      { roles: ['case-handler'] },
      { roles: ['statistician'] },
      { sub: 'sup', court: 'JL-CC', roles: ['supervisor'] },
    ])
      expect((await h.call('GET', '/v1/audit/head', { as })).status).toBe(403);
    expect((await h.call('GET', '/v1/audit/head', { as: null })).status).toBe(401);
    // Another court's auditors see their own court's head, never this one's.
    const other = await h.call('GET', '/v1/audit/head', { as: { ...AUDITOR, court: 'JL-CC-KC' } });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(signed.headHash);
  });

  // Each damaging test on a court of its own: the signer refuses a damaged chain from then on.
  it('R-PV-2: a chain rewritten with every hash recomputed still verifies by itself, but no longer holds the published head, and the signer refuses it', async () => {
    const court = 'JL-CC-KC';
    const last = await signedChainOf(court, 'judge-k', 2);

    // History is edited, then the whole chain relinked: the service's own sealer recomputes every hash.
    await behindTheBack(
      sql`UPDATE audit_entries SET actor = 'someone-else' WHERE court = ${court} AND chain_pos = 2`,
    );
    await behindTheBack(
      sql`UPDATE audit_entries SET chain_pos = NULL, prev_hash = NULL, hash = NULL, sealed_at = NULL WHERE court = ${court}`,
    );
    await h.sealer.sealAll({ wait: true });
    expect(await verifyAudit(h.db, court)).toMatchObject({ intact: true });
    await headRegressed(court, last, 'hash-differs');
  });

  it('R-PV-2: deleting the last entries still verifies by itself, but the published head is missing; the signer refuses to sign the shorter chain and raises an event', async () => {
    const court = 'JL-CC-CY';
    const last = await signedChainOf(court, 'judge-c', 3);
    await behindTheBack(
      sql`DELETE FROM audit_entries WHERE court = ${court} AND chain_pos > ${last.position - 2}`,
    );
    const chain = await verifyAudit(h.db, court);
    expect(chain.firstBreak).toBeUndefined();
    expect(chain.entries).toBe(last.position - 2);
    const refused = await headRegressed(court, last, 'entry-missing');
    expect(refused.body.title ?? refused.body.detail ?? JSON.stringify(refused.body)).toMatch(/审计链|chain/);
    // Nor in the periodic pass, which carries on with the other courts.
    await h.headSigner.signAll();
    expect((await published(court)).at(-1)).toEqual(last);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const alarms = (await h.publishedEvents()).filter(
      (e) => e.subject === auditChainRegressed.subject && e.event.court === court,
    );
    expect(alarms.length).toBeGreaterThanOrEqual(2);
    expect(alarms[0]!.event.data).toMatchObject({
      signedPosition: last.position,
      signedHash: last.headHash,
      headPosition: last.position - 2,
      hashAtSignedPosition: null,
    });
  });

  it('R-PV-2: a forged or altered signed head is refused before the chain is consulted', async () => {
    const last = (await published()).at(-1)!;
    const other = loadAuditSigningKey(undefined, mkdtempSync(join(tmpdir(), 'audit-key-')));
    expect(
      await checkSignedHead(h.db, { ...last, headHash: '0'.repeat(64) }, h.signingKey.publicKey),
    ).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(await checkSignedHead(h.db, last, other.publicKey)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('R-PV-2: without AUDIT_SIGNING_KEY a development key is made once in .local and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-key-'));
    try {
      const a = loadAuditSigningKey(undefined, dir);
      const b = loadAuditSigningKey(undefined, dir);
      expect(b.keyId).toBe(a.keyId);
      expect(b.publicKeyPem).toBe(a.publicKeyPem);
      expect(() =>
        loadAuditSigningKey('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----'),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
