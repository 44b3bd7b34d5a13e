import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { sendProblem } from './problem-response.js';

/** The services behind /api/<name>/…, by the name the browser uses. */
export interface ServiceUrls {
  intake: string;
  evidence: string;
  deadlines: string;
  reporting: string;
}

/**
 * Routes /api/<service>/… to the service, the prefix removed, bodies streamed both ways:
 * evidence uploads of several GB pass through without being held in memory (R-EV-2).
 * The connecting address goes on in X-Forwarded-For, which services believe only from
 * their TRUSTED_PROXIES. A service that does not answer gets a problem+json 502 in both
 * languages, so the browser shows "unavailable" rather than a broken page.
 */
export function apiProxy(
  name: keyof ServiceUrls,
  target: string,
  /** Adjusts a service's answer headers before they are sent (evidence previews). */
  onHeaders?: (
    headers: Record<string, string | string[] | undefined>,
    res: { locals: Record<string, unknown> },
  ) => void,
): RequestHandler {
  return createProxyMiddleware({
    target,
    changeOrigin: false,
    xfwd: true,
    // Large uploads and long downloads: no proxy timeout of our own; the services time out idle bodies.
    proxyTimeout: 0,
    on: {
      ...(onHeaders
        ? {
            proxyRes: (proxyRes, _req, res) => {
              onHeaders(proxyRes.headers, res as unknown as { locals: Record<string, unknown> });
            },
          }
        : {}),
      error: (_err, _req, res) => {
        // For a plain HTTP request res is a ServerResponse; upgrade sockets are not proxied here.
        if (!('status' in res) || res.headersSent) {
          res.end();
          return;
        }
        sendProblem(res, 502, 'service-unavailable', {
          zh: `${SERVICE_NAMES_ZH[name]}暂时无法访问，请稍后重试`,
          en: `the ${name} service is not reachable; retry later`,
        });
      },
    },
  }) as RequestHandler;
}

const SERVICE_NAMES_ZH: Record<keyof ServiceUrls, string> = {
  intake: '记录服务',
  evidence: '证据存储服务',
  deadlines: '期限监控服务',
  reporting: '报告服务',
};
