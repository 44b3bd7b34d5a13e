import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@jir/testing';
import type { UserClaims } from '@jir/service-kit';
import { evidenceRowCount } from './evidence-rows.js';
import { evidenceHarness, MAX_BYTES, PNG, type EvidenceHarness } from './harness.js';

let h: EvidenceHarness;
let recordId: string;
beforeAll(async () => {
  h = await evidenceHarness();
  recordId = await h.announceRecord();
});
afterAll(() => h.close());

// Response bodies are checked field by field.
const json = async (r: Promise<Response>): Promise<any> => (await r).json();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Buffer) => createHash('sm3').update(b).digest('hex');
/** The fixture PNG as stored for the record under this name: its type found from its content. */
const pngOfRecord = (fileName: string) => ({
  recordId,
  size: PNG.length,
  mediaType: 'image/png',
  sha256: sha(PNG),
  fileName,
});

/**
 * An upload (PNG) and a copy of its metadata row under a key the store never held: metadata
 * whose object is gone, as the integrity check and the reconciler must report (R-EV-3).
 */
async function uploadWithRowlessCopy() {
  const good = await h.upload(recordId, PNG);
  expect(good.status).toBe(201);
  const row = await h.db
    .selectFrom('evidence')
    .selectAll()
    .where('id', '=', good.body.id)
    .executeTakeFirstOrThrow();
  const missing = crypto.randomUUID();
  await h.db
    .insertInto('evidence')
    .values({ ...row, id: missing, object_key: `${row.court}/${row.record_id}/${missing}` })
    .execute();
  return { good, row, missing };
}

