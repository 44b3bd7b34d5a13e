// N2 of the second security probe: evidence metadata that the service's own role could rewrite,
// pointing a row at a forged version the integrity check then found intact (R-EV-3).
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, prepareServiceDatabase, type Database } from '@jir/service-kit';
import { evidenceMigrations } from '../src/db/migrations/index.js';
import { evidenceHarness, PNG, type EvidenceHarness } from './harness.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };

let h: EvidenceHarness;
let asService: Database<unknown>;
let recordId: string;
beforeAll(async () => {
  h = await evidenceHarness();
  recordId = await h.announceRecord();
  // The role the service runs as (preparing again changes nothing: it is the one the service uses).
  const { role } = await prepareServiceDatabase({ ownerUrl: h.dbUrl, migrations: evidenceMigrations });
  asService = createDatabase(role.url, { max: 1 });
});
afterAll(async () => {
  await asService?.close();
  await h?.close();
});

async function refusedAsService(statement: string): Promise<string | undefined> {
  try {
    await sql.raw(statement).execute(asService.db);
    return undefined;
  } catch (e) {
    return (e as { code: string }).code;
  }
}

describe('what identifies stored evidence never changes (R-EV-3)', () => {
  it('R-EV-3: as the service role, version, digests, size and object key cannot be updated; archive and schedule can', async () => {
    const { body } = await h.upload(recordId, PNG);
    const id = body.id as string;
    for (const set of [
      `version_id = 'forged'`,
      `sha256 = '${'0'.repeat(64)}'`,
      `sm3 = '${'0'.repeat(64)}'`,
      `size = 1`,
      `object_key = 'elsewhere'`,
      `media_type = 'text/plain'`,
      `uploaded_by = 'someone-else'`,
    ])
      expect(await refusedAsService(`UPDATE evidence SET ${set} WHERE id = '${id}'`), set).toBe('42501');
    expect(
      await refusedAsService(
        `UPDATE evidence SET next_check_at = now(), archive_destination = '档案室' WHERE id = '${id}'`,
      ),
    ).toBeUndefined();
    const row = await h.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sha256: sha(PNG), sm3: sm3(PNG), archive_destination: '档案室' });
  });

  it('R-EV-3: a row pointed at a forged version whose digests it was given still fails the integrity check (custody holds the upload’s digests)', async () => {
    const { body } = await h.upload(recordId, PNG);
    const id = body.id as string;
    const row = await h.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const forgedBytes = Buffer.concat([PNG, Buffer.from('forged')]);
    // A new version at the same key (the store keeps both), written with the administrator's key.
    const forged = await h.admin.putObject(h.store.bucket, row.object_key, forgedBytes, forgedBytes.length);
    // What the service role could do before: every column of the row made to agree with the forgery.
    await h.tamperRow(id, {
      version_id: forged.versionId,
      sha256: sha(forgedBytes),
      sm3: sm3(forgedBytes),
      size: forgedBytes.length,
    });
    const res = await h.call('POST', '/v1/integrity-checks', { as: tm, body: { ids: [id] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ checked: 1, failures: [{ id, problem: 'digest-mismatch' }] });
  });

  it('R-EV-3: an untouched upload passes the same check (the comparison with custody is not always a failure)', async () => {
    const { body } = await h.upload(recordId, PNG);
    const res = await h.call('POST', '/v1/integrity-checks', { as: tm, body: { ids: [body.id] } });
    expect(await res.json()).toEqual({ checked: 1, failures: [] });
  });
});
