import { ApiProblem, offlineProblem } from './problem.js';
import type { Evidence } from './types.js';

/** A running upload: its result, and a way to cancel it (R-EV-2). */
export interface UploadHandle {
  done: Promise<Evidence>;
  cancel(): void;
}

/** How long an upload keeps retrying an answer that says "retry shortly" before showing it. */
const RETRY_FOR_MS = 60_000;

/** The seconds a refusal asks the client to wait before the same request (retryAfterSeconds), if any. */
function retryAfter(e: unknown): number | undefined {
  if (!(e instanceof ApiProblem)) return undefined;
  const s = (e.problem as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : undefined;
}

const cancelled = () =>
  new ApiProblem({
    type: 'urn:jir:problem:cancelled',
    title: 'cancelled',
    status: 0,
    code: 'cancelled',
    message: { zh: '已取消上传，未保存任何内容', en: 'upload cancelled; nothing was stored' },
  });

/**
 * Uploads one file as the raw request body, streamed by the browser from disk (a file of
 * several GB is never read into memory), reporting progress. XMLHttpRequest, because fetch
 * reports no upload progress. A cancelled upload stores nothing: the service sees the body
 * end short of its Content-Length.
 *
 * An answer that says when to retry (the evidence service has not yet heard of a record saved a
 * moment ago: 409 record-unknown; all upload slots busy: 503) is retried after that many seconds
 * with the same Idempotency-Key, for up to a minute, as the user would otherwise have to. The
 * record reaches the evidence service over the bus, and on a busy system that takes more than the
 * few seconds the service itself waits.
 */
export function uploadEvidence(
  token: string,
  recordId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): UploadHandle {
  // getRandomValues, not randomUUID: the latter exists only on https or localhost pages.
  const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  let xhr: XMLHttpRequest | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const attempt = () =>
    new Promise<Evidence>((resolve, reject) => {
      const x = new XMLHttpRequest();
      xhr = x;
      x.open('POST', `/api/evidence/v1/evidence?recordId=${encodeURIComponent(recordId)}`);
      x.setRequestHeader('authorization', `Bearer ${token}`);
      x.setRequestHeader('content-type', 'application/octet-stream');
      x.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      x.setRequestHeader('idempotency-key', key);
      x.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      x.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(x.responseText);
        } catch {
          body = null;
        }
        if (x.status === 201) resolve(body as Evidence);
        else if (body && typeof body === 'object' && 'code' in body)
          reject(new ApiProblem(body as ApiProblem['problem']));
        else
          reject(
            new ApiProblem({
              type: 'urn:jir:problem:unexpected',
              title: 'upload failed',
              status: x.status,
              code: 'unexpected',
              message: { zh: `上传失败（${x.status}）`, en: `upload failed (${x.status})` },
            }),
          );
      };
      x.onerror = () => reject(offlineProblem());
      x.onabort = () => reject(cancelled());
      x.send(file);
    });
  const done = (async () => {
    const until = Date.now() + RETRY_FOR_MS;
    for (;;) {
      try {
        return await attempt();
      } catch (e) {
        const wait = retryAfter(e);
        if (stopped || wait === undefined || Date.now() + wait * 1000 > until) throw e;
        onProgress(0, file.size);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, wait * 1000);
        });
        if (stopped) throw cancelled();
      }
    }
  })();
  return {
    done,
    cancel: () => {
      stopped = true;
      xhr?.abort();
      wake?.();
    },
  };
}
