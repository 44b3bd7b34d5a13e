import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Request, RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  archiveBodySchema,
  evidenceIdParamsSchema,
  evidenceRecordQuerySchema,
  evidenceSchema,
  evidenceUploadHeadersSchema,
  evidenceWithCustodySchema,
  integrityCheckBodySchema,
  integrityReportSchema,
  reconciliationReportSchema,
} from '@jir/contracts';
import {
  actorOf,
  authorize,
  clientAddress,
  defineRoute,
  idempotency,
  jsonRoute,
  parseParams,
  parseQuery,
  problem,
  type KitTables,
  type Route,
} from '@jir/service-kit';
import type { AdmittedRecord, EvidenceService } from './evidence.service.js';
import { sendOpenedFile } from './send-opened-file.js';
import { readMultipartFile } from './multipart-upload.js';
import { IdleGuard, UploadStreamError, contentDisposition } from './upload-pipeline.js';
import { UploadSlots } from './upload-slots.js';

const idParams = evidenceIdParamsSchema;
const uploadQuery = evidenceRecordQuerySchema;
/** The archive body (in `@jir/contracts`), under the name the tests know. */
export const archiveBody = archiveBodySchema;
/** The integrity-check body (in `@jir/contracts`), under the name the tests know. */
export const integrityBody = integrityCheckBodySchema;
const tags = ['evidence'];

/** Path of the raw upload route: the JSON parser leaves its body alone. */
export const RAW_UPLOAD_PATHS = [/^\/v1\/evidence$/];

/** The client's SHA-256, from `Content-SHA256: <hex>` or `Digest: sha-256=<base64>`. */
function expectedSha256(req: Request): string | undefined {
  const hex = req.headers['content-sha256'];
  if (typeof hex === 'string') {
    if (!/^[0-9a-fA-F]{64}$/.test(hex))
      throw problem('bad-request', {
        message: { zh: 'Content-SHA256 应为 64 位十六进制', en: 'Content-SHA256 must be 64 hex digits' },
      });
    return hex.toLowerCase();
  }
  const digest = req.headers['digest'];
  const m = typeof digest === 'string' ? /sha-256=([A-Za-z0-9+/=]+)/i.exec(digest) : null;
  if (m) {
    const b = Buffer.from(m[1]!, 'base64');
    if (b.length !== 32)
      throw problem('bad-request', {
        message: { zh: 'Digest 中的 sha-256 无效', en: 'the sha-256 in Digest is not valid' },
      });
    return b.toString('hex');
  }
  return undefined;
}

/** The headers a download and its HEAD share: what the file is, its digest as ETag, ranges accepted. */
function describeFile(res: Response, f: { mediaType: string; fileName: string; sha256: string }): void {
  res.setHeader('Content-Type', f.mediaType);
  res.setHeader('Content-Disposition', contentDisposition(f.fileName));
  res.setHeader('ETag', `"${f.sha256}"`);
  res.setHeader('Accept-Ranges', 'bytes');
  // The stored type is sniffed from the content at upload; a browser must not guess another.
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** A raw upload's size: Content-Length is required, as the store needs a known length (R-EV-2). */
function rawLength(req: Request): number {
  const len = req.headers['content-length'];
  if (req.headers['transfer-encoding'] || !len || !/^\d+$/.test(len))
    throw problem({
      status: 411,
      code: 'length-required',
      message: { zh: '上传须带 Content-Length', en: 'an upload needs Content-Length' },
    });
  return Number(len);
}

/**
 * The request body behind an idle guard, armed now: a body that sends nothing
 * for `ms` fails the upload (408) instead of holding its connection, and its
 * slot, until the socket's own timeout minutes later.
 */
function idleGuarded(req: Request, res: Response, ms: number): IdleGuard {
  const guard = new IdleGuard(ms);
  // Whoever reads the body sees the error; this listener only keeps an unread one from ending the process.
  guard.on('error', () => undefined);
  res.once('close', () => guard.stop());
  // pipe, not pipeline: a guard that gives up must leave the request open for the answer.
  if (req.errored) guard.destroy(req.errored);
  else {
    req.on('error', (e) => guard.destroy(e));
    req.pipe(guard);
  }
  return guard;
}

function parseRange(h: string | undefined): { start: number; end: number } | null {
  if (!h) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m || (m[1] === '' && m[2] === '')) {
    throw problem({
      status: 416,
      code: 'range-not-satisfiable',
      message: { zh: '仅支持单个字节范围', en: 'only a single byte range is supported' },
    });
  }
  if (m[1] === '') {
    // Suffix range (the last N bytes), resolved by size; the last 0 bytes is no range at all (RFC 9110 14.1.2).
    if (Number(m[2]) === 0)
      throw problem({
        status: 416,
        code: 'range-not-satisfiable',
        message: { zh: '请求的范围为空', en: 'the requested range is empty' },
      });
    return { start: -Number(m[2]), end: Number.MAX_SAFE_INTEGER };
  }
  return { start: Number(m[1]), end: m[2] === '' ? Number.MAX_SAFE_INTEGER : Number(m[2]) };
}