describe('evidence round trip (R-EV-1, R-EV-2, R-BX-6)', () => {
  it('R-EV-1: original bytes, size, media type from content, SHA-256 and SM3, uploader, Chinese file name', async () => {
    const r = await h.upload(recordId, PNG, {
      name: '微信截图 2026-03-03.png',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      ...pngOfRecord('微信截图 2026-03-03.png'),
      sm3: sm3(PNG),
      uploadedBy: 'judge-a',
    });
    const dl = await h.call('GET', `/v1/evidence/${r.body.id}/content`);
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PNG)).toBe(true);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(dl.headers.get('etag')).toBe(`"${sha(PNG)}"`);
    expect(dl.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('微信截图 2026-03-03.png')}`,
    );
  });

  it('R-EV-2: a multi-part file (20 MiB, 8 MiB parts) streams through with digests intact, and Range reads work', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(20 * 1024 * 1024)]);
    const r = await h.upload(recordId, big, { name: 'scan.pdf' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      size: big.length,
      mediaType: 'application/pdf',
      sha256: sha(big),
      sm3: sm3(big),
    });
    const part = await h.call('GET', `/v1/evidence/${r.body.id}/content`, {
      headers: { range: 'bytes=1000-1999' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${big.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(big.subarray(1000, 2000))).toBe(true);
    const tail = await h.call('GET', `/v1/evidence/${r.body.id}/content`, {
      headers: { range: 'bytes=-10' },
    });
    expect(Buffer.from(await tail.arrayBuffer()).equals(big.subarray(big.length - 10))).toBe(true);
    expect(
      (
        await h.call('GET', `/v1/evidence/${r.body.id}/content`, {
          headers: { range: `bytes=${big.length}-` },
        })
      ).status,
    ).toBe(416);
  });

  it('R-EV-5: uploads and downloads are in the chain of custody; R-PV-3: the stored event is published', async () => {
    const r = await h.upload(recordId, PNG, { name: 'a.png' });
    await h.call('GET', `/v1/evidence/${r.body.id}/content`, {
      as: { sub: 'dh-1', roles: ['division-head'] },
    });
    const meta = await json(h.call('GET', `/v1/evidence/${r.body.id}`));
    expect(meta.custody.map((c: { action: string; actor: string }) => `${c.action}:${c.actor}`)).toEqual([
      'uploaded:judge-a',
      'downloaded:dh-1',
    ]);
    await waitFor(async () => (await h.relay.backlog()) === 0 || undefined);
    const outbox = await h.db
      .selectFrom('outbox')
      .select('subject')
      .where('aggregate_id', '=', r.body.id)
      .execute();
    expect(outbox).toEqual([{ subject: 'evidence.file.stored.v1' }]);
    const list = await json(h.call('GET', `/v1/evidence?recordId=${recordId}`));
    expect(list.map((e: { id: string }) => e.id)).toContain(r.body.id);
  });
});

describe('browser uploads (R-EV-2)', () => {
  const form = async (parts: [string, string | Blob, string?][]) => {
    const fd = new FormData();
    for (const [k, v, name] of parts) {
      if (typeof v === 'string') fd.append(k, v);
      else fd.append(k, v, name);
    }
    const res = await fetch(`${h.url}/v1/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token()}` },
      body: fd,
    });
    return { status: res.status, body: (await res.json()) as { code?: string; [k: string]: unknown } };
  };

  it('R-EV-2: multipart/form-data streams the same way, with size before the file', async () => {
    const r = await form([
      ['recordId', recordId],
      ['size', String(PNG.length)],
      ['sha256', sha(PNG)],
      ['file', new Blob([PNG]), '录音截图.png'],
    ]);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject(pngOfRecord('录音截图.png'));
  });

  it('R-NF-7: a form without size, without a file, or with a wrong digest is refused and stores nothing', async () => {
    expect(
      (
        await form([
          ['recordId', recordId],
          ['file', new Blob([PNG]), 'a.png'],
        ])
      ).body.code,
    ).toBe('length-required');
    expect(
      (
        await form([
          ['recordId', recordId],
          ['size', '10'],
        ])
      ).body.code,
    ).toBe('file-missing');
    expect(
      (
        await form([
          ['recordId', recordId],
          ['size', String(PNG.length)],
          ['sha256', '0'.repeat(64)],
          ['file', new Blob([PNG]), 'a.png'],
        ])
      ).body.code,
    ).toBe('digest-mismatch');
    expect(
      (
        await form([
          ['recordId', 'nope'],
          ['size', String(PNG.length)],
          ['file', new Blob([PNG]), 'a.png'],
        ])
      ).status,
    ).toBe(422);
  });
});

describe('write once (R-EV-3)', () => {
  it('R-EV-3: the stored version cannot be deleted through the store’s own API, and there is no delete route', async () => {
    const r = await h.upload(recordId, PNG, { name: 'locked.png' });
    const row = await h.db
      .selectFrom('evidence')
      .selectAll()
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(row.version_id).toBeTruthy();
    await expect(
      h.store.client.removeObject(h.store.bucket, row.object_key, {
        versionId: row.version_id!,
        governanceBypass: true,
      }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(
      h.store.client.putObjectRetention(h.store.bucket, row.object_key, {
        mode: 'COMPLIANCE',
        retainUntilDate: new Date(Date.now() + 60_000).toISOString(),
        versionId: row.version_id!,
      }),
    ).rejects.toThrow();
    const still = await h.store.client.statObject(h.store.bucket, row.object_key, {
      versionId: row.version_id!,
    });
    expect(still.size).toBe(PNG.length);
    expect((await h.call('DELETE', `/v1/evidence/${r.body.id}`)).status).toBe(404);

    // Overwriting the key only adds a version above it: the recorded version keeps its bytes, and
    // the service still serves (and verifies) those bytes.
    const forged = Buffer.from('forged bytes, not the evidence');
    await h.store.client.putObject(h.store.bucket, row.object_key, forged, forged.length);
    const latest = await h.store.client.statObject(h.store.bucket, row.object_key);
    expect(latest.size).toBe(forged.length);
    expect(latest.versionId).not.toBe(row.version_id);
    const kept = await h.store.client.getObject(h.store.bucket, row.object_key, {
      versionId: row.version_id!,
    });
    const keptBytes: Buffer[] = [];
    for await (const chunk of kept) keptBytes.push(chunk as Buffer);
    expect(Buffer.concat(keptBytes).equals(PNG)).toBe(true);
    const served = await h.call('GET', `/v1/evidence/${r.body.id}/content`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });
});

describe('bad uploads store nothing (R-NF-7)', () => {
  const count = () => evidenceRowCount(h);

  it('R-NF-7: wrong type by content, empty, over the limit, digest mismatch, no length: clear 4xx, nothing stored', async () => {
    const before = await count();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(5000)]);
    const exe = await h.upload(recordId, elf, {
      name: 'photo.png',
      headers: { 'content-type': 'image/png' },
    });
    expect(exe.status).toBe(415);
    expect(exe.body.code).toBe('media-type-not-allowed');
    expect((await h.upload(recordId, Buffer.alloc(0))).body.code).toBe('empty-file');
    // A declared length over the limit is refused before the body: fetch will not send a length it
    // does not match, so the request goes over a raw socket and the status line is read back.
    const token = await h.token();
    const statusLine = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(new URL(h.url).port), '127.0.0.1', () => {
        sock.write(
          `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
            `Content-Type: application/octet-stream\r\nContent-Length: ${MAX_BYTES + 1}\r\n\r\n`,
        );
        sock.write(PNG);
      });
      let got = '';
      sock.on('data', (d: Buffer) => {
        got += d.toString('latin1');
        if (got.includes('\r\n')) {
          resolve(got.slice(0, got.indexOf('\r\n')));
          sock.destroy();
        }
      });
      sock.on('error', reject);
      sock.on('close', () => resolve(got));
    });
    expect(statusLine).toMatch(/^HTTP\/1\.1 413 /);
    const wrong = await h.upload(recordId, PNG, {
      headers: { 'content-sha256': sha(Buffer.from('something else')) },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('digest-mismatch');
    const right = await h.upload(recordId, PNG, {
      headers: { digest: `sha-256=${createHash('sha256').update(PNG).digest('base64')}` },
    });
    expect(right.status).toBe(201);
    expect(await count()).toBe(before + 1);
    expect((await h.upload(recordId, PNG, { headers: { 'content-sha256': 'nothex' } })).status).toBe(400);
  });

  it('R-NF-7: a client that disconnects mid-body, or sends less than its Content-Length, leaves nothing behind', async () => {
    const before = await count();
    const port = Number(new URL(h.url).port);
    const token = await h.token();
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(
          `POST /v1/evidence?recordId=${recordId} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`,
        );
        s.write(PNG);
        setTimeout(() => s.destroy(), 300);
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await count()).toBe(before);
    // The service still works.
    expect((await h.upload(recordId, PNG)).status).toBe(201);
  });

  it('R-NF-7: path-like and control-character file names are made safe', async () => {
    const a = await h.upload(recordId, PNG, { name: '../../etc/passwd' });
    expect(a.body.fileName).toBe('passwd');
    const b = await h.upload(recordId, PNG, { name: '截图\u0000\u202e gnp.exe' });
    expect(b.body.fileName).toBe('截图 gnp.exe');
    const c = await h.upload(recordId, PNG, { name: '%E0%A4%A' });
    expect(c.status).toBe(201);
  });

  it('R-NF-7: chunked bodies without Content-Length are refused with 411', async () => {
    const r = await fetch(`${h.url}/v1/evidence?recordId=${recordId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.token()}` },
      body: new ReadableStream({ start: (c) => (c.enqueue(PNG), c.close()) }),
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(411);
  });
});

