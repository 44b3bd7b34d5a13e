import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startSystem, type SystemHandle } from '../../../../test/system/services.js';
import { createApp } from '../../src/server/app.js';

/** What every browser test file of a run shares: the four services and the web server in front. */
export interface SharedWebSystem {
  system: SystemHandle;
  web: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    webSystem: SharedWebSystem;
  }
}

const STATIC = fileURLToPath(new URL('../../dist/client/', import.meta.url));

/**
 * Starts the system once per run of the browser tests instead of once per file: four services
 * with their databases and the web server take most of a file's time on a busy machine, and
 * nothing in them belongs to one file (every file makes records with case numbers of its own).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sys = await startSystem();
  const app = createApp({
    services: sys.urls,
    signIn: { mode: 'dev' },
    // Minting with the system's own test key, as dev mode does with the local development key.
    mintDevToken: (claims) => sys.token(claims),
    staticDir: STATIC,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const web = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  project.provide('webSystem', { system: sys.handle(), web });
  return async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await sys.stop();
  };
}