/**
 * Every evidence-storage route: its contract and its handler, declared once.
 * Reading and storing evidence is decided per row in the service (R-AC-2);
 * reconciliation and integrity checks reveal no content and need only a right
 * over the store (R-EV-3).
 */
export function evidenceRoutes(deps: {
  service: EvidenceService;
  /** For Idempotency-Key: the kit's table of keys and answers. */
  db: Kysely<KitTables>;
  maxBytes: number;
  /** Milliseconds an upload body may send nothing, and a form may take to reach its file part. */
  idleTimeoutMs?: number;
}): Route[] {
  const { service: s } = deps;
  // As many slots as the service's part buffers were sized for; more uploads are answered 503 (R-NF-3).
  const uploads = new UploadSlots(s.buffers.uploadSlots);
  const idleMs = deps.idleTimeoutMs ?? 30_000;

  // Before the body is read or a slot taken: the record and the caller's right to store under
  // it (R-NF-3). A form that names its record only in a field is admitted once its fields are read.
  const admit: RequestHandler = async (req, res, next) => {
    const multipart = req.is('multipart/form-data');
    if (multipart && req.query['recordId'] === undefined) return next();
    const { recordId } = parseQuery(req, uploadQuery);
    if (!multipart) s.checkSize(rawLength(req));
    res.locals['record'] = await s.admitUpload(actorOf(res), recordId);
    next();
  };
  // Idempotency-Key on uploads: the key covers the record, name and size (what is known before the
  // body); the answer, committed with the row, carries the SHA-256 and size. A retry of an answered
  // key streams its bytes into a hash only (nothing to the store, no slot) and gets the first
  // answer if they are the same bytes, 409 if not. Refusals are not kept, so "record unknown,
  // retry shortly" can be retried under the same key.
  const idem = idempotency({
    db: deps.db,
    rememberRefusals: false,
    requestHash: (req) =>
      createHash('sha256')
        .update(
          [
            'POST /v1/evidence',
            String(req.query['recordId'] ?? ''),
            req.is('multipart/form-data')
              ? 'multipart'
              : `${String(req.headers['x-file-name'] ?? '')}\n${String(req.headers['content-length'] ?? '')}`,
          ].join('\n'),
        )
        .digest('hex'),
    confirmReplay: async (req, res, answer) => {
      const first = answer as { sha256?: string; size?: number };
      let body: Readable = idleGuarded(req, res, idleMs);
      if (req.is('multipart/form-data'))
        body = (await readMultipartFile(body, req.headers, deps.maxBytes, { fileWithinMs: idleMs })).stream;
      const h = createHash('sha256');
      let n = 0;
      try {
        for await (const c of body) {
          n += (c as Buffer).length;
          h.update(c as Buffer);
        }
      } catch (e) {
        throw e instanceof UploadStreamError && e.code === 'upload-idle'
          ? problem({
              status: 408,
              code: 'upload-idle',
              message: {
                zh: '上传停滞超时，未保存任何内容',
                en: 'the upload sent nothing for too long; nothing was stored',
              },
            })
          : problem({
              status: 400,
              code: 'upload-truncated',
              message: { zh: '上传中断，未保存任何内容', en: 'the upload was cut off; nothing was stored' },
            });
      }
      if (h.digest('hex') !== first.sha256 || n !== first.size)
        throw problem({
          status: 409,
          code: 'idempotency-content-differs',
          message: {
            zh: '同一幂等键此前上传的是另一文件，未保存',
            en: 'this Idempotency-Key was used to upload a different file; nothing was stored',
          },
        });
    },
  });

  return [
    defineRoute({
      spec: {
        method: 'post',
        path: '/v1/evidence',
        operationId: 'uploadEvidence',
        summary: '上传证据（原始字节，流式） / upload evidence as the raw body, streamed (R-EV-1, R-EV-2)',
        tags,
        query: uploadQuery,
        headers: evidenceUploadHeadersSchema,
        bodyContentTypes: ['application/octet-stream', 'multipart/form-data', '*/*'],
        responses: { 201: { description: 'stored', schema: evidenceSchema } },
      },
      use: [admit, idem],
      handler: async (req, res) => {
        let aborted = false;
        req.once('aborted', () => (aborted = true));
        req.once('close', () => {
          if (!req.complete) aborted = true;
        });
        // The idle timer runs from here, over the whole body (a form's fields included).
        const body = idleGuarded(req, res, idleMs);
        // An upload waiting for a part buffer (all are out) stops waiting when its client goes
        // or its body fails, rather than hold its place until a buffer frees.
        const ended = new AbortController();
        res.once('close', () =>
          ended.abort(new UploadStreamError('upload-truncated', 'the client went away')),
        );
        body.once('error', (e) => ended.abort(e));
        // The status the idempotent answer is stored with, committed with the effect.
        res.status(201);
        if (req.is('multipart/form-data')) {
          const f = await readMultipartFile(body, req.headers, deps.maxBytes, { fileWithinMs: idleMs }).catch(
            (e: unknown) => {
              // A form too slow to reach its file: answer and close rather than drain it.
              if ((e as { status?: number }).status === 408) res.setHeader('Connection', 'close');
              throw e;
            },
          );
          let record = res.locals['record'] as AdmittedRecord | undefined;
          try {
            if (!record) {
              const checked = uploadQuery.safeParse({ recordId: f.recordId });
              if (!checked.success)
                throw problem('validation-failed', {
                  errors: [
                    {
                      path: 'recordId',
                      code: 'invalid_format',
                      message: { zh: '记录编号应为 UUID', en: 'recordId is a UUID' },
                    },
                  ],
                });
              record = await s.admitUpload(actorOf(res), checked.data.recordId);
            }
            if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(f.sha256))
              throw problem('bad-request', {
                message: { zh: 'sha256 应为 64 位十六进制', en: 'sha256 must be 64 hex digits' },
              });
            s.checkSize(f.size);
            uploads.take(res);
          } catch (e) {
            f.stream.resume();
            throw e;
          }
          const stored = await s.upload(actorOf(res), record, {
            size: f.size,
            fileName: f.fileName,
            expectedSha256: f.sha256,
            body: f.stream,
            aborted: () => aborted,
            bodyFailed: f.failed,
            signal: ended.signal,
          });
          res.status(201).json(stored);
          return;
        }
        const expected = expectedSha256(req);
        uploads.take(res);
        const name = req.headers['x-file-name'];
        const stored = await s.upload(actorOf(res), res.locals['record'] as AdmittedRecord, {
          size: rawLength(req),
          fileName: typeof name === 'string' ? name : undefined,
          expectedSha256: expected,
          body,
          aborted: () => aborted,
          signal: ended.signal,
        });
        res.status(201).json(stored);
      },
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/evidence',
        operationId: 'listEvidence',
        summary: '记录的证据 / evidence of a record',
        tags,
        query: uploadQuery,
        responses: { 200: { description: 'evidence', schema: z.array(evidenceSchema) } },
      },
      answer: ({ actor, query }) => s.list(actor, query.recordId),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/evidence/:id',
        operationId: 'getEvidence',
        summary: '证据元数据及保管链 / metadata with chain of custody (R-EV-5)',
        tags,
        params: idParams,
        responses: { 200: { description: 'evidence', schema: evidenceWithCustodySchema } },
      },
      answer: ({ actor, params }) => s.get(actor, params.id),
    }),
    defineRoute({
      spec: {
        method: 'get',
        path: '/v1/evidence/:id/content',
        operationId: 'downloadEvidence',
        summary: '下载原始文件（支持 Range） / download the original bytes (Range supported)',
        tags,
        params: idParams,
        responses: {
          200: { description: 'the bytes', contentType: 'application/octet-stream' },
          206: { description: 'a range', contentType: 'application/octet-stream' },
        },
      },
      handler: async (req, res) => {
        const id = parseParams(req, idParams).id;
        if (req.method === 'HEAD') {
          // Express answers HEAD with the GET route: headers only, no bytes, so no custody entry.
          const m = await s.head(actorOf(res), id);
          describeFile(res, m);
          res.setHeader('Content-Length', String(m.size));
          res.end();
          return;
        }
        let range = parseRange(req.headers.range);
        if (range && range.start < 0) {
          // Suffix range: the last N bytes, which needs the size.
          const meta = await s.get(actorOf(res), id);
          range = { start: Math.max(0, meta.size + range.start), end: meta.size - 1 };
        }
        const f = await s.open(actorOf(res), id, range, clientAddress(req));
        describeFile(res, f);
        if (f.range) {
          res.status(206).setHeader('Content-Range', `bytes ${f.range.start}-${f.range.end}/${f.size}`);
          res.setHeader('Content-Length', String(f.range.end - f.range.start + 1));
        } else res.setHeader('Content-Length', String(f.size));
        sendOpenedFile(res, f);
      },
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/evidence/:id/archive',
        operationId: 'archiveEvidence',
        summary: '归档：书面材料入副卷，其他注明去向 / archive (R-EV-4)',
        tags,
        params: idParams,
        body: archiveBody,
        responses: { 200: { description: 'archived', schema: evidenceWithCustodySchema } },
      },
      answer: ({ actor, params, body }) => s.archive(actor, params.id, body),
    }),
    jsonRoute({
      spec: {
        method: 'get',
        path: '/v1/reconciliation',
        operationId: 'reconcileEvidenceStore',
        summary:
          '对账：无元数据的对象与无对象的元数据 / objects without rows and rows without objects, nothing deleted (R-EV-3)',
        tags: ['reconciliation'],
        responses: { 200: { description: 'report', schema: reconciliationReportSchema } },
      },
      authorize: authorize('viewing', 'store-integrity'),
      answer: ({ actor }) => s.reconcile(actor),
    }),
    jsonRoute({
      spec: {
        method: 'post',
        path: '/v1/integrity-checks',
        operationId: 'checkEvidenceIntegrity',
        summary: '完整性校验 / re-read objects and recompute digests (R-EV-3)',
        tags: ['reconciliation'],
        body: integrityBody,
        responses: { 200: { description: 'report', schema: integrityReportSchema } },
      },
      // Checking digests reveals no content: trial management and IT may run it (Art 14).
      authorize: authorize('processing', 'store-integrity'),
      answer: ({ actor, body }) => s.checkIntegrity(actor, body),
    }),
  ];
}