describe('records not yet known, and rights (R-AC-1, R-AC-2)', () => {
  it('an upload for a record whose event has not arrived waits for it briefly, then succeeds', async () => {
    const late = crypto.randomUUID();
    const pending = h.upload(late, PNG);
    await new Promise((r) => setTimeout(r, 300));
    await h.announceRecord({ recordId: late });
    expect((await pending).status).toBe(201);
  });

  it('an upload for a record never announced is refused with a retry hint, nothing stored', async () => {
    const r = await h.upload(crypto.randomUUID(), PNG);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'record-unknown', retryAfterSeconds: 2 });
  });

  it('R-AC-2: another handler or court learns nothing; a division head reads but may not upload', async () => {
    const r = await h.upload(recordId, PNG);
    expect((await h.upload(recordId, PNG, { as: { sub: 'judge-b' } })).status).toBe(404);
    expect((await h.upload(recordId, PNG, { as: { court: 'JL-CC-KC' } })).status).toBe(404);
    expect((await h.upload(recordId, PNG, { as: { sub: 'dh-1', roles: ['division-head'] } })).status).toBe(
      403,
    );
    // What each caller gets reading the file or its metadata.
    const readAs = async (path: string, as: Partial<UserClaims>) =>
      (await h.call('GET', path, { as })).status;
    expect(await readAs(`/v1/evidence/${r.body.id}/content`, { sub: 'judge-b' })).toBe(404);
    expect(
      await readAs(`/v1/evidence/${r.body.id}/content`, { sub: 'it-1', division: 'it', roles: ['it-admin'] }),
    ).toBe(404);
    expect(
      await readAs(`/v1/evidence/${r.body.id}`, { sub: 'tm-1', division: 'tm', roles: ['trial-management'] }),
    ).toBe(200);
  });
});

