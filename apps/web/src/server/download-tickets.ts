import { randomBytes } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { sendProblem } from './problem-response.js';

/** How long a ticket opens its file: long enough for the browser to start the download. */
export const TICKET_TTL_MS = 60_000;

/** Only evidence content is ever opened by a ticket; the id is the service's UUID. */
const CONTENT_PATH = /^\/api\/evidence\/v1\/evidence\/[0-9a-f-]{36}\/content$/;

/** Media types shown inside the page (preview); anything else is always an attachment. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp|bmp)|application\/pdf)$/;

interface Ticket {
  authorization: string;
  path: string;
  expiresAt: number;
}

const bodySchema = z.object({ path: z.string().regex(CONTENT_PATH) }).strict();

/**
 * Short-lived download tickets, so the browser itself downloads (and previews) evidence with a
 * plain link: a several-GB video goes from the service through this server to the disk as a
 * stream, never into the page's memory (R-EV-2). The page asks for a ticket with its bearer
 * token (POST /auth/download-tickets {path}); the ticket is random, bound to that one file's
 * address and valid for {@link TICKET_TTL_MS}, and stands for the token only on this server,
 * which puts the Authorization header back before the request goes on: the service still checks
 * the caller's rights and logs the read under their name (R-AC-3), and the token never appears
 * in a URL, a log or the browser's history. Within its minute the ticket may be used again for
 * the same file, since download managers and the PDF viewer fetch ranges. Tickets live in this
 * process: behind several web servers, route /auth and /api to the same one (sticky sessions).
 */
export function downloadTickets(now: () => number = Date.now) {
  const tickets = new Map<string, Ticket>();
  const sweep = () => {
    const t = now();
    for (const [k, v] of tickets) if (v.expiresAt <= t) tickets.delete(k);
  };

  /** POST /auth/download-tickets: a ticket for one evidence file, for the bearer of the token. */
  const issue: Router = express.Router();
  issue.post('/', express.json({ limit: '4kb' }), (req, res) => {
    const authorization = req.headers.authorization;
    if (!authorization?.startsWith('Bearer ')) {
      sendProblem(res, 401, 'unauthenticated', { zh: '请先登录', en: 'sign in first' });
      return;
    }
    const parsed = bodySchema.safeParse(req.body);
    if (!parsed.success) {
      sendProblem(res, 422, 'validation-failed', {
        zh: '只能为证据文件的下载地址签发下载凭证',
        en: 'tickets are issued only for an evidence file’s content address',
      });
      return;
    }
    sweep();
    const ticket = randomBytes(32).toString('base64url');
    tickets.set(ticket, { authorization, path: parsed.data.path, expiresAt: now() + TICKET_TTL_MS });
    const inline = req.query['inline'] === '1' ? '&inline=1' : '';
    res
      .status(201)
      .json({ url: `${parsed.data.path}?ticket=${ticket}${inline}`, expiresInMs: TICKET_TTL_MS });
  });

  /**
   * Before the evidence proxy: a request with ?ticket= gets the ticket's Authorization header, or
   * a problem if the ticket is unknown, spent or for another file. Requests without one pass.
   */
  const redeem: RequestHandler = (req, res, next) => {
    const url = new URL(req.originalUrl, 'http://web');
    const ticket = url.searchParams.get('ticket');
    if (ticket === null) return next();
    const t = tickets.get(ticket);
    if (!t || t.expiresAt <= now() || t.path !== url.pathname || req.method !== 'GET') {
      sendProblem(res, 401, 'download-ticket-invalid', {
        zh: '下载链接已失效（有效期一分钟），请回到页面重新点击下载',
        en: 'the download link has expired (valid for a minute); click download again',
      });
      return;
    }
    req.headers.authorization = t.authorization;
    const inline = url.searchParams.get('inline') === '1';
    url.searchParams.delete('ticket');
    url.searchParams.delete('inline');
    // The proxy forwards req.url (relative to its mount); the ticket stays on this server.
    req.url = req.url.split('?')[0]!;
    if (inline) res.locals['inlinePreview'] = true;
    next();
  };

  return { issue, redeem };
}

/**
 * For a preview, the service's `attachment` becomes `inline` for images and PDFs only, and the
 * bytes are sandboxed: an uploaded file can never run script in this origin.
 */
export function previewHeaders(headers: Record<string, string | string[] | undefined>): void {
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (!INLINE_TYPES.test(type)) return;
  const d = headers['content-disposition'];
  if (typeof d === 'string') headers['content-disposition'] = d.replace(/^attachment/, 'inline');
  // An image opened on its own runs nothing; the PDF viewer is Chromium's own isolated one.
  if (type.startsWith('image/')) headers['content-security-policy'] = "default-src 'none'; sandbox";
}
