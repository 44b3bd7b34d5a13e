import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { problem, type ProblemError } from '@jir/service-kit';
import { UploadStreamError } from './upload-pipeline.js';

export interface MultipartFile {
  recordId: string | undefined;
  size: number;
  sha256: string | undefined;
  fileName: string;
  stream: Readable;
  /** True once the file part failed (a form cut off before its closing boundary, say). */
  failed: () => boolean;
}

/** The refusal of a form busboy cannot read, whether it says so at the start or midway. */
const malformedForm = () =>
  problem({
    status: 400,
    code: 'malformed-multipart',
    message: { zh: '表单格式有误', en: 'malformed multipart form' },
  });

/**
 * Browser uploads (multipart/form-data), streamed like raw ones: the form
 * sends `size` (and optionally `recordId`, `sha256`) before the `file` part,
 * because the store needs the size before the first byte to keep memory flat.
 * Resolves as soon as the file part starts; its bytes flow on from there.
 * The file part must start within `fileWithinMs`: the fields before it are
 * small, so a form that dribbles them is refused (408) rather than held.
 */
export function readMultipartFile(
  source: Readable,
  headers: IncomingHttpHeaders,
  maxBytes: number,
  opts: { fileWithinMs: number },
): Promise<MultipartFile> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers,
        limits: { files: 1, fields: 10, fieldSize: 1024, fileSize: maxBytes + 1 },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(malformedForm());
      return;
    }
    const fields: Record<string, string> = {};
    let settled = false;
    let file: Readable | undefined;
    const fail = (e: ProblemError) => {
      clearTimeout(tooSlow);
      if (settled) return;
      settled = true;
      source.unpipe(bb);
      source.resume();
      reject(e);
    };
    const slow = (why: string) =>
      problem({
        status: 408,
        code: 'upload-idle',
        message: {
          zh: `上传表单过慢（${why}），未保存任何内容`,
          en: `the form was too slow (${why}); nothing was stored`,
        },
      });
    const tooSlow = setTimeout(
      () => fail(slow('文件部分未按时开始 / its file part did not start in time')),
      opts.fileWithinMs,
    );
    tooSlow.unref();
    // The source is the request behind its idle guard: its failure reaches whoever waits.
    source.on('error', (e) => {
      if (!settled)
        fail(
          e instanceof UploadStreamError && e.code === 'upload-idle'
            ? slow('无数据 / no bytes')
            : malformedForm(),
        );
      else if (file && !file.readableEnded) file.destroy(e);
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return fail(
          problem({
            status: 422,
            code: 'unexpected-part',
            message: { zh: '表单中文件字段应名为 file', en: 'the file part must be named "file"' },
          }),
        );
      }
      const size = Number(fields['size']);
      if (!fields['size'] || !Number.isSafeInteger(size) || size < 0) {
        stream.resume();
        return fail(
          problem({
            status: 411,
            code: 'length-required',
            message: { zh: '表单须在文件之前提供 size 字段', en: 'send a "size" field before the file part' },
          }),
        );
      }
      settled = true;
      clearTimeout(tooSlow);
      file = stream;
      // Listen before anyone else can: a file stream that errors with no listener (the
      // service refused the upload before reading it) would end the process.
      let failed = false;
      stream.on('error', () => (failed = true));
      // A form that ends early fails busboy itself, not always the file part: pass it on,
      // so whoever reads the file sees the error instead of waiting for bytes that never come.
      bb.on('error', (e: Error) => {
        if (!stream.readableEnded) stream.destroy(e);
      });
      resolve({
        failed: () => failed,
        recordId: fields['recordId'],
        size,
        sha256: fields['sha256']?.toLowerCase(),
        fileName: info.filename ?? 'evidence',
        stream,
      });
    });
    bb.on('error', () => fail(malformedForm()));
    bb.on('close', () =>
      fail(
        problem({
          status: 422,
          code: 'file-missing',
          message: { zh: '表单中没有文件', en: 'the form has no file part' },
        }),
      ),
    );
    source.pipe(bb);
  });
}