describe('archive and integrity (R-EV-3, R-EV-4)', () => {
  it('R-EV-4: written materials go to the secondary volume; others need their destination', async () => {
    const letterRecord = await h.announceRecord({ form: 'letter' });
    const letter = await h.upload(letterRecord, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(100)]));
    expect(letter.status).toBe(201);
    const a = await json(h.call('POST', `/v1/evidence/${letter.body.id}/archive`, { body: {} }));
    expect(a.archive).toEqual({ volume: 'secondary', destination: '案件副卷' });
    const shot = await h.upload(recordId, PNG);
    const refused = await h.call('POST', `/v1/evidence/${shot.body.id}/archive`, { body: {} });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('destination-required');
    const ok = await json(
      h.call('POST', `/v1/evidence/${shot.body.id}/archive`, {
        body: { destination: '刻录光盘存档案室 2026-07 号柜' },
      }),
    );
    expect(ok.archive).toEqual({ volume: null, destination: '刻录光盘存档案室 2026-07 号柜' });
    expect(ok.custody.map((c: { action: string }) => c.action)).toContain('archived');
  });

  it('R-EV-4, R-SC-4: an exempt opinion’s files go to the case’s main volume', async () => {
    const opinion = await h.announceOpinion();
    const f = await h.upload(opinion, Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(100)]), {
      name: '参考意见.pdf',
    });
    expect(f.status).toBe(201);
    const a = await json(h.call('POST', `/v1/evidence/${f.body.id}/archive`, { body: {} }));
    expect(a.archive).toEqual({ volume: 'main', destination: '案件正卷' });
  });

  it('R-EV-3: the integrity check re-reads objects and reports a digest mismatch or a missing object', async () => {
    // An upload of its own, and metadata whose object is gone.
    const { good, row, missing } = await uploadWithRowlessCopy();
    // Metadata that no longer matches its object.
    const badDigest = crypto.randomUUID();
    const badKey = `${row.object_key}`.replace(/[^/]+$/, badDigest);
    const forged = await h.store.client.putObject(h.store.bucket, badKey, PNG, PNG.length);
    await h.db
      .insertInto('evidence')
      .values({
        ...row,
        id: badDigest,
        object_key: badKey,
        version_id: forged.versionId,
        sha256: '0'.repeat(64),
      })
      .execute();
    const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
    expect((await h.call('POST', '/v1/integrity-checks', { body: {} })).status).toBe(403);
    const report = await json(
      h.call('POST', '/v1/integrity-checks', { as: tm, body: { ids: [good.body.id, badDigest, missing] } }),
    );
    expect(report.checked).toBe(3);
    expect(report.failures.sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: badDigest, problem: 'digest-mismatch' },
        { id: missing, problem: 'missing-object' },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    const events = await h.db
      .selectFrom('outbox')
      .select('subject')
      .where('subject', '=', 'evidence.integrity.failed.v1')
      .execute();
    expect(events).toHaveLength(2);
  });

  it('R-EV-3: the reconciler reports objects without metadata and metadata without objects', async () => {
    const tm = { sub: 'tm-1', division: 'tm', roles: ['trial-management'] };
    const before = await json(h.call('GET', '/v1/reconciliation', { as: tm }));
    // An object the store confirmed but whose metadata never committed.
    const orphan = `JL-CC-NG/${recordId}/${crypto.randomUUID()}`;
    await h.store.client.putObject(h.store.bucket, orphan, PNG, PNG.length);
    // And metadata whose object is gone, made here: in any order of the file's tests, nothing
    // else need have made one.
    const { missing: rowless } = await uploadWithRowlessCopy();
    const after = await json(h.call('GET', '/v1/reconciliation', { as: tm }));
    expect(after.objectsWithoutMetadata).toEqual([...before.objectsWithoutMetadata, orphan].sort());
    expect(after.metadataWithoutObject).toEqual([...before.metadataWithoutObject, rowless].sort());
    expect(after.objects).toBe(before.objects + 2);
    expect(after.rows).toBe(before.rows + 2);
    expect((await h.call('GET', '/v1/reconciliation')).status).toBe(403);
  });

  it('the readiness check covers database, bus and store, and the OpenAPI document lists every route', async () => {
    const ready = await json(fetch(`${h.url}/readyz`));
    expect(ready).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', store: 'ok', bus: 'ok' },
    });
    // R-EV-3: readiness names the lock configuration it verified.
    expect(ready.notes.objectLock).toMatch(
      /COMPLIANCE; default 1 days; each version retained until 2106-01-01/,
    );
    const doc = await json(fetch(`${h.url}/v1/openapi.json`));
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/v1/evidence',
      '/v1/evidence/{id}',
      '/v1/evidence/{id}/archive',
      '/v1/evidence/{id}/content',
      '/v1/integrity-checks',
      '/v1/reconciliation',
    ]);
  });
});

