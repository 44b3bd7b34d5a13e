import { ApiProblem, offlineProblem } from './problem.js';
import type { Evidence } from './types.js';

/** A running upload: its result, and a way to cancel it (R-EV-2). */
export interface UploadHandle {
  done: Promise<Evidence>;
  cancel(): void;
}

/**
 * Uploads one file as the raw request body, streamed by the browser from disk (a file of
 * several GB is never read into memory), reporting progress. XMLHttpRequest, because fetch
 * reports no upload progress. A cancelled upload stores nothing: the service sees the body
 * end short of its Content-Length.
 */
export function uploadEvidence(
  token: string,
  recordId: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Evidence>((resolve, reject) => {
    xhr.open('POST', `/api/evidence/v1/evidence?recordId=${encodeURIComponent(recordId)}`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201) resolve(body as Evidence);
      else if (body && typeof body === 'object' && 'code' in body)
        reject(new ApiProblem(body as ApiProblem['problem']));
      else
        reject(
          new ApiProblem({
            type: 'urn:jir:problem:unexpected',
            title: 'upload failed',
            status: xhr.status,
            code: 'unexpected',
            message: { zh: `上传失败（${xhr.status}）`, en: `upload failed (${xhr.status})` },
          }),
        );
    };
    xhr.onerror = () => reject(offlineProblem());
    xhr.onabort = () =>
      reject(
        new ApiProblem({
          type: 'urn:jir:problem:cancelled',
          title: 'cancelled',
          status: 0,
          code: 'cancelled',
          message: { zh: '已取消上传，未保存任何内容', en: 'upload cancelled; nothing was stored' },
        }),
      );
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}
