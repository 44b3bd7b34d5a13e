import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface HttpServerHandle {
  server: Server;
  port: number;
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish (their
   * transactions may already have committed: the client must get its
   * answer), closes idle keep-alive connections, and after `graceMs` cuts
   * whatever is left.
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens and resolves once the port is bound. */
export async function startHttpServer(
  app: Express,
  opts: { port: number; host: string; headersTimeoutMs?: number },
): Promise<HttpServerHandle> {
  const server = app.listen(opts.port, opts.host);
  // A client that never finishes its headers is cut off (Node's default is a minute).
  server.headersTimeout = opts.headersTimeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${opts.host}:${port}`,
    close: (graceMs = 5_000) =>
      (closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // A request that arrives on a kept-alive connection while closing is told to close it.
        // Prepended, so it runs before the app's own listener: a route that answers at once
        // has sent its headers by the time a later listener runs, and setting one then throws
        // outside any handler, which would end the process with other answers still in flight.
        server.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      })),
  };
}