describe('a store without Object Lock (R-EV-3)', () => {
  it('R-EV-3: is refused at start, unless explicitly run as a development store, which readiness then says', async () => {
    const { ObjectStore, NotWormError } = await import('../src/store/object-store.js');
    const { uniqueName } = await import('@jir/testing');
    const bucket = uniqueName('plain').replace(/[^a-z0-9-]/g, '');
    await h.admin.makeBucket(bucket, 'us-east-1');
    // The admin owns it; the service's key may use it in dev mode only.
    await h.admin.setBucketPolicy(
      bucket,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam:::user/${h.s3.serviceUser}`] },
            Action: ['s3:*'],
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          },
        ],
      }),
    );
    const opts = {
      endpoint: h.s3.endpoint,
      accessKey: h.s3.accessKey,
      secretKey: h.s3.secretKey,
      bucket,
      partSizeBytes: 8 * 1024 * 1024,
      retentionYears: 1,
      retainUntilMax: new Date('2106-01-01T00:00:00Z'),
    };
    await expect(new ObjectStore({ ...opts, mode: 'worm' }).ensureBucket()).rejects.toBeInstanceOf(
      NotWormError,
    );
    const dev = new ObjectStore({ ...opts, mode: 'dev-non-worm' });
    await dev.ensureBucket();
    expect(dev.worm).toBe(false);
    expect(h.store.worm).toBe(true);
  });

  it('R-EV-3: the periodic job checks every court’s evidence as the system, and records each check', async () => {
    const { EvidenceService } = await import('../src/evidence/evidence.service.js');
    // Evidence in two courts, made here whatever ran before.
    expect((await h.upload(recordId, PNG)).status).toBe(201);
    const otherCourt = await h.announceRecord({ court: 'JL-CC-KC', handler: 'judge-k' });
    expect((await h.upload(otherCourt, PNG, { as: { sub: 'judge-k', court: 'JL-CC-KC' } })).status).toBe(201);
    const service = new EvidenceService({
      db: h.db,
      store: h.store,
      clock: { now: () => new Date() },
      maxBytes: MAX_BYTES,
    });
    const report = await service.checkAllCourts();
    expect(report.map((r) => r.court).sort()).toEqual(['JL-CC-KC', 'JL-CC-NG']);
    const total = await h.db
      .selectFrom('evidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(report.reduce((n, r) => n + r.checked, 0)).toBe(Number(total.n));
    const byJob = await h.db
      .selectFrom('custody_events')
      .select('action')
      .where('actor', '=', 'system:integrity-job')
      .execute();
    expect(byJob.length).toBe(Number(total.n));
  });
});
