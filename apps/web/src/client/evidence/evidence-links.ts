import { offlineProblem, problemFrom } from '../api/problem.js';

/** Whether the page can show a file itself: images and PDFs (the server agrees, previewHeaders). */
export function previewable(mediaType: string): 'image' | 'pdf' | null {
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(mediaType)) return 'image';
  if (mediaType === 'application/pdf') return 'pdf';
  return null;
}

/**
 * A one-minute link to an evidence file's content, from the web server's download tickets: the
 * browser then fetches it itself (download manager, <img>, the PDF viewer), streaming from the
 * service to disk or screen without the page holding the bytes (R-EV-2).
 */
export async function evidenceLink(token: string, id: string, inline = false): Promise<string> {
  let r: Response;
  try {
    r = await fetch(`/auth/download-tickets${inline ? '?inline=1' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: `/api/evidence/v1/evidence/${id}/content` }),
    });
  } catch {
    throw offlineProblem();
  }
  if (!r.ok) throw await problemFrom(r);
  return ((await r.json()) as { url: string }).url;
}

/**
 * Downloads through a plain link: the browser's own download, with its progress, of any size.
 * A refusal (no right, file unknown) is asked of the service first with HEAD, which reads no
 * content and leaves no custody entry, so it shows on the page instead of as a broken download.
 */
export async function downloadEvidence(token: string, e: { id: string; fileName: string }): Promise<void> {
  let head: Response;
  try {
    head = await fetch(`/api/evidence/v1/evidence/${e.id}/content`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    throw offlineProblem();
  }
  if (!head.ok) {
    // HEAD has no body: ask again with GET of the metadata for the service's own message.
    const meta = await fetch(`/api/evidence/v1/evidence/${e.id}`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => null);
    throw meta && !meta.ok ? await problemFrom(meta) : await problemFrom(head);
  }
  const a = document.createElement('a');
  a.href = await evidenceLink(token, e.id);
  a.download = e.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
