import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { apiProxy, type ServiceUrls } from './api-proxy.js';
import { devSignInRouter, type DevTokenMinter } from './dev-sign-in.js';
import { downloadTickets, previewHeaders } from './download-tickets.js';
import { sendProblem } from './problem-response.js';

/** How the browser signs in: told to it by GET /auth/config. */
export type SignInMode =
  { mode: 'dev' } | { mode: 'oidc'; authority: string; clientId: string; scope: string };

export interface WebAppDeps {
  services: ServiceUrls;
  signIn: SignInMode;
  /** Present exactly when signIn.mode is 'dev'. */
  mintDevToken?: DevTokenMinter;
  /** The built browser files (index.html and assets). */
  staticDir: string;
}

/**
 * The web server: the built browser application, the sign-in configuration, and the
 * services under /api/<service>/ on the same origin, so the browser talks to one address.
 */
export function createApp(deps: WebAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  const tickets = downloadTickets();
  // Evidence downloads and previews by plain link: a ticket stands for the token (R-EV-2).
  app.use('/api/evidence', tickets.redeem);
  for (const name of Object.keys(deps.services) as (keyof ServiceUrls)[])
    app.use(
      `/api/${name}`,
      apiProxy(
        name,
        deps.services[name],
        name === 'evidence' ? (h, res) => res.locals['inlinePreview'] && previewHeaders(h) : undefined,
      ),
    );
  app.use('/api', (_req, res) =>
    sendProblem(res, 404, 'route-not-found', { zh: '请求的地址不存在', en: 'no such route' }),
  );

  app.get('/auth/config', (_req, res) => {
    res.json(deps.signIn);
  });
  app.use('/auth/download-tickets', tickets.issue);
  if (deps.signIn.mode === 'dev' && deps.mintDevToken)
    app.use('/auth/dev', devSignInRouter(deps.mintDevToken));
  app.use('/auth', (_req, res) =>
    sendProblem(res, 404, 'route-not-found', { zh: '请求的地址不存在', en: 'no such route' }),
  );

  // The same probes as the services, so `npm start` waits for the web server like any other.
  app.get(['/healthz', '/readyz'], (_req, res) => {
    res.json({ ok: true });
  });

  // Hashed assets never change; index.html always revalidates so a new build is picked up.
  app.use(
    '/assets',
    express.static(join(deps.staticDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.use(express.static(deps.staticDir, { index: false }));
  const index = join(deps.staticDir, 'index.html');
  // Client-side routes (/records/…, /help…) all load the application.
  app.get('/{*path}', (_req, res) => {
    if (!existsSync(index)) {
      sendProblem(res, 503, 'web-not-built', {
        zh: '网页尚未构建：请先运行 npm run build -w @jir/web',
        en: 'the web application is not built: run npm run build -w @jir/web',
      });
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return app;
}
